import { describe, expect, it } from 'vitest';
import { escapeMarkdownBlock } from '../../../src/render/escape-markdown.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { inspectPdf, taggedTexts } from '../../support/inspect-pdf.js';
import { oneToOneOptions } from './fixtures.js';

/**
 * `lead` numbered lines ("Lead 1"…) in `paragraphs` paragraphs: whole lines
 * and paragraph gaps move what follows down by less than a line at a time,
 * so a sweep brings it to every place at the foot of a page.
 */
function leadIn(lead: number, paragraphs: number): string {
  const lines = Array.from({ length: lead }, (_, index) => `Lead ${index + 1}`);
  const size = Math.ceil(lead / paragraphs);
  const chunks: string[] = [];
  for (let start = 0; start < lead; start += size) chunks.push(lines.slice(start, start + size).join('  \n'));
  return chunks.join('\n\n');
}

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

describe("page breaks inside an answer's paragraphs", () => {
  // An answer of three paragraphs (see escapeMarkdownBlock), of 3, 4 and 2 lines, moved down a line at a time over a page.
  const PARAGRAPHS = [
    ['Kilo one', 'Kilo two', 'Kilo three'],
    ['Lima one', 'Lima two', 'Lima three', 'Lima four'],
    ['Mike one', 'Mike two'],
  ];
  const answer = escapeMarkdownBlock(PARAGRAPHS.map((lines) => lines.join('\n')).join('\n\n'));
  for (const [kind, body] of [
    ['paragraph', `Notes: ${answer}`],
    ['list item', `- Notes: ${answer}`],
  ] as const) {
    it(`leave two lines of each on a page, in a ${kind}, and one of up to three lines whole`, async () => {
      const splits = new Set<string>();
      for (let lead = 20; lead <= 70; lead++) {
        const before = Array.from({ length: lead }, (_, index) => `Lead ${index + 1}`).join('  \n');
        const pdf = await inspectPdf(await renderPdf(`${before}\n\n${body}\n`, oneToOneOptions({ signers: [] })));
        for (const lines of PARAGRAPHS) {
          const counts = pdf.pages.map((page) => lines.filter((line) => page.text.includes(line)).length).filter((count) => count > 0);
          expect(counts.reduce((sum, count) => sum + count, 0), `${lead}: every line is printed once`).toBe(lines.length);
          const label = `${lead} lines before: ${lines[0]} per page ${counts.join(' + ')}`;
          if (lines.length <= 3) expect(counts, label).toEqual([lines.length]);
          else expect(Math.min(...counts), label).toBeGreaterThanOrEqual(2);
          splits.add(`${lines[0]} ${counts.join('+')}`);
        }
      }
      // The sweep did cross a page end inside the four lines.
      expect(splits).toContain('Lima one 2+2');
    });
  }
});

describe('page breaks after a paragraph that introduces what follows', () => {
  // The lead-in moves down a line at a time, so over a page of lines it comes
  // to the foot of a page once with what it introduces below it.
  for (const [kind, answer] of [
    ['paragraph', 'Zulu answer it introduces.'],
    ['list', '1. Zulu answer it introduces.\n2. Yankee second item.'],
  ] as const) {
    for (const heading of ['', '### Link back to the line manager\n\n']) {
      it(`keeps a paragraph ending with a colon${heading ? ', and the heading above it,' : ''} on the page where the ${kind} it introduces starts`, async () => {
        let crossed = false;
        for (let lead = 20; lead <= 70; lead++) {
          const before = Array.from({ length: lead }, (_, index) => `Lead ${index + 1}`).join('  \n');
          const markdown = `${before}\n\n${heading}To keep the line manager aware of issues and of concerns about practice or performance, supervision will link back to them in the way the supervisor, the supervisee and the line manager agreed together when the agreement was made, which is as follows, in the words agreed:\n\n${answer}\n`;
          const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
          const introPage = pdf.pages.findIndex((page) => page.text.includes('as follows, in the words agreed'));
          expect(pdf.pages.findIndex((page) => page.text.includes('Zulu answer it introduces.')), `${lead} lines before`).toBe(introPage);
          if (heading) expect(pdf.pages.findIndex((page) => page.text.includes('Link back to the line manager')), `${lead} lines before`).toBe(introPage);
          if (introPage > 0 && !pdf.pages[introPage]!.text.includes(`Lead ${lead}`)) crossed = true;
        }
        // The sweep did reach the foot of a page: the lead-in had to go over to the next.
        expect(crossed).toBe(true);
      });
    }
  }
});

describe('page breaks after a heading directly over another', () => {
  it('takes the heading over to the page where the heading under it and its text start', async () => {
    let crossed = false;
    for (let lead = 30; lead <= 52; lead++) {
      for (let paragraphs = 1; paragraphs <= 3; paragraphs++) {
        const markdown = `${leadIn(lead, paragraphs)}\n\n## Expectations\n\n### What the supervisee wants from the supervisor\n\nProtected time, honest feedback and help to think through complex cases.\n`;
        const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
        const outer = pdf.pages.findIndex((page) => page.text.includes('Expectations'));
        const inner = pdf.pages.findIndex((page) => page.text.includes('What the supervisee wants'));
        expect(outer, `${lead} lines in ${paragraphs} paragraphs before`).toBe(inner);
        expect(pdf.pages.findIndex((page) => page.text.includes('Protected time')), `${lead} lines in ${paragraphs} paragraphs before`).toBe(inner);
        if (outer > 0 && !pdf.pages[outer]!.text.includes(`Lead ${lead}`)) crossed = true;
      }
    }
    // The sweep did reach the foot of a page: the headings had to go over to the next.
    expect(crossed).toBe(true);
  });
});

describe('page breaks at a table', () => {
  it('takes the header row over to the page of the first row under it', async () => {
    let crossed = false;
    for (let lead = 34; lead <= 46; lead++) {
      for (let paragraphs = 1; paragraphs <= 3; paragraphs++) {
        const markdown = `${leadIn(lead, paragraphs)}\n\n| Kilo header | Lima header |\n| --- | --- |\n| Mike cell | November cell |\n| Oscar cell | Papa cell |\n`;
        const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
        const header = pdf.pages.findIndex((page) => page.text.includes('Kilo header'));
        expect(pdf.pages.findIndex((page) => page.text.includes('Mike cell')), `${lead} lines in ${paragraphs} paragraphs before`).toBe(header);
        if (header > 0 && !pdf.pages[header]!.text.includes(`Lead ${lead}`)) crossed = true;
      }
    }
    // The sweep did reach the foot of a page: the table had to go over to the next.
    expect(crossed).toBe(true);
  });
});

describe('page breaks at a heading over a table', () => {
  it('take the heading over to the page where the table starts, however tall its first row', async () => {
    const tall = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ');
    let crossed = false;
    for (let lead = 30; lead <= 46; lead++) {
      for (let paragraphs = 1; paragraphs <= 3; paragraphs++) {
        const markdown = `${leadIn(lead, paragraphs)}\n\n## Quebec heading\n\n| Kilo header | Lima header |\n| --- | --- |\n| Mike cell | ${tall} |\n| Oscar cell | Papa cell |\n`;
        const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
        const heading = pdf.pages.findIndex((page) => page.text.includes('Quebec heading'));
        const where = `${lead} lines in ${paragraphs} paragraphs before`;
        expect(pdf.pages.findIndex((page) => page.text.includes('Kilo header')), where).toBe(heading);
        expect(pdf.pages.findIndex((page) => page.text.includes('Mike cell')), where).toBe(heading);
        if (heading > 0 && !pdf.pages[heading]!.text.includes(`Lead ${lead}`)) crossed = true;
      }
    }
    expect(crossed).toBe(true);
  });
});

describe('page breaks at a heading over a rule', () => {
  it('take the heading over to the page of the text under the rule', async () => {
    let crossed = false;
    for (let lead = 34; lead <= 46; lead++) {
      for (let paragraphs = 1; paragraphs <= 3; paragraphs++) {
        const markdown = `${leadIn(lead, paragraphs)}\n\n## Quebec heading\n\n---\n\nRomeo paragraph of the section.\n`;
        const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
        const heading = pdf.pages.findIndex((page) => page.text.includes('Quebec heading'));
        expect(pdf.pages.findIndex((page) => page.text.includes('Romeo paragraph')), `${lead} lines in ${paragraphs} paragraphs before`).toBe(heading);
        if (heading > 0 && !pdf.pages[heading]!.text.includes(`Lead ${lead}`)) crossed = true;
      }
    }
    expect(crossed).toBe(true);
  });
});

describe('a table row taller than a page', () => {
  it('goes on page after page with every cell in its column, under the header again, starting where it is', async () => {
    const long = Array.from({ length: 90 }, (_, index) => `Point ${index + 1}: the supervisor and supervisee agree the record.`).join(' ');
    const markdown = `Before the table.\n\n| Lima header | Mike header |\n| --- | --- |\n| Short row | short value |\n| ${long} | Kilo key |\n| Last row | last value |\n`;
    const bytes = await renderPdf(markdown, oneToOneOptions({ signers: [] }));
    const pdf = await inspectPdf(bytes);
    const pageOf = (text: string): number => pdf.pages.findIndex((page) => page.text.includes(text));
    // The row starts on the first page, under the short row, rather than leaving the rest of that page empty.
    expect(pageOf('Point 1:')).toBe(0);
    // The other cell of the row is beside its start, not where the tall cell ends.
    expect(pageOf('Kilo key')).toBe(0);
    expect(pageOf('Point 90:')).toBeGreaterThanOrEqual(2);
    for (const [index, page] of pdf.pages.entries()) {
      expect(page.textItems.some((item) => item.text === 'Lima header'), `page ${index + 1}`).toBe(true);
    }
    const text = pdf.pages.map((page) => page.text).join(' ');
    for (let point = 1; point <= 90; point++) expect(text.split(`Point ${point}: `).length - 1, `Point ${point}`).toBe(1);
    expect(text.indexOf('Last row')).toBeGreaterThan(text.indexOf('Point 90:'));
    expect(taggedTexts(bytes).filter((tagged) => tagged === 'Lima header')).toHaveLength(1);
  });
});

describe('page breaks inside a table row taller than a page', () => {
  it('leave at least two of its lines on each page, as in a paragraph', async () => {
    // Words of one width, so the tall cell's lines are alike; the lead-in moves the row down a line at a time,
    // so over a page of lines every number of lines left for its last page comes up.
    const words = Array.from({ length: 900 }, (_, index) => `Zulu${String(index).padStart(3, '0')}`).join(' ');
    const splits = new Set<string>();
    for (let lead = 0; lead <= 52; lead++) {
      const before = Array.from({ length: lead }, (_, index) => `Lead ${index + 1}`).join('  \n');
      const markdown = `${before}\n\n| Lima header | Mike header |\n| --- | --- |\n| Short row | short value |\n| ${words} | Kilo key |\n| Last row | last value |\n`;
      const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
      // The tall cell's lines on each page it is on, each a baseline of its own.
      const counts = pdf.pages
        .map((page) => new Set(page.textItems.filter((item) => item.text.includes('Zulu')).map((item) => item.baseline.toFixed(1))).size)
        .filter((count) => count > 0);
      const text = pdf.pages.map((page) => page.text).join(' ');
      expect(text.split('Zulu').length - 1, `${lead}: every word is printed once`).toBe(900);
      expect(Math.min(...counts), `${lead} lines before: lines of the row per page ${counts.join(' + ')}`).toBeGreaterThanOrEqual(2);
      splits.add(counts.join('+'));
    }
    // The sweep did bring the row's end to every line of a page, so its last page held two lines at least once.
    expect([...splits].some((split) => split.endsWith('+2'))).toBe(true);
  });
});

describe('a table whose first row is taller than a page', () => {
  it('starts under what comes before it, its header with the start of that row, rather than on a new page', async () => {
    const long = Array.from({ length: 90 }, (_, index) => `Point ${index + 1}: the supervisor and supervisee agree the record.`).join(' ');
    const markdown = `Before the table.\n\n| Lima header | Mike header |\n| --- | --- |\n| ${long} | Kilo key |\n| Last row | last value |\n`;
    const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
    const pageOf = (text: string): number => pdf.pages.findIndex((page) => page.text.includes(text));
    expect(pageOf('Lima header')).toBe(0);
    expect(pageOf('Point 1:')).toBe(0);
    expect(pageOf('Kilo key')).toBe(0);
  });
});

describe('page breaks in a list of a one-line item, a three-line item and a one-line item', () => {
  it('never leaves the first item alone at the foot of a page, whatever the rule for the last item asks of the second', async () => {
    let crossed = false;
    for (let lead = 34; lead <= 46; lead++) {
      for (let paragraphs = 1; paragraphs <= 3; paragraphs++) {
        const markdown = `${leadIn(lead, paragraphs)}\n\n- Kilo item\n- Lima one  \n  Lima two  \n  Lima three\n- Mike item\n`;
        const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
        const page = (text: string): number => pdf.pages.findIndex((content) => content.text.includes(text));
        const where = `${lead} lines in ${paragraphs} paragraphs before`;
        expect(page('Lima one'), where).toBe(page('Kilo item'));
        // The last item does not open a page alone either.
        expect(page('Lima three'), where).toBe(page('Mike item'));
        if (page('Kilo item') > 0 && !pdf.pages[page('Kilo item')]!.text.includes(`Lead ${lead}`)) crossed = true;
      }
    }
    expect(crossed).toBe(true);
  });
});

describe('the labels of a long numbered list', () => {
  it('keep a gap before the text of their item, and every item starts at one edge', async () => {
    const items = Array.from({ length: 12 }, (_, index) => `${98 + index}. Item ${98 + index} text`);
    const pdf = await inspectPdf(await renderPdf(`${items.join('\n')}\n`, oneToOneOptions({ signers: [] })));
    const textItems = pdf.pages.flatMap((page) => page.textItems);
    const bodies = textItems.filter((item) => /^Item \d+ text$/.test(item.text));
    expect(bodies).toHaveLength(12);
    expect(new Set(bodies.map((body) => body.x.toFixed(2))).size).toBe(1);
    for (const body of bodies) {
      const number = body.text.split(' ')[1]!;
      // The label whole, on the item's first line, ending at least a few points before its text.
      const label = textItems.find((item) => item.text === `${number}.` && Math.abs(item.baseline - body.baseline) < 0.5);
      expect(label, `label ${number}.`).toBeDefined();
      expect(body.x - (label!.x + label!.width), `gap after ${number}.`).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('a table that goes on to another page', () => {
  const rows = Array.from({ length: 70 }, (_, index) => `| Row ${index + 1} key | Row ${index + 1} value |`);
  const markdown = `Before the table.\n\n| Kilo header | Lima header |\n| --- | --- |\n${rows.join('\n')}\n`;

  it('repeats its header row at the top of each page it continues on', async () => {
    const bytes = await renderPdf(markdown, oneToOneOptions({ signers: [] }));
    const pdf = await inspectPdf(bytes);
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    for (const [index, page] of pdf.pages.entries()) {
      const first = page.textItems.find((item) => /^(Row \d+ key|Kilo header)$/.test(item.text));
      // The first cell on every page is the header's, above the rows there.
      expect(first?.text, `page ${index + 1}`).toBe('Kilo header');
      expect(page.text, `page ${index + 1}`).toContain('Lima header');
    }
    // Every row is printed once, and a screen reader meets the header once, as it is one table.
    const text = pdf.pages.map((page) => page.text).join(' ');
    for (let row = 1; row <= rows.length; row++) expect(text.split(`Row ${row} key `).length - 1).toBe(1);
    expect(taggedTexts(bytes).filter((text) => text === 'Kilo header')).toHaveLength(1);
  });
});

describe('page breaks inside a list of short items', () => {
  // As in a paragraph, a page break leaves at least two lines of a list on each side.
  for (const items of [
    ['Kilo item', 'Lima item', 'Mike item'],
    ['Kilo item', 'Lima item', 'Mike item', 'November item'],
    ['Kilo item', 'Lima item', 'Mike item', 'November item', 'Oscar item'],
  ]) {
    it(`never leaves one of ${items.length} one-line items alone on a page`, async () => {
      const splits = new Set<string>();
      for (let lead = 34; lead <= 46; lead++) {
        for (let paragraphs = 1; paragraphs <= 3; paragraphs++) {
          const markdown = `${leadIn(lead, paragraphs)}\n\nThe paragraph before the list.\n\n${items.map((item) => `- ${item}`).join('\n')}\n`;
          const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
          const counts = pdf.pages.map((page) => items.filter((item) => page.text.includes(item)).length).filter((count) => count > 0);
          expect(counts.reduce((sum, count) => sum + count, 0)).toBe(items.length);
          const where = `${lead} lines in ${paragraphs} paragraphs before: items per page ${counts.join(' + ')}`;
          if (items.length <= 3) expect(counts, where).toHaveLength(1);
          else expect(Math.min(...counts), where).toBeGreaterThanOrEqual(2);
          splits.add(counts.join('+'));
        }
      }
      // The sweep did cross a page end inside the list, or took it whole to the next page.
      if (items.length > 3) expect(splits).toContain(`2+${items.length - 2}`);
      expect(splits.size).toBeGreaterThan(items.length > 3 ? 1 : 0);
    });
  }
});
