import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { escapeMarkdownBlock, escapeMarkdownInline } from '../../src/render/escape-markdown.js';

/**
 * The named character references a reader turns into their character. marked decodes numeric ones (&#65;) as
 * it reads, but leaves named ones in a text token's text for the HTML they become to show as the character.
 */
const namedReferences: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©' };

/** The plain text a Markdown reader shows for a paragraph, after unescaping. */
function shownText(markdown: string): { types: string[]; text: string } {
  const tokens = Lexer.lex(markdown);
  const types = tokens.filter((token) => token.type !== 'space').map((token) => token.type);
  const flatten = (list: Token[] | undefined): string =>
    (list ?? [])
      .map((token) => {
        if (token.type === 'br') return '\n';
        if ('tokens' in token && token.tokens && token.tokens.length > 0) return flatten(token.tokens);
        if (token.type === 'text') return token.text.replace(/&([a-z]+);/g, (reference: string, name: string) => namedReferences[name] ?? reference);
        return 'text' in token ? token.text : '';
      })
      .join('');
  const paragraph = tokens.find((token) => token.type === 'paragraph');
  return { types, text: paragraph && 'tokens' in paragraph ? flatten(paragraph.tokens) : '' };
}

describe('escapeMarkdownInline', () => {
  it.each([
    '*Jo* [x](y) # z',
    '# Not a heading',
    '- not a list',
    '1. not a list either',
    '> not a quote',
    '<b>not html</b> &amp; not an entity, nor &copy; nor &#169;',
    '| not | a | table |',
    '`not code` ~~not struck~~ _not em_',
    '{{agency}} stays as typed',
    '---',
    'Back\\slash',
  ])('prints %j literally as one paragraph', (value) => {
    const { types, text } = shownText(`Name: ${escapeMarkdownInline(value)}`);
    expect(types).toEqual(['paragraph']);
    expect(text).toBe(`Name: ${value}`);
  });

  it('is safe at the start of a line too', () => {
    for (const value of ['# heading', '- item', '1. item', '=====', '    code', '#', '1.', '2)\tx', '+ item', '## two', '- - -']) {
      const { types, text } = shownText(escapeMarkdownInline(value));
      expect(types, value).toEqual(['paragraph']);
      expect(text).toBe(value.trimStart());
    }
  });

  it('leaves alone what only looks like a marker: no space after it, so no reader takes it for one', () => {
    for (const value of ['1.12.2026', '#5 on the rota', '+44 20 7946 0000', '3)rd floor', 'a.m. on Tuesdays']) {
      expect(escapeMarkdownInline(value)).toBe(value);
      const { types, text } = shownText(escapeMarkdownInline(value));
      expect(types, value).toEqual(['paragraph']);
      expect(text).toBe(value);
    }
  });

  it('escapes a leading "a." as it escapes "1.", since the PDF reads paragraphs starting a., b. as a lettered list', () => {
    expect(escapeMarkdownInline('a. one')).toBe('a\\. one');
    expect(escapeMarkdownBlock('a. one\nb. two')).toBe('a\\. one\\\n    b\\. two');
    expect(shownText(escapeMarkdownInline('c. three')).text).toBe('c. three');
  });

  it('folds line breaks into spaces', () => {
    expect(escapeMarkdownInline('Tom\nEvans')).toBe('Tom Evans');
  });
});

describe('escapeMarkdownBlock', () => {
  it('keeps line breaks as hard breaks inside one paragraph, whatever the lines say', () => {
    const value = 'First line\n\n# Second\n- third\n\n\n1. fourth';
    const { types, text } = shownText(escapeMarkdownBlock(value));
    expect(types).toEqual(['paragraph']);
    expect(text).toBe('First line\n\n# Second\n- third\n\n1. fourth');
  });

  it("keeps an answer's paragraphs apart by an empty line, still inside one paragraph and its list item", () => {
    const answer = 'Agenda sent two days before.\n\n\n  \nNotes typed up within a week.\nBoth sign them.\n\n';
    const { types, text } = shownText(escapeMarkdownBlock(answer));
    expect(types).toEqual(['paragraph']);
    expect(text).toBe('Agenda sent two days before.\n\nNotes typed up within a week.\nBoth sign them.');
    const tokens = Lexer.lex(`- Notes: ${escapeMarkdownBlock(answer)}\n- Next item`).filter((token) => token.type !== 'space');
    expect(tokens.map((token) => token.type)).toEqual(['list']);
    expect((tokens[0] as Token & { items: unknown[] }).items).toHaveLength(2);
  });

  it('cannot end a list item it is placed in', () => {
    const markdown = `- Method: ${escapeMarkdownBlock('one\n\n## Injected heading\n\n- injected item')}\n- Next item`;
    const tokens = Lexer.lex(markdown).filter((token) => token.type !== 'space');
    expect(tokens.map((token) => token.type)).toEqual(['list']);
    const list = tokens[0] as Token & { items: unknown[] };
    expect(list.items).toHaveLength(2);
  });
});
