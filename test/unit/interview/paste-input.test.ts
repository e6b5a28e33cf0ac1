import { describe, expect, it } from 'vitest';
import { createPasteState, joinPastedLines } from '../../../src/interview/paste-input.js';

const start = '\u001b[200~';
const end = '\u001b[201~';

describe('joinPastedLines', () => {
  it('joins the lines of a paste with single spaces, and leaves typing (Enter included) alone', () => {
    const state = createPasteState();
    expect(joinPastedLines(state, `typed ${start}line one\r\nline two\n\n  line three\tend\n${end}\r`)).toBe('typed line one line two line three end \r');
    expect(state.pasting).toBe(false);
    expect(joinPastedLines(state, 'more\r')).toBe('more\r');
  });

  it('follows a paste, and its markers, across reads', () => {
    const state = createPasteState();
    const reads = ['\u001b[20', '0~first\r', '\nsecond\u001b[2', '01', '~\r'];
    expect(reads.map((read) => joinPastedLines(state, read)).join('')).toBe('first second\r');
  });

  it('never holds back an Escape or an arrow key', () => {
    const state = createPasteState();
    expect(joinPastedLines(state, '\u001b')).toBe('\u001b');
    expect(joinPastedLines(state, '\u001b[A')).toBe('\u001b[A');
  });
});
