/**
 * The one error model of supervise. Core code throws these and never exits;
 * `cli/main.ts` is the single place that turns them into a message on stderr
 * and an exit code. Anything else that reaches that place is a bug in
 * supervise, and is reported as one.
 */

export const ExitCode = {
  ok: 0,
  /** Invalid input, a failed render or a failed check. */
  invalid: 1,
  /** Unknown flag, missing argument and the like. */
  usage: 2,
  /** Interrupted by Ctrl-C or a termination signal. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in a file a problem sits; lines and columns count from 1. */
export interface SourceLocation {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** One thing wrong with the input, addressed by a dotted field path. */
export interface Problem {
  /** Dotted field path such as `schedule.time`, or '' for the whole document. */
  path: string;
  message: string;
  location?: SourceLocation | undefined;
  /** Warnings are shown but do not fail a command. */
  severity?: 'error' | 'warning';
}

export interface SuperviseErrorOptions {
  exitCode?: ExitCode;
  hint?: string | undefined;
  problems?: readonly Problem[];
  cause?: unknown;
  /** The file or folder the message names, as an absolute path; shown to a person as they would type it (DisplayPath). */
  file?: string | undefined;
}

export class SuperviseError extends Error {
  readonly exitCode: ExitCode;
  /** A sentence telling the user what to do next. */
  readonly hint: string | undefined;
  readonly problems: readonly Problem[];
  /** The file or folder the message names (see SuperviseErrorOptions.file). */
  readonly file: string | undefined;

  constructor(message: string, options: SuperviseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SuperviseError';
    this.exitCode = options.exitCode ?? ExitCode.invalid;
    this.hint = options.hint;
    this.problems = options.problems ?? [];
    this.file = options.file;
  }
}

/** Answers, a roster or a pack that do not pass validation. */
export class ValidationError extends SuperviseError {
  constructor(message: string, problems: readonly Problem[], hint?: string) {
    super(message, { problems, hint, exitCode: ExitCode.invalid });
    this.name = 'ValidationError';
  }
}

/** The command line itself is wrong. */
export class UsageError extends SuperviseError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/** The user pressed Ctrl-C or the process was asked to stop. */
export class InterruptedError extends SuperviseError {
  constructor(message = 'Interrupted: nothing was written.', hint?: string) {
    super(message, { exitCode: ExitCode.interrupted, hint });
    this.name = 'InterruptedError';
  }
}

export function isSuperviseError(error: unknown): error is SuperviseError {
  return error instanceof SuperviseError;
}

/**
 * V8's own stack running out ("Maximum call stack size exceeded"), as
 * recursive code does on input nested thousands deep: said in words about
 * that input, never as a bug.
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.startsWith('Maximum call stack size exceeded');
}

/** What went wrong, in words, whatever was thrown: an Error's message, anything else as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Formats a location as `file:line:column`, leaving out what is unknown. */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** Formats one problem as a single line: `file:line:col: path: message`. */
export function formatProblem(problem: Problem): string {
  const where = problem.location ? `${formatLocation(problem.location)}: ` : '';
  const path = problem.path ? `${problem.path}: ` : '';
  return `${where}${path}${problem.message}`;
}

/**
 * How an error names a file or folder: as the user would type it, relative
 * to where they ran the command (cli/display-path.ts), when a command says
 * so; core code works with absolute paths and names them as they are.
 */
export type DisplayPath = (path: string) => string;

export const pathAsItIs: DisplayPath = (path) => path;

/** An error's message with the file it names (SuperviseError.file) shown through `display`. */
export function displayMessage(error: SuperviseError, display: DisplayPath): string {
  return error.file === undefined ? error.message : error.message.split(error.file).join(display(error.file));
}

/** A problem with the file of its location (if any) shown through `display`. */
export function displayProblem(problem: Problem, display: DisplayPath): Problem {
  return problem.location ? { ...problem, location: { ...problem.location, file: display(problem.location.file) } } : problem;
}

/** A path as it can be pasted into a shell, for hints that name a command to run: quoted only when it needs to be. */
export function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
