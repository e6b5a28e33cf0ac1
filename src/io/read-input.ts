import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { SuperviseError, ValidationError } from '../errors.js';
import { describeFsReason, errnoCodeOf } from './fs-reasons.js';
import { formatCount } from '../format-count.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/**
 * Answers and rosters are small; anything past this is a mistake, not data.
 * It is a size of text, as the text takes saved as UTF-8: a UTF-16 file (Windows
 * Notepad's "Unicode") takes two bytes for every letter of English, and the
 * same text passes or is refused whichever of the two it is saved in.
 */
const maxInputBytes = 8 * 1024 * 1024;

/**
 * The most bytes read of an input, so that a path mistakenly naming a huge file fails fast: UTF-16
 * takes at most twice the bytes of UTF-8 for the same text (two for a one-byte character), so no
 * UTF-16 file past this holds text within maxInputBytes, and no UTF-8 file past maxInputBytes does.
 */
const maxBytesIn = (encoding: InputEncoding): number => (encoding === 'utf-8' ? maxInputBytes : 2 * maxInputBytes);

/**
 * Reads a YAML or JSON input file with positions, refusing what is not text.
 * `shown` is the file's name in messages and problem locations (the path as
 * the user would type it), `path` where it is read from.
 */
export async function readYamlFile(path: string, what: string, shown = path): Promise<YamlSource> {
  return parseYamlSource(await readInputText(path, what, shown), shown);
}

/**
 * Reads a small text input file, refusing folders, binary files and anything
 * huge. UTF-8, or UTF-16 with its byte-order mark, as YAML allows: Windows
 * Notepad's "Unicode" is UTF-16. Messages name it `shown`.
 */
export async function readInputText(path: string, what: string, shown = path): Promise<string> {
  return (await readInput(path, what, shown)).text;
}

export interface InputText {
  text: string;
  /** The SHA-256 of the bytes read, in hex: what `sha256sum` prints for the file, so a record of a run can name its input. */
  sha256: string;
}

/** readInputText, with the hash of what was read. */
export async function readInput(path: string, what: string, shown = path): Promise<InputText> {
  const bytes = await readInputBytes(path, what, shown);
  return { text: decodeInputText(bytes, what, shown), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The bytes of an input, refusing a folder, an empty named pipe and anything past the size limit before reading it all. */
async function readInputBytes(path: string, what: string, shown: string): Promise<Uint8Array> {
  // A file can be there to stat but not to read (its permissions): both say why, in words.
  const cannotRead = (error: NodeJS.ErrnoException): never => {
    const reason = describeFsReason(error);
    throw new SuperviseError(`Cannot read the ${what} ${shown}: ${reason}`, {
      hint: reason === 'permission denied' ? 'Make the file readable (or run as a user who may read it) and run the command again.' : 'Check the path and run the command again.',
      cause: error,
    });
  };
  const info = await stat(path).catch(cannotRead);
  if (info.isDirectory()) {
    throw new SuperviseError(`The ${what} ${shown} is a folder, not a file`, { hint: `Give the ${what} itself, a YAML or JSON file, rather than the folder it is in.` });
  }
  // Past the limit for UTF-8, only a UTF-16 file may still hold text within it: its first two bytes say which it is.
  if (info.isFile() && info.size > maxInputBytes) refuseTooLargeFile(info.size, await readHead(path).catch(cannotRead), what, shown);
  const read = info.isFile() ? { bytes: await readFile(path).catch(cannotRead) } : await readStream(path, info.isFIFO()).catch(cannotRead);
  if ('pastLimitIn' in read) {
    const notFile = '(it is a device or pipe, not a file)';
    const message = read.pastLimitIn === 'utf-8'
      ? `The ${what} ${shown} goes on past ${formatBytes(maxInputBytes)} ${notFile}; at most that is read`
      : `The ${what} ${shown} goes on past ${formatBytes(maxBytesIn(read.pastLimitIn))} in UTF-16 (Windows Notepad's "Unicode"), which is more than ${formatBytes(maxInputBytes)} of text as UTF-8 ${notFile}; at most ${formatBytes(maxInputBytes)} of text is read`;
    throw new SuperviseError(message, { hint: 'Give a YAML or JSON file.' });
  }
  if (read.bytes.length === 0 && info.isFIFO()) {
    throw new SuperviseError(`The ${what} ${shown} is a named pipe that nothing is writing to`, {
      hint: 'Give a YAML or JSON file, or start what writes to the pipe first.',
    });
  }
  return read.bytes;
}

/** Refuses a file of `size` bytes past the UTF-8 limit, unless its first bytes (`head`) say it is UTF-16 and may still hold text within it. */
function refuseTooLargeFile(size: number, head: Uint8Array, what: string, shown: string): void {
  const encoding = encodingOf(head);
  // The byte-order mark says how the text is written and is not text: it takes nothing of the allowance.
  const textBytes = size - markLength(head);
  if (encoding === 'utf-8' && textBytes > maxInputBytes) {
    // Just past the limit, both round to 8.0 MB, and "is 8.0 MB; at most 8.0 MB" reads as no reason at all: bytes are said then.
    const [shownSize, limit] = formatBytes(size) === formatBytes(maxInputBytes) ? [`${formatCount(size)} bytes`, `${formatCount(maxInputBytes)} bytes (${formatBytes(maxInputBytes)})`] : [formatBytes(size), formatBytes(maxInputBytes)];
    throw tooLong(what, `The ${what} ${shown} is ${shownSize}; at most ${limit} is read`);
  }
  if (encoding !== 'utf-8' && textBytes > maxBytesIn(encoding)) throw tooLong(what, describeUtf16Size(what, shown, size, `at least ${formatBytes(textBytes / 2)}`));
}

function tooLong(what: string, message: string): SuperviseError {
  return new SuperviseError(message, {
    hint: what === 'roster'
      ? 'Split it into smaller rosters (by team, say) and run supervise batch on each one with its own --out folder.'
      : "One agreement's answers take a few KB: check that it is the file you meant.",
  });
}

/** An input's bytes as text, refusing what is not text (a binary file, UTF-16 without its mark, bad UTF-8 with where it is) and UTF-16 text past the limit. */
function decodeInputText(bytes: Uint8Array, what: string, shown: string): string {
  const encoding = encodingOf(bytes);
  // Looked for in the bytes first, so a binary file is called that rather than bad UTF-8.
  if (encoding === 'utf-8' && bytes.includes(0)) throw notText(bytes, encoding, what, shown);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const hint = 'Save it as UTF-8 (it may be in a legacy encoding such as Windows-1252) and run the command again.';
    const message = `The ${what} ${shown} is not valid ${encoding.toUpperCase()} text`;
    if (encoding !== 'utf-8') throw new SuperviseError(message, { hint });
    const { line, column, byte } = locateInvalidUtf8(bytes);
    throw new ValidationError(message, [{ path: '', location: { file: shown, line, column }, message: `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8` }], hint);
  }
  if (text.includes('\0')) throw notText(bytes, encoding, what, shown);
  // Letters beyond Latin, Greek and Cyrillic take three bytes in UTF-8 but two in UTF-16: a UTF-16 file within the limit may still hold more text.
  if (encoding !== 'utf-8') {
    const size = Buffer.byteLength(text, 'utf8');
    if (size > maxInputBytes) throw tooLong(what, describeUtf16Size(what, shown, bytes.length, formatBytes(size)));
  }
  // Old Mac line ends (a lone CR, as some exports still write them) are line breaks to YAML, but not to the
  // parser, which would read the whole file as its first line (a comment, often): made LF, one for one, so
  // lines and columns stay the same. Windows' CRLF is read as it is.
  return text.replace(/\r(?!\n)/g, '\n');
}

function notText(bytes: Uint8Array, encoding: InputEncoding, what: string, shown: string): SuperviseError {
  const order = encoding === 'utf-8' ? guessUtf16WithoutMark(bytes) : undefined;
  if (order !== undefined) {
    return new SuperviseError(`The ${what} ${shown} is UTF-16 text (${order}) without the byte-order mark that says so`, {
      hint: 'Save it as UTF-8 (or as UTF-16 with a byte-order mark, as Windows Notepad\'s "Unicode" does) and run the command again.',
    });
  }
  return new SuperviseError(`The ${what} ${shown} is not a text file (a PDF, a Word document or a spreadsheet, perhaps)`, { hint: 'Give a YAML or JSON file, saved as plain text.' });
}

/**
 * Text of ASCII letters saved as UTF-16 with no byte-order mark (as some
 * export scripts write it) has a NUL beside every letter: in the odd bytes
 * for little-endian, the even for big-endian. Called a binary file, it would
 * send its writer looking for the wrong thing. Judged on its first 4,096 bytes.
 */
function guessUtf16WithoutMark(bytes: Uint8Array): 'little-endian' | 'big-endian' | undefined {
  const head = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1);
  if (head.length < 4) return undefined;
  let nulsAtEven = 0;
  let nulsAtOdd = 0;
  for (let index = 0; index < head.length; index += 2) {
    if (head[index] === 0) nulsAtEven += 1;
    if (head[index + 1] === 0) nulsAtOdd += 1;
  }
  const pairs = head.length / 2;
  // Nearly every pair has its NUL on the same side, and none on the other: not a binary file's scatter of NULs.
  if (nulsAtOdd >= pairs * 0.9 && nulsAtEven === 0) return 'little-endian';
  if (nulsAtEven >= pairs * 0.9 && nulsAtOdd === 0) return 'big-endian';
  return undefined;
}

/** A UTF-16 input refused for its size, said as its size on disk and as the size of its text, which is what the limit is on. */
function describeUtf16Size(what: string, shown: string, bytes: number, asUtf8: string): string {
  return `The ${what} ${shown} is ${formatBytes(bytes)} in UTF-16 (Windows Notepad's "Unicode"), which is ${asUtf8} of text as UTF-8; at most ${formatBytes(maxInputBytes)} of text is read`;
}

/** A file's first three bytes (fewer if it is shorter), where a byte-order mark would be. */
async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, constants.O_RDONLY);
  try {
    const head = new Uint8Array(3);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads what is not a plain file (a pipe such as `<(…)`, a device), whose
 * size stat cannot tell, up to the most bytes its encoding may take for
 * maxInputBytes of text (maxBytesIn); if it goes on past that (`/dev/zero`
 * never ends), it says in which encoding, as that decides the limit. A named
 * pipe is opened without waiting for a writer: a blocked open cannot be
 * interrupted, not even by Ctrl-C, which would then leave the process unable
 * to exit. One with no writer reads as empty.
 */
async function readStream(path: string, pipe: boolean): Promise<{ bytes: Uint8Array } | { pastLimitIn: InputEncoding }> {
  const handle = await open(path, pipe ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY);
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const buffer = new Uint8Array(64 * 1024);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (error) {
        // A pipe with a writer but nothing to read yet: wait for it.
        if (pipe && errnoCodeOf(error) === 'EAGAIN') {
          await new Promise((resolveWait) => setTimeout(resolveWait, 10));
          continue;
        }
        throw error;
      }
      if (bytesRead === 0) break;
      size += bytesRead;
      chunks.push(buffer.subarray(0, bytesRead));
      // Until two bytes have come, a UTF-16 byte-order mark may yet begin it.
      const head = chunks[0]!.length >= 3 ? chunks[0]! : Buffer.concat(chunks);
      const encoding = size < 2 ? 'utf-16le' : encodingOf(head);
      if (size - markLength(head) > maxBytesIn(encoding)) return { pastLimitIn: encoding };
    }
    return { bytes: Buffer.concat(chunks) };
  } finally {
    await handle.close();
  }
}

/**
 * Where the first byte that is not UTF-8 is, as a line and column (in
 * characters) a text editor shows: in a roster of hundreds of entries a
 * message without one leaves the user hunting for an accented letter.
 */
export function locateInvalidUtf8(bytes: Uint8Array): { line: number; column: number; byte: number } {
  // The longest valid prefix, by halving: streaming decoding accepts a character cut at the end of a prefix.
  const validUpTo = (end: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let passing = 0;
  let failing = bytes.length;
  while (failing - passing > 1) {
    const middle = Math.floor((passing + failing) / 2);
    if (validUpTo(middle, true)) passing = middle;
    else failing = middle;
  }
  // The first `passing` bytes may end in the start of a character that the next byte breaks: that start is the culprit.
  let good = passing;
  while (good > 0 && passing - good < 3 && !validUpTo(good, false)) good -= 1;
  const lineStart = bytes.lastIndexOf(0x0a, Math.max(0, good - 1)) + 1;
  const before = bytes.subarray(0, lineStart);
  const line = before.reduce((count, value) => count + (value === 0x0a ? 1 : 0), 1);
  const column = [...new TextDecoder('utf-8').decode(bytes.subarray(lineStart, good))].length + 1;
  return { line, column, byte: bytes[good] ?? 0 };
}

type InputEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function encodingOf(bytes: Uint8Array): InputEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** How many bytes of `head`, a file's first, are its byte-order mark (UTF-16's two, UTF-8's three), if it starts with one. */
function markLength(head: Uint8Array): number {
  if (encodingOf(head) !== 'utf-8') return 2;
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
