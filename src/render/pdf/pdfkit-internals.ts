/**
 * pdfkit has no public API for signature fields, custom XMP or for handing
 * it an already-parsed font, and its outline is not what the PDF standard
 * asks (see outline.ts), so a few of its internals are used. They are
 * typed here, in one place, so that a pdfkit upgrade that moves them breaks
 * the build and the tests in an obvious spot rather than at run time.
 */
import type { Font } from 'fontkit';
import type { GlyphPosition } from './draw-text.js';

/** pdfkit's PDFDocument class, as its types give it. */
export type PdfDocumentConstructor = typeof import('pdfkit');

/** An indirect object of the PDF being written. */
export interface PdfRef {
  readonly id: number;
  readonly gen: number;
  /** Where the object starts in the output, for the cross-reference table. */
  offset: number;
  data: Record<string, unknown>;
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
  /** Whether pdfkit will deflate `buffer` when the object is written. */
  compress: boolean;
  /** The stream's bytes as written so far. */
  buffer: Uint8Array[];
  /** Writes the object to the output (called by `end`). */
  finalize(): void;
}

/** A node of the structure tree (pdfkit's PDFStructureElement). */
export interface PdfStructElement {
  readonly dictionary: PdfRef;
  add(child: PdfStructElement | PdfStructContent): PdfStructElement;
  end(): void;
}

/** Marked content on one or more pages (pdfkit's PDFStructureContent). */
export type PdfStructContent = object & { readonly refs: readonly unknown[] };

export interface PdfPageInternals {
  readonly width: number;
  readonly height: number;
  margins: { top: number; bottom: number; left: number; right: number };
  readonly annotations: PdfRef[];
  readonly dictionary: PdfRef;
  /** The page's content stream. */
  readonly content: PdfRef;
  /** Fonts used on the page, by resource name. */
  readonly fonts: Record<string, PdfRef>;
  maxY(): number;
}

/** An embedded font of one document (pdfkit's EmbeddedFont). */
export interface PdfEmbeddedFont {
  readonly id: string;
  readonly name: string;
  /** Shaped words by text; see `getSharedLayoutCache`. */
  layoutCache?: Record<string, unknown>;
  /** The fontkit subset that will be embedded. */
  readonly subset: {
    readonly font: Font;
    readonly glyphs: readonly number[];
    /** Subset glyph ids by font glyph id, of the glyphs included so far (fontkit's). */
    readonly mapping: Readonly<Record<number, number | undefined>>;
    encode(): Uint8Array;
    includeGlyph(glyphId: number): number;
  };
  /** 1000 / units per em. */
  readonly scale: number;
  /** Advance widths (thousandths) by subset glyph id, for the /W array. */
  readonly widths: (number | undefined)[];
  /** Code points by subset glyph id, for the ToUnicode map. */
  readonly unicode: (readonly number[] | undefined)[];
  /** The shaped form of one word (text up to and including a space), from `layoutCache`. */
  layoutCached(text: string): ShapedRun;
  /** In thousandths of the font size. */
  readonly ascender: number;
  /** Adds the glyphs of `text` to the subset that will be embedded: their hex codes and positions. */
  encode(text: string, features?: unknown): [string[], GlyphPosition[]];
  /** The font's dictionary, created on first use. */
  ref(): PdfRef;
}

/** fontkit's GlyphRun as pdfkit caches it: positions already in thousandths. */
export interface ShapedRun {
  readonly glyphs: readonly { readonly id: number; readonly advanceWidth: number; readonly codePoints: readonly number[] }[];
  readonly positions: readonly GlyphPosition[];
}

export interface PdfDocumentInternals {
  _root: PdfRef;
  _font: PdfEmbeddedFont;
  page: PdfPageInternals;
  info: Record<string, unknown>;
  /** The file identifier written in the trailer's /ID (both halves). */
  _id: Uint8Array;
  ref(data?: Record<string, unknown>): PdfRef;
  registerFont(name: string, src: Font): void;
  initForm(): void;
  appendXML(xml: string, newline?: boolean): void;
  _addInfo(): void;
  /** How many bytes have been written so far. */
  readonly _offset: number;
  /** Records that `ref` has been written (its offset), and ends the document once all have been. */
  _refEnd(ref: PdfRef): void;
  /** Appends a line of PDF syntax (a string gets a newline) or raw bytes to the output. */
  _write(data: string | Uint8Array): void;
  annotate(
    x: number,
    y: number,
    w: number,
    h: number,
    options: Record<string, unknown> & { structParent?: PdfStructElement | undefined },
  ): void;
}
