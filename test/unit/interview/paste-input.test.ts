import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPasteJoiningInput, createPasteState, joinPastedLines } from '../../../src/interview/paste-input.js';

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

describe('createPasteJoiningInput', () => {
  it('hands the prompt the joined text, raw mode to the terminal, and the terminal back when detached', async () => {
    const modes: boolean[] = [];
    const terminal = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: (mode: boolean) => modes.push(mode) });
    const { input, detach } = createPasteJoiningInput(terminal);
    (input as unknown as { setRawMode(mode: boolean): void }).setRawMode(true);
    expect(modes).toEqual([true]);
    const received: string[] = [];
    input.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8')));
    terminal.write(Buffer.from(`${start}Siân\nŴyn${end}`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.join('')).toBe('Siân Ŵyn');
    detach();
    expect(terminal.listenerCount('data')).toBe(0);
    expect(terminal.isPaused()).toBe(true);

    // The next prompt's input starts the paused terminal again.
    const next = createPasteJoiningInput(terminal);
    const again: string[] = [];
    next.input.on('data', (chunk: Buffer) => again.push(chunk.toString('utf8')));
    terminal.write('Tom\r');
    await new Promise((resolve) => setImmediate(resolve));
    expect(again.join('')).toBe('Tom\r');
    next.detach();
  });
});
