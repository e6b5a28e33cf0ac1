import { readFile, stat } from 'node:fs/promises';
import { SuperviseError } from '../errors.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** Answers and rosters are small; anything past this is a mistake, not data. */
export const maxInputBytes = 8 * 1024 * 1024;

/** Reads a YAML or JSON input file with positions, refusing what is not text. */
export async function readYamlFile(path: string, what: string): Promise<YamlSource> {
  return parseYamlSource(await readInputText(path, what), path);
}

/** Reads a small UTF-8 input file, refusing folders, binary files and anything huge. */
export async function readInputText(path: string, what: string): Promise<string> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new SuperviseError(
      `Cannot read the ${what} ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'permission denied' : error.message}`,
      { hint: 'Check the path and run the command again.' },
    );
  });
  if (info.isDirectory()) throw new SuperviseError(`The ${what} ${path} is a folder, not a file`);
  if (info.size > maxInputBytes) {
    throw new SuperviseError(`The ${what} ${path} is ${formatBytes(info.size)}; at most ${formatBytes(maxInputBytes)} is read`, {
      hint: 'Split it into smaller files.',
    });
  }
  const bytes = await readFile(path);
  if (bytes.includes(0)) {
    throw new SuperviseError(`The ${what} ${path} is not a text file (it contains NUL bytes)`, {
      hint: 'Give a YAML or JSON file.',
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SuperviseError(`The ${what} ${path} is not valid UTF-8 text`, { hint: 'Save it as UTF-8 and run the command again.' });
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
