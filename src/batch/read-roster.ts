import { basename } from 'node:path';
import { ValidationError, type SourceLocation } from '../errors.js';
import { parseYamlSource, type WrittenValue, type YamlSource } from '../io/yaml-source.js';
import { isPlainObject } from '../packs/object-paths.js';

/**
 * A roster, read so that its entries can be parsed one at a time. A YAML
 * document with positions costs about a hundred times its size in memory; a
 * ten-thousand-entry roster parsed whole would take more than the whole
 * batch is allowed. So the usual layout (a block list under a top-level
 * `agreements:` key) is cut at its entries' `- ` lines and each entry is
 * parsed on its own when it is planned, keeping its true lines and columns:
 * first quickly, without positions, and again with them only if a problem
 * must be located (fast-yaml.ts). Anything else (JSON, a flow list, anchors
 * and aliases, several documents) is parsed whole, which is exact for every
 * layout.
 */

export interface RosterItem {
  value: unknown;
  /** Locates a path inside the entry (without the `agreements.N` prefix). */
  locate(path: readonly (string | number)[]): SourceLocation;
  /** A plain value inside the entry as written (YamlSource.written). */
  written(path: readonly (string | number)[]): WrittenValue | undefined;
}

export interface RosterSource {
  file: string;
  /** The SHA-256 of the roster's bytes as read (readInput), for the manifest; unknown for a roster given as text. */
  sha256: string | undefined;
  /** The roster as manifest.json names it: its file name, unless the command found a truer one (nameRosterForManifest). */
  recordedName: string;
  /** The roster's top level, parsed when first asked for. When the entries were cut out, `agreements` in it is null. */
  readonly top: YamlSource;
  /** Where the entries were cut, when they were; a planning thread given it need not find them again. */
  split: SplitEntries | undefined;
  /** The entries, when `agreements` is a list; read one at a time. */
  entries: { count: number; read(index: number): RosterItem } | undefined;
  /** Locates any path of the roster, entries included. */
  locate(path: readonly (string | number)[]): SourceLocation;
  /** A plain value anywhere in the roster as written (YamlSource.written). */
  written(path: readonly (string | number)[]): WrittenValue | undefined;
}

/**
 * `split`: false parses the roster whole; a SplitEntries found before (by another thread) is used as it is.
 * `sha256`: the hash of the bytes `text` was read from, when it was read from a file.
 * `recordedName`: the name manifest.json gives it, when not the last part of `file`.
 */
export function parseRoster(text: string, file: string, options: { split?: boolean | SplitEntries; sha256?: string; recordedName?: string } = {}): RosterSource {
  // A spreadsheet saved as CSV is no roster, but reads as YAML of a kind: a syntax error at a comma, or one long string.
  if (/\.(csv|tsv)$/i.test(file)) {
    throw new ValidationError(
      `The roster ${file} is a spreadsheet saved as ${file.slice(-3).toUpperCase()}, not a roster`,
      [{ path: '', location: { file, line: 1, column: 1 }, message: 'a roster is a YAML (or JSON) file listing the agreements under `agreements:`: one entry per row of the sheet, each answer under its field\'s name' }],
      'Write the rows out as YAML (see `examples/roster.yaml`, and `supervise templates show TEMPLATE` for the field names); nothing was written.',
    );
  }
  const split = typeof options.split === 'object' ? options.split : options.split === false ? undefined : splitEntries(text);
  const recordedName = options.recordedName ?? basename(file);
  if (!split) return wholeRoster(parseYamlSource(text, file), options.sha256, recordedName);

  // Windows line ends (CRLF) are cut off with the line: a slice that ended in a lone CR
  // would not parse. Lines and columns stay the same, and YAML reads both ends alike.
  const lines = text.split(/\r?\n/);
  // The top level keeps its line numbers: the entries' lines are left empty. A planning thread
  // handed the defaults needs it only to point at a default with a problem, so it is parsed then.
  let top: YamlSource | undefined;
  const parseTop = (): YamlSource =>
    (top ??= parseYamlSource(lines.map((line, index) => (index >= split.firstLine && index < split.endLine ? '' : line)).join('\n'), file));
  const read = (index: number): RosterItem => {
    const start = split.starts[index]!;
    const end = split.starts[index + 1] ?? split.endLine;
    // Read quickly, and with positions only when something must be pointed at (yaml-source.ts).
    const source = parseYamlSource(lines.slice(start, end).join('\n'), file, { firstLine: start + 1 });
    return {
      value: Array.isArray(source.value) ? source.value[0] : undefined,
      locate: (path) => (path.length === 0 && entryStart(lines[start]!, start, file)) || source.locate([0, ...path]),
      written: (path) => source.written([0, ...path]),
    };
  };
  const locate = (path: readonly (string | number)[]): SourceLocation => {
    const [first, second, ...rest] = path;
    if (first === 'agreements' && typeof second === 'number' && second < split.starts.length) return read(second).locate(rest);
    if (first === 'agreements' && path.length === 1) return parseTop().locate(['agreements']);
    return parseTop().locate(path);
  };
  const written = (path: readonly (string | number)[]): WrittenValue | undefined => {
    const [first, second, ...rest] = path;
    if (first === 'agreements' && typeof second === 'number' && second < split.starts.length) return read(second).written(rest);
    return parseTop().written(path);
  };
  return {
    file,
    sha256: options.sha256,
    recordedName,
    get top() {
      return parseTop();
    },
    split,
    entries: { count: split.starts.length, read },
    locate,
    written,
  };
}

function wholeRoster(source: YamlSource, sha256: string | undefined, recordedName: string): RosterSource {
  const agreements = isPlainObject(source.value) ? source.value.agreements : undefined;
  return {
    file: source.file,
    sha256,
    recordedName,
    top: source,
    split: undefined,
    entries: Array.isArray(agreements)
      ? {
          count: agreements.length,
          read: (index) => ({
            value: agreements[index],
            locate: (path) => source.locate(['agreements', index, ...path]),
            written: (path) => source.written(['agreements', index, ...path]),
          }),
        }
      : undefined,
    locate: (path) => source.locate(path),
    written: (path) => source.written(path),
  };
}

/**
 * Where an entry's value starts, as `yaml` would place it, when its `- ` line
 * says so without parsing: the first character after the dash. Every entry's
 * location is recorded, so this spares a second reading of every entry.
 */
function entryStart(line: string, lineIndex: number, file: string): SourceLocation | undefined {
  const match = /^([ \t]*-[ \t]+)[^\s#]/.exec(line);
  return match ? { file, line: lineIndex + 1, column: match[1]!.length + 1 } : undefined;
}

export interface SplitEntries {
  /** 0-based line index where the list's region starts (just after `agreements:`). */
  firstLine: number;
  /** 0-based line index just past the region. */
  endLine: number;
  /** 0-based line index of each entry's `- ` line. */
  starts: number[];
}

const agreementsKeyLine = /^agreements[ \t]*:[ \t]*(#.*)?\r?$/;
const blankOrComment = /^[ \t]*(#.*)?\r?$/;
/** Anchors, aliases, tags, directives and document markers tie entries together or change how they read: parse whole. */
const needsWholeParse = /(^|[\s[{,:-])[&*!][^\s,[\]{}]|^%|^(---|\.\.\.)(\s|$)|\t/m;

/**
 * Finds each entry of a block list under a top-level `agreements:`. Returns
 * undefined, meaning "parse it whole", whenever the layout is not that
 * plain one: cutting must never change what the roster means.
 */
export function splitEntries(text: string): SplitEntries | undefined {
  if (needsWholeParse.test(text)) return undefined;
  const lines = text.split('\n');
  const keyLines = lines.flatMap((line, index) => (agreementsKeyLine.test(line) ? [index] : []));
  if (keyLines.length !== 1) return undefined;
  const firstLine = keyLines[0]! + 1;

  let indent: number | undefined;
  const starts: number[] = [];
  let endLine = lines.length;
  for (let index = firstLine; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (blankOrComment.test(line)) continue;
    const lineIndent = line.length - line.trimStart().length;
    const isItem = /^-( |\r?$)/.test(line.slice(lineIndent));
    if (indent === undefined) {
      if (!isItem) return undefined;
      indent = lineIndent;
    }
    if (lineIndent === indent && isItem) starts.push(index);
    else if (lineIndent === 0) {
      endLine = index;
      break;
    } else if (lineIndent <= indent) {
      // Neither an entry nor a top-level key (spreadsheet rows pasted under the last entry, say): cut off here,
      // it would be left out of the entries and read as no part of the roster. The whole parse says what it is.
      return undefined;
    }
  }
  if (starts.length === 0) return undefined;
  // Comments and blank lines after the last entry belong to the top level, not to it.
  while (endLine > starts[starts.length - 1]! + 1 && blankOrComment.test(lines[endLine - 1]!)) endLine -= 1;
  return { firstLine, endLine, starts };
}
