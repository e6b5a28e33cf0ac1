import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Problem } from '../errors.js';
import { isPlainObject } from '../packs/object-paths.js';

/**
 * Which characters the PDF can print, known before any PDF is laid out. The
 * embedded font covers Latin, Greek and Cyrillic but not, say, Chinese or
 * Arabic; the PDF renderer refuses such an answer, but only when it gets to
 * it. The build writes the characters every face of the font can draw to
 * `printable-characters.json` (scripts/write-printable-characters.mjs), so
 * planning a batch (a dry run too) and `supervise new` can refuse them with
 * the line they came from, without loading the font.
 */

export const printableCharactersUrl = new URL('./pdf/printable-characters.json', import.meta.url);

/** Code points drawable in every face, as sorted, inclusive ranges: [first, last, first, last, …]. */
export interface PrintableCharacters {
  fontVersion: string;
  ranges: number[];
}

const require = createRequire(import.meta.url);

/** The installed DejaVu fonts' version: the table holds only for the font it was made from. */
export function installedFontVersion(): string | undefined {
  try {
    const packageJson = JSON.parse(readFileSync(require.resolve('dejavu-fonts-ttf/package.json'), 'utf8')) as { version?: unknown };
    return typeof packageJson.version === 'string' ? packageJson.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The table, or undefined when there is none for the installed font (the
 * sources run without a build): the PDF renderer's own check still holds.
 */
export function loadPrintableCharacters(): PrintableCharacters | undefined {
  try {
    const table = JSON.parse(readFileSync(printableCharactersUrl, 'utf8')) as Partial<PrintableCharacters>;
    if (typeof table.fontVersion !== 'string' || !Array.isArray(table.ranges) || table.fontVersion !== installedFontVersion()) return undefined;
    return { fontVersion: table.fontVersion, ranges: table.ranges };
  } catch {
    return undefined;
  }
}

/** Turns a sorted list of code points into ranges. */
export function toRanges(codePoints: readonly number[]): number[] {
  const ranges: number[] = [];
  for (const codePoint of codePoints) {
    if (ranges.length > 0 && ranges[ranges.length - 1] === codePoint - 1) ranges[ranges.length - 1] = codePoint;
    else ranges.push(codePoint, codePoint);
  }
  return ranges;
}

function isPrintable(table: PrintableCharacters, codePoint: number): boolean {
  // Binary search over the ranges' pairs.
  let low = 0;
  let high = table.ranges.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < table.ranges[2 * middle]!) high = middle - 1;
    else if (codePoint > table.ranges[2 * middle + 1]!) low = middle + 1;
    else return true;
  }
  return false;
}

/** Characters of `text` the table says the PDF cannot print, each once, in order. */
export function findUnprintableCharacters(table: PrintableCharacters, text: string): string[] {
  const found = new Set<string>();
  for (const character of text) {
    // Plain ASCII is always printable: most answers are checked without a search.
    const codePoint = character.codePointAt(0)!;
    if ((codePoint >= 0x20 && codePoint < 0x7f) || found.has(character)) continue;
    if (!isPrintable(table, codePoint)) found.add(character);
  }
  return [...found];
}

/**
 * One problem per answer holding characters the PDF cannot print, by the
 * answer's path. `findUnprintable` is the table's (planning) or the font's
 * own (the renderer): both say it the same way. Each message ends with what
 * to do on the command line, unless `advise` is false: an interview says
 * what to do there once, in its own words.
 */
export function findUnprintableAnswers(answers: unknown, findUnprintable: (text: string) => string[], advise = true): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const missing = findUnprintable(value);
      if (missing.length > 0) problems.push({ path, message: `${describeUnprintable(missing)}${advise ? '; use --format md or change the text' : ''}` });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}.${index}`));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
    }
  };
  visit(answers, '');
  return problems;
}

/** `contains "李" (U+674E), which the PDF font cannot print`, with right-to-left characters given their own reason. */
function describeUnprintable(characters: readonly string[]): string {
  const list = (some: readonly string[]): string =>
    some.map((character) => `"${character}" (U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
  const rightToLeft = characters.filter((character) => isRightToLeft(character.codePointAt(0) ?? 0));
  const lacking = characters.filter((character) => !rightToLeft.includes(character));
  const reasons = [
    ...(lacking.length > 0 ? [`${list(lacking)}, which the PDF font cannot print`] : []),
    ...(rightToLeft.length > 0 ? [`${list(rightToLeft)}, written right to left, which the PDF's layout cannot order`] : []),
  ];
  return `contains ${reasons.join(', and ')}`;
}

/**
 * Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest
 * of U+0590–U+08FF, and their presentation forms): the PDF layout writes
 * every line left to right, so even where the font has the glyphs the words
 * would print in the wrong order.
 */
export function isRightToLeft(codePoint: number): boolean {
  return (codePoint >= 0x0590 && codePoint <= 0x08ff) || (codePoint >= 0xfb1d && codePoint <= 0xfdff) || (codePoint >= 0xfe70 && codePoint <= 0xfeff);
}
