import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createInquirerPrompts } from '../../../src/interview/inquirer-prompts.js';
import { createPromptInputs, endOfKeysForOnePrompt } from '../../../src/interview/prompt-input.js';

const pasteStart = '\u001b[200~';
const pasteEnd = '\u001b[201~';

type Keyboard = PassThrough & { isTTY: true; isRaw: boolean; setRawMode(mode: boolean): void };
type Screen = PassThrough & { isTTY: true; columns: number };

/** A terminal as the interview sees one: raw mode, and a screen that is read so that it never fills. */
function terminal(): { keyboard: Keyboard; screen: Screen; modes: boolean[] } {
  const modes: boolean[] = [];
  const keyboard = Object.assign(new PassThrough(), {
    isTTY: true as const,
    isRaw: false,
    setRawMode(mode: boolean) {
      modes.push(mode);
      keyboard.isRaw = mode;
    },
  });
  const screen = Object.assign(new PassThrough(), { isTTY: true as const, columns: 100 });
  // The prompt library ends the stream it draws on when it is done, which a terminal's own (process.stdout) never
  // lets it do: what is said after an answer (a paste's line breaks made spaces) reaches the screen.
  Object.assign(screen, { end: () => screen });
  screen.resume();
  return { keyboard, screen, modes };
}

const anything = (): undefined => undefined;

describe('endOfKeysForOnePrompt', () => {
  it('ends the keys for a prompt after its Enter (a CR LF whole), Ctrl-C or Ctrl-D', () => {
    expect(endOfKeysForOnePrompt('abc')).toBe(-1);
    expect(endOfKeysForOnePrompt('ab\rcd\r')).toBe(3);
    expect(endOfKeysForOnePrompt('ab\r\ncd')).toBe(4);
    expect(endOfKeysForOnePrompt('ab\ncd')).toBe(3);
    expect(endOfKeysForOnePrompt('\u001b[B\u0003x')).toBe(4);
    expect(endOfKeysForOnePrompt('\u0004')).toBe(1);
  });
});

describe('keys typed ahead of a question', () => {
  it('are kept, in order, for the questions after the one they follow, whatever kind of question', async () => {
    const { keyboard, screen } = terminal();
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const agency = prompts.input({ message: 'Name of agency', validate: anything });
    // In one read, as a fast typist, an autotype tool or a paste without bracketed paste sends them.
    keyboard.write('Agency\rPriya Shah\rTeam Manager\r\u001b[B\ry\r');
    expect(await agency).toBe('Agency');
    expect(await prompts.input({ message: 'Supervisor: name', validate: anything })).toBe('Priya Shah');
    expect(await prompts.input({ message: 'Supervisor: role', validate: anything })).toBe('Team Manager');
    const choices = [
      { value: 'weekly', name: 'Weekly' },
      { value: 'monthly', name: 'Monthly' },
    ] as const;
    expect(await prompts.select({ message: 'How often', choices })).toBe('monthly');
    expect(await prompts.confirm({ message: 'Add another?', default: false })).toBe(true);
  });

  it('are kept when they arrive between questions, before the next is asked', async () => {
    const { keyboard, screen } = terminal();
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const first = prompts.input({ message: 'First', validate: anything });
    keyboard.write('one\r');
    expect(await first).toBe('one');
    keyboard.write('two\r');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await prompts.input({ message: 'Second', validate: anything })).toBe('two');
  });

  it('go to the same question when its answer is refused, as keys typed after the refusal would', async () => {
    const { keyboard, screen } = terminal();
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const time = prompts.input({ message: 'Start time', validate: (text) => (/^\d\d:\d\d$/.test(text) ? undefined : 'must be a 24-hour time') });
    // Ctrl-U clears the refused answer from the line.
    keyboard.write('soon\r\u001514:00\rnext\r');
    expect(await time).toBe('14:00');
    expect(await prompts.input({ message: 'Next', validate: anything })).toBe('next');
  });

  /** The answer to a second question when the LF of the first one's CR LF comes `gapMs` after its CR, in a read of its own. */
  async function secondAnswerWithLineFeedAfter(gapMs: number): Promise<string> {
    // readline's window is 100 ms; the clock is stopped so that a busy machine, slow to run the lines between
    // the two writes, cannot widen the gap.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { keyboard, screen } = terminal();
      const prompts = createInquirerPrompts({ input: keyboard, output: screen });
      const first = prompts.input({ message: 'First', validate: anything });
      keyboard.write('one\r');
      expect(await first).toBe('one');
      vi.setSystemTime(Date.now() + gapMs);
      keyboard.write('\ntwo\r');
      return await prompts.input({ message: 'Second', validate: anything });
    } finally {
      vi.useRealTimers();
    }
  }

  it('take a CR LF split across two reads as one Enter', async () => {
    expect(await secondAnswerWithLineFeedAfter(0)).toBe('two');
  });

  it('take an LF that comes long after a CR as an Enter of its own', async () => {
    expect(await secondAnswerWithLineFeedAfter(1000)).toBe('');
  });

  it('keep a bracketed paste whole, its line breaks made spaces, with the answer typed after it', async () => {
    const { keyboard, screen } = terminal();
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const method = prompts.input({ message: 'How', validate: anything });
    keyboard.write(`${pasteStart}Notes on the template.\r\nBoth sign.${pasteEnd}\rnext\r`);
    expect(await method).toBe('Notes on the template. Both sign.');
    expect(await prompts.input({ message: 'Next', validate: anything })).toBe('next');
  });

  it('stop the next question with Ctrl-D on an empty answer, and with Ctrl-C', async () => {
    for (const [key, message] of [
      ['\u0004', 'Stopped: the input ended (Ctrl-D), so nothing was written.'],
      ['\u0003', 'Interrupted: nothing was written.'],
    ] as const) {
      const { keyboard, screen, modes } = terminal();
      const prompts = createInquirerPrompts({ input: keyboard, output: screen });
      const first = prompts.input({ message: 'First', validate: anything });
      keyboard.write(`one\r${key}`);
      expect(await first).toBe('one');
      await expect(prompts.input({ message: 'Second', validate: anything })).rejects.toThrow(message);
      expect(modes.at(-1)).toBe(false);
      expect(keyboard.isPaused()).toBe(true);
    }
  });

  it('are followed by the end of a piped input only once every one of them is answered', async () => {
    const { screen } = terminal();
    const pipe = new PassThrough();
    const prompts = createInquirerPrompts({ input: pipe, output: screen });
    const first = prompts.input({ message: 'First', validate: anything });
    pipe.end('one\rtwo\r');
    expect(await first).toBe('one');
    expect(await prompts.input({ message: 'Second', validate: anything })).toBe('two');
    await expect(prompts.input({ message: 'Third', validate: anything })).rejects.toThrow('Stopped: the input ended');
  });
});

describe('createPromptInputs', () => {
  it('hands the prompt raw mode on the terminal, joined pastes, and the terminal back, paused, when detached', async () => {
    const { keyboard, modes } = terminal();
    const inputs = createPromptInputs(keyboard, { joinPastes: true });
    const { input, detach } = inputs.open();
    (input as unknown as { setRawMode(mode: boolean): void }).setRawMode(true);
    expect(modes).toEqual([true]);
    expect((input as unknown as { isRaw: boolean }).isRaw).toBe(true);
    // Not a TTY to the prompt library, which would otherwise throw away keys that arrive before it first draws.
    expect((input as unknown as { isTTY?: boolean }).isTTY).toBeUndefined();
    const received: string[] = [];
    input.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8')));
    keyboard.write(Buffer.from(`${pasteStart}Siân\nŴyn${pasteEnd}`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.join('')).toBe('Siân Ŵyn');
    detach();
    expect(keyboard.listenerCount('data')).toBe(0);
    expect(keyboard.isPaused()).toBe(true);

    // Typed while no prompt listens: kept for the next, which starts the paused terminal again.
    keyboard.write('Tom\r');
    const next = inputs.open();
    const again: string[] = [];
    next.input.on('data', (chunk: Buffer) => again.push(chunk.toString('utf8')));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(again.join('')).toBe('Tom\r');
    next.detach();
  });
});

describe('a paste of several lines or paragraphs into an answer', () => {
  /** Everything the screen is given from now on, as text, once what was written has reached it. */
  function record(screen: Screen): () => Promise<string> {
    let shown = '';
    screen.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
    return async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return shown;
    };
  }

  it('keeps its paragraphs, marked ¶, where the answer may have them, and says its other line breaks were made spaces', async () => {
    const { keyboard, screen } = terminal();
    const shown = record(screen);
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const method = prompts.input({ message: 'How exactly recording will happen', pastedLines: 'paragraphs', validate: anything });
    keyboard.write(`${pasteStart}Notes go on the template.\r\nBoth read them.\r\n\r\nBoth sign.\r\n${pasteEnd}\r`);
    expect(await method).toBe('Notes go on the template. Both read them. ¶ Both sign. ');
    expect(await shown()).toContain('Kept as 2 paragraphs (¶); the line breaks inside them were made spaces.');
  });

  it('keeps every line apart, marked ¶, where each line is an item of a list', async () => {
    const { keyboard, screen } = terminal();
    const shown = record(screen);
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const rules = prompts.input({ message: 'Ground rules: add another', pastedLines: 'items', validate: anything });
    keyboard.write(`${pasteStart}Phones on silent.\nCameras on when remote.\n\nNo eating.${pasteEnd}\r`);
    expect(await rules).toBe('Phones on silent. ¶ Cameras on when remote. ¶ No eating.');
    expect(await shown()).not.toContain('were made spaces');
  });

  it('makes every line break a space in a one-line answer, and says so', async () => {
    const { keyboard, screen } = terminal();
    const shown = record(screen);
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const agency = prompts.input({ message: 'Name of agency', validate: anything });
    keyboard.write(`${pasteStart}Northshire\n\nCounty Council${pasteEnd}\r`);
    expect(await agency).toBe('Northshire County Council');
    expect(await shown()).toContain('The line breaks in what you pasted were made spaces: this answer is one line.');
    // A line copied with its line break only: nothing was joined, and nothing is said.
    const role = prompts.input({ message: 'Supervisor: role', validate: anything });
    keyboard.write(`${pasteStart}Team Manager\n${pasteEnd}\r`);
    expect((await role).trim()).toBe('Team Manager');
    expect((await shown()).match(/were made spaces/g)).toHaveLength(1);
  });
});

describe('keys that arrive together, into the middle of an answer being edited', () => {
  const wait = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

  it('go in at the cursor, as typed one by one: a pasted word, with or without bracketed paste', async () => {
    const { keyboard, screen } = terminal();
    const prompts = createInquirerPrompts({ input: keyboard, output: screen });
    const rule = prompts.input({ message: 'Ground rules: item 1', default: 'Start and finish on time.', editable: true, validate: anything });
    await wait();
    // Ctrl-A to the start of the line; then words in one read each, as a paste sends them.
    keyboard.write('\u0001');
    await wait();
    keyboard.write('Always ');
    await wait();
    keyboard.write(`${pasteStart}please ${pasteEnd}`);
    await wait();
    keyboard.write('\r');
    // Before, Node's readline put every character of a read but the last at the end of the line: "A lwaysStart…".
    expect(await rule).toBe('Always please Start and finish on time.');
  });
});
