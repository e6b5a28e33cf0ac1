import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { adoptFontFiles, FACE_FILES, fontFile, shareFontFiles, type FaceName } from '../../../src/render/pdf/font-files.js';

const require = createRequire(import.meta.url);
const onDisk = (face: FaceName): Buffer => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FACE_FILES[face]}`));

describe('font files', () => {
  it('reads each face once, into shared memory, with the bytes of its file', () => {
    const shared = shareFontFiles();
    for (const face of Object.keys(FACE_FILES) as FaceName[]) {
      expect(shared[face]).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.from(shared[face]).equals(onDisk(face))).toBe(true);
      // The same memory every time: what a render thread is handed is what this thread parses.
      expect(fontFile(face).buffer).toBe(shared[face]);
    }
    expect(shareFontFiles()).toEqual(shared);
  });

  it('parses the files another thread read, without a copy', () => {
    const bytes = onDisk('bold');
    const fromAnotherThread = new SharedArrayBuffer(bytes.length);
    new Uint8Array(fromAnotherThread).set(bytes);
    adoptFontFiles({ ...shareFontFiles(), bold: fromAnotherThread });
    expect(fontFile('bold').buffer).toBe(fromAnotherThread);
  });
});
