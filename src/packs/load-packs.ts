import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathAsItIs, quoteForShell, SuperviseError, ValidationError, type DisplayPath, type Problem } from '../errors.js';
import { describeFsReason } from '../io/fs-reasons.js';
import { locateInvalidUtf8 } from '../io/read-input.js';
import { locateProblems, parseYamlSource } from '../io/yaml-source.js';
import { checkManifest } from './check-manifest.js';
import { isPlainObject } from './object-paths.js';
import { packNameSchema, type Pack } from './pack-format.js';
import { suggest } from './validate-answers.js';
import { formatCount } from '../format-count.js';

/** The packs that ship with supervise (`templates/` at the package root). */
export const builtInTemplatesDir = fileURLToPath(new URL('../../templates', import.meta.url));

export const partialSuffix = '.md.hbs';
const sharedPartialsFolder = 'partials';

export interface TemplatesDirectory {
  dir: string;
  packs: Pack[];
  /** The shared clauses in `partials/`, as every pack got them (check parses them even where every pack overrides them). */
  sharedPartials: ReadonlyMap<string, { path: string; source: string }>;
  /** Problems of packs that could not be loaded; those packs are left out of `packs`. */
  problems: Problem[];
  /** The folders of those packs, so a count of packs still counts them. */
  unloaded: string[];
  /** The name each of those packs gives itself in its template.yaml, by folder, when that much could be read. */
  unloadedNames: ReadonlyMap<string, string>;
}

/**
 * Loads every pack in a templates folder: each sub-folder with a
 * `template.yaml`, plus the shared clauses in `partials/`. A broken pack, or
 * a folder that looks like one but has no template.yaml, is reported, not
 * thrown, so `check` can list every problem at once. `display` names the
 * folder in the errors thrown; the paths returned stay absolute.
 */
export async function loadTemplatesDirectory(dirInput: string, display: DisplayPath = pathAsItIs): Promise<TemplatesDirectory> {
  const dir = resolve(dirInput);
  const entries = await readdir(dir, { withFileTypes: true }).catch(async (error: NodeJS.ErrnoException) => {
    throw new SuperviseError(`Cannot read the templates folder ${display(dir)}: ${await describeFolderError(error, dir)}`, {
      hint: 'Pass a folder made with `supervise init`, or leave out --templates to use the built-in ones.',
      cause: error,
    });
  });
  const { partials: shared, problems } = await readPartials(join(dir, sharedPartialsFolder), dir, 'the shared clauses must be inside the templates folder');
  // Shared clauses that could not be read would make every include of them "does not exist" in every pack:
  // that one problem is the one to fix first, so the packs wait for it.
  const sharedUnread = problems.length > 0;
  const packs: Pack[] = [];
  const unloaded: string[] = [];
  const unloadedNames = new Map<string, string>();
  for (const entry of entries.sort((a, b) => compareFolderNames(a.name, b.name))) {
    const packDir = join(dir, entry.name);
    const loaded = await loadFolderEntry(entry, packDir, shared, sharedUnread);
    if (loaded === undefined) continue;
    if (loaded.pack) packs.push(loaded.pack);
    else unloaded.push(packDir);
    if (loaded.name !== undefined) unloadedNames.set(packDir, loaded.name);
    problems.push(...loaded.problems);
  }
  problems.push(...findNameTwins(dir, packs));
  if (packs.length === 0 && problems.length === 0) await refuseFolderWithoutPacks(dir, display);
  return { dir, packs, sharedPartials: shared, problems, unloaded, unloadedNames };
}

type SharedPartials = TemplatesDirectory['sharedPartials'];

/** One entry of a templates folder: its pack if it loads, else why not (and its name, when that much was read). */
interface LoadedEntry {
  pack?: Pack;
  problems: Problem[];
  name?: string;
}

/**
 * Loads one entry of a templates folder as a pack, or says why it is not
 * one; undefined for an entry that holds nothing of a pack (a file, `.git`,
 * the shared partials). While the shared clauses are unread, a pack is
 * counted but not loaded.
 */
async function loadFolderEntry(entry: Dirent, packDir: string, shared: SharedPartials, sharedUnread: boolean): Promise<LoadedEntry | undefined> {
  if (entry.isSymbolicLink() && (await isFile(join(packDir, 'template.yaml')))) {
    // Passed over as a file, a linked pack would leave `check` green and the pack gone; followed, a pack would
    // be vouched for that is not in the folder, and would not be in a copy of it.
    const target = await realpath(packDir).catch(() => packDir);
    return {
      problems: [{
        path: '',
        location: { file: packDir },
        message: `${entry.name}/ is a symbolic link (to ${target}), which is not followed, so it is not loaded as a pack; a pack must be a folder inside the templates folder: copy the pack's folder here in place of the link`,
      }],
    };
  }
  if (!entry.isDirectory() || entry.name === sharedPartialsFolder) return undefined;
  const manifestPath = join(packDir, 'template.yaml');
  // A pack folder the user may not open would otherwise look empty and be passed over: check green, the pack gone.
  const refused = await stat(manifestPath).then(
    () => undefined,
    (error: NodeJS.ErrnoException) => (error.code === 'EACCES' || error.code === 'EPERM' ? error : undefined),
  );
  if (refused) {
    return {
      problems: [{
        path: '',
        location: { file: packDir },
        message: `${entry.name}/ cannot be opened (permission denied), so it is not loaded as a pack; make it readable, or move it out of the templates folder`,
      }],
    };
  }
  if (!(await isFile(manifestPath))) {
    // Passed over in silence, a pack whose template.yaml is misnamed or missing would leave `check` green.
    const problem = await describeFolderWithoutManifest(packDir);
    return problem ? { problems: [problem] } : undefined;
  }
  if (sharedUnread) return { problems: [] };
  return loadPack(packDir, shared);
}

/** A templates folder with no pack in it and nothing wrong to report: most likely the folder of one pack, given in place of the folder holding it. */
async function refuseFolderWithoutPacks(dir: string, display: DisplayPath): Promise<never> {
  if (await isFile(join(dir, 'template.yaml'))) {
    throw new SuperviseError(`${display(dir)} is a template pack itself, not a folder of packs`, {
      hint: `Give the folder that holds it: --templates ${quoteForShell(display(dirname(dir)))}`,
    });
  }
  throw new SuperviseError(`No template packs found in ${display(dir)}`, {
    hint: 'A pack is a folder holding a template.yaml; `supervise init` makes a folder of them to start from.',
  });
}

/**
 * A pack whose name another pack already has: the usual slip after copying a
 * pack's folder to start a new one. Every command names a template by its
 * name, so one of the two could never be used, and which one `new` took
 * would depend on the folders' names. The pack in the folder of that name
 * (the original, `one-to-one/`) keeps it, whatever the copy's folder is
 * called, and the copy is told to take a name of its own; with no such
 * folder, the first in folder order keeps it.
 */
function findNameTwins(dir: string, packs: readonly Pack[]): Problem[] {
  const problems: Problem[] = [];
  const owners = new Map<string, Pack>();
  for (const pack of packs) {
    const owner = owners.get(pack.manifest.name);
    if (!owner || (basename(pack.dir) === pack.manifest.name && basename(owner.dir) !== pack.manifest.name)) owners.set(pack.manifest.name, pack);
  }
  for (const pack of packs) {
    const owner = owners.get(pack.manifest.name)!;
    if (owner === pack) continue;
    // Parsed again, from the text loaded, only here: the loader keeps no YAML positions for a sound pack.
    const source = parseYamlSource(pack.manifestText, join(pack.dir, 'template.yaml'));
    const folder = basename(pack.dir);
    const ownName = packNameSchema.safeParse(folder).success && !owners.has(folder) ? ` (its folder's, "${folder}", say)` : '';
    problems.push({
      path: 'name',
      location: source.locate(['name']),
      message: `"${pack.manifest.name}" is also the name of the pack in ${relative(dir, owner.dir)}/; each pack needs its own name${ownName}`,
    });
  }
  return problems;
}

/**
 * The problem of a folder beside the packs that looks like one (it holds
 * Handlebars files, an example.yaml or a misnamed template.yaml) but has no
 * template.yaml; undefined for one that holds nothing of a pack, such as
 * `.git` or a folder of notes.
 */
async function describeFolderWithoutManifest(packDir: string): Promise<Problem | undefined> {
  const entries = await readdir(packDir, { withFileTypes: true }).catch(() => []);
  const folder = `${basename(packDir)}/`;
  if (entries.some((entry) => entry.name === 'template.yaml')) {
    // Not a file (a folder, or a link to nothing): saying there is none would send the user looking for it.
    return { path: '', location: { file: join(packDir, 'template.yaml') }, message: `${folder}template.yaml is not a file, so ${folder} is not loaded as a pack; make it the pack's template.yaml file` };
  }
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  // `template.yaml.txt`: saved by an editor that adds its own ending (Notepad's .txt), which Windows then hides.
  const misnamed = files.find((name) => /^template\.ya?ml(\.[A-Za-z0-9]+)?$/i.test(name));
  if (misnamed) {
    return {
      path: '',
      location: { file: join(packDir, misnamed), line: 1, column: 1 },
      message: `${folder} has no template.yaml, so it is not loaded as a pack: ${misnamed} is not read${describeAddedEnding(misnamed)}; rename it template.yaml`,
    };
  }
  const packFiles = files.filter((name) => /\.hbs(\.[A-Za-z0-9]+)?$/i.test(name) || /^example\.ya?ml(\.[A-Za-z0-9]+)?$/i.test(name));
  if (packFiles.length === 0) return undefined;
  const shown = packFiles.length > 2 ? `${packFiles.slice(0, 2).join(', ')} and ${formatCount(packFiles.length - 2)} more` : packFiles.join(' and ');
  return {
    path: '',
    location: { file: join(packDir, packFiles[0]!), line: 1, column: 1 },
    message: `${folder} holds ${shown} but no template.yaml, so it is not loaded as a pack; add its template.yaml (as in a folder made by \`supervise init\`), or move the folder out of the templates folder`,
  };
}

/** `template.yaml.txt`: an editor that adds its own ending (Notepad's .txt) saved the file, and Windows may hide it. */
function describeAddedEnding(fileName: string): string {
  return /\.(ya?ml|hbs)\.txt$/i.test(fileName) ? ' (the editor that saved it added .txt, which Windows may not show)' : '';
}

/** Loads one pack folder; `shared` partials are overridden by the pack's own `partials/`. */
async function loadPack(
  packDir: string,
  shared: SharedPartials = new Map(),
): Promise<LoadedEntry> {
  const manifestPath = join(packDir, 'template.yaml');
  const manifestLinkedOut = await describeLinkOut(manifestPath, packDir);
  if (manifestLinkedOut) return { problems: [{ path: '', location: { file: manifestPath }, message: `is ${manifestLinkedOut}` }] };
  const manifestText = await readPackText(manifestPath);
  if (typeof manifestText !== 'string') return { problems: [manifestText] };
  let source;
  try {
    source = parseYamlSource(manifestText, manifestPath);
  } catch (error) {
    if (error instanceof ValidationError) return { problems: [...error.problems] };
    throw error;
  }
  const checked = checkManifest(source.value, (path) => source.written(path)?.text);
  // The name it gives itself, so that a command asked for it by that name can say it is this pack that is broken.
  const name = isPlainObject(source.value) && typeof source.value.name === 'string' ? source.value.name : undefined;
  if (!checked.manifest) return { problems: locateProblems(source, checked.problems), ...(name === undefined ? {} : { name }) };
  const manifest = checked.manifest;

  const outside = describeEntryOutside(manifest.entry, basename(packDir));
  if (outside) return { problems: locateProblems(source, [{ path: 'entry', message: outside }]), name: manifest.name };
  const entryPath = join(packDir, manifest.entry);
  if (!(await isFile(entryPath))) {
    const message = describeMissingEntry(manifest.entry, basename(packDir), await readdir(packDir).catch(() => []));
    return { problems: locateProblems(source, [{ path: 'entry', message }]), name: manifest.name };
  }
  const linkedOut = await describeLinkOut(entryPath, packDir);
  if (linkedOut) return { problems: locateProblems(source, [{ path: 'entry', message: `names ${manifest.entry}, ${linkedOut}` }]), name: manifest.name };
  const entrySource = await readTemplateText(entryPath);
  if (typeof entrySource !== 'string') return { problems: [entrySource], name: manifest.name };
  const own = await readPartials(join(packDir, sharedPartialsFolder), packDir);
  if (own.problems.length > 0) return { problems: own.problems, name: manifest.name };
  const partials = new Map(shared);
  for (const [name, partial] of own.partials) partials.set(name, partial);
  return {
    pack: { manifest, dir: packDir, manifestText, entry: { path: entryPath, source: entrySource }, partials },
    problems: [],
  };
}

/**
 * Why an `entry:` that is inside its pack's folder names no file there, given
 * the names of the files in that folder: one saved with an ending added, or
 * a template of a near name.
 */
function describeMissingEntry(entry: string, folder: string, files: readonly string[]): string {
  // The folder by its own name, as the problem's file is shown: the whole path would repeat it, and differently.
  const templates = files.filter((name) => name.endsWith('.hbs'));
  const suggestion = suggest(entry, templates);
  const renamed = files.find((name) => name.toLowerCase().startsWith(`${entry.toLowerCase()}.`) && /^\.[A-Za-z0-9]+$/.test(name.slice(entry.length)));
  return renamed
    ? `names ${entry}, which is not a file in ${folder}/, but ${renamed} is${describeAddedEnding(renamed)}: rename it ${entry}`
    : `names ${entry}, which is not a file in ${folder}/${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}

/**
 * Why an `entry:` names no file of its pack: empty, or outside its pack's
 * folder (an absolute path, or one climbing out with `..`); undefined for
 * one inside. A pack is a folder that `check` vouches for and that is
 * copied whole: a file it borrows from elsewhere is neither checked with it
 * nor copied with it.
 */
function describeEntryOutside(entry: string, folder: string): string | undefined {
  // Read as the folder itself, an empty entry would be "names , which is not a file".
  if (entry.trim() === '') return `is empty: give the pack's template file, such as agreement.md.hbs, or leave entry out to use agreement.md.hbs`;
  const inside = `copy the file into ${folder}/ and give its path there (entry: ${entry.split(/[\\/]/).pop() || 'agreement.md.hbs'})`;
  if (isAbsolute(entry) || /^[A-Za-z]:[\\/]/.test(entry)) return `names ${entry}, an absolute path; a pack's files must be inside its own folder: ${inside}`;
  const normal = normalize(entry.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith(`..${sep}`) || normal.startsWith('../')) return `names ${entry}, which is outside ${folder}/; a pack's files must be inside its own folder: ${inside}`;
  return undefined;
}

/**
 * Why a pack's file, there and readable, is not the pack's own: a symbolic
 * link (it, or a folder on the way to it) leading out of `home` (the pack's
 * folder, or the templates folder for the shared clauses); undefined for
 * one inside. Such a file is rendered but not copied with the folder, and
 * may change without the pack's version or check knowing.
 */
export async function describeLinkOut(path: string, home: string, rule = "a pack's files must be inside its own folder"): Promise<string | undefined> {
  const [target, root] = await Promise.all([realpath(path).catch(() => undefined), realpath(home).catch(() => undefined)]);
  if (target === undefined || root === undefined) return undefined;
  const within = relative(root, target);
  if (within !== '' && !within.startsWith(`..${sep}`) && within !== '..' && !isAbsolute(within)) return undefined;
  return `a symbolic link leading out of ${basename(home)}/ (to ${target}); ${rule}: replace the link with a copy of the file`;
}

/**
 * A pack's file that is there but cannot be read (its permissions, say): a
 * problem at that file, so the command says which file and why rather than
 * failing as if supervise had a bug.
 */
function unreadableFile(error: unknown, path: string): Problem {
  return { path: '', location: { file: path }, message: `cannot be read (${describeFsReason(error)}); make it readable, or remove it from the pack` };
}

/**
 * The partials in a `partials/` folder, by name. Only files: reading a folder
 * that happens to be named `x.md.hbs` would fail every command with an
 * unexplained EISDIR, so it is passed over, as folders of notes beside the
 * packs are.
 */
async function readPartials(dir: string, home: string, rule?: string): Promise<{ partials: Map<string, { path: string; source: string }>; problems: Problem[] }> {
  const partials = new Map<string, { path: string; source: string }>();
  const problems: Problem[] = [];
  // None is fine (no such folder); one that cannot be listed is not: its partials would be passed over in silence,
  // and a pack's own replaced by the shared ones of the same name.
  const listed = await readdir(dir).then(
    (names): string[] | Problem => names,
    (error: NodeJS.ErrnoException): string[] | Problem =>
      error.code === 'EACCES' || error.code === 'EPERM'
        ? { path: '', location: { file: dir }, message: 'cannot be opened (permission denied), so none of its partials is read; make it readable' }
        : [],
  );
  if (!Array.isArray(listed)) return { partials, problems: [listed] };
  const names = listed;
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (!name.endsWith(partialSuffix) || !(await isFile(path))) continue;
    const linkedOut = await describeLinkOut(path, home, rule);
    if (linkedOut) {
      problems.push({ path: '', location: { file: path }, message: `is ${linkedOut}` });
      continue;
    }
    const source = await readTemplateText(path);
    if (typeof source === 'string') partials.set(basename(name, partialSuffix), { path, source });
    else problems.push(source);
  }
  return { partials, problems };
}

/**
 * A Handlebars file's text as a pack edited on Windows must render it:
 * Windows (CRLF) or old Mac (CR) line ends made plain LF, which would
 * otherwise reach the agreement as a break in the middle of a sentence.
 * Lines and columns, for the problems `check` reports, stay the same.
 */
async function readTemplateText(path: string): Promise<string | Problem> {
  const text = await readPackText(path);
  return typeof text === 'string' ? text.replace(/\r\n/g, '\n') : text;
}

/**
 * A pack's file as text, read as rosters are: UTF-8, or UTF-16 with its
 * byte-order mark (Windows Notepad's "Unicode"); any byte-order mark is
 * dropped (Notepad's "UTF-8 with BOM" too), as it would otherwise reach the
 * agreement as a character no font draws. A file in another encoding (a
 * legacy one such as Windows-1252) is a problem at its first byte that is
 * not UTF-8, not text with "�" where its accented letters were.
 */
async function readPackText(path: string): Promise<string | Problem> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return unreadableFile(error, path);
  }
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    // Old Mac line ends (a lone CR) made LF, one for one, as rosters are read: YAML's parser would read the file as one line.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes).replace(/\r(?!\n)/g, '\n');
  } catch {
    const remedy = 'save it as UTF-8 (it may be in a legacy encoding such as Windows-1252)';
    if (encoding !== 'utf-8') return { path: '', location: { file: path }, message: `is not valid ${encoding.toUpperCase()} text: ${remedy}` };
    const { line, column, byte } = locateInvalidUtf8(bytes);
    return { path: '', location: { file: path, line, column }, message: `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8: ${remedy}` };
  }
}

/** Why a folder cannot be listed, in words rather than errno text ("ENOTDIR: not a directory, scandir …"). */
async function describeFolderError(error: NodeJS.ErrnoException, dir: string): Promise<string> {
  // Either the path is a file, or a folder on the way to it is.
  if (error.code === 'ENOTDIR' && (await isFile(dir))) return 'it is a file, not a folder';
  return describeFsReason(error);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** Loads a templates folder whose every pack must be sound (the built-in packs, as the tests load them): any broken pack refuses it whole. */
export async function loadUsablePacks(dir: string | undefined, display: DisplayPath = pathAsItIs): Promise<Pack[]> {
  const folder = await loadPackFolder(dir, display);
  // Only a folder from --templates gets this far with a broken pack (shownDir is set).
  if (folder.broken.length > 0) throw describeFolderProblems(folder.shownDir ?? '', true, folder.broken.flatMap((pack) => pack.problems));
  return folder.packs;
}

/** A pack of a templates folder that cannot be used: it did not load, or another pack has its name. */
export interface BrokenPack {
  /** Its folder, as shown. */
  folder: string;
  /** What to call it: the name in its template.yaml, when that much could be read, or its folder's. */
  name: string;
  /** The names a command may ask for it by: its folder's and, when that much could be read, its template.yaml's. */
  names: string[];
  problems: Problem[];
}

/** The packs of a templates folder a command can use, and those it cannot (BrokenPack). */
export interface PackFolder {
  packs: Pack[];
  broken: BrokenPack[];
  /** The templates folder as shown; undefined for the built-in packs. */
  shownDir: string | undefined;
}

/**
 * The order packs are found in, the same on every machine: by code unit,
 * which for pack names (lower-case ASCII) is alphabetical. Not
 * localeCompare: its collation data cost every batch ~3 MB of memory.
 */
export function compareFolderNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Loads a templates folder for `new`, `batch`, `templates` and `schema`: one
 * broken pack does not stop the others from being used (`check` still fails
 * on it). It is left out of `packs`, and a command asked for it by name
 * refuses with its problems (findUsablePack). Refused whole, as before, when
 * the built-in packs have a problem, when what is wrong belongs to no one
 * pack (the shared `partials/` folder cannot be read, and every pack
 * includes it), or when no pack is left.
 */
export async function loadPackFolder(dir: string | undefined, display: DisplayPath = pathAsItIs): Promise<PackFolder> {
  const loaded = await loadTemplatesDirectory(dir ?? builtInTemplatesDir, display);
  const shownDir = dir === undefined ? undefined : display(loaded.dir);
  if (loaded.problems.length === 0) return { packs: loaded.packs, broken: [], shownDir };
  const byFolder = new Map<string, Problem[]>();
  let belongsToNoPack = false;
  for (const problem of loaded.problems) {
    const folder = relative(loaded.dir, problem.location?.file ?? loaded.dir).split(sep)[0] ?? '';
    const isPack = folder !== '' && folder !== '..' && folder !== sharedPartialsFolder;
    if (!isPack) belongsToNoPack = true;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), problem]);
  }
  const usable = loaded.packs.filter((pack) => !byFolder.has(basename(pack.dir)));
  if (dir === undefined || belongsToNoPack || usable.length === 0) throw describeFolderProblems(shownDir ?? display(loaded.dir), dir !== undefined, loaded.problems);
  const broken = [...byFolder].map(([folder, problems]): BrokenPack => {
    const packDir = join(loaded.dir, folder);
    const named = loaded.packs.find((pack) => pack.dir === packDir)?.manifest.name ?? loaded.unloadedNames.get(packDir);
    return { folder: display(packDir), name: named ?? folder, names: [...new Set([folder, ...(named === undefined ? [] : [named])])], problems };
  });
  return { packs: usable, broken, shownDir };
}

function describeFolderProblems(shown: string, custom: boolean, problems: readonly Problem[]): ValidationError {
  return new ValidationError(
    `The template packs in ${shown} have problems`,
    problems,
    custom ? `Run \`supervise check --templates ${quoteForShell(shown)}\` for details.` : 'Run `supervise check` for details.',
  );
}

/**
 * The pack a command is asked for by name. A broken pack that answers to the
 * name may be the one meant (or, with another pack's name, leaves it unclear
 * which is): it is refused with its problems rather than passed over.
 */
export function findUsablePack(folder: PackFolder, name: string): Pack {
  refuseBrokenPack(folder, [name]);
  return findPack(folder.packs, name);
}

/** Refuses the names that a broken pack answers to, with that pack's problems (the first such pack's, and the count of the rest). */
export function refuseBrokenPack(folder: PackFolder, names: readonly string[]): void {
  const hit = folder.broken.filter((pack) => pack.names.some((name) => names.includes(name)));
  const [first] = hit;
  if (!first) return;
  const asked = first.names.find((name) => names.includes(name))!;
  const others = hit.length > 1 ? ` (and ${formatCount(hit.length - 1)} more pack${hit.length === 2 ? '' : 's'} this run uses)` : '';
  throw new ValidationError(
    `The template "${asked}" (${first.folder}) cannot be used${others}: ${formatCount(first.problems.length)} problem${first.problems.length === 1 ? '' : 's'}`,
    first.problems,
    `Fix ${first.problems.length === 1 ? 'it' : 'them'}, then run \`supervise check --templates ${quoteForShell(folder.shownDir ?? '.')}\` to check every pack there; the others can be used meanwhile.`,
  );
}

/**
 * The warning a command gives, once, when it goes on without the broken
 * packs of its folder; undefined when there are none.
 */
export function describeBrokenPacks(folder: PackFolder): string | undefined {
  const { broken } = folder;
  if (broken.length === 0) return undefined;
  const listed = broken.map((pack) => `${pack.folder} (${formatCount(pack.problems.length)} problem${pack.problems.length === 1 ? '' : 's'})`).join(', ');
  const check = `\`supervise check --templates ${quoteForShell(folder.shownDir ?? '.')}\``;
  return broken.length === 1
    ? `the template pack ${listed} cannot be used and is left out; ${check} lists what is wrong with it`
    : `${formatCount(broken.length)} template packs cannot be used and are left out: ${listed}; ${check} lists what is wrong with them`;
}

export function findPack(packs: readonly Pack[], name: string): Pack {
  const pack = packs.find((candidate) => candidate.manifest.name === name);
  if (pack) return pack;
  const { reason, hint } = describeUnknownTemplate(packs, name);
  throw new SuperviseError(`T${reason.slice(1)}`, { hint });
}

/** Why no pack answers to `name` ("there is no template called …", with the nearest name), and the templates there are. */
export function describeUnknownTemplate(packs: readonly Pack[], name: string): { reason: string; hint: string } {
  const names = packs.map((candidate) => candidate.manifest.name);
  const suggestion = suggest(name, names);
  return {
    reason: `there is no template called "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    hint: `Templates: ${names.join(', ')}. See \`supervise templates list\`.`,
  };
}
