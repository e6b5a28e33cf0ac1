import { describe, expect, it } from 'vitest';
import { breakLines, type MeasureText } from '../../../src/render/pdf/line-breaking.js';
import { parseAgreementMarkdown } from '../../../src/render/pdf/markdown-blocks.js';
import { escapeMarkdownInline } from '../../../src/render/escape-markdown.js';

/** Every character is 1 wide, bold ones 2: easy to reason about. */
const measure: MeasureText = (text, face) => [...text].length * (face === 'bold' ? 2 : 1);

const run = (text: string, bold = false) => ({ text, bold, italic: false });

describe('breakLines', () => {
  it('never breaks between a bold word and the punctuation after it', () => {
    const lines = breakLines([run('at '), run('14:00', true), run(', and more')], 13, measure);
    expect(lines.map((line) => line.segments.map((s) => s.text).join(''))).toEqual(['at ', '14:00, ', 'and more']);
  });

  it('keeps the space at a wrap at the end of the line, without measuring it, and adds none inside a broken word', () => {
    const lines = breakLines([run('one two '), run('three', true), run(' abcdefghijkl')], 10, measure);
    expect(lines.map((line) => line.segments.map((s) => s.text).join(''))).toEqual(['one two ', 'three ', 'abcdefghij', 'kl']);
    expect(lines.map((line) => line.width)).toEqual([7, 10, 10, 2]);
    // The space after the bold word is a regular one, as the text has it, and takes no room.
    expect(lines[1]?.segments).toEqual([
      { text: 'three', face: 'bold', width: 10 },
      { text: ' ', face: 'regular', width: 0 },
    ]);
  });

  it('measures lines without their trailing space and honours hard breaks', () => {
    const lines = breakLines([run('one two\nthree')], 100, measure);
    expect(lines.map((line) => line.width)).toEqual([7, 5]);
  });

  it('breaks a word longer than the line between characters', () => {
    const lines = breakLines([run('abcdefghij')], 4, measure);
    expect(lines.map((line) => line.segments[0]?.text)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('parseAgreementMarkdown', () => {
  it('keeps escaped characters and entities literal, and drops everything after the signature marker', () => {
    const { blocks, hasSignatureMarker } = parseAgreementMarkdown(
      '# T\n\n\\*Jo\\* \\[x\\](y) \\# z &amp; **b** &#x3D;\n\n## Signatures\n\n<!-- signatures -->\n\n**Supervisor:** X\n',
    );
    expect(hasSignatureMarker).toBe(true);
    expect(blocks.map((block) => block.kind)).toEqual(['heading', 'paragraph', 'heading']);
    const paragraph = blocks[1];
    expect(paragraph?.kind === 'paragraph' && paragraph.runs).toEqual([
      run('*Jo* [x](y) # z & '),
      run('b', true),
      run(' ='),
    ]);
  });

  it('prints a web address in an answer as the reader of the Markdown sees it, without the escapes', () => {
    const answer = 'Teams: https://teams.example/l/meet_up?id=a_b*c~d or www.example.org/x_y, and [a](b_c)';
    const { blocks } = parseAgreementMarkdown(`Venue: ${escapeMarkdownInline(answer)}\n`);
    const paragraph = blocks[0];
    expect(paragraph?.kind === 'paragraph' && paragraph.runs.map((textRun) => textRun.text).join('')).toBe(`Venue: ${answer}`);
  });

  it('reads lists, nested lists and key/value tables', () => {
    const { blocks } = parseAgreementMarkdown('3. a\n4. b\n   - c\n\n| | |\n|---|---|\n| **K** | v |\n');
    expect(blocks[0]).toMatchObject({ kind: 'list', ordered: true, start: 3, items: [{ runs: [run('a')] }, { children: [{ ordered: false }] }] });
    expect(blocks[1]).toMatchObject({ kind: 'table', rows: [[[run('K', true)], [run('v')]]] });
  });
});
