/**
 * Writes a TrueType font subset exactly as fontkit's `TTFSubset.encode` does,
 * byte for byte, without its cost.
 *
 * Every PDF embeds a subset of each face it uses, and the regular face's
 * differs from one agreement to the next (it holds the names), so it is
 * written again for nearly every document. fontkit writes it through its
 * generic structure encoder, field by field: the hinting tables (`cvt `,
 * `prep`, `fpgm`, several kilobytes of DejaVu Sans) a byte at a time, for
 * every subset, though they never change. That was a fifth of the renderer's
 * time (`bench/pdf-micro.mjs`, profiled).
 *
 * What a subset holds, following fontkit:
 * - `glyf`: each glyph's bytes as they are in the font; a compound glyph's
 *   copy has its components renumbered, and the components join the subset;
 * - `loca` and `hmtx`: where each glyph starts, and its advance and left side
 *   bearing;
 * - `hhea` and `maxp`: the font's own, with the subset's metric and glyph
 *   counts;
 * - `head`, `cvt `, `prep`, `fpgm`: the same for every subset of the font.
 *
 * The tables that do not depend on the glyphs are taken from fontkit's own
 * encoding of a one-glyph subset, once per font, so they are fontkit's bytes;
 * the rest are written here. `truetype-subset.test.ts` compares the result
 * with fontkit's for every face and many glyph lists. Fonts this does not
 * cover (CFF outlines, variable fonts) keep fontkit's encoder.
 */
import type { Font } from 'fontkit';

/** fontkit's TTFSubset, as far as it is used here. */
export interface TrueTypeSubset {
  readonly font: Font;
  /** Glyph ids of the font, in subset order; components of compound glyphs are added as the subset is written. */
  readonly glyphs: readonly number[];
  includeGlyph(glyphId: number): number;
  encode(): Uint8Array;
}

/** fontkit's parsed font, as far as it is used here. */
interface FontInternals {
  readonly stream: { readonly buffer: Uint8Array };
  readonly directory: { readonly tables: Readonly<Record<string, { readonly offset: number; readonly length: number } | undefined>> };
  readonly loca: { readonly version: number; readonly offsets: readonly number[] };
  readonly variationAxes: Readonly<Record<string, unknown>>;
  getGlyph(id: number): GlyphInternals;
}

interface GlyphInternals {
  readonly advanceWidth: number;
  _decode(): { readonly numberOfContours: number; readonly components?: readonly { readonly glyphID: number; readonly pos: number }[] } | null;
  _getMetrics(): { readonly leftBearing: number };
}

/** One glyph as a subset writes it. */
interface GlyphRecord {
  /** Its bytes in the font file (a view, not a copy). */
  readonly bytes: Uint8Array;
  /** A compound glyph's components: their glyph ids and where each id sits in `bytes`. */
  readonly components: readonly { readonly glyphId: number; readonly at: number }[] | undefined;
  readonly advance: number;
  readonly bearing: number;
}

/** What every subset of one font shares. */
interface FontTables {
  /** Table tags in fontkit's order, each with its bytes when they are the same for every subset. */
  readonly tables: readonly { readonly tag: string; readonly fixed: Uint8Array | undefined }[];
  readonly hhea: Uint8Array;
  readonly maxp: Uint8Array;
  readonly longOffsets: boolean;
  readonly glyf: Uint8Array;
  readonly glyphOffsets: readonly number[];
  readonly glyphs: Map<number, GlyphRecord>;
}

const perFont = new WeakMap<Font, FontTables | null>();

/** The tables a subset writes glyph by glyph; all others are copied from fontkit's one-glyph subset. */
const GLYPH_TABLES = new Set(['glyf', 'loca', 'hmtx', 'hhea', 'maxp']);
const HHEA_NUMBER_OF_METRICS = 34;
const MAXP_NUM_GLYPHS = 4;
const DIRECTORY_HEADER = 12;
const DIRECTORY_ENTRY = 16;

/** Whether `encodeTrueTypeSubset` can write subsets of `font` (otherwise fontkit's encoder is kept). */
export function canEncodeSubsets(font: Font): boolean {
  return fontTables(font) !== null;
}

/**
 * The subset's font file, as fontkit's `encode` would write it; adds compound
 * glyphs' components to the subset as fontkit does. Only for a font
 * `canEncodeSubsets` accepts.
 */
export function encodeTrueTypeSubset(subset: TrueTypeSubset): Uint8Array {
  const font = fontTables(subset.font);
  if (!font) throw new Error(`${subset.font.postscriptName} has no TrueType outlines to subset here; check canEncodeSubsets first.`);
  const internals = subset.font as unknown as FontInternals;
  const glyphBytes: Uint8Array[] = [];
  const offsets: number[] = [];
  const metrics: number[] = [];
  let glyfLength = 0;
  // The list grows while it is walked: components join it as they are met.
  for (let index = 0; index < subset.glyphs.length; index++) {
    const glyph = glyphRecord(font, internals, subset.glyphs[index]!);
    let bytes = glyph.bytes;
    if (glyph.components) {
      // A copy: `bytes` is a view of the font file (and on a Buffer, slice() would be a view too).
      bytes = new Uint8Array(bytes);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const component of glyph.components) view.setUint16(component.at, subset.includeGlyph(component.glyphId));
    }
    glyphBytes.push(bytes);
    offsets.push(glyfLength);
    metrics.push(glyph.advance, glyph.bearing);
    glyfLength += bytes.length;
  }
  offsets.push(glyfLength);
  const glyphCount = glyphBytes.length;
  const offsetSize = font.longOffsets ? 4 : 2;
  const lengths: Record<string, number> = { glyf: glyfLength, loca: offsets.length * offsetSize, hmtx: glyphCount * 4, hhea: font.hhea.length, maxp: font.maxp.length };

  const headerLength = DIRECTORY_HEADER + DIRECTORY_ENTRY * font.tables.length;
  const total = font.tables.reduce((sum, table) => sum + (table.fixed?.length ?? lengths[table.tag]!), headerLength);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  writeDirectoryHeader(out, view, font.tables.length);
  let at = headerLength;
  font.tables.forEach((table, entry) => {
    const length = table.fixed?.length ?? lengths[table.tag]!;
    const entryAt = DIRECTORY_HEADER + DIRECTORY_ENTRY * entry;
    writeTag(out, entryAt, table.tag);
    // fontkit leaves every checksum 0.
    view.setUint32(entryAt + 8, at);
    view.setUint32(entryAt + 12, length);
    if (table.fixed) {
      out.set(table.fixed, at);
    } else if (table.tag === 'glyf') {
      let glyphAt = at;
      for (const bytes of glyphBytes) {
        out.set(bytes, glyphAt);
        glyphAt += bytes.length;
      }
    } else if (table.tag === 'loca') {
      offsets.forEach((offset, index) => {
        if (font.longOffsets) view.setUint32(at + 4 * index, offset);
        else view.setUint16(at + 2 * index, offset >>> 1);
      });
    } else if (table.tag === 'hmtx') {
      for (let index = 0; index < glyphCount; index++) {
        view.setUint16(at + 4 * index, metrics[2 * index]!);
        view.setInt16(at + 4 * index + 2, metrics[2 * index + 1]!);
      }
    } else if (table.tag === 'hhea') {
      out.set(font.hhea, at);
      view.setUint16(at + HHEA_NUMBER_OF_METRICS, glyphCount);
    } else {
      out.set(font.maxp, at);
      view.setUint16(at + MAXP_NUM_GLYPHS, glyphCount);
    }
    at += length;
  });
  return out;
}

/** The directory's header as fontkit writes it: its tag is 'true', and the search fields follow the table count. */
function writeDirectoryHeader(out: Uint8Array, view: DataView, tableCount: number): void {
  const largestPowerOfTwo = 2 ** Math.floor(Math.log2(tableCount));
  writeTag(out, 0, 'true');
  view.setUint16(4, tableCount);
  view.setUint16(6, largestPowerOfTwo * 16);
  view.setUint16(8, Math.log2(largestPowerOfTwo));
  view.setUint16(10, tableCount * 16 - largestPowerOfTwo * 16);
}

function writeTag(out: Uint8Array, at: number, tag: string): void {
  for (let index = 0; index < 4; index++) out[at + index] = tag.charCodeAt(index);
}

function fontTables(font: Font): FontTables | null {
  let tables = perFont.get(font);
  if (tables === undefined) {
    tables = readFontTables(font);
    perFont.set(font, tables);
  }
  return tables;
}

/**
 * Reads, from fontkit's encoding of a subset of the missing glyph alone,
 * which tables a subset has, in which order, and the bytes of those that do
 * not depend on its glyphs.
 */
function readFontTables(font: Font): FontTables | null {
  const internals = font as unknown as FontInternals;
  const glyf = internals.directory.tables.glyf;
  if (!glyf || Object.keys(internals.variationAxes).length > 0) return null;
  const probe = font.createSubset() as unknown as TrueTypeSubset;
  if (probe.glyphs.length !== 1) return null;
  const encoded = probe.encode();
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const tableCount = view.getUint16(4);
  const tables: { tag: string; fixed: Uint8Array | undefined }[] = [];
  const found: Record<string, Uint8Array> = {};
  for (let entry = 0; entry < tableCount; entry++) {
    const entryAt = DIRECTORY_HEADER + DIRECTORY_ENTRY * entry;
    const tag = String.fromCharCode(...encoded.subarray(entryAt, entryAt + 4));
    const bytes = encoded.slice(view.getUint32(entryAt + 8), view.getUint32(entryAt + 8) + view.getUint32(entryAt + 12));
    found[tag] = bytes;
    tables.push({ tag, fixed: GLYPH_TABLES.has(tag) ? undefined : bytes });
  }
  if (![...GLYPH_TABLES].every((tag) => tag in found)) return null;
  return {
    tables,
    hhea: found.hhea!,
    maxp: found.maxp!,
    longOffsets: internals.loca.version !== 0,
    glyf: internals.stream.buffer.subarray(glyf.offset, glyf.offset + glyf.length),
    glyphOffsets: internals.loca.offsets,
    glyphs: new Map(),
  };
}

function glyphRecord(font: FontTables, internals: FontInternals, glyphId: number): GlyphRecord {
  let record = font.glyphs.get(glyphId);
  if (!record) {
    const glyph = internals.getGlyph(glyphId);
    const outline = glyph._decode();
    record = {
      bytes: font.glyf.subarray(font.glyphOffsets[glyphId], font.glyphOffsets[glyphId + 1]),
      components: outline && outline.numberOfContours < 0 ? (outline.components ?? []).map((component) => ({ glyphId: component.glyphID, at: component.pos })) : undefined,
      advance: glyph.advanceWidth,
      bearing: glyph._getMetrics().leftBearing,
    };
    font.glyphs.set(glyphId, record);
  }
  return record;
}
