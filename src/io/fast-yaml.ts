import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

/**
 * A quick first reading of plain YAML: roster entries, a roster's top level,
 * packs' manifests, answers files (yaml-source.ts). The `yaml` package keeps
 * each node's position so a problem can be shown at its line; that costs it
 * ~0.5 s to read the entries of a 1,000-entry roster from cold, a third of a
 * Markdown batch. js-yaml reads them in ~40 ms but knows no positions. So
 * text is read here, and read again with `yaml` only when there is a
 * problem to point at, or when js-yaml refuses it (then `yaml`'s reading,
 * and its message, stand).
 *
 * Both must read the same text to the same value. js-yaml's own core schema
 * differs from `yaml`'s at the edges (`0b101` is 5 to it, `+.5` a string),
 * so the plain scalars here are resolved by `yaml`'s own patterns: those of
 * YAML 1.2's core schema (node_modules/yaml/dist/schema/core). And js-yaml
 * forgives some text `yaml` refuses, such as a quoted value or a `[ ]` list
 * continued on a line indented too little, or reads it otherwise (`? key`,
 * a list as a key, a `null` key, the `!` tag). So only text made of the
 * constructs both read alike is read here, judged line by line (isPlainYaml);
 * anything else goes to `yaml`. The fast-yaml test compares the two
 * readings on tricky scalars and on generated texts, and found each of
 * those cases.
 */

/** YAML 1.2 core schema's patterns, as `yaml` resolves plain scalars (node_modules/yaml/dist/schema/core). */
const nullPattern = /^(?:~|[Nn]ull|NULL)?$/;
const boolPattern = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const intPattern = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const floatPatterns = [
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (text: string) => nullPattern.test(text),
  construct: () => null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (text: string) => boolPattern.test(text),
  construct: (text: string) => text[0] === 't' || text[0] === 'T',
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (text: string) => intPattern.test(text),
  construct: (text: string) =>
    text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10),
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (text: string) => floatPatterns.some((pattern) => pattern.test(text)),
  construct: (text: string) =>
    text.slice(-3).toLowerCase() === 'nan' ? NaN : text.slice(-3).toLowerCase() === 'inf' ? (text[0] === '-' ? -Infinity : Infinity) : parseFloat(text),
});

const coreSchema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

/** Whether a plain scalar is read as text, not as null, a boolean or a number. */
function isPlainText(scalar: string): boolean {
  // Nothing else can start a null, a boolean or a number: most keys are settled here.
  if (!'~nNtTfF.+-0123456789'.includes(scalar[0] ?? '~')) return true;
  return !nullPattern.test(scalar) && !boolPattern.test(scalar) && !intPattern.test(scalar) && !floatPatterns.some((pattern) => pattern.test(scalar));
}

/**
 * Whether every line that steps back to the left lands on a level opened
 * above it, and a `- ` item only where a list is, as YAML requires. js-yaml
 * lets an item stray between two levels, or start a list among a mapping's
 * keys; `yaml` calls both errors. A line opens its own level and, after each
 * `- `, the level of what follows the dash. A list written at its key's
 * own indentation (`key:`, then `- item` lines straight under the key) is
 * left to `yaml`.
 */
function indentsLandOnLevels(text: string): boolean {
  const levels: { indent: number; list: boolean }[] = [];
  for (const line of text.split('\n')) {
    const [, spaces, dashes, first] = /^( *)((?:-(?: +|$))*)(.?)/.exec(line)!;
    const indent = spaces!.length;
    // A comment left of the entry's own dash ends the list for `yaml`, but not for js-yaml.
    if (dashes === '' && first === '#' && levels.length > 0 && indent < levels[0]!.indent) return false;
    const items = dashes!.match(/-(?: +|$)/g) ?? [];
    if (dashes === '' && (first === '' || first === '#')) continue;
    const list = dashes !== '';
    if (levels.length === 0 || indent > levels[levels.length - 1]!.indent) {
      levels.push({ indent, list });
    } else {
      while (levels.length > 0 && levels[levels.length - 1]!.indent > indent) levels.pop();
      const level = levels[levels.length - 1];
      if (level === undefined || level.indent !== indent || level.list !== list) return false;
    }
    let column = indent;
    items.forEach((dash, index) => {
      column += dash.length;
      levels.push({ indent: column, list: index < items.length - 1 });
    });
  }
  return true;
}

/**
 * A one-line quoted scalar. Escapes are left to the parsers, which both
 * follow YAML 1.2 (an escape js-yaml refuses sends the text to `yaml`).
 */
const quotedScalar = /"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/y;
/**
 * A plain scalar's first character: not an indicator, though `-` may start a
 * number. Then, in block context, anything as far as a comment (` #`, after
 * which lineEnd checks it); in `[ ]` and `{ }`, anything but brackets,
 * commas, colons and `#`, which are left to `yaml` there; in a key, anything
 * but those and quotes. Trailing spaces are not part of the scalar, and a
 * value holding `: ` (a second key) or ending in `:` is left to `yaml`.
 */
const plainStart = /[^ \-?:,[\]{}#&*!|>'"%@`]|-[0-9.]/y;
const flowPlainRest = /[^,[\]{}:#\n]*/y;
const plainKeyRest = /[^:#,[\]{}'"\n]*/y;
/** Block text's header: `|` or `>`, with the `-` that strips the last line break. Kept lines (`+`) and an indentation indicator are left to `yaml`. */
const blockScalarHeader = /[|>]-?/y;
/** After a value: spaces, and a comment with a space on either side of its `#`. */
const lineEnd = /(?: +#(?:\s.*)?| *)$/y;
const lineStart = /( *)((?:-(?: +|$))*)/y;
/**
 * Characters YAML does not allow, a carriage return left inside a line (a
 * line break to js-yaml, not always to `yaml`), a byte order mark, and white
 * space other than the space and the line break (tabs; a no-break space is
 * text to YAML, but not to every reader): left to `yaml`, so the space is the
 * only white here, indentation included.
 */
const unusualCharacter = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\ufffe\uffff]/;
/** YAML caps an implicit key at 1,024 characters; js-yaml does not. */
const maxKeyLength = 1000;
const maxFlowDepth = 16;

/** Where a sticky pattern's match at `start` ends, or -1 if it does not match there. */
function matchAt(pattern: RegExp, line: string, start: number): number {
  pattern.lastIndex = start;
  return pattern.test(line) ? pattern.lastIndex : -1;
}

function skipSpaces(line: string, index: number): number {
  while (line[index] === ' ') index += 1;
  return index;
}

/** A plain scalar at `start`, its characters after the first matching `rest`: where it ends, trailing spaces left out, or -1. */
function readPlain(line: string, start: number, rest: RegExp): number {
  let end = matchAt(plainStart, line, start);
  if (end < 0) return -1;
  end = matchAt(rest, line, end);
  while (line[end - 1] === ' ') end -= 1;
  return end;
}

/** A block value's plain scalar, as far as a comment: where it ends, or -1 if it holds `: ` or ends with `:`. */
function readBlockPlain(line: string, start: number): number {
  if (matchAt(plainStart, line, start) < 0) return -1;
  const comment = line.indexOf(' #', start);
  let end = comment < 0 ? line.length : comment;
  while (line[end - 1] === ' ') end -= 1;
  if (line[end - 1] === ':') return -1;
  const secondKey = line.indexOf(': ', start);
  return secondKey >= 0 && secondKey < end ? -1 : end;
}

/**
 * A mapping key at `start`, then its `:`: where the value may start, or -1.
 * With `adjacentAllowed` (inside `{ }`), a quoted key's value may follow the
 * `:` with no space between, as in JSON.
 */
function readKey(line: string, start: number, adjacentAllowed: boolean): number {
  const first = line[start];
  let end: number;
  if (first === '"' || first === "'") {
    end = matchAt(quotedScalar, line, start);
    if (end < 0 || line[end] !== ':') return -1;
    const next = line[end + 1];
    if (!(next === undefined || next === ' ' || (adjacentAllowed && (next === '"' || next === "'" || next === '[' || next === '{')))) return -1;
  } else {
    // `<<` too is left to `yaml`: a merge key to some readers.
    end = first === '-' || first === '<' ? -1 : readPlain(line, start, plainKeyRest);
    if (end < 0 || line[end] !== ':' || !isPlainText(line.slice(start, end))) return -1;
    const next = line[end + 1];
    if (next !== undefined && next !== ' ') return -1;
  }
  return end - start > maxKeyLength ? -1 : end + 1;
}

/** A `[ ]` or `{ }` collection at `start`, on one line: where it ends, or -1. */
function readFlowCollection(line: string, start: number, depth: number): number {
  if (depth > maxFlowDepth) return -1;
  const isMapping = line[start] === '{';
  const close = isMapping ? '}' : ']';
  let index = skipSpaces(line, start + 1);
  if (line[index] === close) return index + 1;
  for (;;) {
    if (isMapping) {
      index = readKey(line, index, true);
      if (index < 0) return -1;
      index = skipSpaces(line, index);
    }
    index = readFlowValue(line, index, depth);
    if (index < 0) return -1;
    index = skipSpaces(line, index);
    if (line[index] === close) return index + 1;
    if (line[index] !== ',') return -1;
    index = skipSpaces(line, index + 1);
    // A trailing comma, or an empty entry: left to `yaml`.
    if (line[index] === close || line[index] === ',') return -1;
  }
}

function readFlowValue(line: string, start: number, depth: number): number {
  const first = line[start];
  if (first === '[' || first === '{') return readFlowCollection(line, start, depth + 1);
  if (first === '"' || first === "'") return matchAt(quotedScalar, line, start);
  return readPlain(line, start, flowPlainRest);
}

/**
 * Whether the text uses only what js-yaml and `yaml` read alike (see
 * above), judged line by line: each is blank, a comment, block text, or
 * `- ` items, a key and a value on one line, the value plain, quoted or a
 * `[ ]` or `{ }` collection closed on the same line. Anything else (a value
 * continued on the next line, anchors, tags, `? key`, documents) is left to
 * `yaml`; so is what either parser forgives that the other does not, each
 * case of which generated texts found (fast-yaml.test.ts).
 */
function isPlainYaml(text: string): boolean {
  if (unusualCharacter.test(text) || !indentsLandOnLevels(text)) return false;
  // Block text and a line of spaces alone: the two read the spaces differently.
  const hasLineOfSpaces = /^ +$/m.test(text);
  /** While in block text: the indentation of its key, and of its first line. */
  let block: { keyIndent: number; textIndent?: number } | undefined;
  for (const line of text.split('\n')) {
    // A line this long could hold a key whose `:` is past YAML's cap.
    if (line.length > maxKeyLength) return false;
    lineStart.lastIndex = 0;
    const [, spaces, dashes] = lineStart.exec(line)!;
    const indent = spaces!.length;
    if (block) {
      if (line === '') continue;
      if (indent > block.keyIndent) {
        block.textIndent ??= indent;
        // A line indented less than the block's first, but more than its key: left to `yaml`.
        if (indent < block.textIndent) return false;
        continue;
      }
      block = undefined;
    }
    let index = indent + dashes!.length;
    // An empty item (`-` with nothing after it on its line): js-yaml takes an outer list's next item into its list.
    if (dashes !== '' && (index === line.length || line[index] === '#')) return false;
    if (index === line.length) continue;
    if (line[index] === '#') {
      if (!/^#(?:\s|$)/.test(line.slice(index))) return false;
      continue;
    }
    const keyIndent = index;
    const valueStart = readKey(line, index, false);
    // Not a key: the value of a `- ` item, or else a value continued from the line before.
    if (valueStart < 0 && dashes === '') return false;
    index = valueStart < 0 ? index : skipSpaces(line, valueStart);
    const first = line[index];
    if (first === undefined || first === '#') {
      // No value on this line; a comment is checked from the spaces before it.
      index = valueStart;
    } else if (first === '|' || first === '>') {
      if (valueStart < 0 || hasLineOfSpaces) return false;
      index = matchAt(blockScalarHeader, line, index);
      block = { keyIndent };
    } else if (first === '[' || first === '{') {
      index = readFlowCollection(line, index, 0);
    } else if (first === '"' || first === "'") {
      index = matchAt(quotedScalar, line, index);
    } else {
      index = readBlockPlain(line, index);
    }
    if (index < 0 || matchAt(lineEnd, line, index) < 0) return false;
  }
  return true;
}

/**
 * The text's value, or undefined when it is not read here: js-yaml refuses
 * it, or it is not plain enough (the caller then asks `yaml`, which also
 * gives the message for an error).
 */
export function readYamlFast(text: string): { value: unknown } | undefined {
  if (!isPlainYaml(text)) return undefined;
  try {
    const value = load(text, { schema: coreSchema });
    // An empty document is null to `yaml`, undefined to js-yaml.
    return { value: value === undefined ? null : value };
  } catch {
    return undefined;
  }
}
