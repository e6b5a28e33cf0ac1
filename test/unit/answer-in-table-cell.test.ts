import { Lexer, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import type { Pack } from '../../src/packs/pack-format.js';
import { packManifestSchema } from '../../src/packs/pack-format.js';
import { validateAnswers, type Answers } from '../../src/packs/validate-answers.js';
import { renderAgreement } from '../../src/render/render-agreement.js';
import { inspectPdf } from '../support/inspect-pdf.js';

/**
 * A pack author's table, as `supervise init` and an edit make one: a long
 * answer (several lines, several paragraphs) in a cell. A table row is one
 * line of Markdown, so the hard breaks kept between an answer's lines
 * elsewhere ended the table at the answer's first line: the rest of it read
 * as a code block, the next row as a paragraph of pipes, and the PDF printed
 * the backslashes and pipes.
 */
function tablePack(entry: string): Pack {
  const manifest = packManifestSchema.parse({
    name: 'tabled', title: 'Tabled', version: '1.0.0', description: 'd', fileNameFrom: ['lead.name'], subject: 'S {{lead.name}}',
    fields: [
      { key: 'lead', type: 'person', label: 'Lead' },
      { key: 'concerns.escalation', type: 'longtext', label: 'Escalation' },
      { key: 'concerns.notes', type: 'longtext', label: 'Notes' },
    ],
    signers: [{ field: 'lead', title: 'Lead' }],
  });
  return {
    manifest,
    dir: '/virtual/tabled',
    manifestText: '',
    entry: { path: '/virtual/tabled/agreement.md.hbs', source: entry },
    partials: new Map(),
  };
}

const ESCALATION = 'Raise it with the supervisor first.\nThen the team manager.\n\nIf neither is free, call the safeguarding lead.';
const NOTES = 'Kept for six years.\n\nShared only with consent.';

const TABLE_TEMPLATE = [
  '# Tabled',
  '',
  '| Item | Arrangement |',
  '|---|---|',
  '| Escalation | {{concerns.escalation}} |',
  '| Lead | {{lead.name}} |',
  '',
  'Notes: {{concerns.notes}}',
  '',
].join('\n');

function answersFor(pack: Pack): Answers {
  const result = validateAnswers(pack.manifest, { lead: { name: 'Ana Silva' }, concerns: { escalation: ESCALATION, notes: NOTES } });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.answers;
}

async function render(entry: string): Promise<{ markdown: string; pdf: Uint8Array }> {
  const pack = tablePack(entry);
  const files = await renderAgreement(pack, answersFor(pack), { formats: ['md', 'pdf'], paper: 'a4', formFields: false, creationDate: new Date(0) });
  return { markdown: files.find((file) => file.format === 'md')!.content as string, pdf: files.find((file) => file.format === 'pdf')!.content as Uint8Array };
}

describe('a long answer in a table cell', () => {
  it('keeps the table whole in the Markdown, the answer in its cell with its lines and paragraphs apart', async () => {
    const { markdown } = await render(TABLE_TEMPLATE);
    const tokens = Lexer.lex(markdown).filter((token) => token.type !== 'space');
    expect(tokens.map((token) => token.type)).toEqual(['heading', 'table', 'paragraph']);
    const table = tokens[1] as Tokens.Table;
    expect(table.rows.map((row) => row[0]!.text)).toEqual(['Escalation', 'Lead']);
    // Each line of the answer in the one cell, an empty line between its paragraphs, as a Markdown viewer shows <br>.
    expect(table.rows[0]![1]!.text).toBe('Raise it with the supervisor first.<br>Then the team manager.<br><br>If neither is free, call the safeguarding lead.');
    expect(table.rows[1]![1]!.text).toBe('Ana Silva');
    // Outside a table the answer keeps the hard breaks it always had (see escapeMarkdownBlock).
    expect(markdown).toContain('Notes: Kept for six years.\\\n    \\\n    Shared only with consent.\n');
  });

  it('prints the answer inside its cell in the PDF, line by line, with no backslash or pipe', async () => {
    const { pdf } = await render(TABLE_TEMPLATE);
    const [page] = (await inspectPdf(pdf)).pages;
    const items = page!.textItems.filter((item) => item.text.trim() !== '');
    expect(page!.text).not.toMatch(/[\\|]|<br>/);
    const column = items.find((item) => item.text.trim() === 'Arrangement')!.x;
    const at = (text: string) => items.find((item) => item.text.includes(text))!;
    const lines = ['Raise it with the supervisor first.', 'Then the team manager.', 'If neither is free, call the safeguarding lead.'].map(at);
    // In the second column, one under another, the paragraphs a line apart, and all above the next row.
    for (const line of lines) expect(line.x).toBeCloseTo(column, 0);
    const step = lines[0]!.baseline - lines[1]!.baseline;
    expect(step).toBeGreaterThan(0);
    expect(lines[1]!.baseline - lines[2]!.baseline).toBeCloseTo(2 * step, 0);
    expect(at('Ana Silva').baseline).toBeLessThan(lines[2]!.baseline);
    expect(at('Ana Silva').x).toBeCloseTo(column, 0);
  });

  it('keeps the table whole when the answer is in its header row', async () => {
    const { markdown } = await render('| {{concerns.notes}} | Who |\n|---|---|\n| Lead | {{lead.name}} |\n');
    const [table] = Lexer.lex(markdown).filter((token) => token.type !== 'space') as Tokens.Table[];
    expect(table!.type).toBe('table');
    expect(table!.header.map((cell) => cell.text)).toEqual(['Kept for six years.<br><br>Shared only with consent.', 'Who']);
    expect(table!.rows).toHaveLength(1);
  });

  it('keeps hard breaks for an answer in a paragraph or list item just after a table, which are no longer part of it', async () => {
    const { markdown } = await render('| Item | Who |\n|---|---|\n| Lead | {{lead.name}} |\n\n{{concerns.notes}}\n\n| A | B |\n|---|---|\n- {{concerns.escalation}}\n');
    expect(markdown).toContain('\nKept for six years.\\\n    \\\n    Shared only with consent.\n');
    expect(markdown).toContain('\n- Raise it with the supervisor first.\\\n    Then the team manager.\\\n');
  });
});

describe('where a long answer is taken to be in a table', () => {
  // Each layout with the answer in a cell: marked, as the PDF reads it, must find the table whole, every row with its two cells.
  it.each([
    ['a table straight after a paragraph', 'Before.\n| A | B |\n|---|---|\n| x | {{concerns.notes}} |\n| y | z |\n', 2],
    ['a table without outer pipes', 'A | B\n--- | :---:\nx | {{concerns.notes}}\ny | z\n', 2],
    ['a row after the one with the answer', '| A | B |\n|---|---|\n| x | {{concerns.escalation}} |\n| y | {{concerns.notes}} |\n| z | end |\n', 3],
    ['a table in a list item', '- Item:\n\n  | A | B |\n  |---|---|\n  | x | {{concerns.notes}} |\n  | y | z |\n', 2],
  ])('%s', async (_layout, entry, rows) => {
    const { markdown } = await render(entry);
    const find = (tokens: readonly Token[]): Tokens.Table | undefined => {
      for (const token of tokens) {
        if (token.type === 'table') return token as Tokens.Table;
        const children = [...('tokens' in token && token.tokens ? token.tokens : []), ...('items' in token ? (token.items as Token[]) : [])];
        const found = find(children);
        if (found) return found;
      }
      return undefined;
    };
    const table = find(Lexer.lex(markdown));
    expect(table?.rows.map((row) => row.length)).toEqual(Array.from({ length: rows }, () => 2));
    expect(markdown).not.toContain('\\\n');
  });

  it('draws a <br> a template writes in a paragraph as a line break, not as "<br>"', async () => {
    const { pdf } = await render('First line<br>second line of {{lead.name}}.\n');
    const [page] = (await inspectPdf(pdf)).pages;
    expect(page!.text).not.toContain('<br>');
    const at = (text: string) => page!.textItems.find((item) => item.text.includes(text))!;
    expect(at('First line').baseline).toBeGreaterThan(at('second line of Ana Silva.').baseline);
  });
});

describe('a long answer in a heading', () => {
  it('stays in the heading, its lines apart, rather than the heading ending at its first line', async () => {
    const { markdown, pdf } = await render('# Tabled\n\n## Escalation: {{concerns.notes}}\n\nAfter.\n');
    const tokens = Lexer.lex(markdown).filter((token) => token.type !== 'space');
    expect(tokens.map((token) => token.type)).toEqual(['heading', 'heading', 'paragraph']);
    expect((tokens[1] as Tokens.Heading).text).toBe('Escalation: Kept for six years.<br><br>Shared only with consent.');
    const { pages, outline } = await inspectPdf(pdf);
    expect(pages[0]!.text).not.toMatch(/[\\]|<br>/);
    // The bookmark reads the heading as one line.
    expect(outline[0]!.items.map((item) => item.title)).toContain('Escalation: Kept for six years. Shared only with consent.');
  });
});
