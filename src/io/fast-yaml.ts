import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { CST, Lexer } from 'yaml';

/**
 * A quick first reading of plain YAML, for the roster's entries. The `yaml`
 * package, which reads every other file, keeps each node's position so a
 * problem can be shown at its line; that costs it ~0.5 s to read the
 * entries of a 1,000-entry roster from cold, a third of a Markdown batch.
 * js-yaml reads them in ~40 ms but knows no positions. So an entry is read
 * here, and read again with `yaml` only when there is a problem to point at,
 * or when js-yaml refuses it (then `yaml`'s reading, and its message, stand).
 *
 * Both must read the same text to the same value. js-yaml's own core schema
 * differs from `yaml`'s at the edges (`0b101` is 5 to it, `+.5` a string),
 * so the plain scalars here are resolved by `yaml`'s own patterns: those of
 * YAML 1.2's core schema (node_modules/yaml/dist/schema/core). And js-yaml
 * forgives some text `yaml` refuses, such as a quoted value or a `[ ]` list
 * continued on a line indented too little, or reads it otherwise (`? key`,
 * a list as a key, a `null` key, the `!` tag). So only text made of the
 * constructs both read alike is read here, judged by `yaml`'s own lexer,
 * which costs a tenth of its parse; anything else goes to `yaml`. The
 * fast-yaml test compares the two readings on tricky scalars and on
 * generated entries, and found each of those cases.
 */

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:~|[Nn]ull|NULL)?$/.test(text),
  construct: () => null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text),
  construct: (text: string) => text[0] === 't' || text[0] === 'T',
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (text: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(text),
  construct: (text: string) =>
    text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10),
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (text: string) =>
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text) ||
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text) ||
    /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text),
  construct: (text: string) =>
    text.slice(-3).toLowerCase() === 'nan' ? NaN : text.slice(-3).toLowerCase() === 'inf' ? (text[0] === '-' ? -Infinity : Infinity) : parseFloat(text),
});

const coreSchema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

/** Anchors, aliases, tags, `? key`, directives and document markers: left to `yaml`. */
const leftToYaml = new Set(['byte-order-mark', 'doc-start', 'doc-end', 'directive-line', 'anchor', 'alias', 'tag', 'explicit-key-ind', 'flow-error-end']);
const oneLineQuoted = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')$/;
const nullScalar = /^(?:~|[Nn]ull|NULL)$/;

/**
 * Whether every line that steps back to the left lands on a level opened
 * above it, and a `- ` item only where a list is, as YAML requires. js-yaml
 * lets an item stray between two levels, or start a list among a mapping's
 * keys; `yaml` calls both errors. A line opens its own level and, after each
 * `- `, the level of what follows the dash. A list written at its key's
 * own indentation (`key:`, then `- item` lines straight under the k) is
 * left to `yaml`.
 */
function indentsLandOnLevels(text: string): boolean {
  const levels: { indent: number; list: boolean }[] = [];
  for (const line of text.split('\n')) {
    // Indented by something other than spaces (a no-break space, an ideographic space): left to `yaml`.
    if (/^ *[^\S ]/.test(line)) return false;
    const [, spaces, dashes, first] = /^( *)((?:-(?: +|$))*)(.?)/.exec(line)!;
    const indent = spaces!.length;
    // A comment left of the entry's own dash ends the list for `yaml`, but not for js-yaml.
    if (dashes === '' && first === '#' && levels.length > 0 && indent < levels[0]!.indent) return false;
    // An empty item in an item (`- -`): js-yaml takes the next item into the inner list.
    const items = dashes!.match(/-(?: +|$)/g) ?? [];
    if (items.length > 1 && (first === '' || first === '#')) return false;
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

/** Whether the text uses only what js-yaml and `yaml` read alike (see above). */
function isPlainYaml(text: string): boolean {
  // A carriage return left inside a line is a line break to js-yaml, not always to `yaml`.
  if (text.includes('\t') || text.includes('\r') || !indentsLandOnLevels(text)) return false;
  // YAML caps how far a key's `:` may be from the key's start; js-yaml does not.
  if (text.split('\n').some((line) => line.length > 1000)) return false;
  let flowDepth = 0;
  // The last token that was not a space, and the source of the last scalar.
  let last: string | null = 'newline';
  let lastScalar = '';
  let lastRaw: string | null = 'newline';
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // `yaml` wants a space before a comment; js-yaml lets `"x"#` pass. And `#TODO` between a key
    // and its value on the next line is an error to `yaml` where `# TODO` is not.
    if (type === 'comment' && ((lastRaw !== 'space' && lastRaw !== 'newline') || /^#[^\s]/.test(token))) return false;
    lastRaw = type;
    if (type === 'space' || type === 'comment' || type === 'scalar' || type === 'doc-mode') continue;
    if (type !== null && leftToYaml.has(type)) return false;
    // Block text whose lines of spaces are read differently: kept trailing lines (`|+`), an
    // indentation indicator (`|2`), or any line of spaces alone among the block's lines.
    if (type === 'block-scalar-header' && (/[+0-9]/.test(token) || /^ +$/m.test(text))) return false;
    if (type === 'single-quoted-scalar' || type === 'double-quoted-scalar') {
      if (!oneLineQuoted.test(token)) return false;
      lastScalar = token;
    } else if (type === 'flow-map-start' || type === 'flow-seq-start') {
      flowDepth += 1;
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flowDepth -= 1;
    } else if (type === 'newline') {
      if (flowDepth !== 0) return false;
    } else if (type === 'map-value-ind') {
      // A key that is a list or mapping, empty, or null: each is made a different string.
      const keyless = last === 'newline' || last === 'seq-item-ind' || last === 'comma' || last === 'flow-map-start' || last === 'flow-seq-start';
      if (keyless || last === 'flow-map-end' || last === 'flow-seq-end' || (last === null && nullScalar.test(lastScalar))) return false;
      // YAML caps an implicit key at 1,024 characters; js-yaml does not.
      if (lastScalar.length > 1000) return false;
    } else if (type === null) {
      lastScalar = token;
    }
    last = type;
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
    return { value: load(text, { schema: coreSchema }) };
  } catch {
    return undefined;
  }
}
