import { isStackOverflow, messageOf, type Problem } from '../errors.js';
import { compileOptions, handlebars } from '../render/handlebars-env.js';
import { formatCount } from '../format-count.js';

/**
 * Parses and compiles one Handlebars file in the same environment and with
 * the same options as rendering, turning a syntax error into a problem with
 * the file, line and column an author can jump to.
 */

export interface ParsedTemplate {
  ast?: hbs.AST.Program;
  problems: Problem[];
}

/** What the shared jison lexer still holds after a failed parse. */
interface LexerState {
  yylloc?: { first_line: number; first_column: number };
  match?: string;
}

/** The shared jison lexer, driven by hand to find the block a file leaves open. */
interface Lexer extends LexerState {
  yytext: string;
  done: boolean;
  setInput(input: string): unknown;
  lex(): number | string;
}

/** Token names in jison's "Expecting …" list, in words an author knows. */
const tokenWords: Record<string, string> = {
  EOF: 'end of file',
  CLOSE: '"}}"',
  CLOSE_UNESCAPED: '"}}}"',
  CLOSE_RAW_BLOCK: '"}}}}"',
  CLOSE_SEXPR: '")"',
  OPEN_SEXPR: 'a name or value',
  OPEN_ENDBLOCK: '"{{/…}}"',
  OPEN_INVERSE_CHAIN: '"{{else …}}"',
  INVERSE: '"{{else}}"',
  ID: 'a name or value',
  STRING: 'a name or value',
  NUMBER: 'a name or value',
  BOOLEAN: 'a name or value',
  UNDEFINED: 'a name or value',
  NULL: 'a name or value',
  DATA: 'a name or value',
  EQUALS: '"="',
  SEP: '"." or "/"',
  OPEN_BLOCK_PARAMS: '"as |…|"',
  CLOSE_BLOCK_PARAMS: '"|"',
};

export interface ParseTemplateOptions {
  /**
   * Also run the compiler's first pass (the default). Rendering, which
   * compiles each template anyway, parses with this off and leaves the rare
   * mistakes only that pass finds to the compiler itself.
   */
  compilerPass?: boolean;
}

export function parseTemplate(source: string, file: string, options: ParseTemplateOptions = {}): ParsedTemplate {
  const tooDeep = findNestingTooDeep(source, file);
  if (tooDeep) return { problems: [tooDeep] };
  let ast: hbs.AST.Program;
  try {
    ast = handlebars.parse(source);
    // Parsing alone misses some mistakes the compiler rejects, such as a
    // partial given two contexts. Its first pass finds them; generating the
    // JavaScript as well would cost more than the rest of a check. A copy of
    // the options, because the compiler writes into the object it is given.
    const { Compiler } = handlebars as unknown as { Compiler: new () => { compile(program: hbs.AST.Program, options: object): unknown } };
    if (options.compilerPass !== false) new Compiler().compile(ast, { ...compileOptions, data: true });
  } catch (error) {
    return { problems: [describeSyntaxError(error, source, file)] };
  }
  return { ast, problems: [] };
}

function describeSyntaxError(error: unknown, source: string, file: string): Problem {
  const message = messageOf(error);
  // findNestingTooDeep refuses what is known to exhaust the stack; anything else that does is said in the same words, without a line.
  if (isStackOverflow(error)) {
    return { path: '', location: { file }, message: `blocks or sub-expressions are nested too deep, one inside another, for Handlebars to read: ${nestingRemedy}` };
  }

  // jison parse errors: "Parse error on line N:\n<excerpt>\n---^\nExpecting 'A', 'B', got 'C'".
  const parse = /^(?:Parse|Lexical) error on line (\d+)/.exec(message);
  if (parse) {
    // The lexer is shared and keeps the position of the token it stopped at;
    // the message alone has only the line.
    const lexer = (handlebars as unknown as { Parser?: { lexer?: LexerState } }).Parser?.lexer;
    const line = lexer?.yylloc?.first_line ?? Number(parse[1]);
    const column = lexer?.yylloc === undefined ? undefined : lexer.yylloc.first_column + 1;
    const leftOpen = column === undefined ? undefined : findTagLeftOpen(source, message, line, column, lexer?.match);
    if (leftOpen) return { path: '', location: { file, line: leftOpen.line, column: leftOpen.column }, message: `Handlebars syntax error: ${leftOpen.message}` };
    const described = describeExpectation(message, lexer?.match);
    // At the end of the file the parser knows only that a block is open, not which; the author needs its line.
    const open = described.endsWith(leftOpenHint) ? findBlockLeftOpen(source) : undefined;
    const text = open ? `${described.slice(0, -leftOpenHint.length)} (the ${open.tag} at ${open.line}:${open.column} is never closed)` : described;
    return { path: '', location: { file, line, column }, message: `Handlebars syntax error: ${text}` };
  }

  // Handlebars' own exceptions end in " - line:column" (column from 0).
  const exception = error as { lineNumber?: unknown; column?: unknown };
  const trimmed = message.replace(/ - \d+:\d+$/, '');
  // "if doesn't match each", at the block opened: said in the tags the author wrote, with what to write.
  const mismatch = /^(\S+) doesn't match (\S+)$/.exec(trimmed);
  const text = mismatch
    ? `the "${mismatch[1]}" block opened here is closed by {{/${mismatch[2]}}}; close it with {{/${mismatch[1]}}} first`
    : (trimmed.split('\n')[0] ?? trimmed);
  return {
    path: '',
    location: {
      file,
      line: typeof exception.lineNumber === 'number' ? exception.lineNumber : undefined,
      column: typeof exception.column === 'number' ? exception.column + 1 : undefined,
    },
    message: `Handlebars syntax error: ${text}`,
  };
}

function describeExpectation(message: string, found: string | undefined): string {
  const expecting = /Expecting (.*), got '([^']*)'/.exec(message);
  if (!expecting) return message.split('\n')[0] ?? message;
  const tokens = [...expecting[1]!.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
  // Where a mustache or a block could still go on, the likely mistake is that it was not closed.
  const likely = tokens.includes('CLOSE') ? ['CLOSE'] : tokens.includes('OPEN_ENDBLOCK') ? ['OPEN_ENDBLOCK'] : tokens;
  const wanted = likely.map((token) => tokenWords[token] ?? token);
  const got = expecting[2] === 'EOF' || !found ? 'end of file' : `"${found}"`;
  const unique = [...new Set(wanted)];
  // “Signed by”, as a word processor types quotes, is two names to Handlebars: the second is where it stops.
  const curly = found !== undefined && /[“”‘’„«»]/u.test(found) ? ' (curly quotes are not quotes to Handlebars: write text in straight quotes, "like this")' : '';
  const hint = expecting[2] === 'EOF' ? leftOpenHint : curly;
  return `unexpected ${got}; expected ${unique.join(', ')}${hint}`;
}

const leftOpenHint = ' (is a {{#block}} left open?)';

/**
 * A `{{` (or a comment) the parse ran on from without its `}}`: said where it
 * opens, with how to close it. Handlebars reports only where it stopped: at
 * the next `{{`, maybe pages on ("unexpected "{{>""), or at the end of the
 * file as if a block were left open, or, for a comment, as text it cannot
 * read ("Lexical error", or "unexpected "!"").
 */
function findTagLeftOpen(source: string, message: string, line: number, column: number, found: string | undefined): { line: number; column: number; message: string } | undefined {
  const stoppedAt = offsetOf(source, line, column);
  if (stoppedAt === undefined) return undefined;
  // A comment's own {{ is where the lexer stops; for anything else it is a {{ before where it stopped.
  const comment = openingAt(source, source.lastIndexOf('{{', stoppedAt), stoppedAt);
  if (comment && /^\{\{~?!/.test(comment.text)) {
    const close = comment.text.includes('--') ? '--}}' : '}}';
    return { ...positionOf(source, comment.start), message: `the comment ${comment.text.replace(/~/, '')} that opens here is never closed: end it with ${close}` };
  }
  const expectsClose = /Expecting .*'CLOSE(?:_UNESCAPED)?'/.test(message);
  const stoppedAtTag = /got 'EOF'/.test(message) || (found?.startsWith('{{') ?? false);
  if (!expectsClose || !stoppedAtTag) return undefined;
  const tag = openingAt(source, source.lastIndexOf('{{', stoppedAt - 1), stoppedAt);
  if (!tag) return undefined;
  const braces = /^\{+/.exec(tag.text)![0].length;
  return { ...positionOf(source, tag.start), message: `the ${tag.text} that opens here is never closed: end it with ${'}'.repeat(braces)}` };
}

/** The tag opening at `index` (back to its first `{`), as an author wrote its start, if no `}}` closes it before `end`. */
function openingAt(source: string, index: number, end: number): { start: number; text: string } | undefined {
  if (index < 0) return undefined;
  let start = index;
  while (start > 0 && source[start - 1] === '{') start -= 1;
  if (source.slice(start, end).includes('}}')) return undefined;
  // `{{agency`, `{{> person`, `{{#if`, `{{!--`: its braces, any `~`, `#`, `>`, `!` or `--`, and the first name.
  const text = /^\{+~?(?:!(?:--)?|[#^/>&]?\s*[^\s{}~]*)/.exec(source.slice(start))![0].trimEnd();
  return { start, text };
}

function offsetOf(source: string, line: number, column: number): number | undefined {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return offset + column - 1;
}

function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * How many blocks (with their `{{else if …}}` branches) and sub-expressions
 * a template may nest one inside another. Handlebars parses, compiles and
 * renders them by recursion, and one nested a couple of thousand deep runs
 * out of stack, at whichever of those steps comes first (a parse that
 * passes does not mean a render that does), as "Maximum call stack size
 * exceeded". No agreement needs more than a few levels; a hundred leaves
 * the stack room to spare for the partials a template includes.
 */
const maxTemplateNesting = 100;

/** The tokens that open a level of nesting, and that close one, as the shared lexer names them. */
const nestingOpeners: ReadonlySet<string> = new Set(['OPEN_BLOCK', 'OPEN_INVERSE', 'OPEN_PARTIAL_BLOCK']);

/**
 * Where a template nests deeper than maxTemplateNesting, found by lexing it
 * (which, unlike parsing, takes no stack), so that it is refused with its
 * line and column before Handlebars runs out of stack on it. A template with
 * fewer openers than the limit cannot be too deep, and is not lexed again.
 * Undefined if it is not too deep, or the lexer cannot say (it stops at
 * anything it cannot read, which the parse then reports).
 */
function findNestingTooDeep(source: string, file: string): Problem | undefined {
  const openers = source.match(/\{\{~?(?:#|\^|\s*else\b)|\(/g)?.length ?? 0;
  if (openers <= maxTemplateNesting) return undefined;
  const parser = (handlebars as unknown as { Parser?: { lexer?: Lexer; terminals_?: Record<number, string> } }).Parser;
  const lexer = parser?.lexer;
  const terminals = parser?.terminals_;
  if (!lexer || !terminals) return undefined;
  // Each open block counts one, and one more for each {{else if …}} in it, which Handlebars nests as a block inside it.
  const blocks: number[] = [];
  let depth = 0;
  let deepest = 0;
  let first: { line: number; column: number } | undefined;
  try {
    lexer.setInput(source);
    while (!lexer.done) {
      const token = lexer.lex();
      const name = typeof token === 'number' ? terminals[token] : token;
      if (name === 'EOF' || name === undefined) break;
      if (nestingOpeners.has(name) || name === 'OPEN_SEXPR') {
        blocks.push(1);
        depth += 1;
      } else if (name === 'OPEN_INVERSE_CHAIN' && blocks.length > 0) {
        blocks[blocks.length - 1]! += 1;
        depth += 1;
      } else if ((name === 'OPEN_ENDBLOCK' || name === 'CLOSE_SEXPR') && blocks.length > 0) {
        depth -= blocks.pop()!;
      }
      if (depth > deepest) deepest = depth;
      if (depth > maxTemplateNesting && !first && lexer.yylloc) first = { line: lexer.yylloc.first_line, column: lexer.yylloc.first_column + 1 };
    }
  } catch {
    return undefined;
  }
  if (!first) return undefined;
  return {
    path: '',
    location: { file, ...first },
    message:
      `blocks or sub-expressions are nested ${formatCount(deepest)} deep, one inside another, and at most ${maxTemplateNesting} can be ` +
      `(the first past that opens here): ${nestingRemedy}`,
  };
}

/** What to do about a template nested too deep. */
const nestingRemedy = 'close each block before the next one opens (an agreement needs a few levels)';

/** The tokens that open a block closed by `{{/…}}`, as an author writes their start. */
const blockOpeners: Record<string, string> = { OPEN_BLOCK: '{{#', OPEN_INVERSE: '{{^', OPEN_PARTIAL_BLOCK: '{{#>' };

/**
 * The innermost block still open at the end of `source`, by lexing it again
 * and pairing each `{{#…}}` with its `{{/…}}`. Undefined if the lexer cannot
 * say (it stops at anything it cannot read).
 */
function findBlockLeftOpen(source: string): { tag: string; line: number; column: number } | undefined {
  const parser = (handlebars as unknown as { Parser?: { lexer?: Lexer; terminals_?: Record<number, string> } }).Parser;
  const lexer = parser?.lexer;
  const terminals = parser?.terminals_;
  if (!lexer || !terminals) return undefined;
  const open: { tag: string; line: number; column: number }[] = [];
  try {
    lexer.setInput(source);
    let pending: { opener: string; line: number; column: number } | undefined;
    while (!lexer.done) {
      const token = lexer.lex();
      const name = typeof token === 'number' ? terminals[token] : token;
      if (name === 'EOF' || name === undefined) break;
      if (pending) {
        // The name comes with the token after the opener: {{#if, {{#each, {{#> layout.
        const space = pending.opener.endsWith('>') ? ' ' : '';
        open.push({ tag: `${pending.opener}${space}${name === 'ID' ? lexer.yytext : '…'}}}`, line: pending.line, column: pending.column });
        pending = undefined;
      }
      const opener = blockOpeners[name];
      if (opener && lexer.yylloc) pending = { opener, line: lexer.yylloc.first_line, column: lexer.yylloc.first_column + 1 };
      if (name === 'OPEN_ENDBLOCK') open.pop();
    }
  } catch {
    return undefined;
  }
  return open.at(-1);
}
