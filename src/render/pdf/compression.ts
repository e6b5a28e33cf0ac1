/**
 * How the document's streams are deflated.
 *
 * pdfkit deflates every stream with zlib's default level when the stream is
 * written. Two things made that a sixth of a PDF's time:
 *
 * - Page content is plain text operators that compress well at any level;
 *   the default level spends about twice the time of a lower one to make it
 *   a few per cent smaller.
 * - The embedded font program is the same bytes for many documents (see
 *   `shareSubsetEncoding`), so it was deflated again to the same result.
 *   So was the colour profile pdfkit reads once and writes into every
 *   PDF/A document: the same Buffer each time.
 *
 * Streams are deflated here, just before the object is written
 * (pdf-objects.ts), which writes the deflated bytes as they are. The output
 * depends only on the stream's bytes, so documents stay byte-for-byte
 * reproducible.
 */
import { deflateSync } from 'node:zlib';
import type { PdfRef } from './pdfkit-internals.js';

/**
 * Content, ToUnicode maps, metadata: zlib's fastest level. Measured on the
 * benchmark's agreements (`bench/pdf-micro.mjs`): against level 3, 5% less
 * time per PDF for files 1.3% larger (61.6 KiB against 60.8 KiB).
 */
const STREAM_LEVEL = 1;
/** Font programs are deflated once per distinct subset, so they get the default. */
const FONT_PROGRAM_LEVEL = 6;

/**
 * Deflated streams whose bytes are one object shared between documents, keyed
 * by that object: a font program `fonts.ts` keeps (bounded there), or
 * pdfkit's colour profile. An entry goes when its bytes do.
 */
const deflatedShared = new WeakMap<Uint8Array, Uint8Array>();
const sharedPrograms = new WeakSet<Uint8Array>();
/** Single-buffer streams written once so far; a second document writing the same object shares it. */
const writtenOnce = new WeakSet<Uint8Array>();

/** Marks `program` as shared between documents, so that its deflated form is kept. */
export function markSharedFontProgram(program: Uint8Array): void {
  sharedPrograms.add(program);
}

/** Deflates the stream of `ref` as it is written (pdf-objects.ts), unless pdfkit was told not to. */
export function deflateStream(ref: PdfRef): void {
  if (!ref.compress || ref.buffer.length === 0) return;
  const only = ref.buffer.length === 1 ? ref.buffer[0]! : undefined;
  const deflated = only ? deflateWhole(only) : deflateSync(Buffer.concat(ref.buffer), { level: STREAM_LEVEL });
  // pdfkit set /Filter /FlateDecode when the data was written; with
  // `compress` off it writes the bytes it holds unchanged.
  ref.buffer = [deflated];
  ref.compress = false;
}

function deflateWhole(bytes: Uint8Array): Uint8Array {
  const kept = deflatedShared.get(bytes);
  if (kept) return kept;
  const isFontProgram = sharedPrograms.has(bytes);
  const deflated = deflateSync(bytes, { level: isFontProgram ? FONT_PROGRAM_LEVEL : STREAM_LEVEL });
  if (isFontProgram || writtenOnce.has(bytes)) deflatedShared.set(bytes, deflated);
  else writtenOnce.add(bytes);
  return deflated;
}
