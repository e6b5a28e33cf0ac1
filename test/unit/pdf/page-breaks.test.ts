import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { inspectPdf } from '../../support/inspect-pdf.js';
import { oneToOneOptions } from './fixtures.js';

/** Five lines, each ended by a hard line break, so which line is on which page can be read from the text. */
const FIVE_LINES = ['Alpha line one', 'Bravo line two', 'Charlie line three', 'Delta line four', 'Echo line five'];

/** How many of the five lines each page holds. */
async function linesPerPage(markdown: string): Promise<number[]> {
  const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
  return pdf.pages.map((page) => FIVE_LINES.filter((line) => page.text.includes(line)).length).filter((count) => count > 0);
}

describe('page breaks inside a paragraph or list item', () => {
  // A paragraph of one more line each time moves the five lines down by
  // exactly a line, so over a page of lines every possible split of them at
  // the foot of a page comes up once.
  for (const [kind, body] of [
    ['paragraph', FIVE_LINES.join('  \n')],
    ['list item', `- ${FIVE_LINES.join('  \n  ')}`],
  ] as const) {
    it(`leave at least two lines of a ${kind} on each page`, async () => {
      const splits = new Set<string>();
      for (let lead = 20; lead <= 70; lead++) {
        const before = Array.from({ length: lead }, (_, index) => `Lead ${index + 1}`).join('  \n');
        const counts = await linesPerPage(`${before}\n\n${body}\n`);
        expect(counts.reduce((sum, count) => sum + count, 0), `${lead}: every line is printed once`).toBe(5);
        expect(Math.min(...counts), `${lead} lines before: lines per page ${counts.join(' + ')}`).toBeGreaterThanOrEqual(2);
        splits.add(counts.join('+'));
      }
      // The sweep did cross a page end inside the lines, not only before them.
      expect(splits).toContain('3+2');
      expect(splits).toContain('2+3');
    });
  }
});
