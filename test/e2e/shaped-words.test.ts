import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Font } from 'fontkit';
import { madeWithInstalled, shapingVersions, type ShapedWords } from '../../src/render/pdf/shaped-words.js';
import { makeTempDir, projectRoot } from '../support/run-cli.js';

/** The build's shaped words (scripts/write-shaped-words.mjs), which every process's layout caches start with. */
const shapedWordsFile = join(projectRoot, 'dist', 'render', 'pdf', 'shaped-words.json');
const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as typeof import('fontkit');
const faceFiles = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf', boldItalic: 'DejaVuSans-BoldOblique.ttf' } as const;

function readShapedWords(): ShapedWords {
  return JSON.parse(readFileSync(shapedWordsFile, 'utf8')) as ShapedWords;
}

/** A word shaped now, by a font parsed afresh, in the form pdfkit caches it (layoutRun): positions in thousandths. */
function shapeNow(font: Font, text: string): [number[], number[][], number[]] {
  const scale = 1000 / font.unitsPerEm;
  const run = font.layout(text);
  return [
    run.glyphs.map((glyph) => glyph.id),
    run.glyphs.map((glyph) => [...glyph.codePoints]),
    run.positions.flatMap((position, index) => [
      position.xAdvance * scale,
      position.yAdvance * scale,
      position.xOffset * scale,
      position.yOffset * scale,
      run.glyphs[index]!.advanceWidth * scale,
    ]),
  ];
}

describe('the words of the built-in templates, shaped at build time', () => {
  it('were made with the pdfkit, fontkit and fonts installed', () => {
    expect(readShapedWords().versions).toEqual(shapingVersions());
  });

  it('are used only with those versions', () => {
    const words = readShapedWords();
    const installed = shapingVersions();
    expect(madeWithInstalled(words, installed)).toBe(true);
    expect(madeWithInstalled(words, { ...installed, fontkit: '2.0.5' })).toBe(false);
    expect(madeWithInstalled({ ...words, versions: {} }, installed)).toBe(false);
    const { pdfkit: _unknown, ...withoutPdfkit } = installed;
    expect(madeWithInstalled({ ...words, versions: withoutPdfkit }, withoutPdfkit)).toBe(false);
  });

  it('cover the built-in templates', () => {
    const { faces } = readShapedWords();
    const regular = new Set((faces.regular ?? []).map(([text]) => text));
    expect(regular.size).toBeGreaterThan(500);
    for (const word of ['safeguarding ', 'supervision ', 'confidentiality ']) expect(regular).toContain(word);
    expect(faces.bold?.length ?? 0).toBeGreaterThan(20);
  });

  it('are exactly what fontkit shapes for each word now: glyphs, code points and positions', () => {
    const { faces } = readShapedWords();
    for (const [face, file] of Object.entries(faceFiles)) {
      const font = fontkit.create(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))) as Font;
      for (const [text, glyphIds, codePoints, positions] of faces[face as keyof typeof faceFiles] ?? []) {
        expect([text, glyphIds, codePoints, positions]).toEqual([text, ...shapeNow(font, text)]);
      }
    }
  });

  it('give the same PDF bytes as shaping every word as it comes', () => {
    // A copy of the install without the file: every word is shaped by fontkit there.
    const bare = makeTempDir('supervise-unshaped-');
    for (const part of ['bin', 'dist', 'templates', 'package.json']) cpSync(join(projectRoot, part), join(bare, part), { recursive: true });
    symlinkSync(join(projectRoot, 'node_modules'), join(bare, 'node_modules'));
    rmSync(join(bare, 'dist', 'render', 'pdf', 'shaped-words.json'));
    const out = makeTempDir();
    const render = (root: string, template: string, name: string): Buffer => {
      const target = join(out, name);
      const args = [join(root, 'bin', 'supervise.js'), 'new', template, '-a', join(projectRoot, 'examples', `${template}.yaml`), '-o', target];
      const result = spawnSync(process.execPath, args, { env: { ...process.env, SOURCE_DATE_EPOCH: '1798761600' }, encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(target);
    };
    expect(existsSync(shapedWordsFile)).toBe(true);
    for (const template of ['one-to-one', 'group']) {
      expect(render(projectRoot, template, `${template}-shaped.pdf`).equals(render(bare, template, `${template}-unshaped.pdf`))).toBe(true);
    }
  });
});
