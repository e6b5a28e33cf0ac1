import { isMap, isSeq, isScalar, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import { messageOf, ValidationError, type Problem, type SourceLocation } from '../errors.js';
import { readYamlFast } from './fast-yaml.js';
import { findJsonSyntaxError, looksLikeJson } from './json-syntax.js';

/**
 * Parsed YAML (or JSON, which the YAML parser reads too) that remembers where
 * every value came from, so a problem found later by field path can be shown
 * at its file, line and column.
 */
/** A value as the file spells it (unquoted) and as it was read: `012345` and the number 12345. */
export interface WrittenValue {
  text: string;
  value: unknown;
}

export interface YamlSource {
  file: string;
  value: unknown;
  /** The location of a path's key (or its nearest existing ancestor). */
  locate(path: readonly (string | number)[]): SourceLocation;
  /**
   * A plain (unquoted) value at exactly this path, as the file spells it and as it was read:
   * `012345` is read as the number 12345. Undefined for anything else.
   */
  written(path: readonly (string | number)[]): WrittenValue | undefined;
}

/** Beyond this an alias-heavy file ("billion laughs") is refused, not expanded. */
const maxAliasCount = 1000;

export interface ParseYamlOptions {
  /** The file line the text starts on, when it is a slice of a larger file (a roster entry). */
  firstLine?: number;
}

/**
 * Reads YAML text. Plain text is read quickly, without positions (fast-yaml.ts),
 * and read again with them only if a problem must be pointed at; anything
 * else, an error included, is read by `yaml` at once.
 */
export function parseYamlSource(text: string, file: string, options: ParseYamlOptions = {}): YamlSource {
  const quick = refuseStackOverflow(file, () => readYamlFast(text));
  if (!quick) return parseYamlWithPositions(text, file, options);
  let positioned: YamlSource | undefined;
  return {
    file,
    value: quick.value,
    locate: (path) => (positioned ??= parseYamlWithPositions(text, file, options)).locate(path),
    written: (path) => (positioned ??= parseYamlWithPositions(text, file, options)).written(path),
  };
}

function parseYamlWithPositions(text: string, file: string, options: ParseYamlOptions): YamlSource {
  return refuseStackOverflow(file, () => parseYamlWithPositionsUnguarded(text, file, options));
}

/**
 * Lists or mappings nested thousands of levels deep exhaust the parser's
 * stack (it reports some of that as a syntax error, the rest it throws): no
 * answers file is like that, and it is refused in words rather than as a
 * bug in supervise.
 */
function refuseStackOverflow<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof RangeError) || !error.message.startsWith('Maximum call stack size exceeded')) throw error;
    throw new ValidationError(`${file} could not be read`, [{ path: '', location: { file }, message: ownWords(error) }], 'Write the answers with a few levels of nesting, as in `examples/roster.yaml`.');
  }
}

function parseYamlWithPositionsUnguarded(text: string, file: string, options: ParseYamlOptions): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core' });
  const lineOffset = (options.firstLine ?? 1) - 1;
  const toLocation = (offset: number): SourceLocation => {
    const position = lineCounter.linePos(offset);
    return { file, line: position.line + lineOffset, column: position.col };
  };

  if (document.errors.length > 0) {
    // JSON is read as the YAML it also is, but a user who wrote JSON should be told about JSON, in its terms.
    if (looksLikeJson(text, file)) {
      const mistake = findJsonSyntaxError(text);
      if (mistake) {
        const location = toLocation(mistake.offset);
        const problem: Problem = { path: '', location, message: withExcerpt(mistake.message, text, location, lineOffset) };
        throw new ValidationError(`${file} is not valid JSON`, [problem], 'Fix the syntax at the line shown and run the command again.');
      }
    }
    const shown = firstYamlErrors(document.errors);
    // `yaml` puts a repeated key's error after the first key's value, which for `agreements:` with none is on
    // the wrong line: each repeat is found again here, at itself, with the line of the first.
    const repeats = shown.every((error) => error.code === 'DUPLICATE_KEY') ? findRepeatedKeys(document, toLocation) : [];
    const located = repeats.length === shown.length ? repeats : shown.map((error) => unclosedQuote(document, error, toLocation) ?? unclosedFlow(document, error, toLocation) ?? explainSlip(error, text, toLocation) ?? error);
    const problems: Problem[] = located.map((error) => {
      const location = 'location' in error ? error.location : toLocation(error.pos[0]);
      return { path: '', location, message: describeYamlError(ownWords(error), text, location, lineOffset) };
    });
    const language = looksLikeJson(text, file) ? 'JSON' : 'YAML';
    throw new ValidationError(`${file} is not valid ${language}`, problems, 'Fix the syntax at the line shown and run the command again.');
  }

  const unresolved = findUnresolvedAliases(document, toLocation);
  if (unresolved.length > 0) {
    throw new ValidationError(`${file} could not be read`, unresolved, 'Define the anchor (`&name`) before the alias that repeats it, or write the value out.');
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount });
  } catch (error) {
    const message = messageOf(error);
    const isAliasBomb = /alias/i.test(message);
    const location = (isAliasBomb && firstAliasLocation(document, toLocation)) || { file };
    throw new ValidationError(`${file} could not be read`, [
      { path: '', location, message: isAliasBomb ? 'uses too many aliases (the expanded document would be huge)' : message },
    ], isAliasBomb ? 'Write the values out instead of repeating aliases.' : undefined);
  }

  return {
    file,
    value,
    locate: (path) => locatePath(document, path, toLocation, file),
    written: (path) => {
      const node = nodeAt(document, path);
      return isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string' ? { text: node.source, value: node.value } : undefined;
    },
  };
}

/** The node at exactly `path`, or undefined when the file has nothing there. */
function nodeAt(document: Document, path: readonly (string | number)[]): unknown {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (isMap(node)) node = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment))?.value;
    else if (isSeq(node)) node = node.items[typeof segment === 'number' ? segment : Number(segment)];
    else return undefined;
  }
  return node;
}

/** `*name` with no `&name` before it: `yaml` would say so only for the first, with no position. */
function findUnresolvedAliases(document: Document, toLocation: (offset: number) => SourceLocation): Problem[] {
  const problems: Problem[] = [];
  visit(document, {
    Alias(_key, node) {
      if (node.resolve(document) === undefined) {
        problems.push({ path: '', location: rangeStart(node, toLocation), message: `the alias *${node.source} has no anchor &${node.source} before it` });
      }
    },
  });
  return problems;
}

/**
 * A quote never closed: `yaml` reports it where the file ends, under an
 * empty line, but what needs mending is where the quoted value starts.
 */
function unclosedQuote(document: Document, error: YAMLError, toLocation: (offset: number) => SourceLocation): { location: SourceLocation; message: string } | undefined {
  if (error.code !== 'MISSING_CHAR' || !/quote/.test(error.message)) return undefined;
  let start: number | undefined;
  visit(document, {
    Scalar(_key, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && node.range && node.range[0] < error.pos[0] && node.range[1] >= error.pos[0]) start = node.range[0];
    },
  });
  if (start === undefined) return undefined;
  const quote = error.message.includes('"quote') ? '"' : "'";
  return { location: toLocation(start), message: `the quoted value that starts here is never closed: add the closing ${quote} where it ends` };
}

/**
 * The commonest slips in a file typed by hand, which the parser can describe
 * only in its own terms ("Nested mappings are not allowed in compact
 * mappings"): a value with ": " in it (`fromSupervisor: Time: protected`),
 * read as another key; a line indented further than the key above it, read as
 * part of that key's value; a key with no space after its colon
 * (`template:one-to-one`). Said in words, at the place to mend; undefined for
 * anything else.
 */
function explainSlip(error: YAMLError, text: string, toLocation: (offset: number) => SourceLocation): Explained | undefined {
  const offset = error.pos[0];
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  const at: SlipLine = {
    offset,
    lineStart,
    lineEnd,
    line: text.slice(lineStart, lineEnd).replace(/\r$/, ''),
    // What follows on the line, without a comment at its end.
    rest: text.slice(offset, lineEnd).replace(/\r$/, '').replace(/\s+#.*$/, '').trim(),
  };
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') return explainValueReadAsKey(at, text, toLocation);
  if (error.code === 'BLOCK_IN_FLOW') return explainColonInFlow(at, toLocation);
  // A tab in the indent is said as that (describeYamlError): counted as one space, it would mislead here.
  if (error.code === 'BAD_INDENT' && error.message.startsWith('All mapping items must start at the same column') && !/^[ \t]*\t/.test(at.line)) {
    return explainKeyBetweenIndents(at, text, toLocation);
  }
  if (error.code === 'MULTILINE_IMPLICIT_KEY') return explainNoSpaceAfterColon(at, toLocation);
  return undefined;
}

type Explained = { location: SourceLocation; message: string };

/** The line a parser error is on: where it starts and ends, its text, and what follows the error on it. */
interface SlipLine {
  offset: number;
  lineStart: number;
  lineEnd: number;
  line: string;
  rest: string;
}

/** `fromSupervisor: Time: protected`, or a line indented further than the key above it: both read as more of that key's value. */
function explainValueReadAsKey({ offset, lineStart, lineEnd, line, rest }: SlipLine, text: string, toLocation: (offset: number) => SourceLocation): Explained | undefined {
  const key = /^[ \t]*(?:-[ \t]+)?([^\s:#][^:]*?):/.exec(line)?.[1];
  const inner = /^([^\s:]+):(\s|$)/.exec(rest)?.[1];
  if (/:(\s|$)/.test(rest)) {
    // `supervisee: name: Tom` is most often a nested answer written on one line; `fromSupervisor: Time: protected`, text.
    const nested = inner !== undefined && key !== undefined ? `if ${inner} is an answer inside ${key}, put it on a line of its own below, indented further than ${key}; if it is all one value, ` : '';
    return { location: toLocation(offset), message: `this value has ": " in it, which YAML reads as the start of another key: ${nested}put the whole value in quotes${quoteExample(rest)}` };
  }
  // `- template: x` then a line indented one space further than `template`: it continues the value, not the entry.
  const keyIndent = /^[ \t]*(?:-[ \t]+)?/.exec(line)![0].length;
  const next = nextContentLine(text, lineEnd);
  if (key !== undefined && next && next.indent > keyIndent && !/^[ \t]*\t/.test(line) && !next.tabbed) {
    return {
      location: toLocation(next.start + next.indent),
      message:
        `this line is ${indented(next.indent)}, but ${key}: above it (line ${toLocation(lineStart).line}) is ${indented(keyIndent)}: ` +
        `${keyIndent === 0 ? 'remove its indent' : `indent this one by ${keyIndent} as well`}, so that it is read as the next key, not as part of ${key}'s value`,
    };
  }
  return undefined;
}

/** Inside { }: a value with ": " in it, or two answers with no comma between them. */
function explainColonInFlow({ offset, rest }: SlipLine, toLocation: (offset: number) => SourceLocation): Explained | undefined {
  const item = /^[^,{}[\]]*/.exec(rest)![0].trim();
  if (!/:\s/.test(item)) return undefined;
  const twoAnswers = /^(.*\S)\s+([^\s:]+):\s/.exec(item);
  const message = twoAnswers
    ? `"${item}" has ": " in it: if it is two answers, put a comma between them (${twoAnswers[1]}, ${twoAnswers[2]}: …); if it is one value, put it in quotes${quoteExample(item)}`
    : `this value has ": " in it, which inside { } YAML reads as another key: put it in quotes${quoteExample(item)}`;
  return { location: toLocation(offset), message };
}

/** A key indented between two others: which it goes beside is for the user to say, so both are offered. */
function explainKeyBetweenIndents({ lineStart, line }: SlipLine, text: string, toLocation: (offset: number) => SourceLocation): Explained | undefined {
  const indent = keyColumn(line);
  let deeper: { line: number; indent: number; key: string } | undefined;
  let shallower: typeof deeper;
  const linesAbove = text.slice(0, lineStart).split('\n').slice(0, -1);
  const errorLine = toLocation(lineStart).line!;
  for (let index = linesAbove.length - 1; index >= 0 && !shallower; index -= 1) {
    const above = linesAbove[index]!.replace(/\r$/, '');
    const key = /^[ \t]*(?:-[ \t]+)?([^\s:#-][^:]*?):(\s|$)/.exec(above)?.[1];
    if (key === undefined) continue;
    const candidate = { line: errorLine - (linesAbove.length - index), indent: keyColumn(above), key };
    if (candidate.indent > indent) deeper ??= candidate;
    else if (candidate.indent < indent) shallower = candidate;
    else return undefined;
  }
  if (!deeper || !shallower) return undefined;
  return {
    location: toLocation(lineStart + indent),
    message:
      `this line is ${indented(indent)}, between ${deeper.key}: (line ${deeper.line}, ${indented(deeper.indent)}) and ${shallower.key}: (line ${shallower.line}, ${indented(shallower.indent)}): ` +
      `indent it by ${deeper.indent} to put it beside ${deeper.key}, or ${shallower.indent === 0 ? 'remove its indent' : `by ${shallower.indent}`} to put it beside ${shallower.key}`,
  };
}

/** `template:one-to-one`: a key with no space after its colon, read as one piece of text. */
function explainNoSpaceAfterColon({ offset, lineStart, line }: SlipLine, toLocation: (offset: number) => SourceLocation): Explained | undefined {
  const key = /^([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w.-]*):(\S.*)$/.exec(line);
  if (!key || lineStart + key[1]!.length !== offset) return undefined;
  return {
    location: toLocation(offset),
    message: `add a space after the colon (${key[2]}: ${key[3]!.trim()}): without one, YAML reads ${key[2]}:${key[3]!.trim()} as a single piece of text, not a key and its value`,
  };
}

/** "indented 3 spaces", "indented 1 space", "not indented". */
function indented(spaces: number): string {
  return spaces === 0 ? 'not indented' : `indented ${spaces} space${spaces === 1 ? '' : 's'}`;
}

/** Where a line's key starts: past its indent and, for a list item, its "- ". */
function keyColumn(line: string): number {
  return /^[ \t]*(?:-[ \t]+)?/.exec(line)![0].length;
}

/** The next line after `from` (a line end) that is not blank or only a comment: where it starts and how far it is indented. */
function nextContentLine(text: string, from: number): { start: number; indent: number; tabbed: boolean } | undefined {
  let start = from + 1;
  while (start < text.length) {
    const end = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start);
    const line = text.slice(start, end);
    if (!/^[ \t]*(#.*)?\r?$/.test(line)) return { start, indent: /^ */.exec(line)![0].length, tabbed: /^[ \t]*\t/.test(line) };
    start = end + 1;
  }
  return undefined;
}

/** ` ("Time: protected")`: a value as it would be written in quotes, when it is short enough to show whole. */
function quoteExample(value: string): string {
  if (value.length > 60) return '';
  if (!/["\\]/.test(value)) return ` ("${value}")`;
  if (!value.includes("'")) return ` ('${value}')`;
  return ` ("${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}")`;
}

/**
 * A `[` or `{` never closed: `yaml` reports it where the collection stops
 * (often an empty line at the end of the file) as "Flow sequence in block
 * collection must be sufficiently indented and end with a ]"; what needs
 * mending is the bracket that was opened.
 */
function unclosedFlow(document: Document, error: YAMLError, toLocation: (offset: number) => SourceLocation): { location: SourceLocation; message: string } | undefined {
  const kind = /^Flow (sequence|map) in block collection .*end with an? ([\]}])/.exec(error.message);
  if (error.code !== 'BAD_INDENT' || !kind) return undefined;
  let start: number | undefined;
  visit(document, {
    Collection(_key, node) {
      const matches = node.flow === true && (kind[1] === 'sequence' ? isSeq(node) : isMap(node));
      // The one left open ends where the error is; of several, the innermost.
      if (matches && node.range && node.range[1] === error.pos[0] && (start === undefined || node.range[0] > start)) start = node.range[0];
    },
  });
  if (start === undefined) return undefined;
  const close = kind[2]!;
  const open = close === ']' ? '[' : '{';
  return { location: toLocation(start), message: `the ${open} that opens here is never closed: add ${close} after its last ${close === ']' ? 'item' : 'answer'}` };
}

/** Each key given again in the same mapping, at the repeat, naming the line of the first. */
function findRepeatedKeys(document: Document, toLocation: (offset: number) => SourceLocation): { location: SourceLocation; message: string }[] {
  const repeats: { location: SourceLocation; message: string }[] = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Map<string, SourceLocation>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const name = String(pair.key.value);
        const at = toLocation(pair.key.range[0]);
        const first = seen.get(name);
        if (first) repeats.push({ location: at, message: `the key "${name}" is given twice (first at line ${first.line})` });
        else seen.set(name, at);
      }
    },
  });
  return repeats;
}

/**
 * The errors worth showing. After a syntax error the parser reads what
 * follows out of step, and one tab used as indentation becomes thirty
 * errors, all but the first about lines that are fine: only the first is
 * shown, and the next, if any, on the next run. Repeated keys alone leave
 * the rest of the file read as written, so each of those is real.
 */
function firstYamlErrors(errors: readonly YAMLError[]): YAMLError[] {
  if (errors.every((error) => error.code === 'DUPLICATE_KEY')) return [...errors];
  const first = errors.reduce((earliest, error) => (error.pos[0] < earliest.pos[0] ? error : earliest));
  return [first];
}

/**
 * The parser's message, or ours where its own speaks to a programmer: a second
 * `---` (two files joined, or an editor's end marker) is "Source contains
 * multiple documents; please use YAML.parseAllDocuments()".
 */
function ownWords(error: YAMLError | { message: string }): string {
  // The parser's own stack ran out on a file nested thousands of levels deep: not a syntax error the user could find.
  if (error.message.startsWith('Maximum call stack size exceeded')) return 'its lists or mappings are nested too deeply to read (hundreds of levels, one inside another); answers need a few levels at most';
  if (!('code' in error) || error.code !== 'MULTIPLE_DOCS') return error.message;
  return 'a second YAML document starts here, but the file must hold one: remove this `---` line (moving what follows it into the first document, or into a file of its own)';
}

function firstAliasLocation(document: Document, toLocation: (offset: number) => SourceLocation): SourceLocation | undefined {
  let found: SourceLocation | undefined;
  visit(document, {
    Alias(_key, node) {
      found = rangeStart(node, toLocation);
      return visit.BREAK;
    },
  });
  return found;
}

function describeYamlError(message: string, text: string, location: SourceLocation, lineOffset: number): string {
  const firstLine = message.split('\n')[0] ?? message;
  const cleaned = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  const line = lineAt(text, location, lineOffset);
  if (line === undefined || line.trim() === '') return cleaned;
  // A tab among the spaces that indent a line (an editor or a spreadsheet export mixing them) looks
  // like the right indent on screen, so the parser's own words leave the reader nothing to see.
  // Where the parser names the tab itself, it still does not say what to do.
  const tabbed = !/^[ \t]*\t/.test(line) ? '' : /tab/i.test(cleaned) ? ': indent this line with spaces only' : '; this line is indented with a tab: indent with spaces only';
  // A line of a list item indented a space short of the others reads, to the parser, as a new item without its "-".
  const unaligned = !tabbed && cleaned === 'Sequence item without - indicator' ? '; this line is not lined up with the one above it: indent it as far, or start it with "- " if it begins a new item' : '';
  // A non-breaking space (text pasted from a word processor or a web page) looks like a space, but is text to YAML.
  const oddSpace = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/u.exec(line);
  const kind = oddSpace && /[\u00A0\u202F]/u.test(oddSpace[0]) ? 'a non-breaking space' : 'a special space';
  const pasted = oddSpace ? `; this line has ${kind} (${describeSpace(oddSpace[0])}), as text pasted from a word processor or web page has, which YAML does not read as a space: retype its spaces` : '';
  return withExcerpt(`${cleaned}${tabbed}${unaligned}${pasted}`, text, location, lineOffset);
}

function describeSpace(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAt(text: string, location: SourceLocation, lineOffset: number): string | undefined {
  return location.line === undefined ? undefined : text.split(/\r?\n/)[location.line - lineOffset - 1];
}

/** A syntax error's message with its line shown under it and a caret at its column. */
function withExcerpt(message: string, text: string, location: SourceLocation, lineOffset: number): string {
  const line = lineAt(text, location, lineOffset);
  // A caret under an empty line (an error found at the end of the file) points at nothing.
  if (line === undefined || line.trim() === '') return message;
  const { shown, caretAt } = excerptAround(line, Math.max(0, (location.column ?? 1) - 1));
  return `${message}\n    ${shown}\n    ${' '.repeat(caretAt)}^`;
}

/** Characters of a line shown under a syntax error; a longer line (a pasted paragraph) is cut around the column. */
const maxShownLine = 100;

function excerptAround(line: string, column: number): { shown: string; caretAt: number } {
  if (line.length <= maxShownLine) return { shown: line, caretAt: column };
  const start = Math.max(0, Math.min(column - maxShownLine / 2, line.length - maxShownLine));
  const end = start + maxShownLine;
  const shown = `${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
  return { shown, caretAt: column - start + (start > 0 ? 1 : 0) };
}

function locatePath(
  document: Document,
  path: readonly (string | number)[],
  toLocation: (offset: number) => SourceLocation,
  file: string,
): SourceLocation {
  let node: unknown = document.contents;
  // A value that is not in the file at all (a missing answer) has no line to point at; the whole of an
  // empty file starts where it would have.
  let best: SourceLocation = path.length === 0 ? (rangeStart(node, toLocation) ?? toLocation(0)) : { file };
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index]!;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) {
        // A problem about a key with a dot in it (`supervisee.name: Tom`) has that dot in its path.
        const dotted = path.slice(index).join('.');
        const whole = node.items.find((item) => isScalar(item.key) && String(item.key.value) === dotted);
        return (whole && rangeStart(whole.key, toLocation)) ?? best;
      }
      best = rangeStart(pair.key, toLocation) ?? best;
      node = pair.value;
    } else if (isSeq(node)) {
      const position = typeof segment === 'number' ? segment : Number(segment);
      const item = Number.isInteger(position) ? node.items[position] : undefined;
      if (item === undefined) return best;
      best = rangeStart(item, toLocation) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function rangeStart(node: unknown, toLocation: (offset: number) => SourceLocation): SourceLocation | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? toLocation(range[0]) : undefined;
}

/** Adds file positions to problems that carry only a dotted path. */
export function locateProblems(
  source: YamlSource,
  problems: readonly Problem[],
  basePath: readonly (string | number)[] = [],
): Problem[] {
  return problems.map((problem) => ({
    ...problem,
    location: problem.location ?? source.locate(problemPath(problem, basePath)),
  }));
}

/** A problem's dotted path as the segments locate and written take. */
export function problemPath(problem: Problem, basePath: readonly (string | number)[] = []): (string | number)[] {
  return [...basePath, ...(problem.path ? problem.path.split('.') : [])].map(toSegment);
}

function toSegment(part: string | number): string | number {
  return typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part;
}
