import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { woff2RefusedMessage } from '../../src/render/pdf/woff2-stand-in.js';
import { projectRoot } from '../support/run-cli.js';

/**
 * Every batch render thread loads its own copy of each module it imports,
 * so what it imports is memory and start-up time paid once per thread.
 */

const dist = join(projectRoot, 'dist');

/** The packages a compiled module reaches by import (static or dynamic) or require, following the build's own files. */
function packagesReachedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(import|export)\s(?!type\s)[^'";]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
      const specifier = (match[2] ?? match[3] ?? match[4])!;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

describe('what a render thread loads', () => {
  it('leaves out any-ascii, which only naming files needs', () => {
    const packages = packagesReachedFrom(join(dist, 'batch', 'render-worker.js'));
    // The walk does reach the PDF renderer's packages, so a missing package would be a real absence.
    expect(packages).toContain('pdfkit');
    expect(packages).toContain('fontkit');
    expect(packages).not.toContain('any-ascii');
  });

  it("gives fontkit a stand-in for its WOFF2 decoder instead of loading brotli's", () => {
    const script = `
      const { createRequire } = await import('node:module');
      await import(${JSON.stringify(join(dist, 'render', 'pdf', 'index.js'))});
      const require = createRequire(${JSON.stringify(join(dist, 'render', 'pdf', 'fonts.js'))});
      const fontkitRequire = createRequire(require.resolve('fontkit'));
      const loaded = Object.keys(require.cache).filter((path) => path.includes('/brotli/'));
      let refusal = '';
      try { fontkitRequire('brotli/decompress.js')(new Uint8Array(4)); } catch (error) { refusal = error.message; }
      console.log(JSON.stringify({ loaded, decoder: fontkitRequire.resolve('brotli/decompress.js'), fontkit: Boolean(require.cache[require.resolve('fontkit')]), refusal }));
    `;
    const report = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as {
      loaded: string[];
      decoder: string;
      fontkit: boolean;
      refusal: string;
    };
    expect(report.fontkit).toBe(true);
    expect(report.loaded).toEqual([report.decoder]);
    expect(report.refusal).toBe(woff2RefusedMessage);
  });
});
