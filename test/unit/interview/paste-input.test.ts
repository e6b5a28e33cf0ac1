import { describe, expect, it } from 'vitest';
import { createPasteState, joinPastedLines, lineBreakMark, paragraphBreakMark } from '../../../src/interview/paste-input.js';

const start = '\u001b[200~';
const end = '\u001b[201~';

describe('joinPastedLines', () => {
  it('marks each line break of a paste, a blank line as the end of a paragraph, and leaves typing (Enter included) alone', () => {
    const state = createPasteState();
    expect(joinPastedLines(state, `typed ${start}line one\r\nline two\n\n  line three\tend\n${end}\r`)).toBe(
      `typed line one${lineBreakMark}line two${paragraphBreakMark}line three end \r`,
    );
    expect(state.pasting).toBe(false);
    expect(joinPastedLines(state, 'more\r')).toBe('more\r');
  });

  it('makes a line break at the start or end of a paste a space: a line copied with its break splits nothing', () => {
    expect(joinPastedLines(createPasteState(), `${start}\nJo Bloggs\r\n${end}`)).toBe(' Jo Bloggs ');
  });

  it('follows a paste, and its markers, across reads: a CR LF or a blank line split between reads is one break', () => {
    const state = createPasteState();
    const reads = ['\u001b[20', '0~first\r', '\nsecond\n \r', '\n\nthird\u001b[2', '01', '~\r'];
    expect(reads.map((read) => joinPastedLines(state, read)).join('')).toBe(`first${lineBreakMark}second${paragraphBreakMark}third\r`);
  });

  it('never holds back an Escape or an arrow key', () => {
    const state = createPasteState();
    expect(joinPastedLines(state, '\u001b')).toBe('\u001b');
    expect(joinPastedLines(state, '\u001b[A')).toBe('\u001b[A');
  });
});
