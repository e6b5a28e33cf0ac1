import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { renderAgreement, type OutputFormat } from '../render/render-agreement.js';
import type { PdfFileRenderer } from '../render/render-pdf-file.js';
import { hasSignatureMarkerLine } from '../render/signature-marker.js';
import { findUndrawableCharacters } from '../render/pdf/fonts.js';
import { findUnprintableCharacters, loadPrintableCharacters, type PrintableCharacters } from '../render/printable-characters.js';
import { findUnprintableManifestText, findUnprintableTemplateText, type PrintedTemplate } from './template-text.js';
import { isSuperviseError, messageOf, ValidationError, type DisplayPath, type Problem, type SourceLocation } from '../errors.js';
import { readYamlFile } from '../io/read-input.js';
import { describeFsReason, errnoCodeOf } from '../io/fs-reasons.js';
import { locateProblems, parseYamlSource, type YamlSource } from '../io/yaml-source.js';
import { compareFolderNames, describeLinkOut, loadTemplatesDirectory, partialSuffix, type TemplatesDirectory } from './load-packs.js';
import type { FieldSpec, Pack } from './pack-format.js';
import { checkTemplateNames, type TemplateUnit } from './template-names.js';
import { parseTemplate, type ParsedTemplate } from './template-syntax.js';
import { validateAnswers } from './validate-answers.js';

/**
 * `supervise check`: everything a template maintainer can get wrong, found
 * before a user meets it. Each pack must load, every Handlebars file must
 * compile, every name a template uses must be a declared field, every
 * declared field should be used, and the pack's example answers must render
 * to every output format. Problems are collected, never thrown, so one run
 * lists them all.
 */

const exampleFileName = 'example.yaml';

export interface CheckTemplatesOptions {
  /** Formats the examples are rendered to. The command always renders both. */
  formats?: readonly OutputFormat[];
  /** Stamped into the PDFs rendered in memory; only their success matters. */
  creationDate?: Date;
  /** Lays out the PDFs; by default here (the command gives it a thread of its own). */
  renderPdf?: PdfFileRenderer;
  /** Names the templates folder when it cannot be checked at all; the report's paths stay absolute. */
  display?: DisplayPath;
}

/** The problems of one pack folder, or of the shared `partials/` folder. */
export interface PackCheck {
  /** The folder's name inside the templates folder, e.g. `one-to-one` or `partials`. */
  folder: string;
  dir: string;
  /** From template.yaml, when it could be read. */
  name?: string;
  version?: string;
  problems: Problem[];
}

export interface CheckReport {
  dir: string;
  /** Pack folders found (with a template.yaml, or looking like a pack without one), whether or not they loaded; `packs` also holds `partials`. */
  packCount: number;
  packs: PackCheck[];
  errors: number;
  warnings: number;
}

const error = (problem: Problem): Problem => ({ ...problem, severity: 'error' });
const warning = (problem: Problem): Problem => ({ ...problem, severity: 'warning' });

export async function checkTemplates(dirInput: string, options: CheckTemplatesOptions = {}): Promise<CheckReport> {
  const packOptions: PackCheckOptions = { formats: options.formats ?? ['md', 'pdf'], creationDate: options.creationDate ?? new Date(0), renderPdf: options.renderPdf };
  const loaded = await loadTemplatesDirectory(dirInput, options.display);
  const groups = new ProblemGroups(loaded.dir);
  for (const problem of loaded.problems) groups.add(error(problem));
  for (const problem of await findEmptyPackFolders(loaded)) groups.add(warning(problem));
  const parse = parseEachFileOnce(groups);
  const unprintable = findUnprintableEachFileOnce(loaded, groups);
  // Shared clauses every pack overrides are still part of the folder, and still checked.
  for (const partial of loaded.sharedPartials.values()) parse(partial.path, partial.source);
  await checkPacksSideBySide(loaded, groups, parse, unprintable, packOptions);
  return summariseReport(loaded, groups);
}

/**
 * A folder beside the packs with nothing in it: most likely a pack begun and
 * not yet copied into, which `new` will not offer. Said as a warning, as it
 * breaks nothing; a folder of other things (notes, `.git`) and files beside
 * the packs (a README, notes.docx) are the user's own, and left alone.
 */
async function findEmptyPackFolders(loaded: TemplatesDirectory): Promise<Problem[]> {
  const entries = await readdir(loaded.dir, { withFileTypes: true }).catch(() => []);
  const example = loaded.packs[0] ? `, as in ${relative(loaded.dir, loaded.packs[0].dir)}/` : '';
  const problems: Problem[] = [];
  for (const entry of entries.sort((a, b) => compareFolderNames(a.name, b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'partials') continue;
    const folder = join(loaded.dir, entry.name);
    // A Finder or Explorer leaves .DS_Store or desktop.ini in a folder only opened: it is still empty.
    const inside = await readdir(folder).catch(() => undefined);
    if (!inside || inside.some((name) => !name.startsWith('.') && name.toLowerCase() !== 'desktop.ini')) continue;
    problems.push({
      path: '',
      location: { file: folder },
      message: `${entry.name}/ is empty, so it is not a pack: copy a pack's files into it (template.yaml, agreement.md.hbs and example.yaml${example}), or remove the folder`,
    });
  }
  return problems;
}

/** The problems found, by the folder they are in (a pack's, or the shared `partials/`). */
class ProblemGroups {
  private readonly groups = new Map<string, PackCheck>();

  constructor(private readonly dir: string) {}

  /** The group of the folder holding `file`. */
  groupFor(file: string): PackCheck {
    const folder = relative(this.dir, file).split(sep)[0] ?? '';
    let group = this.groups.get(folder);
    if (!group) {
      group = { folder, dir: join(this.dir, folder), problems: [] };
      this.groups.set(folder, group);
    }
    return group;
  }

  add(problem: Problem, file = problem.location?.file ?? this.dir): void {
    this.groupFor(file).problems.push(problem);
  }

  sorted(): PackCheck[] {
    return [...this.groups.values()].sort((a, b) => a.folder.localeCompare(b.folder));
  }
}

/** Parses a template file, reporting its syntax errors in its folder's group once, however many packs share it. */
function parseEachFileOnce(groups: ProblemGroups): (path: string, source: string) => ParsedTemplate {
  const parsed = new Map<string, ParsedTemplate>();
  return (path, source) => {
    let result = parsed.get(path);
    if (!result) {
      result = parseTemplate(source, path);
      parsed.set(path, result);
      for (const problem of result.problems) groups.add(error(problem), path);
    }
    return result;
  };
}

/**
 * A template file's text the PDF cannot print (findUnprintableTemplateText), found once however many packs
 * print it: a pack's own file's problems are its pack's to report; a shared partial's are reported here,
 * once, in its group.
 */
function findUnprintableEachFileOnce(loaded: TemplatesDirectory, groups: ProblemGroups): FindUnprintable {
  const unprintableByFile = new Map<string, Problem[]>();
  return (template) => {
    let found = unprintableByFile.get(template.file);
    if (!found) {
      found = findUnprintableTemplateText([template], findUnprintableForPdf);
      unprintableByFile.set(template.file, found);
      const shared = loaded.packs.every((pack) => !template.file.startsWith(pack.dir + sep));
      if (shared) for (const problem of found) groups.add(error(problem), template.file);
    }
    return found;
  };
}

/** Packs are checked side by side: while one's PDF is laid out (on another thread, if given), the next is checked. */
async function checkPacksSideBySide(
  loaded: TemplatesDirectory,
  groups: ProblemGroups,
  parse: (path: string, source: string) => ParsedTemplate,
  unprintable: FindUnprintable,
  options: PackCheckOptions,
): Promise<void> {
  const checks: Promise<void>[] = [];
  for (const pack of loaded.packs) {
    const manifestPath = join(pack.dir, 'template.yaml');
    const group = groups.groupFor(manifestPath);
    group.name = pack.manifest.name;
    group.version = pack.manifest.version;
    // The loader has parsed it already; positions are needed only to report a problem, so parsed again only then.
    let parsedManifest: YamlSource | undefined;
    const manifestSource = (): YamlSource => (parsedManifest ??= parseYamlSource(pack.manifestText, manifestPath));

    const check = checkPack({ pack, manifestSource, group, parse, unprintable }, options);
    // A check that fails while the loop still awaits the next pack's file would otherwise be an unhandled
    // rejection (Node's raw stack trace); Promise.all below still reports it.
    check.catch(() => undefined);
    checks.push(check);
  }
  await Promise.all(checks);
}

function summariseReport(loaded: TemplatesDirectory, groups: ProblemGroups): CheckReport {
  const packs = groups.sorted();
  const all = packs.flatMap((pack) => pack.problems);
  return {
    dir: loaded.dir,
    packCount: loaded.packs.length + loaded.unloaded.length,
    packs,
    errors: all.filter((problem) => problem.severity !== 'warning').length,
    warnings: all.filter((problem) => problem.severity === 'warning').length,
  };
}

interface PackCheckOptions {
  formats: readonly OutputFormat[];
  creationDate: Date;
  renderPdf: PdfFileRenderer | undefined;
}

/** Finds the text of a template (or a shared partial) that the PDF cannot print; see checkTemplates. */
type FindUnprintable = (template: PrintedTemplate) => Problem[];

/** A pack being checked, where its problems go, and what the whole folder's check shares with it. */
interface PackUnderCheck {
  pack: Pack;
  /** template.yaml with positions, parsed only when a problem must point into it. */
  manifestSource: () => YamlSource;
  group: PackCheck;
  /** Parses a template file once, however many packs share it. */
  parse: (path: string, source: string) => ParsedTemplate;
  unprintable: FindUnprintable;
}

/** One pack: its templates (syntax, names, partials, printable text, signature marker, unused fields), then its example rendered. */
async function checkPack(checked: PackUnderCheck, options: PackCheckOptions): Promise<void> {
  const { broken } = checkPackTemplates(checked, options);
  await nameMisnamedPartials(checked.pack, checked.group);
  const example = await readExample(checked.pack, checked.group);
  if (example) await renderExample(checked.pack, example, checked.group, broken, options);
}

/** Everything found without answers; `broken` when the pack could not render whatever the answers. */
function checkPackTemplates(checked: PackUnderCheck, options: PackCheckOptions): { broken: boolean } {
  const { pack, manifestSource, group, parse } = checked;
  const { manifest } = pack;
  let broken = false;

  const entry = parse(pack.entry.path, pack.entry.source);
  broken ||= !entry.ast;

  // The subject is a Handlebars template inside template.yaml; its problems point at its key.
  const manifestPath = join(pack.dir, 'template.yaml');
  const subject = parseTemplate(manifest.subject, manifestPath);
  for (const problem of subject.problems) {
    group.problems.push(error({ ...problem, path: 'subject', location: manifestSource().locate(['subject']) }));
    broken = true;
  }

  const partials = new Map<string, TemplateUnit | undefined>();
  for (const [name, partial] of pack.partials) {
    const result = parse(partial.path, partial.source);
    partials.set(name, result.ast ? { file: partial.path, ast: result.ast } : undefined);
  }
  if (!entry.ast) return { broken };

  const roots: TemplateUnit[] = [{ file: pack.entry.path, ast: entry.ast }];
  if (subject.ast) roots.push({ file: manifestPath, ast: subject.ast, fixedLocation: () => manifestSource().locate(['subject']), path: 'subject' });
  const result = checkTemplateNames({ manifest, roots, partials, baseDir: join(pack.dir, '..') });
  for (const problem of result.problems) group.problems.push(error(problem));
  for (const problem of result.warnings) group.problems.push(warning(problem));
  const namesWrong = result.problems.length > 0;
  // A partial this pack includes that does not compile breaks this pack too; its syntax error is reported in its own folder.
  let partialBroken = false;
  for (const name of result.usedPartials) {
    const partial = pack.partials.get(name);
    if (!partial || partials.get(name) !== undefined) continue;
    partialBroken = true;
    group.problems.push(
      error({ path: '', location: { file: partial.path }, message: `the partial "${name}" that this pack includes does not compile, so the pack cannot render` }),
    );
  }
  // Until every name resolves and every partial parses, the text the pack prints, which fields it uses and
  // whether the marker is there are not known (a missing or broken partial may hold them): one syntax error
  // must not also read as ten unused fields.
  if (namesWrong || partialBroken) return { broken: true };

  if (options.formats.includes('pdf')) {
    const used = [...result.usedPartials].map((name) => [name, partials.get(name)] as const);
    broken ||= reportUnprintableText(checked, { file: pack.entry.path, ast: entry.ast }, used);
  }

  warnIfNoSignatureMarker(checked, result.usedPartials);
  warnOfUnusedFields(checked, result.usedFields);
  return { broken };
}

/**
 * Without the marker the PDF draws its signature blocks after the last line, below whatever signature
 * lines the template writes itself, so the agreement would be signed twice over.
 */
function warnIfNoSignatureMarker({ pack, group }: PackUnderCheck, usedPartials: ReadonlySet<string>): void {
  const sources = [pack.entry.source, ...[...usedPartials].map((name) => pack.partials.get(name)?.source)];
  if (!sources.some((source) => source !== undefined && hasSignatureMarkerLine(source))) {
    group.problems.push(
      warning({
        path: '',
        // At the top, as a problem of the whole file is (no example.yaml): with no line, a CI annotation sits on no line of the diff.
        location: { file: pack.entry.path, line: 1, column: 1 },
        message:
          'no line <!-- signatures --> marks where the signatures go, so the PDF adds a signature block for each signer after the last line, below any signature lines of the template\'s own; include {{> signatures}} there (as the built-in packs do), or put that line before your own signature lines',
      }),
    );
  }
}

/** A declared field that no template uses: its answer is asked for but never printed. */
function warnOfUnusedFields({ pack, manifestSource, group }: PackUnderCheck, usedFields: ReadonlySet<string>): void {
  pack.manifest.fields.forEach((field, index) => {
    if (usedFields.has(field.key)) return;
    const verb = field.type === 'boolean' ? 'use' : 'print';
    group.problems.push(
      warning({
        path: `fields.${index}`,
        location: manifestSource().locate(['fields', index, 'key']),
        message: `"${field.key}" is declared but no template uses it, so its answer is never printed: ${verb} it where it belongs (${howToPrint(field, pack.partials.has('person'))}), or remove it from fields`,
      }),
    );
  });
}

/**
 * `{{> escalation}}` with `partials/escalation.hbs` (or `escalation.md`, or
 * `escalation.md.hbs.txt` from an editor that adds .txt) beside the others:
 * the file is there, but only `.md.hbs` files are read as partials, so the
 * author is told to rename it rather than to add a file they can see.
 */
async function nameMisnamedPartials(pack: Pack, group: PackCheck): Promise<void> {
  const missing = group.problems.filter((problem) => missingPartial.test(problem.message));
  if (missing.length === 0) return;
  const folders = [join(pack.dir, 'partials'), join(pack.dir, '..', 'partials')];
  const files = await Promise.all(folders.map(async (folder) => ({ folder, names: await readdir(folder).catch((): string[] => []) })));
  for (const problem of missing) {
    const name = missingPartial.exec(problem.message)![1]!;
    const wanted = `${name}${partialSuffix}`;
    for (const { folder, names } of files) {
      const misnamed = names.find((file) => file !== wanted && file.toLowerCase().startsWith(`${name.toLowerCase()}.`));
      if (!misnamed) continue;
      const shown = relative(join(pack.dir, '..'), join(folder, misnamed));
      // Where it was included from, when that is a partial, still said after.
      problem.message = problem.message.replace(
        /^.*?(?= \(in partial "|$)/,
        `the partial "${name}" does not exist: ${shown} is not read, as only files ending in ${partialSuffix} are partials; rename it ${wanted}`,
      );
      break;
    }
  }
}

const missingPartial = /^the partial "([^"]+)" does not exist/;

/**
 * What a field left unused could be printed with, written so that `check`
 * passes it: `{{supervisor}}` or `{{contractedOut}}` would be refused as
 * "[object Object]" or "true", and an optional or conditional answer printed
 * outside its `{{#if}}` warned of.
 */
function howToPrint(field: FieldSpec, hasPersonPartial: boolean): string {
  const { key } = field;
  switch (field.type) {
    case 'boolean':
      return `{{#if ${key}}}…{{else}}…{{/if}}`;
    case 'persons':
      return `{{#each ${key}}}{{name}}{{/each}}`;
    case 'textlist':
      return `{{#each ${key}}}{{this}}{{/each}}`;
    default: {
      const printed = field.type !== 'person' ? `{{${key}}}` : hasPersonPartial ? `{{> person ${key}}}` : `{{${key}.name}}`;
      if (field.when !== undefined) return `{{#if ${field.when}}}${printed}{{/if}}`;
      const optional = !field.required && !('default' in field && field.default !== undefined);
      return optional ? `{{#if ${key}}}${printed}{{/if}}` : printed;
    }
  }
}

/**
 * Text the PDF cannot print fails every PDF made from the pack, whatever the answers; the example may not reach
 * it. A shared partial's is reported once, in its own group (by `unprintable`), and each pack including it says
 * so. Whether any was found.
 */
function reportUnprintableText(
  { pack, manifestSource, group, unprintable }: PackUnderCheck,
  entry: PrintedTemplate,
  usedPartials: readonly (readonly [string, TemplateUnit | undefined])[],
): boolean {
  const own = [...findUnprintableManifestText(pack.manifest, (path) => manifestSource().locate(path), findUnprintableForPdf), ...unprintable(entry)];
  for (const problem of own) group.problems.push(error(problem));
  let found = own.length > 0;
  for (const [name, partial] of usedPartials) {
    const inPartial = partial ? unprintable(partial) : [];
    if (!partial || inPartial.length === 0) continue;
    found = true;
    if (partial.file.startsWith(pack.dir + sep)) for (const problem of inPartial) group.problems.push(error(problem));
    else {
      group.problems.push(
        error({ path: '', location: { file: partial.file }, message: `the partial "${name}" that this pack includes has text the PDF cannot print, so no PDF can be made from this pack` }),
      );
    }
  }
  return found;
}

/** The example answers validated, then (unless the templates already failed) rendered to every format. */
async function renderExample(pack: Pack, example: YamlSource, group: PackCheck, broken: boolean, options: PackCheckOptions): Promise<void> {
  const result = validateAnswers(pack.manifest, example.value);
  for (const problem of locateProblems(example, result.warnings)) group.problems.push(warning(problem));
  if (!result.ok) {
    for (const problem of locateProblems(example, result.problems)) group.problems.push(error(withExampleRemedy(problem)));
    return;
  }
  // A template that already failed a check would only fail again here, less clearly.
  if (broken) return;

  try {
    await renderAgreement(pack, result.answers, {
      formats: options.formats,
      paper: 'a4',
      formFields: true,
      creationDate: options.creationDate,
      renderPdf: options.renderPdf,
    });
  } catch (failure) {
    if (failure instanceof ValidationError) {
      for (const problem of locateProblems(example, failure.problems)) group.problems.push(error(problem));
      return;
    }
    const message = messageOf(failure);
    const location: SourceLocation = { file: pack.entry.path };
    group.problems.push(
      error({
        path: '',
        location,
        message: `rendering the example to ${options.formats.join(' and ')} failed: ${message}${isSuperviseError(failure) && failure.hint ? ` (${failure.hint})` : ''}`,
      }),
    );
  }
}

/**
 * What a pack author does about a problem of example.yaml, where `new` would tell a user about their answers
 * file in the same words: an answer it lacks is to be added there ("is required" alone read in a pack's check
 * as if the template had required it wrongly; left out, it has no line of its own, but that of its group when
 * the group is there).
 */
function withExampleRemedy(problem: Problem): Problem {
  if (problem.message === 'is required') {
    return { ...problem, message: `is required: add an answer for it to ${exampleFileName}, so that check can render the pack` };
  }
  // An answer like no field (no near name to suggest) is either one to take out or a field the pack author forgot to declare.
  if (problem.message === 'is not a field of this template') {
    return { ...problem, message: `${problem.message}: remove it from ${exampleFileName}, or, for the pack to ask for it, declare it under fields in template.yaml` };
  }
  return problem;
}

let printableTable: PrintableCharacters | null | undefined;

/** The characters of a text the PDF cannot print: by the build's table, without loading the font, or (running from the sources) by the font. */
function findUnprintableForPdf(text: string): string[] {
  if (printableTable === undefined) printableTable = loadPrintableCharacters() ?? null;
  return printableTable ? findUnprintableCharacters(printableTable, text) : findUndrawableCharacters(text);
}

async function readExample(pack: Pack, group: PackCheck): Promise<YamlSource | undefined> {
  const path = join(pack.dir, exampleFileName);
  const linkedOut = await describeLinkOut(path, pack.dir);
  if (linkedOut) {
    group.problems.push(error({ path: '', location: { file: path }, message: `is ${linkedOut}` }));
    return undefined;
  }
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isFile()) {
    // Said to be missing, it would send the user looking for a file that is there, as a folder.
    group.problems.push(
      error({
        path: '',
        location: { file: path },
        message: `${exampleFileName} is a folder, not a file, so check cannot render the pack; make it a file of example answers`,
      }),
    );
    return undefined;
  }
  if (!info) {
    group.problems.push(
      warning({
        path: '',
        location: { file: join(pack.dir, 'template.yaml'), line: 1, column: 1 },
        message: `the pack has no ${exampleFileName} beside template.yaml, so check cannot render it; add example answers to have it rendered on every check`,
      }),
    );
    return undefined;
  }
  try {
    return await readYamlFile(path, 'example answers');
  } catch (failure) {
    if (failure instanceof ValidationError) {
      for (const problem of failure.problems) group.problems.push(error(problem));
      return undefined;
    }
    if (isSuperviseError(failure)) {
      // The problem is shown at the file already, so an unreadable one says only why, not the path again.
      const message = errnoCodeOf(failure.cause) === undefined ? failure.message : `cannot be read (${describeFsReason(failure.cause)}); make it readable so check can render the pack`;
      group.problems.push(error({ path: '', location: { file: path }, message }));
      return undefined;
    }
    throw failure;
  }
}
