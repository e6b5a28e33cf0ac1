import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { inflateStreams } from '../../support/inspect-pdf.js';
import { oneToOneOptions, readFixture } from './fixtures.js';

const deflated: Uint8Array[] = [];

vi.mock('node:zlib', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:zlib')>();
  const deflateSync = ((...args: Parameters<typeof actual.deflateSync>) => {
    const [input] = args;
    if (input instanceof Uint8Array) deflated.push(input);
    return actual.deflateSync(...args);
  }) as typeof actual.deflateSync;
  return { ...actual, default: { ...actual, deflateSync }, deflateSync };
});

/** The sRGB profile pdfkit writes into every PDF/A document as its output intent. */
const colourProfile = readFileSync(join(dirname(createRequire(import.meta.url).resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc'));

describe('stream compression', () => {
  it('deflates the colour profile every PDF/A document carries once per thread, not once per document', async () => {
    const documents = 4;
    const pdfs: Uint8Array[] = [];
    for (let index = 0; index < documents; index++) pdfs.push(await renderPdf(readFixture('one-to-one.md'), oneToOneOptions()));

    const profileDeflates = deflated.filter((input) => Buffer.compare(input, colourProfile) === 0).length;
    expect(profileDeflates).toBeGreaterThan(0);
    expect(profileDeflates).toBeLessThan(documents);
    for (const pdf of pdfs) {
      expect(inflateStreams(pdf).filter((stream) => stream === colourProfile.toString('latin1'))).toHaveLength(1);
    }
  });
});
