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
};

export function errnoCodeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The reason in words; a failure the table does not know keeps Node's own message. */
export function describeFsReason(error: unknown): string {
  const code = errnoCodeOf(error);
  const known = code === undefined ? undefined : reasons[code];
  return known ?? (error instanceof Error ? error.message : String(error));
}
