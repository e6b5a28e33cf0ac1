import { rmSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { quoteForShell, SuperviseError } from '../../errors.js';
import { describeFsError, ensureFolder, isFileSystemFailure, writeFilesAtomic } from '../../io/write-files.js';
import { readTemplateTree, type TemplateFile } from '../../packs/copy-packs.js';
import { builtInTemplatesDir } from '../../packs/load-packs.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { onInterrupt } from '../interrupts.js';
import { refuseStandardStream } from '../path-options.js';

/**
 * `supervise init`: the built-in packs, copied to be edited. All or nothing:
 * a new folder is assembled under a temporary name beside it and renamed
 * into place, so an interrupted or failed copy leaves nothing behind.
 */
export async function runInit(dirArgument: string, context: CommandContext): Promise<void> {
  refuseStandardStream('The templates folder', dirArgument, { direction: 'output', names: 'a folder' });
  const target = resolve(context.cwd, dirArgument);
  const shown = displayPath(target, context.cwd);
  const state = await inspectTarget(target).catch(rephraseWriteHint);
  if (state === 'not-a-folder' || state === 'link' || state === 'not-empty') {
    const what = { 'not-a-folder': 'is not a folder', link: 'is a symbolic link, which is not followed', 'not-empty': 'is not empty' }[state];
    throw new SuperviseError(`${shown} already exists and ${what}; nothing was written`, {
      hint: `Choose a new folder, e.g. \`supervise init ${quoteForShell(await suggestNewFolder(context.cwd, dirArgument, state))}\`, or move the existing one away first.`,
    });
  }
  reportInit(await copyBuiltInPacks(target, state).catch(rephraseWriteHint), shown, context);
}

/** A write failure's usual hint names --out, which init does not have: init gives its own. */
function rephraseWriteHint(error: unknown): never {
  if (isFileSystemFailure(error)) {
    throw new SuperviseError(error.message, { hint: 'Choose another folder to copy the templates into, or fix that one, and run again.', cause: error.cause, file: error.file });
  }
  throw error;
}

/** All or nothing (see runInit); the files copied. */
async function copyBuiltInPacks(target: string, state: 'missing' | 'empty'): Promise<TemplateFile[]> {
  const files = await readTemplateTree(builtInTemplatesDir);
  if (state === 'empty') await copyIntoEmptyFolder(files, target);
  else await copyAsNewFolder(files, target);
  return files;
}

/** Into a folder that is there already: the files at once, taken away again (with the folders made for them) if any fails. */
async function copyIntoEmptyFolder(files: readonly TemplateFile[], target: string): Promise<void> {
  try {
    await writeFilesAtomic(
      files.map((file) => ({ path: join(target, file.relativePath), content: file.content })),
      { overwrite: false },
    );
  } catch (error) {
    // The files are gone again, but not the folders made for them, and a folder that is not empty is
    // refused: the next init, once space is freed, would be turned away. Only empty folders are removed.
    const folders = [...new Set(files.flatMap((file) => ancestorsWithin(dirname(file.relativePath))))];
    for (const folder of folders.sort((a, b) => b.length - a.length)) await rmdir(join(target, folder)).catch(() => undefined);
    throw error;
  }
}

/** A new folder, assembled under a temporary name beside it (removed on Ctrl-C or failure) and renamed into place. */
async function copyAsNewFolder(files: readonly TemplateFile[], target: string): Promise<void> {
  await ensureFolder(dirname(target));
  const staging = await mkdtemp(join(dirname(target), `.${basename(target)}-`)).catch((error: NodeJS.ErrnoException) => {
    throw describeFsError(error, target);
  });
  const forget = onInterrupt(() => {
    rmSync(staging, { recursive: true, force: true });
    return undefined;
  });
  try {
    await writeFilesAtomic(
      files.map((file) => ({ path: join(staging, file.relativePath), content: file.content })),
      { overwrite: false },
    );
    await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      throw describeFsError(error, target);
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw nameFromTarget(error, staging, target);
  } finally {
    forget();
  }
}

/** A relative folder and the folders above it, up to (not including) the top: `a/b` → `a/b`, `a`. */
function ancestorsWithin(folder: string): string[] {
  return folder === '.' || folder === '' ? [] : [folder, ...ancestorsWithin(dirname(folder))];
}

/**
 * A failure inside the staging folder, which is gone again by the time it is
 * read, is said of the file in the folder asked for (`templates/partials/x`,
 * not `.templates-Ab12Cd/partials/x`).
 */
function nameFromTarget(error: unknown, staging: string, target: string): unknown {
  if (!(error instanceof SuperviseError) || error.file === undefined || !(error.file === staging || error.file.startsWith(`${staging}${sep}`))) return error;
  const file = `${target}${error.file.slice(staging.length)}`;
  return new SuperviseError(error.message.split(error.file).join(file), { hint: error.hint, cause: error.cause, file, exitCode: error.exitCode });
}

function reportInit(files: TemplateFile[], shown: string, context: CommandContext): void {
  const packs = [...new Set(files.map((file) => file.relativePath.split(/[\\/]/)[0]!))].filter(
    (folder) => folder !== 'partials' && files.some((file) => file.relativePath === join(folder, 'template.yaml')),
  );
  const { reporter } = context;
  // The commands below are pasted into a shell as they are: a folder such as "Siân's team/templates" is quoted.
  const folder = quoteForShell(shown);
  reporter.success(`Copied the template packs (${packs.join(', ')}) and their shared clauses (partials/) into ${shown}`);
  reporter.info(`
Next:
  1. Edit them. Each pack's template.yaml declares its fields; agreement.md.hbs and
     ${join(shown, 'partials')}/*.md.hbs hold the wording. example.yaml is what check renders.
  2. Check them:  supervise check --templates ${folder}
  3. Use them:    supervise new --templates ${folder} ${packs[0] ?? ''}`.trimEnd());
}

/**
 * A folder name to suggest that does not exist yet. Beside a file, a new
 * folder named after it (`notes.txt-2`) would be odd: `templates` beside it,
 * then `my-templates`, then numbered. A folder given as `.`, `..` or `/` has
 * no name to number (`.-2` would be a hidden folder): `templates` inside it.
 */
async function suggestNewFolder(cwd: string, dirArgument: string, state: 'not-a-folder' | 'link' | 'not-empty'): Promise<string> {
  if (['', '.', '..'].includes(basename(dirArgument))) {
    const inside = [join(dirArgument, 'templates'), join(dirArgument, 'my-templates'), ...Array.from({ length: 20 }, (_, index) => join(dirArgument, `templates-${index + 2}`))];
    for (const candidate of inside) {
      if ((await inspectTarget(resolve(cwd, candidate)).catch(() => 'unknown')) === 'missing') return candidate;
    }
    return join(dirArgument, 'templates-new');
  }
  const parent = dirname(dirArgument);
  const first = state === 'not-empty' && basename(dirArgument) !== 'templates' ? [`${dirArgument}-2`] : [];
  const candidates = [...first, join(parent, 'templates'), join(parent, 'my-templates'), ...Array.from({ length: 20 }, (_, index) => `${dirArgument}-${index + 2}`)];
  for (const candidate of candidates) {
    if ((await inspectTarget(resolve(cwd, candidate)).catch(() => 'unknown')) === 'missing') return candidate;
  }
  return `${dirArgument}-new`;
}

async function inspectTarget(target: string): Promise<'missing' | 'empty' | 'not-empty' | 'not-a-folder' | 'link'> {
  const info = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw describeFsError(error, target);
  });
  if (!info) return 'missing';
  if (info.isSymbolicLink()) return 'link';
  if (!info.isDirectory()) return 'not-a-folder';
  // A folder that may be written but not listed (permissions such as 0300) cannot be told empty: said, in words.
  const names = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    throw describeFsError(error, target);
  });
  // Hidden entries alone (.git in a repository just made for the packs, .DS_Store, .gitkeep) are not in the way
  // of the packs' folders, and are left as they are.
  return names.every((name) => name.startsWith('.')) ? 'empty' : 'not-empty';
}
