/**
 * pdfkit turns every string it writes (each object's dictionary, each
 * operator) into bytes with a JavaScript loop over its characters, then the
 * output stream wraps each Uint8Array in a Buffer. Node's native latin1
 * encoder does the same conversion (the low byte of each character, which is
 * what pdfkit keeps too) in one call and already gives a Buffer.
 */
import type { PdfDocumentInternals, PdfRef } from './pdfkit-internals.js';

/** The bytes pdfkit would write for `text`, a line of PDF syntax. */
export function encodePdfLine(text: string): Buffer {
  return Buffer.from(`${text}\n`, 'latin1');
}

/** Makes `doc` encode the strings it writes natively; the bytes are unchanged. */
export function encodeStringsNatively(internals: PdfDocumentInternals): void {
  const write = internals._write.bind(internals);
  internals._write = (data) => write(typeof data === 'string' ? encodePdfLine(data) : data);
}

/**
 * Keeps a page's content stream as one growing run of bytes.
 *
 * pdfkit makes a Buffer of every operator written to a page (from its string,
 * a character at a time) and keeps them in a list until the page is written;
 * pages are kept until the document ends, for their "Page N of M" footers.
 * Hundreds of small objects per page outlived every young-generation
 * collection of the document, each copying them again, and were deflated
 * through one more concatenated copy. The bytes are the same.
 */
export function collectPageContent(content: PdfRef): void {
  collectingContent.add(content);
  let bytes = spareBlocks.pop() ?? Buffer.allocUnsafeSlow(PAGE_CONTENT_START);
  let length = 0;
  const reserve = (count: number): void => {
    if (length + count <= bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(bytes.length * 2, length + count));
    bytes.copy(grown, 0, 0, length);
    bytes = grown;
  };
  // As pdfkit's write: a string is a line of syntax (latin1, as encodePdfLine), bytes are as they are.
  const append = (chunk: string | Uint8Array): void => {
    if (typeof chunk === 'string') {
      reserve(chunk.length + 1);
      length += bytes.write(chunk, length, 'latin1');
      bytes[length++] = 0x0a;
    } else {
      reserve(chunk.length);
      bytes.set(chunk, length);
      length += chunk.length;
    }
  };
  // What pdfkit wrote as it made the page (its coordinate transform).
  for (const chunk of content.buffer) append(chunk);
  content.buffer = [];
  content.write = (chunk) => {
    append(chunk);
    if (content.compress) content.data.Filter = 'FlateDecode';
  };
  const finalize = content.finalize.bind(content);
  content.finalize = () => {
    content.buffer = length > 0 ? [bytes.subarray(0, length)] : [];
    const deflated = content.compress;
    finalize();
    // Deflated, the bytes have been read for the last time; written as they are, they are the output's now.
    if (deflated && spareBlocks.length < SPARE_BLOCKS_LIMIT) spareBlocks.push(bytes);
  };
}

const collectingContent = new WeakSet<PdfRef>();

/**
 * Blocks of pages already written, for the next pages of the thread. The
 * blocks are outside V8's heap and outlive the young generation with their
 * page, so V8 frees them only at its next full collection: allocated afresh
 * for every page, they held a 10,000-entry batch ~9 MB higher.
 */
const spareBlocks: Buffer[] = [];
/** More than the pages of a built-in agreement (four or five), which are all kept until it ends; a longer one allocates the rest. */
const SPARE_BLOCKS_LIMIT = 8;

/** Every page's content fits: 3–14 KB on the pages of the bench's 300-entry roster. */
const PAGE_CONTENT_START = 16 * 1024;

/**
 * Bytes of PDF syntax built up in place, for the operators written most
 * often (every line of text). Building each line as strings, joining them
 * and encoding the result made 9% more garbage per agreement (a sampling
 * heap profile). Only ASCII is written here, so each character is its own
 * byte, as latin1 would have it.
 */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

export class ContentBytes {
  private bytes = new Uint8Array(4096);
  private length = 0;

  ascii(text: string): void {
    this.reserve(text.length);
    for (let index = 0; index < text.length; index++) this.bytes[this.length++] = text.charCodeAt(index) & 0xff;
  }

  /** A number as a template string would print it. */
  number(value: number): void {
    this.ascii(String(value));
  }

  /** `value` (0 to 0xffff) as four lower-case hex digits: a glyph's code in a TJ string. */
  hex4(value: number): void {
    this.reserve(4);
    const bytes = this.bytes;
    const at = this.length;
    bytes[at] = HEX_DIGITS[(value >> 12) & 15]!;
    bytes[at + 1] = HEX_DIGITS[(value >> 8) & 15]!;
    bytes[at + 2] = HEX_DIGITS[(value >> 4) & 15]!;
    bytes[at + 3] = HEX_DIGITS[value & 15]!;
    this.length = at + 4;
  }

  /** A copy of the bytes written since the last take (or discard); this buffer is then reused. */
  take(): Buffer {
    const taken = Buffer.allocUnsafe(this.length);
    taken.set(this.bytes.subarray(0, this.length));
    this.length = 0;
    return taken;
  }

  /**
   * Appends the bytes written since the last take to `content`, and starts
   * again. A page's content that `collectPageContent` collects copies them
   * itself; any other stream keeps what it is given, so it gets a copy.
   */
  writeTo(content: PdfRef): void {
    if (collectingContent.has(content)) {
      content.write(this.bytes.subarray(0, this.length));
      this.length = 0;
    } else {
      content.write(this.take());
    }
  }

  discard(): void {
    this.length = 0;
  }

  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + count));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}
