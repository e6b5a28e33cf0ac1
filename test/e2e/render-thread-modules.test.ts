import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusal, unusedDependencies } from '../../src/render/pdf/unused-dependencies.js';
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

  it('gives fontkit and pdfkit stand-ins for the parts supervise never reaches, and loads none of those', () => {
    const script = `
      const { createRequire } = await import('node:module');
      const { renderPdf } = await import(${JSON.stringify(join(dist, 'render', 'pdf', 'index.js'))});
      // A PDF rendered, so pdfkit has loaded as well as fontkit.
      const pdf = await renderPdf('# Agreement\\n\\nSiân and Łukasz meet monthly.\\n', {
        title: 'Agreement', documentTitle: 'Agreement', agency: 'Agency', subject: 'Subject', keywords: [], signers: [{ id: 'supervisor', title: 'Supervisor', name: 'Siân' }],
        paper: 'a4', formFields: true, creationDate: new Date(0),
      });
      const require = createRequire(${JSON.stringify(join(dist, 'render', 'pdf', 'fonts.js'))});
      const report = { pdfBytes: pdf.length, loaded: Object.keys(require.cache).filter((path) => /\\/(brotli|@noble\\/ciphers|png-js)\\//.test(path)), standIns: [] };
      for (const [from, request, member] of [['fontkit', 'brotli/decompress.js'], ['pdfkit', '@noble/ciphers/aes', 'cbc'], ['pdfkit', 'png-js', 'new']]) {
        const own = createRequire(require.resolve(from));
        const standIn = member && member !== 'new' ? own(request)[member] : own(request);
        let refusal = '';
        try { member === 'new' ? new standIn() : standIn(); } catch (error) { refusal = error.message; }
        report.standIns.push({ path: own.resolve(request), refusal });
      }
      console.log(JSON.stringify(report));
    `;
    const report = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as {
      pdfBytes: number;
      loaded: string[];
      standIns: { path: string; refusal: string }[];
    };
    expect(report.pdfBytes).toBeGreaterThan(1000);
    // Nothing of brotli or the cipher package is loaded but the stand-ins themselves.
    expect(report.loaded.sort()).toEqual(report.standIns.map((standIn) => standIn.path).sort());
    expect(report.standIns.map((standIn) => standIn.refusal)).toEqual(unusedDependencies.map((dependency) => refusal(dependency)));
  });
});
