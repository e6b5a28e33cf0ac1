import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { paragraphMark, type PastedLines } from './prompts.js';
import { createPasteState, joinPastedLines, lineBreakMark, paragraphBreakMark } from './paste-input.js';

/**
 * Keys typed ahead of a question are kept for it. A fast typist, an
 * autotype tool or a paste on a terminal without bracketed paste sends
 * `answer⏎next answer⏎` faster than the questions are drawn, and each
 * prompt of the library lost them in two ways:
 *
 * - readline turns a whole read into keypresses at once, so the keys after
 *   an Enter went to the prompt that Enter answered, which ignores keys once
 *   answered, then closed its readline with them;
 * - a prompt reading a TTY waits one turn of the event loop before it
 *   listens, and throws away whatever arrives meanwhile (on purpose, for
 *   keys pressed before it was asked: @inquirer/core's create-prompt.js).
 *
 * So the interview reads the terminal here, one reader for every prompt,
 * and keeps what it reads until a prompt is listening. Each prompt gets its
 * own stream, not marked as a TTY, so the library listens at once; and it is
 * given the keys up to the next Enter only, then the rest once that Enter
 * has had its effect: kept for the next question if it answered this one,
 * given to this one if its answer was refused.
 */

export interface TerminalInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

/** One prompt's input; `detach` once the prompt has settled, keeping any key it was not given for the next. */
export interface PromptInput {
  input: NodeJS.ReadableStream;
  detach(): void;
  /** How many line breaks of a paste it was given as spaces, to be said: the answer looks as if it was typed so. */
  readonly breaksMadeSpaces: number;
}

/** What a paste's line breaks become in a prompt's answer, where not spaces (prompts.ts). */
export interface PromptInputOptions {
  pastedLines?: PastedLines | undefined;
}

export interface PromptInputs {
  /** The input for the prompt about to be asked, which is given any keys already waiting. */
  open(options?: PromptInputOptions): PromptInput;
}

/** readline's own: a line feed this soon after a carriage return is the same Enter (CR LF), not a second one. */
const crlfDelayMs = 100;

/**
 * Where the keys a prompt can be given at once end: just after the first
 * Enter (CR with the LF of a CR LF, or LF), Ctrl-C or Ctrl-D, each of which
 * may end the prompt; -1 when there is none.
 */
export function endOfKeysForOnePrompt(text: string): number {
  const at = text.search(/[\r\n\u0003\u0004]/);
  if (at === -1) return -1;
  return text.startsWith('\r\n', at) ? at + 2 : at + 1;
}

/** `joinPastes`: the terminal marks pastes (bracketed paste), whose line breaks are taken out of them (paste-input.ts). */
export function createPromptInputs(terminal: TerminalInput, options: { joinPastes: boolean }): PromptInputs {
  const reader = new TerminalReader(terminal, options);
  return { open: (options) => reader.open(options) };
}

/** The one reader of the terminal (see above): what it has read, and the prompt it is giving it to. */
class TerminalReader {
  private readonly paste = createPasteState();
  private readonly decoder = new StringDecoder('utf8');
  /** Read from the terminal, not yet given to a prompt. */
  private waiting = '';
  private ended = false;
  private current: PassThrough | undefined;
  /** What the current prompt's answer may hold, and how many of a paste's breaks it has been given as spaces. */
  private currentOptions: PromptInputOptions = {};
  private currentCount = { breaksMadeSpaces: 0 };
  /** An Enter (or Ctrl-C, Ctrl-D) was just given: the keys after it wait until the prompt has acted on it. */
  private settling = false;
  /** When the last keys given ended with a carriage return, for a line feed that comes in a later read. */
  private returnGivenAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly terminal: TerminalInput,
    private readonly options: { joinPastes: boolean },
  ) {}

  /** Bound once, so that the same functions are removed from the terminal as were added. */
  private readonly read = (chunk: Buffer | string): void => {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.waiting += this.options.joinPastes ? joinPastedLines(this.paste, text) : text;
    this.give();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.waiting += this.decoder.end();
    this.give();
  };

  open(options: PromptInputOptions = {}): PromptInput {
    const stream = this.createPromptStream();
    if (this.current === undefined) this.listenToTerminal();
    // One prompt at a time: one still open when the next is asked hears no more, as if its input had ended.
    else this.current.end();
    this.current = stream;
    this.currentOptions = options;
    const count = { breaksMadeSpaces: 0 };
    this.currentCount = count;
    // Once the prompt has been created (it listens as soon as it is, its stream not being a TTY).
    setImmediate(() => this.give());
    return {
      input: stream,
      detach: () => this.detach(stream),
      get breaksMadeSpaces() {
        return count.breaksMadeSpaces;
      },
    };
  }

  /** A prompt's own input, not a TTY (so the library listens at once), whose raw mode is the terminal's. */
  private createPromptStream(): PassThrough {
    const { terminal } = this;
    const stream = Object.assign(new PassThrough(), {
      // The prompt library sets raw mode on its input; the terminal is what has one.
      setRawMode(mode: boolean) {
        terminal.setRawMode?.(mode);
        return stream;
      },
    });
    Object.defineProperty(stream, 'isRaw', { get: () => terminal.isRaw === true });
    return stream;
  }

  private listenToTerminal(): void {
    this.terminal.on('data', this.read);
    this.terminal.on('end', this.onEnd);
    // The last prompt paused the terminal; a 'data' listener alone does not start it again.
    this.terminal.resume();
  }

  private detach(stream: PassThrough): void {
    if (this.current !== stream) return;
    this.current = undefined;
    this.terminal.removeListener('data', this.read);
    this.terminal.removeListener('end', this.onEnd);
    // Keys pressed until the next question stay in the terminal's buffer, in order, behind those waiting here.
    this.terminal.pause();
  }

  /** Gives the prompt the keys waiting, up to the next Enter (or Ctrl-C, Ctrl-D); the rest once it has acted on it. */
  private give(): void {
    const prompt = this.current;
    if (prompt === undefined || this.settling) return;
    while (this.waiting !== '') {
      if (this.dropLineFeedOfCrLf()) continue;
      const end = endOfKeysForOnePrompt(this.waiting);
      const keys = end === -1 ? this.waiting : this.waiting.slice(0, end);
      this.waiting = this.waiting.slice(keys.length);
      this.returnGivenAt = keys.endsWith('\r') ? Date.now() : Number.NEGATIVE_INFINITY;
      writeKeys(prompt, this.placeBreaks(keys));
      if (end !== -1) {
        this.waitForPromptToSettle();
        return;
      }
    }
    // The terminal's end (a pipe closed) reaches the prompt only after every key before it, as readline's close.
    if (this.ended) prompt.end();
  }

  /**
   * A paste's breaks as this prompt's answer takes them, as ` ¶ `: a paragraph's end where the answer may have
   * paragraphs, every break where each line is an item; any other, a space, counted so that it can be said.
   */
  private placeBreaks(keys: string): string {
    const { pastedLines } = this.currentOptions;
    return keys.replace(new RegExp(`[${lineBreakMark}${paragraphBreakMark}]`, 'gu'), (mark) => {
      if (pastedLines === 'items' || (pastedLines === 'paragraphs' && mark === paragraphBreakMark)) return ` ${paragraphMark} `;
      this.currentCount.breaksMadeSpaces += 1;
      return ' ';
    });
  }

  /** Given alone, the LF of a CR LF would be an Enter of its own and answer the next question for the person. */
  private dropLineFeedOfCrLf(): boolean {
    if (!this.waiting.startsWith('\n') || Date.now() - this.returnGivenAt >= crlfDelayMs) return false;
    this.waiting = this.waiting.slice(1);
    this.returnGivenAt = Number.NEGATIVE_INFINITY;
    return true;
  }

  /**
   * The prompts check an answer synchronously, inside promises: by the next turn of the event loop the prompt
   * has either settled (and been detached, so the rest waits for the next) or is asking again.
   */
  private waitForPromptToSettle(): void {
    this.settling = true;
    setImmediate(() => {
      this.settling = false;
      this.give();
    });
  }
}

/**
 * One character at a time: Node's readline puts every character but the last of a read of several at the end of
 * the line, not at the cursor, so a word pasted (or typed ahead) into the middle of an answer being edited would
 * be scattered. Keys written apart still reach readline in order, escape sequences whole.
 */
function writeKeys(prompt: PassThrough, keys: string): void {
  for (const character of keys) prompt.write(character);
}
