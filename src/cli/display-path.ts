import { isAbsolute, relative } from 'node:path';

/**
 * A path as the user would type it: relative to the folder they ran the
 * command in when it lies inside it, absolute otherwise rather than climbing
 * out with `../`. Commands resolve paths against that folder to work with them,
 * and name them through here, so `check`, `new`, `batch` and `init` name a
 * file the same way.
 */
export function displayPath(file: string, cwd: string): string {
  // Already relative: named as typed, or by an earlier displayPath.
  if (!isAbsolute(file)) return file;
  const path = relative(cwd, file);
  return path === '' ? '.' : path.startsWith('..') || isAbsolute(path) ? file : path;
}
