/**
 * The font files, read once per process into memory every thread can see.
 *
 * fontkit keeps the whole file of each face it parses (2.7 MB for the four
 * DejaVu faces) and reads glyphs from it as subsets are written, so each
 * thread that renders PDFs held a copy of its own. Read here into shared
 * memory, the files are handed to the render threads with their other
 * start-up data (`shareFontFiles`, `adoptFontFiles`), and every thread
 * parses the same bytes. Kept apart from fonts.ts so that the batch can
 * read them without loading fontkit.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SuperviseError } from '../../errors.js';

export type FaceName = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** The four files, as shared memory; safe to send to another thread (it is shared, not copied). */
export type FontFiles = Readonly<Record<FaceName, SharedArrayBuffer>>;

export const FACE_FILES: Readonly<Record<FaceName, string>> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
};

const require = createRequire(import.meta.url);
const files: Partial<Record<FaceName, SharedArrayBuffer>> = {};

/** The file of `face`, read on first use (or adopted from the thread that started this one). */
export function fontFile(face: FaceName): Buffer {
  return Buffer.from((files[face] ??= readShared(FACE_FILES[face])));
}

/** All four files, read now if they are not yet, to hand to threads that will render PDFs. */
export function shareFontFiles(): FontFiles {
  for (const face of Object.keys(FACE_FILES) as FaceName[]) files[face] ??= readShared(FACE_FILES[face]);
  return files as FontFiles;
}

/** Uses the files another thread read (shareFontFiles there) instead of reading copies. */
export function adoptFontFiles(shared: FontFiles): void {
  Object.assign(files, shared);
}

function readShared(file: string): SharedArrayBuffer {
  let path: string;
  try {
    path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
  } catch (cause) {
    throw new SuperviseError(`The PDF font ${file} is missing.`, {
      cause,
      hint: 'Reinstall supervise: its dependency dejavu-fonts-ttf is not installed.',
    });
  }
  const bytes = readFileSync(path);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return shared;
}
