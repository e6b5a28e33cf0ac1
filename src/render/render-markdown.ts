import Handlebars from 'handlebars';
import { SuperviseError } from '../errors.js';
import { formatMinutes } from '../packs/field-values.js';
import type { Pack } from '../packs/pack-format.js';
import type { Answers } from '../packs/validate-answers.js';
import { buildRenderContext, buildSigners, plainText, type Signer } from './render-context.js';

/**
 * One Handlebars environment for the whole process, isolated from the global
 * one, with its helpers registered once here and never at render time.
 * Partials differ per pack, so they are passed with each render rather than
 * registered. Exported so `supervise check` parses and compiles templates
 * exactly as rendering does.
 */
export const handlebars = Handlebars.create();

export const templateHelpers = {
  /** `{{minutes 90}}` → `1 hour 30 minutes`. */
  minutes: (value: unknown) => (typeof value === 'number' ? formatMinutes(value) : ''),
  /** `{{#if (eq a "b")}}`. */
  eq: (left: unknown, right: unknown) => left === right,
  /** `{{inc @index}}` → 1-based numbering. */
  inc: (value: unknown) => (typeof value === 'number' ? value + 1 : value),
  /**
   * `{{sentence answer}}` → the answer with a full stop added if it does not
   * already end a sentence, for an answer printed as the end of one
   * ("Supervision is not: {{sentence notSupervision}}"), which people type
   * both with and without.
   */
  sentence: (value: unknown) => {
    if (typeof value !== 'string') return value ?? '';
    const text = value.trimEnd();
    return text === '' || /[.!?…][\])"'”’]*$/.test(text) ? text : `${text}.`;
  },
} as const;

for (const [name, helper] of Object.entries(templateHelpers)) handlebars.registerHelper(name, helper);

/**
 * `strict` makes a name the pack does not declare an error rather than an
 * empty string. `noEscape` because the context is already escaped for
 * Markdown, and Handlebars' own escaping is for HTML.
 */
export const compileOptions = { strict: true, noEscape: true } as const;

interface CompiledPack {
  entry: HandlebarsTemplateDelegate;
  partials: Record<string, HandlebarsTemplateDelegate>;
  subject: HandlebarsTemplateDelegate;
}

const compiled = new WeakMap<Pack, CompiledPack>();

function compilePack(pack: Pack): CompiledPack {
  let result = compiled.get(pack);
  if (!result) {
    const partials: Record<string, HandlebarsTemplateDelegate> = {};
    const inlineOnly = partialsUsedOnlyInline(pack);
    for (const [name, partial] of pack.partials) {
      const source = inlineOnly.has(name) ? partial.source.replace(/\n$/, '') : partial.source;
      partials[name] = handlebars.compile(source, compileOptions);
    }
    result = {
      entry: handlebars.compile(pack.entry.source, compileOptions),
      partials,
      subject: handlebars.compile(pack.manifest.subject, compileOptions),
    };
    compiled.set(pack, result);
  }
  return result;
}

/**
 * The partials a pack uses only inside a line of text, as in `between
 * {{> person supervisor}}, the supervisor`. Such a partial's file is one
 * phrase, and the line break most editors add at the end of a file on saving
 * would split the sentence wherever it is used, so it is left out. A partial
 * used on a line of its own keeps its final line break, which ends the
 * paragraph it adds. Templates that do not parse are left to the compiler,
 * which reports them.
 */
function partialsUsedOnlyInline(pack: Pack): Set<string> {
  const inline = new Set<string>();
  const onOwnLine = new Set<string>();
  const visit = (node: hbs.AST.Node | undefined, lines: readonly string[]): void => {
    if (!node) return;
    if ((node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') && 'name' in node) {
      const { name, loc } = node as hbs.AST.PartialStatement;
      if (name.type === 'PathExpression' && !(name as hbs.AST.PathExpression).data) {
        const before = lines[loc.start.line - 1]?.slice(0, loc.start.column) ?? '';
        const after = loc.end.line === loc.start.line ? (lines[loc.end.line - 1]?.slice(loc.end.column) ?? '') : '';
        ((before + after).trim() === '' ? onOwnLine : inline).add((name as hbs.AST.PathExpression).original);
      }
    }
    const withChildren = node as Partial<hbs.AST.BlockStatement> & { body?: hbs.AST.Statement[] };
    for (const child of withChildren.body ?? []) visit(child, lines);
    visit(withChildren.program, lines);
    visit(withChildren.inverse, lines);
  };
  for (const source of [pack.entry.source, ...[...pack.partials.values()].map((partial) => partial.source)]) {
    try {
      visit(handlebars.parse(source), source.split('\n'));
    } catch {
      // Reported when the template is compiled.
    }
  }
  return new Set([...inline].filter((name) => !onOwnLine.has(name)));
}

export interface RenderedMarkdown {
  markdown: string;
  /** Plain-text facts for the PDF's metadata and signature fields. */
  title: string;
  agency: string;
  subject: string;
  signers: Signer[];
}

/** Renders validated answers into the agreement's Markdown. */
export function renderMarkdown(pack: Pack, answers: Answers): string {
  return tidyMarkdown(runTemplate(pack, compilePack(pack).entry, buildRenderContext(pack.manifest, answers)));
}

/**
 * The agreement's Markdown with the plain-text facts a PDF also needs. Those
 * take a second pass over the answers (unescaped), so a Markdown-only render
 * does without them.
 */
export function renderMarkdownForPdf(pack: Pack, answers: Answers): RenderedMarkdown {
  const plainContext = buildRenderContext(pack.manifest, answers, plainText);
  return {
    markdown: renderMarkdown(pack, answers),
    title: pack.manifest.title,
    agency: typeof plainContext.agency === 'string' ? plainContext.agency : '',
    subject: runTemplate(pack, compilePack(pack).subject, plainContext).replace(/\s+/g, ' ').trim(),
    signers: buildSigners(pack.manifest, answers),
  };
}

function runTemplate(pack: Pack, template: HandlebarsTemplateDelegate, context: object): string {
  try {
    return template(context, { partials: compilePack(pack).partials, allowProtoPropertiesByDefault: false });
  } catch (error) {
    throw new SuperviseError(`The template "${pack.manifest.name}" failed to render: ${describeTemplateError(error)}`, {
      hint: `Run \`supervise check\` on the templates folder (${pack.dir}) to find the problem.`,
      cause: error,
    });
  }
}

function describeTemplateError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
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
