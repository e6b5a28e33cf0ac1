import { describe, expect, it } from 'vitest';
import { formatNamedBy, slugify } from '../../src/render/file-names.js';

describe('the part of a file name made from a name', () => {
  it('is the name in plain lower-case letters and digits, a hyphen between words', () => {
    expect(slugify('Siân Ŵyn')).toBe('sian-wyn');
    expect(slugify('  Łukasz Żółć, O’Neill & Co. ')).toBe('lukasz-zolc-o-neill-co');
  });

  it('is cut at 60 characters, never ending on the hyphen the cut left', () => {
    // 59 letters then a space: a cut at 60 would end on the hyphen.
    const name = `${'a'.repeat(59)} ${'b'.repeat(40)}`;
    expect(slugify(name)).toBe('a'.repeat(59));
    expect(slugify('c'.repeat(100))).toBe('c'.repeat(60));
  });
});

describe('the format an --out path names', () => {
  it('is read from its extension whatever its case, and not from a folder named like a file', () => {
    expect(formatNamedBy('REPORT.PDF')).toBe('pdf');
    expect(formatNamedBy('notes.Md')).toBe('md');
    expect(formatNamedBy('agreement.docx')).toBeUndefined();
    expect(formatNamedBy('agreements.pdf/')).toBeUndefined();
  });
});
