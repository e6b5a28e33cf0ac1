/**
 * The embedded typeface: DejaVu Sans from the `dejavu-fonts-ttf` package.
 *
 * pdfkit parses a font file again for every document it is given. Parsing is
 * cheap for fontkit but the glyph, layout and subsetting caches it then
 * builds are not, so the parsed fonts are kept for the life of the process
 * (or worker thread) and handed to every document.
 *
 * fontkit is required as CommonJS, the same instance pdfkit's CommonJS build
 * requires (see loadPdfkit in index.ts): loading both its builds would put a
 * second megabyte of code in every render thread. This module is itself
 * loaded only with the PDF renderer.
 */
import { createRequire } from 'node:module';
import type { Font, FontCollection } from 'fontkit';
import { SuperviseError } from '../../errors.js';
import { isRightToLeft } from '../printable-characters.js';
import { markSharedFontProgram } from './compression.js';
import { FACE_FILES, fontFile, type FaceName } from './font-files.js';
import type { GlyphPosition } from './draw-text.js';
import type { PdfEmbeddedFont, ShapedRun } from './pdfkit-internals.js';
import { addShapedWords } from './shaped-words.js';
import { canEncodeSubsets, encodeTrueTypeSubset, type TrueTypeSubset } from './truetype-subset.js';
import { standInForUnusedDependencies } from './unused-dependencies.js';

export type { FaceName } from './font-files.js';

export type FontFaces = Readonly<Record<FaceName, Font>>;

const require = createRequire(import.meta.url);
// Before fontkit and pdfkit are loaded (index.ts loads pdfkit later): see unused-dependencies.ts.
standInForUnusedDependencies(require);
/** The CommonJS build, the one pdfkit's CommonJS build requires (see loadPdfkit in index.ts). */
const fontkit = require('fontkit') as typeof import('fontkit');
let cachedFaces: FontFaces | undefined;

/**
 * pdfkit caches the shaped form of every word per document; shaping (GSUB,
 * GPOS) is most of the cost of laying out text, and its result depends only
 * on the font, so one cache per face is shared by all documents, and it
 * starts with the built-in templates' words, shaped at build time. It is
 * emptied when it grows large, which only a long batch of very varied
 * text reaches.
 */
const layoutCaches = new Map<FaceName, Record<string, unknown>>();
const LAYOUT_CACHE_LIMIT = 20_000;
let layoutCacheEntries = 0;
/** Counting the entries lists every key, so it is done only every so many calls. */
const COUNT_EVERY = 64;
let callsSinceCount = 0;

export function getSharedLayoutCache(face: FaceName): Record<string, unknown> {
  if (++callsSinceCount >= COUNT_EVERY) {
    callsSinceCount = 0;
    layoutCacheEntries = [...layoutCaches.values()].reduce((sum, c) => sum + Object.keys(c).length, 0);
  }
  let cache = layoutCaches.get(face);
  if (!cache || layoutCacheEntries > LAYOUT_CACHE_LIMIT) {
    if (layoutCacheEntries > LAYOUT_CACHE_LIMIT) {
      layoutCaches.clear();
      layoutCacheEntries = 0;
    }
    cache = Object.create(null) as Record<string, unknown>;
    // The built-in templates' words, shaped at build time (shaped-words.ts).
    addShapedWords(face, loadFontFaces()[face], cache);
    layoutCaches.set(face, cache);
  }
  return cache;
}

/**
 * Encoded subsets by face and glyph list. Subsets are written by
 * truetype-subset.ts, which is quick, but each new one is then deflated
 * (compression.ts); agreements of one batch share most of their text, so
 * many documents embed exactly the same subset, glyph for glyph and in the
 * same order: the bytes depend on nothing else, so they, and their deflated
 * form, are reused. Bounded: on the benchmark's roster of
 * 1,000, eight per face reuse the bold face's (its headings) as often as 32
 * did, 82% of the time; the regular face's, which hold the names, were
 * reused 2% of the time with 32 and never with 8. Each kept subset holds
 * ~25 KB with its deflated copy, in every thread that renders.
 */
const encodedSubsets = new Map<FaceName, Map<string, Uint8Array>>();
const ENCODED_SUBSETS_LIMIT = 8;

export function shareSubsetEncoding(face: FaceName, subset: TrueTypeSubset): void {
  const encode = canEncodeSubsets(subset.font) ? () => encodeTrueTypeSubset(subset) : subset.encode.bind(subset);
  subset.encode = () => {
    let cache = encodedSubsets.get(face);
    if (!cache) {
      cache = new Map();
      encodedSubsets.set(face, cache);
    }
    const key = subset.glyphs.join(',');
    let bytes = cache.get(key);
    if (bytes) {
      // Most recently used last, so the oldest goes first when full.
      cache.delete(key);
    } else {
      bytes = encode();
      if (cache.size >= ENCODED_SUBSETS_LIMIT) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, bytes);
    markSharedFontProgram(bytes);
    return bytes;
  };
}

/** Four-digit hex codes of subset glyph ids, made once. */
const glyphHexCodes: string[] = [];

function hexOf(glyphId: number): string {
  return (glyphHexCodes[glyphId] ??= glyphId.toString(16).padStart(4, '0'));
}

/**
 * Replaces pdfkit's `encode` of one embedded font with one that does the same
 * without copying: pdfkit lays the text out word by word from its cache and
 * concatenates each word's glyph and position arrays onto the previous ones,
 * which for a line of text is quadratic in allocation. Here the cached words
 * are walked in place (`encodeGlyphs`).
 */
export function encodeWithoutCopies(font: PdfEmbeddedFont): void {
  const encodeWithFeatures = font.encode.bind(font);
  font.encode = (text, features) => {
    if (features) return encodeWithFeatures(text, features);
    const codes: string[] = [];
    const positions: GlyphPosition[] = [];
    encodeGlyphs(font, text, (code, position) => {
      codes.push(code);
      positions.push(position);
    });
    return [codes, positions];
  };
}

/**
 * What pdfkit's `encode` does, one glyph at a time: adds each glyph of `text`
 * to the font's subset, widths and ToUnicode map, and hands `visit` its hex
 * code and position, without building arrays of them (drawing a line writes
 * them straight out; see draw-text.ts). The words are split as
 * `forEachShapedWord` splits them, so the glyphs, subset, widths and
 * ToUnicode map are the same as pdfkit's.
 */
export function encodeGlyphs(font: PdfEmbeddedFont, text: string, visit: (code: string, position: GlyphPosition) => void): void {
  const { subset, widths, unicode, scale } = font;
  forEachShapedWord(font, text, (run) => {
    const glyphs = run.glyphs;
    for (let at = 0; at < glyphs.length; at++) {
      const glyph = glyphs[at]!;
      const id = subset.includeGlyph(glyph.id);
      widths[id] ??= glyph.advanceWidth * scale;
      unicode[id] ??= glyph.codePoints;
      visit(hexOf(id), run.positions[at]!);
    }
  });
}

/**
 * The shaped words of `text` in order, from the font's layout cache, split
 * exactly where pdfkit splits them: after each space or tab.
 */
export function forEachShapedWord(font: PdfEmbeddedFont, text: string, visit: (run: ShapedRun) => void): void {
  let last = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text.charCodeAt(index);
    const atEnd = index === text.length - 1;
    if (!atEnd && character !== 0x20 && character !== 0x09) continue;
    visit(font.layoutCached(text.slice(last, index + 1)));
    last = index + 1;
  }
}

/** Parses the four faces on first use and returns the same objects afterwards. */
export function loadFontFaces(): FontFaces {
  if (cachedFaces) return cachedFaces;
  const faces = {} as Record<FaceName, Font>;
  for (const face of Object.keys(FACE_FILES) as FaceName[]) faces[face] = openFont(face);
  cachedFaces = faces;
  return faces;
}

function openFont(face: FaceName): Font {
  const parsed: Font | FontCollection = fontkit.create(fontFile(face));
  if (!('layout' in parsed)) {
    throw new SuperviseError(`The PDF font ${FACE_FILES[face]} is a font collection, not a single font.`);
  }
  shareGlyphsAcrossDocuments(parsed);
  return parsed;
}

interface CodePointsOfGlyph {
  codePoints: number[];
}

/**
 * The parsed fonts serve every document of the process, and fontkit's glyph
 * objects carry the code points of whoever asked first; see `withCodePoints`.
 *
 * Decoded outlines are not kept: only writing a subset needs them, and
 * truetype-subset.ts keeps what it needs of each glyph (its components).
 * Kept on fontkit's glyph objects, as they were while fontkit wrote the
 * subsets, they held ~2.4 KB a glyph for as long as the thread ran.
 */
function shareGlyphsAcrossDocuments(font: Font): void {
  const internal = font as unknown as { getGlyph(id: number, codePoints?: number[]): CodePointsOfGlyph | null };
  const getGlyph = internal.getGlyph.bind(font);
  internal.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    return glyph && withCodePoints(glyph, codePoints);
  };
}

/**
 * fontkit keeps one glyph object per id, with the code points of whoever
 * asked for it first, and pdfkit writes those code points into the PDF's
 * ToUnicode map. With the font shared by every document of a thread, "first"
 * would be some earlier document: a "Z" first met as part of "Ż" while a
 * subset was written has no code points, so a later agreement's "Z" would not
 * extract as text, and the bytes would depend on which documents a thread
 * happened to render before (that is, on --jobs). A glyph asked for with
 * other code points is handed out as a view carrying the code points asked
 * for, so they come from the text being laid out and nothing else.
 */
function withCodePoints<T extends object>(glyph: T & { codePoints?: readonly number[] }, codePoints: readonly number[] | undefined): T {
  if (!codePoints || sameCodePoints(glyph.codePoints ?? [], codePoints)) return glyph;
  return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } }) as T;
}

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Code points that are laid out without needing a glyph of their own. */
function isLayoutControl(codePoint: number): boolean {
  return codePoint === 0x0a || codePoint === 0x0d || codePoint === 0x09;
}

/**
 * Characters of `text` the embedded font cannot draw (deduplicated, in
 * order). Every face is checked because any answer may end up in bold or
 * italic text.
 */
export function findUndrawableCharacters(text: string): string[] {
  let found: Set<string> | undefined;
  // By code unit, not with a string iterator: every document's whole text
  // passes through here, and the iterator made a string of each character.
  for (let index = 0; index < text.length; index++) {
    const codePoint = text.codePointAt(index)!;
    if (codePoint > 0xffff) index++;
    if (!isDrawable(codePoint)) (found ??= new Set()).add(String.fromCodePoint(codePoint));
  }
  return found ? [...found] : [];
}

/**
 * Answers per code point, kept for the process: the cmap lookups in four
 * faces add up over a batch. The Basic Multilingual Plane, where nearly all
 * text is, in a table (0 not yet asked, 1 drawable, 2 not); the rest in a map.
 */
const drawableBmp = new Uint8Array(0x10000);
const drawableAstral = new Map<number, number>();

function isDrawable(codePoint: number): boolean {
  const known = codePoint <= 0xffff ? drawableBmp[codePoint] : drawableAstral.get(codePoint);
  if (known) return known === 1;
  const faces = loadFontFaces();
  const drawable =
    isLayoutControl(codePoint) ||
    (codePoint >= 0x20 &&
      // Refused like a character the font lacks, though it has many (see isRightToLeft).
      !isRightToLeft(codePoint) &&
      faces.regular.hasGlyphForCodePoint(codePoint) &&
      faces.bold.hasGlyphForCodePoint(codePoint) &&
      faces.italic.hasGlyphForCodePoint(codePoint) &&
      faces.boldItalic.hasGlyphForCodePoint(codePoint));
  if (codePoint <= 0xffff) drawableBmp[codePoint] = drawable ? 1 : 2;
  else drawableAstral.set(codePoint, drawable ? 1 : 2);
  return drawable;
}

/** `U+1F600 "😀"`: how a character is named in error messages. */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  const printable = codePoint >= 0x20 && codePoint !== 0x7f && !(codePoint >= 0x80 && codePoint < 0xa0);
  return printable ? `U+${hex} "${character}"` : `U+${hex}`;
}
