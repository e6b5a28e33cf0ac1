import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findUnprintableAnswers, findUnprintableCharacters, toRanges, type PrintableCharacters } from '../../src/render/printable-characters.js';

/** The table the build writes, and the renderer's own check, from the built modules. */
const built = (path: string): string => fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));

describe('printable characters', () => {
  it('finds, each once, the characters outside the ranges; ASCII is always printable', () => {
    const table: PrintableCharacters = { fontVersion: 'test', ranges: toRanges([0x09, 0x0a, 0xe9, 0x141, 0x142, 0x143]) };
    expect(table.ranges).toEqual([0x09, 0x0a, 0xe9, 0xe9, 0x141, 0x143]);
    expect(findUnprintableCharacters(table, 'Łukasz Wałęsa café, Łódź')).toEqual(['ę', 'ó', 'ź']);
    expect(findUnprintableAnswers({ members: [{ name: 'Ana' }, { name: 'Żaneta' }] }, (text) => findUnprintableCharacters(table, text))).toEqual([
      { path: 'members.1.name', message: 'contains "Ż" (U+017B), which the PDF font cannot print; use --format md or change the text' },
    ]);
  });

  it('gives right-to-left characters their own reason: the layout, not the font, cannot print them', () => {
    const table: PrintableCharacters = { fontVersion: 'test', ranges: toRanges([0x09, 0x0a]) };
    const problems = (text: string) => findUnprintableAnswers({ name: text }, (answer) => findUnprintableCharacters(table, answer)).map((problem) => problem.message);
    expect(problems('שם')).toEqual(['contains "ש" (U+05E9), "ם" (U+05DD), written right to left, which the PDF\'s layout cannot order; use --format md or change the text']);
    expect(problems('李 سم')).toEqual([
      'contains "李" (U+674E), which the PDF font cannot print, and "س" (U+0633), "م" (U+0645), written right to left, which the PDF\'s layout cannot order; use --format md or change the text',
    ]);
  });

  it.skipIf(!existsSync(built('render/pdf/printable-characters.json')))('says what the PDF renderer says, for every character up to U+FFFF', async () => {
    const { loadPrintableCharacters } = (await import(built('render/printable-characters.js'))) as typeof import('../../src/render/printable-characters.js');
    const { findUndrawableCharacters } = (await import(built('render/pdf/fonts.js'))) as typeof import('../../src/render/pdf/fonts.js');
    const table = loadPrintableCharacters();
    expect(table).toBeDefined();
    let checked = 0;
    for (let codePoint = 0x20; codePoint <= 0xffff; codePoint += 1) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const character = String.fromCodePoint(codePoint);
      expect(findUnprintableCharacters(table!, character).length === 0, character).toBe(findUndrawableCharacters(character).length === 0);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(60_000);
    // DejaVu has Hebrew glyphs, but lines are laid out left to right: refused, not printed backwards.
    expect(findUndrawableCharacters('שלום')).toEqual(['ש', 'ל', 'ו', 'ם']);
    expect(findUnprintableCharacters(table!, 'Siân Ŵyn, Ζωή, Анна')).toEqual([]);
  });
});
