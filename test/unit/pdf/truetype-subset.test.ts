import { createRequire } from 'node:module';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { loadFontFaces, type FaceName } from '../../../src/render/pdf/fonts.js';
import { canEncodeSubsets, encodeTrueTypeSubset, type TrueTypeSubset } from '../../../src/render/pdf/truetype-subset.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as typeof import('fontkit');

const faces = loadFontFaces();
const faceNames = Object.keys(faces) as FaceName[];

/** Text an agreement's regular face draws, with letters DejaVu Sans builds from components (Ŵ, Ż, ễ, Ǻ). */
const agreementText = 'Supervision agreement between Siân Ŵyn and Łukasz Żółć — Nguyễn Trần, Ζωή Παπαδοπούλου, Анна Кузнецова; Ǻ ǽ ḯ ṏ 1,234.';

function glyphIdsOf(font: Font, text: string): number[] {
  return font.layout(text).glyphs.map((glyph) => glyph.id);
}

/** Deterministic, spread over the whole font, with repeats. */
function scatteredGlyphIds(font: Font, count: number): number[] {
  let seed = 12345;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % font.numGlyphs;
  });
}

function subsetWith(font: Font, glyphIds: readonly number[]): TrueTypeSubset {
  const subset = font.createSubset() as unknown as TrueTypeSubset;
  for (const id of glyphIds) subset.includeGlyph(id);
  return subset;
}

describe('TrueType subsets', () => {
  it.each(faceNames)('writes the %s face’s subsets byte for byte as fontkit does', (face) => {
    const font = faces[face];
    expect(canEncodeSubsets(font)).toBe(true);
    const glyphLists = [[], glyphIdsOf(font, agreementText), scatteredGlyphIds(font, 40), scatteredGlyphIds(font, 400)];
    const fontFile = (font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer;
    const fileBefore = Buffer.from(fontFile);
    let compoundsMet = 0;
    for (const glyphIds of glyphLists) {
      const ours = subsetWith(font, glyphIds);
      const fontkits = subsetWith(font, glyphIds);
      const before = ours.glyphs.length;
      const expected = Buffer.from(fontkits.encode());
      const bytes = encodeTrueTypeSubset(ours);
      expect(Buffer.from(bytes).equals(expected)).toBe(true);
      // Components join the subset as fontkit adds them, so the ids written for them agree.
      expect(ours.glyphs).toEqual(fontkits.glyphs);
      if (ours.glyphs.length > before) compoundsMet++;
      // And it is a font: its glyphs are the subset's, with the font's advances.
      const parsed = fontkit.create(Buffer.from(bytes)) as Font;
      expect(parsed.numGlyphs).toBe(ours.glyphs.length);
      ours.glyphs.forEach((id, subsetId) => expect(parsed.getGlyph(subsetId).advanceWidth).toBe(font.getGlyph(id).advanceWidth));
    }
    // The lists reached compound glyphs, whose components are renumbered in a copy: the font is as it was.
    expect(compoundsMet).toBeGreaterThan(0);
    expect(fileBefore.equals(fontFile)).toBe(true);
  });

  it('writes the same bytes however often a glyph has been written before', () => {
    const font = faces.regular;
    const glyphIds = glyphIdsOf(font, agreementText);
    const first = encodeTrueTypeSubset(subsetWith(font, glyphIds));
    encodeTrueTypeSubset(subsetWith(font, [...glyphIds].reverse()));
    expect(Buffer.from(encodeTrueTypeSubset(subsetWith(font, glyphIds))).equals(Buffer.from(first))).toBe(true);
  });
});
