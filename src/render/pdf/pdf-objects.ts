/**
 * Writes each indirect object of the document as pdfkit writes it, byte
 * for byte, with less work.
 *
 * pdfkit turns an object's dictionary into PDF syntax with `PDFObject.convert`,
 * which builds an array of strings for every dictionary and array it meets
 * and joins them, and copies a stream's bytes into one new buffer even when
 * they are already one. An agreement has hundreds of objects (a structure
 * element per paragraph, list item and table cell, the pages, fields and
 * fonts): converting them was 8% of a PDF's time and an eighth of what it
 * allocates. Here the same text is built by appending to one string.
 *
 * Nothing is encrypted (PDF/A forbids it), so pdfkit's encryption hook is
 * left out. `pdf-objects.test.ts` compares the two on every kind of value.
 */
import { deflateStream } from './compression.js';
import type { PdfDocumentInternals, PdfRef } from './pdfkit-internals.js';

/** Every object `doc` creates from now on is deflated (compression.ts) and written here when it ends. */
export function writeObjectsDirectly(internals: PdfDocumentInternals): void {
  const createRef = internals.ref.bind(internals);
  internals.ref = (data) => {
    const ref = createRef(data);
    ref.finalize = () => {
      deflateStream(ref);
      writeIndirectObject(internals, ref);
    };
    return ref;
  };
}

/** What pdfkit's `PDFReference.finalize` does, for a document without encryption. */
export function writeIndirectObject(internals: PdfDocumentInternals, ref: PdfRef): void {
  ref.offset = internals._offset;
  let stream: Uint8Array | undefined;
  if (ref.buffer.length > 0) {
    stream = ref.buffer.length === 1 ? ref.buffer[0]! : Buffer.concat(ref.buffer);
    // pdfkit deflates here when `compress` is still set; compression.ts has already done it.
    if (ref.compress) throw new Error('An undeflated stream reached writeIndirectObject.');
    ref.data.Length = stream.length;
  }
  internals._write(`${ref.id} ${ref.gen} obj`);
  internals._write(pdfObjectText(ref.data));
  if (stream) {
    internals._write('stream');
    internals._write(stream);
    ref.buffer = [];
    internals._write('\nendstream');
  }
  internals._write('endobj');
  internals._refEnd(ref);
}

/**
 * `value` in PDF syntax, exactly as pdfkit's `PDFObject.convert` writes it
 * (without encryption): a JavaScript string is a name, a `String` object a
 * text string, bytes a hex string, a plain object a dictionary, and an
 * object with a `toString` of its own (a reference, a name or number tree)
 * what that returns.
 */
export function pdfObjectText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `/${value}`;
    case 'number':
      return String(pdfNumber(value));
    case 'object':
      return value === null ? 'null' : objectText(value);
    default:
      return `${String(value)}`;
  }
}

function objectText(value: object): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ' ';
      const item: unknown = value[index];
      text += pdfObjectText(item === undefined ? null : item);
    }
    return `${text}]`;
  }
  if (isPlainObject(value)) return dictionaryText(value);
  if (value instanceof String) return textString(value.valueOf());
  if (value instanceof Uint8Array) return `<${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}>`;
  if (value instanceof Date) return dateString(value);
  if (value.toString !== Object.prototype.toString) return value.toString();
  // A class instance with no text of its own: pdfkit writes its fields as a dictionary.
  return Object.prototype.toString.call(value) === '[object Object]' ? dictionaryText(value as Record<string, unknown>) : String(value);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function dictionaryText(dictionary: Record<string, unknown>): string {
  let text = '<<';
  // for…in, as pdfkit: inherited enumerable keys too, in the same order.
  for (const key in dictionary) {
    const item = dictionary[key];
    if (item === undefined) continue;
    text += `\n/${key} ${pdfObjectText(item)}`;
  }
  return `${text}\n>>`;
}

/** pdfkit's rounding: six decimal places at most. */
function pdfNumber(value: number): number {
  if (value > -1e21 && value < 1e21) return Math.round(value * 1e6) / 1e6;
  throw new Error(`unsupported number: ${value}`);
}

const ESCAPED = /[\n\r\t\b\f()\\]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\\': '\\\\',
  '(': '\\(',
  ')': '\\)',
};

/**
 * A literal string: ASCII as it is, anything else as UTF-16BE with a byte
 * order mark, each byte one character (the output is written as latin1),
 * with the bytes PDF syntax reserves escaped.
 */
function textString(text: string): string {
  let bytes = text;
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0x7f) {
      bytes = utf16BigEndian(text);
      break;
    }
  }
  return `(${bytes.replace(ESCAPED, (character) => ESCAPES[character]!)})`;
}

function utf16BigEndian(text: string): string {
  let bytes = '\xfe\xff';
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    bytes += String.fromCharCode(unit >> 8, unit & 0xff);
  }
  return bytes;
}

function dateString(date: Date): string {
  const pad = (value: number, length: number): string => `${'0'.repeat(length)}${value}`.slice(-length);
  return `(D:${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}${pad(date.getUTCHours(), 2)}${pad(date.getUTCMinutes(), 2)}${pad(date.getUTCSeconds(), 2)}Z)`;
}
