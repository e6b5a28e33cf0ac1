import { readFile, stat } from 'node:fs/promises';
import { SuperviseError } from '../errors.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** Answers and rosters are small; anything past this is a mistake, not data. */
export const maxInputBytes = 8 * 1024 * 1024;

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
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new SuperviseError(
      `Cannot read the ${what} ${shown}: ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'permission denied' : error.message}`,
      { hint: 'Check the path and run the command again.' },
    );
  });
  if (info.isDirectory()) throw new SuperviseError(`The ${what} ${shown} is a folder, not a file`);
  if (info.size > maxInputBytes) {
    throw new SuperviseError(`The ${what} ${shown} is ${formatBytes(info.size)}; at most ${formatBytes(maxInputBytes)} is read`, {
      hint: 'Split it into smaller files.',
    });
  }
  const bytes = await readFile(path);
  const encoding = encodingOf(bytes);
  const notText = (): SuperviseError =>
    new SuperviseError(`The ${what} ${shown} is not a text file (it contains NUL bytes)`, { hint: 'Give a YAML or JSON file.' });
  // Looked for in the bytes first, so a binary file is called that rather than bad UTF-8.
  if (encoding === 'utf-8' && bytes.includes(0)) throw notText();
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SuperviseError(`The ${what} ${shown} is not valid ${encoding.toUpperCase()} text`, { hint: 'Save it as UTF-8 and run the command again.' });
  }
  if (text.includes('\0')) throw notText();
  return text;
}

function encodingOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
