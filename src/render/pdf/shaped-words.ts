/**
 * Words of the built-in templates, shaped once at build time.
 *
 * The first agreement a process lays out spends most of its time in
 * fontkit: reading the font's substitution and positioning tables and
 * shaping every word with code that has not been compiled yet. The words
 * of the built-in templates are the same in every agreement, so
 * `npm run build` lays out each pack's example and keeps the shaped words
 * (scripts/write-shaped-words.mjs); every thread's shared layout cache
 * starts with them (fonts.ts). A word shaped here is exactly what fontkit
 * would produce: the same glyphs, code points and positions, and
 * `shaped-words.test.ts` shapes every one of them again to prove it. The
 * file is used only with the pdfkit, fontkit and font versions it was made
 * with; any other install shapes every word itself, as before.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Font } from 'fontkit';
import type { FaceName } from './fonts.js';
import type { GlyphPosition } from './draw-text.js';

/** A word: its text, glyph ids, each glyph's code points, and per glyph xAdvance, yAdvance, xOffset, yOffset, advanceWidth. */
export type ShapedWord = [text: string, glyphIds: number[], codePoints: number[][], positions: number[]];

export interface ShapedWords {
  /** The packages whose code and data decide how a word is shaped, by name. */
  versions: Record<string, string>;
  faces: Partial<Record<FaceName, ShapedWord[]>>;
}

/** Written beside the compiled module by the build. */
export const shapedWordsUrl = new URL('./shaped-words.json', import.meta.url);

const require = createRequire(import.meta.url);
const shapingPackages = ['pdfkit', 'fontkit', 'dejavu-fonts-ttf'] as const;

/** The installed versions of the packages that shape words (their package.json files are not exported, so they are found on disk). */
export function shapingVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of shapingPackages) {
    const entry = name === 'dejavu-fonts-ttf' ? require.resolve('dejavu-fonts-ttf/package.json') : require.resolve(name);
    const version = findPackageVersion(dirname(entry), name);
    if (version !== undefined) versions[name] = version;
  }
  return versions;
}

function findPackageVersion(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // No package.json here: keep climbing.
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Whether `words` were shaped by the versions installed now: another
 * fontkit, pdfkit or font could shape them differently. A version that
 * cannot be found matches nothing.
 */
export function madeWithInstalled(words: ShapedWords, installed: Record<string, string>): boolean {
  return shapingPackages.every((name) => words.versions?.[name] !== undefined && words.versions[name] === installed[name]);
}

let loaded: ShapedWords | null | undefined;

/** The build's shaped words, or null when there are none or they were made with other versions. */
function loadShapedWords(): ShapedWords | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    const words = JSON.parse(readFileSync(shapedWordsUrl, 'utf8')) as ShapedWords;
    if (typeof words.faces === 'object' && words.faces !== null && madeWithInstalled(words, shapingVersions())) loaded = words;
  } catch {
    // Not built (tests run from the sources) or unreadable: every word is shaped as it comes.
  }
  return loaded;
}

/** A shaped word as pdfkit caches it: fontkit's GlyphRun, positions in thousandths of the font size. */
class ShapedRun {
  constructor(
    readonly glyphs: ReturnType<Font['getGlyph']>[],
    readonly positions: GlyphPosition[],
  ) {}

  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance;
    return width;
  }
}

/** Puts the build's shaped words of `face` into a shared layout cache (see getSharedLayoutCache). */
export function addShapedWords(face: FaceName, font: Font, cache: Record<string, unknown>): void {
  for (const [text, glyphIds, codePoints, flat] of loadShapedWords()?.faces[face] ?? []) {
    const glyphs = glyphIds.map((id, index) => font.getGlyph(id, codePoints[index]));
    const positions = glyphIds.map((_, index) => {
      const at = index * 5;
      return { xAdvance: flat[at]!, yAdvance: flat[at + 1]!, xOffset: flat[at + 2]!, yOffset: flat[at + 3]!, advanceWidth: flat[at + 4]! };
    });
    cache[text] = new ShapedRun(glyphs, positions);
  }
}

/** The entries of a shared layout cache in the file's form (the build writes them). */
export function describeShapedWords(cache: Record<string, unknown>): ShapedWord[] {
  return Object.entries(cache).map(([text, value]) => {
    const run = value as { glyphs: { id: number; codePoints: number[] }[]; positions: (GlyphPosition & { yAdvance: number })[] };
    return [
      text,
      run.glyphs.map((glyph) => glyph.id),
      run.glyphs.map((glyph) => [...glyph.codePoints]),
      run.positions.flatMap((position) => [position.xAdvance, position.yAdvance, position.xOffset, position.yOffset, position.advanceWidth]),
    ];
  });
}
