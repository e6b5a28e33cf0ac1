import { createRequire } from 'node:module';
import { displayMessage, displayProblem, formatProblem, isSuperviseError, messageOf, pathAsItIs, type DisplayPath, type Problem } from '../errors.js';
import { fitToWidth, messageWidth } from './fit-to-terminal.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';

/*
 * Everything supervise says to a person goes through here, to stderr; only
 * data (`--json`, `schema`, listings) goes to stdout. Colour only on a
 * terminal (or when FORCE_COLOR asks for it) and never when NO_COLOR is set:
 * see shouldUseColour.
 */

type Paint = (text: string) => string;
interface Colors {
  red: Paint;
  green: Paint;
  yellow: Paint;
  dim: Paint;
}

export interface Reporter {
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  problems(problems: readonly Problem[]): void;
  /**
   * An error and its problems; `display` names their files. Only here, where
   * the error is shown: a `--json` report carries the error as it was thrown.
   */
  error(error: unknown, display?: DisplayPath): void;
  /** Data for stdout. */
  data(text: string): void;
  /** A progress bar for `total` items when stderr is a terminal; undefined otherwise, where plain summary lines do instead. */
  progress(total: number): ProgressBar | undefined;
  /**
   * A line saying what is under way before a progress bar can start ("Checking 3,000 entries…"), on a
   * terminal only: piped, it would be one more line in a log that the summary says better. It stays until
   * the next thing said, which replaces it: the progress bar takes its place in the same row, a message
   * clears it first, so nothing is left behind.
   */
  status(message: string): void;
  /**
   * Says nothing more from now on. After Ctrl-C the command is left to wind
   * down while its threads stop; what it would say then (a summary, a failed
   * render) is not true of a run that was cut short.
   */
  silence(): void;
  /**
   * From now on, on a terminal, each message is passed through `fit` before it is written, in place of the
   * reporter's own wrapping to the terminal's width (fit-to-terminal.ts): the interview hands it its own, so
   * that what is said between questions is wrapped as the questions are. Piped, messages stay whole lines,
   * for logs and tools to read.
   */
  fitText(fit: (text: string) => string): void;
  /**
   * After silence(), the one message still to be said (why the command stopped, after Ctrl-C), fitted to the
   * terminal as everything said before it was: at 40 columns it breaks at a space, not where the edge falls.
   */
  lastWord(error: unknown): void;
}

/**
 * FORCE_COLOR is read as Node reads it for the interview's prompts (util.styleText): empty, `1`, `true`, `2` or
 * `3` turns colour on, any other value (`0`, `false`) turns it off, even on a terminal, so that the messages and
 * the prompts of one run agree.
 */
const forceColourOn = new Set(['', '1', 'true', '2', '3']);

function shouldUseColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return forceColourOn.has(env.FORCE_COLOR);
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * picocolors, or no colour at all when it cannot be loaded: the message it
 * would colour is often why (too many open files), and must still be said.
 */
function loadPalette(enabled: boolean): Colors {
  try {
    return (createRequire(import.meta.url)('picocolors') as typeof import('picocolors')).createColors(enabled);
  } catch {
    const plain: Paint = (text) => text;
    return { red: plain, green: plain, yellow: plain, dim: plain };
  }
}

export function createReporter(
  stderr: TerminalStream = process.stderr,
  stdout: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Reporter {
  const colours = loadColoursOnFirstUse(stderr, env);
  const screen = createStderrScreen(stderr, stderr.isTTY === true && env.TERM !== 'dumb');
  const problemLines = (problems: readonly Problem[], display: DisplayPath = pathAsItIs): void => writeProblems(screen.line, colours, problems, display);
  return {
    info: screen.line,
    success: (message) => screen.line(colours.green(message)),
    warn: (message) => screen.line(`${colours.yellow('warning:')} ${message}`),
    problems: (problems) => problemLines(problems),
    error: (error, display) => writeError(screen.line, problemLines, colours, env, error, display),
    lastWord: (error) => screen.despiteSilence(() => writeError(screen.line, problemLines, colours, env, error, undefined)),
    data: (text) => screen.data(stdout, text),
    progress: screen.progress,
    status: screen.status,
    silence: screen.silence,
    fitText: screen.fitText,
  };
}

/**
 * The colours, with picocolors loaded on the first message rather than at
 * start-up, so `--help` (which prints through commander) never pays for it.
 */
function loadColoursOnFirstUse(stderr: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colors {
  let palette: Colors | undefined;
  const colourFunctions = (): Colors => {
    palette ??= loadPalette(shouldUseColour(stderr, env));
    return palette;
  };
  return {
    red: (text) => colourFunctions().red(text),
    green: (text) => colourFunctions().green(text),
    yellow: (text) => colourFunctions().yellow(text),
    dim: (text) => colourFunctions().dim(text),
  };
}

/** Where messages go: stderr, and whether (and how wide) it is a terminal. */
type TerminalStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Writes one message; `keepTogether`: paths in it (as shown) that wrapping should not break at their spaces. */
type Line = (text: string, keepTogether?: readonly string[]) => void;

/** What is written to stderr (and, for data, stdout): whole lines, and the one status line that the next thing said replaces. */
interface StderrScreen {
  line: Line;
  data(stdout: NodeJS.WritableStream, text: string): void;
  progress(total: number): ProgressBar | undefined;
  status(message: string): void;
  silence(): void;
  fitText(fit: (text: string) => string): void;
  /** Says what `say` writes even after silence(), then is silent again. */
  despiteSilence(say: () => void): void;
}

/**
 * `redraws`: whether a progress bar and status line may be drawn and redrawn in place, with \r and "clear to the
 * end of the row" (ESC [K). A terminal that says it is `dumb` (Emacs' shell, some CI consoles) does not clear a row:
 * every redraw was left on the screen as "^[[K" and a bar; there, as off a terminal, only whole lines are said.
 */
function createStderrScreen(stderr: TerminalStream, redraws: boolean): StderrScreen {
  let silenced = false;
  /** Whether a status line (status()) is on the screen, with the cursor at its end. */
  let statusShown = false;
  const clearStatus = (): void => {
    if (statusShown) stderr.write('\r\x1b[K');
    statusShown = false;
  };
  // The terminal's width is read for each message: a window resized meanwhile is fitted as it is now.
  let fit = (text: string, keepTogether: readonly string[]): string => {
    const width = messageWidth(stderr.columns);
    return width === undefined ? text : fitToWidth(text, width, keepTogether);
  };
  return {
    line: (text, keepTogether = []) => {
      if (silenced) return;
      clearStatus();
      stderr.write(`${stderr.isTTY === true ? fit(text, keepTogether) : text}\n`);
    },
    data: (stdout, text) => {
      if (silenced) return;
      clearStatus();
      stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    progress: (total) => {
      if (!redraws) return undefined;
      const bar = createProgressBar(stderr, total);
      // The bar is drawn over the status line at once (its redraw starts with \r and clears the row), so
      // the row never stands empty between the two.
      if (statusShown) bar.update(0, 0);
      statusShown = false;
      return bar;
    },
    status: (message) => {
      if (silenced || !redraws) return;
      stderr.write(`\r\x1b[K${message}`);
      statusShown = true;
    },
    silence: () => {
      clearStatus();
      silenced = true;
    },
    fitText: (wrap) => {
      fit = (text) => wrap(text);
    },
    despiteSilence: (say) => {
      const wasSilenced = silenced;
      silenced = false;
      try {
        say();
      } finally {
        silenced = wasSilenced;
      }
    },
  };
}

function writeProblems(line: Line, colours: Colors, problems: readonly Problem[], display: DisplayPath): void {
  for (const problem of problems) {
    const mark = problem.severity === 'warning' ? colours.yellow('warning') : colours.red('error');
    const shown = displayProblem(problem, display);
    line(`  ${mark} ${formatProblem(shown)}`, shown.location ? [shown.location.file] : []);
  }
}

function writeError(
  line: Line,
  problemLines: (problems: readonly Problem[], display?: DisplayPath) => void,
  colours: Colors,
  env: NodeJS.ProcessEnv,
  error: unknown,
  display: DisplayPath | undefined,
): void {
  if (isSuperviseError(error)) {
    const file = error.file === undefined ? [] : [(display ?? pathAsItIs)(error.file)];
    line(`${colours.red('error:')} ${displayMessage(error, display ?? pathAsItIs)}`, file);
    problemLines(error.problems, display);
    if (error.hint) line(colours.dim(error.hint), file);
    return;
  }
  // Not something a user can cause: say so plainly. The stack trace is
  // for a bug report, so it appears only when asked for.
  const message = messageOf(error);
  line(`${colours.red('error:')} supervise failed unexpectedly: ${message}`);
  if (env.SUPERVISE_DEBUG && error instanceof Error && error.stack) line(colours.dim(error.stack));
  else line(colours.dim('This is a bug in supervise. Run again with SUPERVISE_DEBUG=1 for details to report.'));
}
