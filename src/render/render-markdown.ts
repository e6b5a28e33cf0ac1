import { dirname, join } from 'node:path';
import { formatProblem, isStackOverflow, messageOf, pathAsItIs, quoteForShell, SuperviseError, ValidationError, type DisplayPath, type Problem, type SourceLocation } from '../errors.js';
import { getPath, type PlainObject } from '../packs/object-paths.js';
import type { Pack, PackManifest } from '../packs/pack-format.js';
import { checkTemplateNames, type NameCheckResult, type TemplateUnit } from '../packs/template-names.js';
import { findUnprintableManifestText, findUnprintableTemplateText } from '../packs/template-text.js';
import { parseTemplate, type ParsedTemplate, type ParseTemplateOptions } from '../packs/template-syntax.js';
import type { Answers } from '../packs/validate-answers.js';
import { compileOptions, handlebars } from './handlebars-env.js';
import { buildRenderContext, buildSigners, plainText, type Signer } from './render-context.js';
import { removeSignatureMarker } from './signature-marker.js';
import { placeAnswerLineBreaks } from './answer-line-breaks.js';
import { formatCount } from '../format-count.js';

interface CompiledPack {
  entry: HandlebarsTemplateDelegate;
  partials: Record<string, HandlebarsTemplateDelegate>;
  subject: HandlebarsTemplateDelegate;
  /** Each file parsed as `check` parses it, kept to explain a render that fails. */
  parsed: ParsedPackTemplates;
}

interface ParsedPackTemplates {
  entry: ParsedTemplate;
  subject: ParsedTemplate;
  partials: ReadonlyMap<string, ParsedTemplate>;
}

const compiled = new WeakMap<Pack, CompiledPack>();

/**
 * Compiles a pack's templates once per process. Each file is first parsed
 * by `check`'s parser (packs/template-syntax.ts), which names the file, line
 * and column of a syntax error, so a pack that does not parse is refused
 * here with that, before anything renders, instead of failing later with
 * the first line of Handlebars' message and no file. The parse is the one
 * finding the partials used inline needed anyway; the compiler's own checks
 * are left to compiling, and explained only if it fails (runTemplate).
 */
function compilePack(pack: Pack, display: DisplayPath = pathAsItIs): CompiledPack {
  let result = compiled.get(pack);
  if (!result) {
    const parsed = parsePackTemplates(pack, { compilerPass: false });
    const problems = syntaxProblems(parsed);
    if (problems.length > 0) throw templatesError([pack], problems, 'compile', display);
    const partials: Record<string, HandlebarsTemplateDelegate> = {};
    const inlineOnly = partialsUsedOnlyInline(pack, parsed);
    for (const [name, partial] of pack.partials) {
      const source = inlineOnly.has(name) ? partial.source.replace(/\s+$/, '') : partial.source;
      partials[name] = handlebars.compile(source, compileOptions);
    }
    result = {
      entry: handlebars.compile(pack.entry.source, compileOptions),
      partials,
      subject: handlebars.compile(pack.manifest.subject, compileOptions),
      parsed,
    };
    compiled.set(pack, result);
  }
  return result;
}

/**
 * What compilePacks needs to find a pack's text the PDF cannot print: the characters of a text that cannot be, and
 * where a key of a pack's template.yaml is (given, as finding it takes the YAML parser, which the render threads
 * that load this module have no need of). See cli/printable-pack-text.ts.
 */
export interface UnprintableTextCheck {
  find(text: string): string[];
  locateInManifest(pack: Pack, path: (string | number)[]): SourceLocation;
}

/**
 * Compiles the templates of the packs a run will use, so a pack that does
 * not compile stops it once, before anything is rendered, rather than
 * failing every agreement made from it. The problems of several packs (a
 * shared partial breaks them all) are listed together, each once.
 */
export function compilePacks(
  packs: readonly Pack[],
  display: DisplayPath = pathAsItIs,
  options: {
    checkNames?: boolean;
    /** For a run that makes PDFs, to refuse a pack whose own text has characters the PDF cannot print. */
    unprintable?: UnprintableTextCheck | undefined;
  } = {},
): void {
  const broken: Pack[] = [];
  const problems = new Map<string, Problem>();
  for (const pack of packs) {
    try {
      compilePack(pack);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      broken.push(pack);
      for (const problem of error.problems) problems.set(formatProblem(problem), problem);
    }
  }
  if (broken.length > 0) throw templatesError(broken, [...problems.values()], 'compile', display);
  if (!options.checkNames) return;
  // A name the fields do not declare fails every render in strict mode, but only when reached: found here,
  // it is said once, before anything is asked or rendered, rather than once per agreement (or after an interview).
  for (const pack of packs) {
    for (const problem of findNameProblems(pack, compilePack(pack).parsed)) {
      if (!broken.includes(pack)) broken.push(pack);
      problems.set(formatProblem(problem), problem);
    }
  }
  if (broken.length > 0) throw templatesError(broken, [...problems.values()], 'names', display);
  const { unprintable } = options;
  if (!unprintable) return;
  // Every PDF made from such a pack would fail on its text, whatever its answers: said once, where the text is.
  for (const pack of packs) {
    const { parsed } = compilePack(pack);
    const printed = [
      { file: pack.entry.path, ast: parsed.entry.ast },
      ...usedPartials(parsed).map((name) => ({ file: pack.partials.get(name)!.path, ast: parsed.partials.get(name)!.ast })),
    ].flatMap(({ file, ast }) => (ast ? [{ file, ast }] : []));
    const locate = (path: (string | number)[]): SourceLocation => unprintable.locateInManifest(pack, path);
    for (const problem of [...findUnprintableManifestText(pack.manifest, locate, unprintable.find), ...findUnprintableTemplateText(printed, unprintable.find)]) {
      if (!broken.includes(pack)) broken.push(pack);
      problems.set(formatProblem(problem), problem);
    }
  }
  if (broken.length > 0) throw templatesError(broken, [...problems.values()], 'print', display);
}

function parsePackTemplates(pack: Pack, options: ParseTemplateOptions = {}): ParsedPackTemplates {
  return {
    entry: parseTemplate(pack.entry.source, pack.entry.path, options),
    subject: asSubject(parseTemplate(pack.manifest.subject, manifestPath(pack), options), manifestPath(pack)),
    partials: new Map([...pack.partials].map(([name, partial]) => [name, parseTemplate(partial.source, partial.path, options)])),
  };
}

/** The syntax errors of the templates a pack renders: a partial it never includes cannot break it. */
function syntaxProblems(parsed: ParsedPackTemplates): Problem[] {
  return [parsed.entry, parsed.subject, ...usedPartials(parsed).map((name) => parsed.partials.get(name)!)].flatMap((template) => template.problems);
}

/** The subject is a string in template.yaml: its problems are at its key there, as `check` reports them, not at a line of the string. */
function asSubject(parsed: ParsedTemplate, file: string): ParsedTemplate {
  return { ...parsed, problems: parsed.problems.map((problem) => ({ ...problem, path: 'subject', location: { file } })) };
}

const manifestPath = (pack: Pack): string => join(pack.dir, 'template.yaml');

/** The partials the entry and the subject include, directly or through other partials. */
function usedPartials(parsed: ParsedPackTemplates): string[] {
  const used = new Set<string>();
  const queue = [parsed.entry.ast, parsed.subject.ast];
  for (let index = 0; index < queue.length; index += 1) {
    forEachPartial(queue[index], ({ name }) => {
      if (used.has(name) || !parsed.partials.has(name)) return;
      used.add(name);
      queue.push(parsed.partials.get(name)!.ast);
    });
  }
  return [...used];
}

/** Calls `visit` for every `{{> name}}` (and `{{#> name}}`) with a literal name in a template. */
function forEachPartial(ast: hbs.AST.Program | undefined, visit: (partial: { name: string; loc: hbs.AST.SourceLocation }) => void): void {
  const walk = (node: hbs.AST.Node | undefined): void => {
    if (!node) return;
    if ((node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') && 'name' in node) {
      const { name, loc } = node as hbs.AST.PartialStatement;
      if (name.type === 'PathExpression' && !(name as hbs.AST.PathExpression).data) visit({ name: (name as hbs.AST.PathExpression).original, loc });
    }
    const withChildren = node as Partial<hbs.AST.BlockStatement> & { body?: hbs.AST.Statement[] };
    for (const child of withChildren.body ?? []) walk(child);
    walk(withChildren.program);
    walk(withChildren.inverse);
  };
  walk(ast);
}

/**
 * The partials a pack uses only inside a line of text, as in `between
 * {{> person supervisor}}, the supervisor`. Such a partial's file is one
 * phrase, and the line break most editors add at the end of a file on saving
 * (or a blank line after it) would split the sentence wherever it is used,
 * so whatever space ends the file is left out. A partial
 * used on a line of its own keeps its final line break, which ends the
 * paragraph it adds.
 */
function partialsUsedOnlyInline(pack: Pack, parsed: ParsedPackTemplates): Set<string> {
  const inline = new Set<string>();
  const onOwnLine = new Set<string>();
  const templates: [string, ParsedTemplate][] = [
    [pack.entry.source, parsed.entry],
    ...[...pack.partials].map(([name, partial]): [string, ParsedTemplate] => [partial.source, parsed.partials.get(name)!]),
  ];
  for (const [source, template] of templates) {
    const lines = source.split('\n');
    forEachPartial(template.ast, ({ name, loc }) => {
      const before = lines[loc.start.line - 1]?.slice(0, loc.start.column) ?? '';
      const after = loc.end.line === loc.start.line ? (lines[loc.end.line - 1]?.slice(loc.end.column) ?? '') : '';
      ((before + after).trim() === '' ? onOwnLine : inline).add(name);
    });
  }
  return new Set([...inline].filter((name) => !onOwnLine.has(name)));
}

/**
 * A pack that does not compile, or names what its fields do not declare,
 * with the problems `check` would list. The hint names the folder given to
 * --templates (the one holding the pack), which is what `check` takes, as
 * `display` names it.
 */
function templatesError(packs: readonly Pack[], problems: readonly Problem[], kind: 'compile' | 'names' | 'print' | 'render', display: DisplayPath): ValidationError {
  const names = packs.map((pack) => `"${pack.manifest.name}"`);
  const which = names.length === 1 ? `The template ${names[0]}` : `The templates ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const what = {
    compile: names.length === 1 ? 'does not compile' : 'do not compile',
    // Not only undeclared names: anything check finds that would fail or misprint a render ("[object Object]").
    names: names.length === 1 ? 'has errors in its templates' : 'have errors in their templates',
    print: names.length === 1 ? 'has text the PDF cannot print' : 'have text the PDF cannot print',
    render: 'failed to render',
  }[kind];
  const folders = [...new Set(packs.map((pack) => display(dirname(pack.dir))))];
  const check = folders.map((folder) => `\`supervise check --templates ${quoteForShell(folder)}\``).join(' and ');
  return new ValidationError(
    `${which} ${what}: ${formatCount(problems.length)} problem${problems.length === 1 ? '' : 's'}`,
    problems,
    `Nothing was rendered. Fix the ${problems.length === 1 ? 'problem at the line' : 'problems at the lines'} shown, then run ${check} to check every pack there` +
      (kind === 'print' ? '; or write Markdown only (--format md), which prints every character.' : '.'),
  );
}

export interface RenderedMarkdown {
  /** What the PDF is laid out from: the agreement's Markdown with its signature marker (signature-marker.ts). */
  markdown: string;
  /** Plain-text facts for the PDF's metadata and signature fields. */
  title: string;
  /** The title with whom the agreement is for and its start, as its file name has them (see documentTitle). */
  documentTitle: string;
  agency: string;
  subject: string;
  signers: Signer[];
}

/**
 * Renders validated answers into the agreement's Markdown, as it is written
 * to a file. `display` names the pack's folder in the errors of a pack that
 * does not render.
 */
export function renderMarkdown(pack: Pack, answers: Answers, display: DisplayPath = pathAsItIs): string {
  return removeSignatureMarker(renderMarkdownWithMarker(pack, answers, display));
}

function renderMarkdownWithMarker(pack: Pack, answers: Answers, display: DisplayPath): string {
  return tidyMarkdown(placeAnswerLineBreaks(runTemplate(pack, compilePack(pack, display).entry, buildRenderContext(pack.manifest, answers), display)));
}

/**
 * The agreement's Markdown with the plain-text facts a PDF also needs. Those
 * take a second pass over the answers (unescaped), so a Markdown-only render
 * does without them.
 */
export function renderMarkdownForPdf(pack: Pack, answers: Answers, display: DisplayPath = pathAsItIs): RenderedMarkdown {
  const plainContext = buildRenderContext(pack.manifest, answers, plainText);
  return {
    markdown: renderMarkdownWithMarker(pack, answers, display),
    title: pack.manifest.title,
    documentTitle: documentTitle(pack.manifest, plainContext),
    agency: typeof plainContext.agency === 'string' ? plainContext.agency : '',
    subject: runTemplate(pack, compilePack(pack, display).subject, plainContext, display).replace(/\s+/g, ' ').trim(),
    signers: buildSigners(pack.manifest, answers),
  };
}

/**
 * The PDF's title, which a viewer shows in its title bar or tab in place of
 * the file name: `Agreement for 1:1 Safeguarding Supervision: Tom Evans,
 * from 1 December 2026`. The template's title alone is the same for every
 * agreement of a pack, so a manager with several open to sign, or a records
 * system listing them, could not tell one from another. It names the party
 * and start date the file name does (file-names.ts).
 */
function documentTitle(manifest: PackManifest, plainContext: PlainObject): string {
  const party = manifest.fileNameFrom.map((key) => getPath(plainContext, key)).find((value) => typeof value === 'string' && value.trim() !== '');
  const start = getPath(plainContext, 'startDate');
  const about = [typeof party === 'string' ? party.trim() : '', typeof start === 'string' ? `from ${start}` : ''].filter(Boolean).join(', ');
  return about ? `${manifest.title}: ${about}` : manifest.title;
}

function runTemplate(pack: Pack, template: HandlebarsTemplateDelegate, context: object, display: DisplayPath): string {
  const compiledPack = compilePack(pack, display);
  try {
    return template(context, { partials: compiledPack.partials, allowProtoPropertiesByDefault: false });
  } catch (error) {
    // Rendering that never ends (a partial that includes itself) or goes too deep: said as that, where it is.
    if (isStackOverflow(error)) throw templatesError([pack], [describeEndlessRender(pack, compiledPack.parsed)], 'render', display);
    // Handlebars names only the last part of a missing name ("email" for contact.email) and no file.
    // check's analysis finds it, or what only the compiler rejects, with its file, line and column;
    // run only on this failure path, so a render that works never pays for it.
    const compilerProblems = syntaxProblems(parsePackTemplates(pack));
    if (compilerProblems.length > 0) throw templatesError([pack], compilerProblems, 'compile', display);
    const problems = findNameProblems(pack, compiledPack.parsed);
    if (problems.length > 0) throw templatesError([pack], problems, 'render', display);
    // What check warned of and these answers made true: a list without the item a template reaches by position.
    const shortLists = checkPackNames(pack, compiledPack.parsed)?.shortListWarnings ?? [];
    if (shortLists.length > 0) throw templatesError([pack], shortLists, 'render', display);
    throw new SuperviseError(`The template "${pack.manifest.name}" failed to render: ${describeTemplateError(error)}`, {
      hint: `Run \`supervise check --templates ${quoteForShell(display(dirname(pack.dir)))}\` to find the problem.`,
      cause: error,
    });
  }
}

/**
 * Why rendering ran out of stack. Handlebars renders a partial by calling
 * it, so a partial that includes itself with the same context, or partials
 * that include each other in a circle, never end: the first include that
 * closes such a circle (from the entry, in file order) is named. Otherwise
 * partials included inside one another took it deeper than it can go.
 */
function describeEndlessRender(pack: Pack, parsed: ParsedPackTemplates): Problem {
  const includes = (ast: hbs.AST.Program | undefined): { name: string; loc: hbs.AST.SourceLocation }[] => {
    const found: { name: string; loc: hbs.AST.SourceLocation }[] = [];
    forEachPartial(ast, (partial) => {
      if (parsed.partials.has(partial.name)) found.push(partial);
    });
    return found;
  };
  const done = new Set<string>();
  const findCircle = (name: string, path: readonly string[]): Problem | undefined => {
    if (done.has(name)) return undefined;
    for (const include of includes(parsed.partials.get(name)?.ast)) {
      const start = path.indexOf(include.name);
      if (include.name === name || start >= 0) {
        const circle = [...path.slice(start >= 0 ? start : path.length), name, include.name];
        const location = { file: pack.partials.get(name)!.path, line: include.loc.start.line, column: include.loc.start.column + 1 };
        const message =
          include.name === name
            ? `the partial "${name}" includes itself, so rendering it never ends: remove this include`
            : `the partials ${circle.map((partial) => `"${partial}"`).join(' → ')} include each other in a circle, so rendering them never ends: remove this include`;
        return { path: '', location, message };
      }
      const circle = findCircle(include.name, [...path, name]);
      if (circle) return circle;
    }
    done.add(name);
    return undefined;
  };
  for (const include of [...includes(parsed.entry.ast), ...includes(parsed.subject.ast)]) {
    const circle = findCircle(include.name, []);
    if (circle) return circle;
  }
  return {
    path: '',
    location: { file: pack.entry.path },
    message: 'rendering went too deep for Handlebars: blocks and the partials they include are nested too deep, one inside another; close each block before the next one opens (an agreement needs a few levels)',
  };
}

function findNameProblems(pack: Pack, parsed: ParsedPackTemplates): Problem[] {
  return checkPackNames(pack, parsed)?.problems ?? [];
}

function checkPackNames(pack: Pack, parsed: ParsedPackTemplates): NameCheckResult | undefined {
  if (!parsed.entry.ast) return undefined;
  const file = manifestPath(pack);
  const roots: TemplateUnit[] = [{ file: pack.entry.path, ast: parsed.entry.ast }];
  if (parsed.subject.ast) roots.push({ file, ast: parsed.subject.ast, fixedLocation: () => ({ file }), path: 'subject' });
  const partials = new Map<string, TemplateUnit | undefined>(
    [...parsed.partials].map(([name, partial]) => [name, partial.ast ? { file: pack.partials.get(name)!.path, ast: partial.ast } : undefined]),
  );
  return checkTemplateNames({ manifest: pack.manifest, roots, partials, baseDir: dirname(pack.dir) });
}

function describeTemplateError(error: unknown): string {
  const message = messageOf(error);
  const notDefined = /^"([^"]+)" not defined in .*? - (\d+):(\d+)$/s.exec(message);
  if (notDefined) return `"${notDefined[1]}" is not a field of this pack (line ${notDefined[2]}, column ${Number(notDefined[3]) + 1})`;
  return message.split('\n')[0] ?? message;
}

/**
 * Optional sections leave blank lines behind when they disappear; the
 * agreement should read as if they had never been there.
 */
function tidyMarkdown(markdown: string): string {
  return `${markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
