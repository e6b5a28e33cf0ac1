import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/**
 * Drives the built CLI through a real pseudo-terminal, as a person would:
 * wait until a question is on screen, then type. Keys typed before their
 * question is shown are kept for it (src/interview/prompt-input.ts), but
 * waiting for each question shows that it is the one being answered.
 */

export const binPath = resolve(import.meta.dirname, '../../bin/supervise.js');

export const keys = {
  enter: '\r',
  down: '\u001b[B',
  up: '\u001b[A',
  space: ' ',
  ctrlC: '\u0003',
  ctrlD: '\u0004',
  ctrlU: '\u0015',
} as const;

/**
 * How long a question may take to appear before the CLI is taken for stuck. It is
 * on screen within a second on an idle machine, but a machine busy with other work
 * (two test runs at once, a shared CI runner) can take many times that to start
 * the CLI; this limit is there to catch a CLI that waits for ever, not a slow one.
 */
export const screenWaitLimitMs = 30_000;

export class PtySession {
  private readonly pty: IPty;
  private raw = '';
  /** Where the next `waitFor` starts looking, so an old copy of a question does not count. */
  private mark = 0;
  readonly exited: Promise<number>;

  /** `env` adds to (or, with undefined, takes away from) the environment, which has no colour unless it says so. */
  constructor(args: readonly string[], cwd: string, cols = 120, env: NodeJS.ProcessEnv = {}) {
    const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TERM: 'xterm-256color', ...env };
    for (const [name, value] of Object.entries(environment)) if (value === undefined) delete environment[name];
    this.pty = spawnPty(process.execPath, [binPath, ...args], {
      cwd,
      cols,
      rows: 40,
      // node-pty sets TERM from `name`, over the environment's: a TERM the test gives (dumb) must reach the bin.
      name: environment.TERM ?? 'xterm-256color',
      env: environment,
    });
    this.pty.onData((data) => {
      this.raw += data;
    });
    this.exited = new Promise((resolveExit) => this.pty.onExit(({ exitCode }) => resolveExit(exitCode)));
  }

  /** Everything written to the terminal so far, control sequences included. */
  get rawOutput(): string {
    return this.raw;
  }

  /** Everything shown so far, without colours and cursor movements. */
  get text(): string {
    return stripVTControlCharacters(this.raw);
  }

  async waitFor(needle: string | RegExp, timeoutMs = screenWaitLimitMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const recent = this.text.slice(this.mark);
      const found = typeof needle === 'string' ? recent.indexOf(needle) : recent.search(needle);
      if (found !== -1) {
        this.mark += found + 1;
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${String(needle)}; the screen ended with:\n${this.text.slice(-1500)}`);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 25));
    }
  }

  /** Waits for the question, then types the answer and Enter. */
  async answer(question: string | RegExp, typed: string): Promise<void> {
    await this.waitFor(question);
    await settle();
    this.pty.write(`${typed}${keys.enter}`);
  }

  async press(question: string | RegExp, ...sequence: string[]): Promise<void> {
    await this.waitFor(question);
    await settle();
    for (const key of sequence) {
      this.pty.write(key);
      await settle();
    }
  }

  write(data: string): void {
    this.pty.write(data);
  }

  kill(): void {
    try {
      this.pty.kill();
    } catch {
      // Already gone.
    }
  }
}

/** Lets the prompt finish its render cycle before input arrives. */
function settle(): Promise<void> {
  return new Promise((resolveSettle) => setTimeout(resolveSettle, 30));
}
