import { sep } from 'node:path';
import { messageOf } from '../errors.js';

/**
 * Why a file-system call failed, in the words a user reads ("permission
 * denied"), not Node's errno text ("EACCES: permission denied, open '/x'").
 * One table for reading and writing, so the same failure reads the same
 * whichever command meets it.
 */
const reasons: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'it does not exist',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  // FAT and exFAT (USB sticks, SD cards) and Windows shares refuse some characters in names.
  EINVAL: 'the name is not allowed on this disk (USB sticks and Windows drives refuse : * ? " < > | and \\ in names)',
  EMFILE: 'too many files are open at once (raise the limit with `ulimit -n 1024`)',
  ENFILE: 'too many files are open on this computer at once',
  EIO: 'the disk reported an input/output error (it may be failing, or have been unplugged)',
  EFBIG: 'the file is too large for this disk',
  EBUSY: 'it is in use by another program',
};

export function errnoCodeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The reason in words. A failure the table does not know keeps Node's own
 * words, without the path it names ("EXDEV: cross-device link not permitted,
 * rename '/x/.a.pdf.1f2e.tmp' -> '/x/a.pdf'" becomes "cross-device link not
 * permitted (EXDEV)"): that is often a temporary file the user never sees,
 * and the message around the reason names the file already.
 */
export function describeFsReason(error: unknown): string {
  const code = errnoCodeOf(error);
  const known = code === undefined ? undefined : reasons[code];
  if (known !== undefined) return known;
  const message = messageOf(error);
  const words = code === undefined ? undefined : new RegExp(`^${code}: (.*?)(?:, \\w+ '.*)?$`, 's').exec(message)?.[1];
  return words === undefined || words === '' ? message : `${words} (${code})`;
}

/** What most file systems allow one name in a path (a file's or a folder's) to be, in bytes. */
export const maxNameBytes = 255;

/**
 * Why `path` is too long, naming the name in it that is: the message prints
 * the path whole, and a folder name past the limit would otherwise look like
 * the fault of the (short) file name after it.
 */
export function describeNameTooLong(path: string): string {
  let longest = '';
  for (const name of path.split(sep)) if (Buffer.byteLength(name) > Buffer.byteLength(longest)) longest = name;
  const bytes = Buffer.byteLength(longest);
  if (bytes <= maxNameBytes) return 'the path is too long';
  const shown = [...longest].length > 24 ? `${[...longest].slice(0, 24).join('')}…` : longest;
  return `the name "${shown}" in it is ${bytes} bytes long, and a file or folder name may be at most ${maxNameBytes} bytes`;
}
