import { describe, expect, it } from 'vitest';
import { loadFontFaces } from '../../../src/render/pdf/fonts.js';
import { breakLines, widestUnbreakable, type MeasureText, type TextLine } from '../../../src/render/pdf/line-breaking.js';
import { parseAgreementMarkdown } from '../../../src/render/pdf/markdown-blocks.js';
import { escapeMarkdownInline } from '../../../src/render/escape-markdown.js';

/** Every character is 1 wide, bold ones 2: easy to reason about. */
const measure: MeasureText = (text, face) => [...text].length * (face === 'bold' ? 2 : 1);

const run = (text: string, bold = false) => ({ text, bold, italic: false });
/** Each line's text, its segments joined. */
const texts = (lines: TextLine[]): string[] => lines.map((line) => line.segments.map((segment) => segment.text).join(''));

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

  it('breaks a long address after a slash and before a full stop, ?, &, #, @ or hyphen, taking as many parts as fit on each line', () => {
    expect(texts(breakLines([run('Link: https://example.org/meetup-join/a?id=1&x=2#top now')], 24, measure))).toEqual([
      'Link: https://example',
      '.org/meetup-join/a?id=1',
      '&x=2#top now',
    ]);
    expect(texts(breakLines([run('Email: priya.shah@north-shire.example.org.')], 20, measure))).toEqual([
      'Email: priya.shah',
      '@north-shire.example',
      '.org.',
    ]);
    // Nothing is added at a break: the lines joined are the address.
    const address = 'https://example.org/meetup-join/a?id=1&x=2#top';
    for (const width of [8, 12, 16, 20, 30]) expect(texts(breakLines([run(address)], width, measure)).join('')).toBe(address);
  });

  it('breaks a long address between characters only where a part is wider than the line, and never inside "//" nor before the punctuation ending it', () => {
    expect(texts(breakLines([run('see https://example.org/abcdefghijklmnop/q')], 12, measure))).toEqual([
      'see https://',
      'example.org/',
      'abcdefghijkl',
      'mnop/q',
    ]);
    expect(texts(breakLines([run('at https://ex.org/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o.'), run(')', true)], 14, measure))).toEqual([
      'at https://ex',
      '.org/a/b/c/d/',
      'e/f/g/h/i/j/k/',
      'l/m/n/o.)',
    ]);
    // A word with nowhere to break starts its own line, as before.
    expect(texts(breakLines([run('see abcdefghijklmnop')], 12, measure))).toEqual(['see ', 'abcdefghijkl', 'mnop']);
  });

  it('breaks a long address after an equals sign or a backslash, keeping "?id=" with its key', () => {
    expect(texts(breakLines([run('see x.org/a?id=0123456789&v=1')], 16, measure))).toEqual(['see x.org/a?id=', '0123456789&v=1']);
    expect(texts(breakLines([run('Path: \\\\server-01\\share\\records\\tom')], 18, measure))).toEqual([
      'Path: \\\\server-01\\',
      'share\\records\\tom',
    ]);
  });

  it('breaks an e-mail address before its "@" when the rest then fits on one line', () => {
    expect(texts(breakLines([run('Mail: anna.lee@north-shire.example.org')], 26, measure))).toEqual(['Mail: anna.lee', '@north-shire.example.org']);
    // A domain wider than a line is broken as any address is; a web address is not an e-mail address.
    expect(texts(breakLines([run('Mail: anna.lee@north-shire.example.org')], 20, measure))).toEqual(['Mail: anna.lee', '@north-shire.example', '.org']);
    expect(texts(breakLines([run('Go: x.org/a@north-shire.example.org')], 26, measure))).toEqual(['Go: x.org/a@north-shire', '.example.org']);
  });

  it('breaks a part wider than the line after an underscore, before "%" or between a small letter and a capital, before breaking between characters', () => {
    expect(texts(breakLines([run('in S:/Children_and_Families_East/x')], 16, measure))).toEqual([
      'in S:/',
      'Children_and_',
      'Families_East/x',
    ]);
    expect(texts(breakLines([run('x.org/ChildrensServicesRecords%20Folder/')], 18, measure))).toEqual([
      'x.org/',
      'ChildrensServices',
      'Records%20Folder/',
    ]);
    // A piece still wider than a line is broken between characters, the lines joined still the address.
    const address = 'S:/Supervision_abcdefghijklmnopqrstuvwxyz_notes/';
    expect(texts(breakLines([run(address)], 12, measure))).toEqual(['S:/', 'Supervision_', 'abcdefghijkl', 'mnopqrstuvwx', 'yz_notes/']);
    for (const width of [6, 10, 14, 20]) expect(texts(breakLines([run(address)], width, measure)).join('')).toBe(address);
  });

  it('breaks a word that does not fit after a hyphen, dash or slash inside it, as a reader expects, rather than moving it whole', () => {
    expect(texts(breakLines([run('Discussed with the line-management team')], 26, measure))).toEqual(['Discussed with the line-', 'management team']);
    expect(texts(breakLines([run('the multi-agency-led review')], 19, measure))).toEqual(['the multi-agency-', 'led review']);
    expect(texts(breakLines([run('Ask his/her manager and/or the lead')], 12, measure))).toEqual(['Ask his/her ', 'manager and/', 'or the lead']);
    expect(texts(breakLines([run('Care\u2014and more, care\u2013and')], 7, measure))).toEqual(['Care\u2014', 'and ', 'more, ', 'care\u2013', 'and']);
    // Across styles, the break in the bold part.
    expect(texts(breakLines([run('Risk of '), run('self-neglect', true), run('.')], 18, measure))).toEqual(['Risk of self-', 'neglect.']);
    // Nothing is added at the break: the lines joined are the text.
    expect(texts(breakLines([run('a line-management b')], 9, measure)).join('')).toBe('a line-management b');
  });

  it('never breaks before a hyphen, inside a date, a time or a number, after a single letter, nor a word that fits its own line', () => {
    expect(texts(breakLines([run('on 2027-03-01 at 14:00-15:00')], 12, measure))).toEqual(['on ', '2027-03-01 ', 'at ', '14:00-15:00']);
    expect(texts(breakLines([run('send an e-mail or x-ray, 24/7 or 1/2')], 10, measure))).toEqual(['send an ', 'e-mail or ', 'x-ray, ', '24/7 or ', '1/2']);
    expect(texts(breakLines([run('line-management')], 15, measure))).toEqual(['line-management']);
    // "--" is not a hyphen inside a word.
    expect(texts(breakLines([run('see ab--cd')], 7, measure))).toEqual(['see ', 'ab--cd']);
  });

  it('breaks a hyphenated word wider than the line after its hyphens, so that no line starts with one', () => {
    expect(texts(breakLines([run('multi-agency')], 8, measure))).toEqual(['multi-', 'agency']);
    expect(texts(breakLines([run('see safeguarding-partnership-arrangements')], 14, measure))).toEqual([
      'see ',
      'safeguarding-',
      'partnership-',
      'arrangements',
    ]);
    // A part still wider than the line is broken between characters, its hyphen kept at the end of a line.
    const lines = texts(breakLines([run('abcdefghijkl-mn')], 6, measure));
    expect(lines.join('')).toBe('abcdefghijkl-mn');
    expect(lines.some((line) => line.startsWith('-'))).toBe(false);
  });

  it('keeps the rules for addresses: one that fits a line is moved whole, one wider than a line breaks before its hyphens', () => {
    expect(texts(breakLines([run('Join at north-shire.example/meet-up now')], 30, measure))).toEqual(['Join at ', 'north-shire.example/meet-up ', 'now']);
    const address = texts(breakLines([run('Link: north-shire.example/meet-up-now-please')], 16, measure));
    expect(address.join('')).toBe('Link: north-shire.example/meet-up-now-please');
    expect(address.some((line) => line.endsWith('-'))).toBe(false);
  });

  it('measures the widest piece a line cannot be broken inside, save between characters, for sizing table columns', () => {
    expect(widestUnbreakable([run('see line-management at https://x.org/abcdefg_hij')], measure)).toBe('management'.length);
    expect(widestUnbreakable([run('Priya Shah-'), run('Featherstonehaugh', true)], measure)).toBe(2 * 'Featherstonehaugh'.length);
    expect(widestUnbreakable([run('')], measure)).toBe(0);
  });

  it('leaves no punctuation that ends a long word alone at the start of a line', () => {
    expect(texts(breakLines([run('abcdefgh, next')], 4, measure))).toEqual(['abcd', 'efg', 'h, ', 'next']);
    expect(texts(breakLines([run('(abcdefg'), run('h', true), run('),')], 4, measure))).toEqual(['(abc', 'defg', 'h),']);
  });
});

describe('breakLines with DejaVu Sans', () => {
  const faces = loadFontFaces();
  const SIZE = 11;
  /** As pdfkit measures and draws: shaped word by word (a word ending after its space), kerning included. */
  const shaped: MeasureText = (text, face) => {
    const font = faces[face];
    let width = 0;
    for (const word of text.match(/[^ \t]*[ \t]*/g) ?? []) if (word !== '') width += font.layout(word).advanceWidth;
    return (width * SIZE) / font.unitsPerEm;
  };
  /** A line's width as drawTextLine draws it: each segment one shaped string, its trailing space invisible. */
  const drawnWidth = (line: TextLine): number => line.segments.reduce((sum, segment) => sum + shaped(segment.text.replace(/ $/, ''), segment.face), 0);
  const MAX_WIDTH = 459.28; // A4 less the margins

  it.each(['A'.repeat(61) + ',', 'LA'.repeat(40), 'SA'.repeat(40), 'AJ'.repeat(60), 'AV'.repeat(40) + 'W'.repeat(30)])(
    'breaks the long word %s where its drawn lines fit, kerning included',
    (word) => {
      const runs = [run('Tom Evans, '), run(word), run(' the supervisee.')];
      const lines = breakLines(runs, MAX_WIDTH, shaped);
      expect(lines.map((line) => line.segments.map((s) => s.text).join('')).join('')).toBe(`Tom Evans, ${word} the supervisee.`);
      for (const line of lines) {
        expect(drawnWidth(line)).toBeLessThanOrEqual(MAX_WIDTH);
        // Later segments are drawn from where the line breaker put them.
        expect(line.width).toBeCloseTo(drawnWidth(line), 6);
      }
      // Full lines all the same: where the word was broken, one character more would not have fitted.
      const broken = lines.slice(0, -1).flatMap((line, index) => (line.segments[0]!.text.includes(' ') ? [] : [{ line, next: lines[index + 1]! }]));
      expect(broken.length).toBeGreaterThan(0);
      for (const { line, next } of broken) expect(shaped(line.segments[0]!.text + next.segments[0]!.text[0]!, 'regular')).toBeGreaterThan(MAX_WIDTH);
    },
  );
});

describe('breakLines with DejaVu Sans: a long address', () => {
  const faces = loadFontFaces();
  const SIZE = 11;
  const shaped: MeasureText = (text, face) => (faces[face].layout(text).advanceWidth * SIZE) / faces[face].unitsPerEm;
  const MAX_WIDTH = 459.28;

  it('breaks where its parts meet, each line fitting as drawn, kerning included', () => {
    const address = `https://teams.example.org/l/meetup-join/${'-J'.repeat(40)}/${'AV'.repeat(50)}?context=%7b%22Tid%22%7d&anon=true#join`;
    const lines = breakLines([run('Video call: '), run(address, true), run(', or room 3.')], MAX_WIDTH, shaped);
    const lineTexts = texts(lines);
    expect(lineTexts.join('')).toBe(`Video call: ${address}, or room 3.`);
    for (const line of lines) expect(line.segments.reduce((sum, segment) => sum + shaped(segment.text.replace(/ $/, ''), segment.face), 0)).toBeLessThanOrEqual(MAX_WIDTH);
    // The address starts on the line of "Video call:", which it fills part by part; a hyphen starts a line, never ends one.
    expect(lineTexts[0]).toMatch(/^Video call: https:\/\/teams\.example\.org\/l\/meetup-join\/(-J)+$/);
    expect(lineTexts[1]).toMatch(/^(-J)+\/$/);
    expect(lineTexts.some((text) => text.endsWith('-'))).toBe(false);
    // The As and Vs, with nowhere to break, are broken between characters where the line is full.
    expect(lineTexts[2]).toMatch(/^(AV)+A?$/);
    // "?context=" ends the line the Vs leave room on, as "=" is a place to break.
    expect(lineTexts[3]).toMatch(/^V(AV)+\?context=$/);
    expect(lineTexts[4]).toBe('%7b%22Tid%22%7d&anon=true#join, or room 3.');
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

  it('reads a line break inside a paragraph as a space, as CommonMark does, and keeps a hard break', () => {
    const { blocks } = parseAgreementMarkdown('Wrapped by the pack\'s editor\nat eighty columns, `code\nspan`;\n- an item\n  wrapped too\n\nHard  \nbreak and\\\nanother.\n');
    const texts = blocks.flatMap((block) => (block.kind === 'list' ? block.items.map((item) => item.runs) : block.kind === 'paragraph' ? [block.runs] : [])).map((runs) => runs.map((r) => r.text).join(''));
    expect(texts).toEqual(["Wrapped by the pack's editor at eighty columns, code span;", 'an item wrapped too', 'Hard\nbreak and\nanother.']);
  });

  it('reads paragraphs in a row, or the lines of one, that start a., b., c. as a lettered list', () => {
    const lettered = { kind: 'list', ordered: true, numbering: 'lower-alpha', start: 1 };
    const loose = parseAgreementMarkdown('Unless:\n\na. a child *may* be\nat risk;\n\nb. unsafe practice;\n\nc. illegal.\n\nAfter.\n').blocks;
    expect(loose.map((block) => block.kind)).toEqual(['paragraph', 'list', 'paragraph']);
    expect(loose[1]).toMatchObject({ ...lettered, items: [{ runs: [run('a child '), { text: 'may', italic: true }, run(' be at risk;')] }, { runs: [run('unsafe practice;')] }, { runs: [run('illegal.')] }] });
    for (const markdown of ['a. one\nb. two\n', 'a. one  \nb. two\n', 'a. one\\\nb. two\n']) {
      expect(parseAgreementMarkdown(markdown).blocks, markdown).toMatchObject([{ ...lettered, items: [{ runs: [run('one')] }, { runs: [run('two')] }] }]);
    }
    // Only from "a.", in order, and at least two: otherwise the paragraphs are what they look like.
    for (const markdown of ['a. alone\n', 'b. one\n\nc. two\n', 'a. one\n\nc. two\n', 'a.m. one\n\nb.m. two\n']) {
      expect(parseAgreementMarkdown(markdown).blocks.every((block) => block.kind === 'paragraph'), markdown).toBe(true);
    }
    // An answer cannot make one: its leading "a." is escaped.
    const answers = `${escapeMarkdownInline('a. one')}\n\n${escapeMarkdownInline('b. two')}\n`;
    expect(parseAgreementMarkdown(answers).blocks.map((block) => block.kind === 'paragraph' && block.runs.map((r) => r.text).join(''))).toEqual(['a. one', 'b. two']);
  });
});
