import { describe, expect, it } from 'vitest';
import { describeFsReason, describeNameTooLong } from '../../src/io/fs-reasons.js';
import { describeFsError } from '../../src/io/write-files.js';

/** Node's own error, as fs.promises gives it. */
function nodeError(code: string, text: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${text}`), { code });
}

describe('describeFsReason', () => {
  it.each([
    ['EINVAL', "invalid argument, open '/media/stick/.a:b.pdf.1f2e3d4c5b6a.tmp'", 'the name is not allowed on this disk'],
    ['EMFILE', "too many open files, open '/x/.a.pdf.1f2e3d4c5b6a.tmp'", 'too many files are open at once'],
    ['EIO', "i/o error, write", 'the disk reported an input/output error'],
  ])('says %s in words, without the temporary file Node names', (code, text, words) => {
    const reason = describeFsReason(nodeError(code, text));
    expect(reason).toContain(words);
    expect(reason).not.toContain('.tmp');
    expect(reason).not.toContain(code);
  });

  it("keeps Node's words for a failure it does not know, without the paths", () => {
    const error = nodeError('EXDEV', "cross-device link not permitted, rename '/x/.a.pdf.1f2e3d4c5b6a.tmp' -> '/y/a.pdf'");
    expect(describeFsReason(error)).toBe('cross-device link not permitted (EXDEV)');
  });

  it('keeps a message that is not in Node\'s shape as it is', () => {
    expect(describeFsReason(Object.assign(new Error('something odd'), { code: 'EWEIRD' }))).toBe('something odd');
    expect(describeFsReason(new Error('no code'))).toBe('no code');
  });
});

describe('describeNameTooLong', () => {
  it('names the longest name in the path, counted in bytes as the file system counts them', () => {
    expect(describeNameTooLong(`/srv/${'ŵ'.repeat(128)}/tom.pdf`)).toBe(
      `the name "${'ŵ'.repeat(24)}…" in it is 256 bytes long, and a file or folder name may be at most 255 bytes`,
    );
  });

  it('says the path as a whole is too long when none of its names is', () => {
    expect(describeNameTooLong(`/${Array.from({ length: 20 }, () => 'f'.repeat(250)).join('/')}/tom.pdf`)).toBe('the path is too long');
  });
});

describe('describeFsError', () => {
  it.each([
    ['ENOSPC', 'no space left on device', /Free some space on that disk/, /permission|writable/],
    ['ENOTDIR', 'not a directory', /^Choose another output folder with --out and run again\.$/, /space|permission|writable/],
    ['EACCES', 'permission denied', /make that one writable for you/, /space/],
    ['EROFS', 'read-only file system', /on a disk that can be written to/, /space|permission/],
  ])('gives a failed write (%s) a hint about its own cause, not every cause there is', (code, text, says, saysNot) => {
    const { hint } = describeFsError(nodeError(code, `${text}, open '/x/.a.pdf.1f2e3d4c5b6a.tmp'`), '/x/a.pdf');
    expect(hint).toMatch(says);
    expect(hint).not.toMatch(saysNot);
  });
});
