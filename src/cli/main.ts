import { Command, CommanderError, Help, type OutputConfiguration } from 'commander';
import { describeFsReason, errnoCodeOf } from '../io/fs-reasons.js';
import { ExitCode, isSuperviseError, SuperviseError } from '../errors.js';
import { refuseNewThreads, stopLiveThreads } from '../threads.js';
import { readVersion } from '../version.js';
import { registerCommands } from './commands/index.js';
import type { CommandContext } from './context.js';
import { displayPath } from './display-path.js';
import { runInterruptHandlers } from './interrupts.js';
import { endEarlyInterrupts, reportInterrupted } from './early-interrupts.js';
import { describeErrorForJson, findJsonReportCommand } from './json-failure.js';
import { helpWidth } from './quick-answers.js';
import { createReporter, type Reporter } from './reporter.js';
import { stdoutFailure } from './stdout-failure.js';

/**
 * The one entry point and the one exit point. Commands throw typed errors;
 * this file alone turns them into a message and an exit code.
 */

/** Help fits the terminal up to 80 columns; wider lines are harder to read, and a fixed width lets --help answer from text rendered at build time. */
const widthFor = (stream: NodeJS.WriteStream) => (): number =>
  stream.isTTY ? Math.min(stream.columns, helpWidth) : helpWidth;

const processOutput: OutputConfiguration = {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
  getOutHelpWidth: widthFor(process.stdout),
  getErrHelpWidth: widthFor(process.stderr),
};

const commanderHelp = new Help();

/**
 * A flag is off until given and a repeatable option starts empty: commander's
 * "(default: false)" and "(default: [])" tell a user nothing, so they are left off.
 */
function describeOption(option: Parameters<Help['optionDescription']>[0]): string {
  return commanderHelp.optionDescription(option).replace(/ \(default: (?:false|\[\])\)$/, '');
}

export function buildProgram(context: CommandContext, output: OutputConfiguration = processOutput): Command {
  const program = new Command('supervise')
    .configureHelp({ optionDescription: describeOption })
    .description('Signature-ready safeguarding supervision agreements: an interview, a roster, a CI check.')
    .version(context.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .configureOutput(output)
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ supervise new                                   interview, then write a PDF
  $ supervise new one-to-one --answers examples/one-to-one.yaml --format md
  $ supervise batch examples/roster.yaml --out agreements
  $ supervise templates list

Exit codes: 0 done, 1 invalid input or a failed render or check, 2 usage error,
130 interrupted.`,
    );
  registerCommands(program, context);
  // Every sub-command exits through the same override, so commander's usage errors come back here. Each says,
  // as every other error does, what to do next: where the command's arguments and options are listed.
  program.showHelpAfterError(usageHint(''));
  const settle = (command: Command, path: readonly string[]): void => {
    command.exitOverride().showSuggestionAfterError(true).showHelpAfterError(usageHint(path.join(' ')));
    for (const child of command.commands) settle(child, [...path, child.name()]);
  };
  for (const command of program.commands) settle(command, [command.name()]);
  return program;
}

/** What to do after a usage error in a command ('' for the program itself): on stderr, and in a --json report. */
function usageHint(command: string): string {
  return command === '' ? 'Run `supervise --help` for the list of commands.' : `Run \`supervise ${command} --help\` for its arguments and options.`;
}

/**
 * Help asked for a command that does not exist, `supervise help bach` or `supervise bach --help`: commander would
 * print the program's help (for the first, to stderr) and exit 0, as if nothing were wrong. The word is given to
 * commander as a command instead, so the user is told it is unknown (and which command they probably meant), with
 * the usage exit code, as for `supervise bach`.
 */
function helpForUnknownCommand(argv: readonly string[], program: Command): readonly string[] {
  const [node = '', script = '', first, ...rest] = argv;
  const isKnown = (word: string): boolean => program.commands.some((command) => command.name() === word || command.aliases().includes(word));
  if (first === 'help') {
    const [topic] = rest;
    // `help help` would print the program's help to stderr: it is the program's help that is asked for.
    if (topic === 'help' && rest.length === 1) return [node, script, '--help'];
    if (topic === undefined) return argv;
    if (!isKnown(topic)) return [node, script, topic];
    // `help templates show`: commander's help command reads only its first word, and would show `templates`.
    const sub = rest[1];
    const parent = program.commands.find((command) => command.name() === topic);
    return rest.length === 2 && sub !== undefined && parent?.commands.some((command) => command.name() === sub) ? [node, script, topic, sub, '--help'] : argv;
  }
  const asksForHelp = rest.length > 0 && rest.every((word) => word === '--help' || word === '-h');
  return first !== undefined && asksForHelp && /^[a-z]/.test(first) && !isKnown(first) ? [node, script, first] : argv;
}

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  const program = buildProgram(context);
  if (argv.length <= 2) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync([...helpForUnknownCommand(argv, program)]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help/version).
      const quietExits = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      if (quietExits.includes(error.code)) return ExitCode.ok;
      reportUsageErrorAsJson(argv, error, context);
      return ExitCode.usage;
    }
    const failure = describeExhaustedFiles(error) ?? error;
    context.reporter.error(failure, (file) => displayPath(file, context.cwd));
    // The reporter has just called anything but a SuperviseError a bug; its exit code says the same.
    return isSuperviseError(failure) ? failure.exitCode : ExitCode.invalid;
  }
}

/**
 * Too many open files is the environment's limit, not a bug, wherever it
 * strikes: most often while loading supervise's own modules, which no
 * command's error handling sees.
 */
function describeExhaustedFiles(error: unknown): SuperviseError | undefined {
  const code = errnoCodeOf(error);
  if (isSuperviseError(error) || (code !== 'EMFILE' && code !== 'ENFILE')) return undefined;
  return new SuperviseError(`supervise could not open a file it needs: ${describeFsReason(error)}`, {
    hint: 'Close other programs, or raise the limit, and run again.',
    cause: error,
  });
}

/**
 * `supervise batch … --json > report.json` with a mistyped flag: the script
 * reading the report gets `{ ok: false, error }`, as for any other failure
 * before the report, not an empty file.
 */
function reportUsageErrorAsJson(argv: readonly string[], error: CommanderError, context: CommandContext): void {
  const command = findJsonReportCommand(argv);
  if (command === undefined) return;
  const message = error.message.replace(/^error: /, '');
  const hint = usageHint(command);
  context.reporter.data(JSON.stringify({ ok: false, error: describeErrorForJson({ message, problems: [], hint }) }, null, 2));
}

/**
 * The folder the command was run in. A shell left in a folder since deleted or moved away (by a colleague on a
 * shared drive, by a `git checkout`) has none: every command but --help and --version failed with a stack trace.
 */
function readCurrentFolder(): string | SuperviseError {
  try {
    return process.cwd();
  } catch (error) {
    const gone = errnoCodeOf(error) === 'ENOENT';
    return new SuperviseError(
      gone ? 'The folder this command was run in no longer exists: it was deleted or moved away' : `The folder this command was run in cannot be found: ${describeFsReason(error)}`,
      { hint: 'Change to a folder that exists (cd) and run the command again.', cause: error },
    );
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  const created = createReporter();
  const cwd = readCurrentFolder();
  if (isSuperviseError(cwd)) {
    created.error(cwd);
    // A script reading `--json` gets its one document, as for any other failure before the report.
    if (findJsonReportCommand(argv) !== undefined) created.data(JSON.stringify({ ok: false, error: describeErrorForJson(cwd) }, null, 2));
    process.exitCode = cwd.exitCode;
    return;
  }
  // Whether the command has written its report yet: one interrupted before it still owes a script one.
  let dataWritten = false;
  const reporter: typeof created = {
    ...created,
    data: (text) => {
      dataWritten = true;
      created.data(text);
    },
  };
  const context: CommandContext = {
    reporter,
    env: process.env,
    cwd,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    outputRedirected: process.stdin.isTTY === true && process.stdout.isTTY !== true,
    version: readVersion(),
  };
  let stopping = false;
  /** Set once the command has returned: what it did is done, and what it said ("Wrote …") is true. */
  let finished = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A Ctrl-C that lands as the command ends (its files moved into place in one synchronous step, which no
    // handler can break into) is answered only now: "nothing was written" would belie the "Wrote …" just said.
    // The process was on its way out; it goes, with the command's own exit code.
    if (finished) process.exit(process.exitCode ?? ExitCode.ok);
    // A second Ctrl-C while stopping changes nothing: the first is already writing the manifest and removing
    // temporary files, which Node's default handler would cut short.
    if (stopping) return;
    stopping = true;
    // At once, not after the imports below: the command, still running meanwhile, must not start a thread.
    refuseNewThreads();
    const { summary, hint } = runInterruptHandlers() ?? { summary: 'nothing was written.' };
    // Decided now: the command, silenced below, may still hand over a report that is never printed.
    const owesJsonReport = !dataWritten && findJsonReportCommand(argv) !== undefined;
    reporter.silence();
    void import('../io/write-files.js').then(async ({ removePendingTempFiles }) => {
      // Threads first: exiting with them still running can crash the process (threads.ts). Each
      // finishes the task in hand and drops the rest; the command, silenced, winds down meanwhile,
      // and its exit code is overridden below.
      await stopLiveThreads();
      await removePendingTempFiles();
      // Through the command's own reporter, silenced meanwhile: wrapped as the interview wrapped what it said.
      reportInterrupted(signal, summary, owesJsonReport, { hint, say: (error) => reporter.lastWord(error) });
      process.exit(ExitCode.interrupted);
    });
  };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => exitOnStdoutFailure(error, reporter));
  // `supervise batch roster.yaml 2>&1 | head` stops reading the messages, not the work: the first message that
  // could not be written ended the run with an uncaught EPIPE, exit 1 and, in a batch, no agreement written.
  // There is nowhere left to say anything, so what is still to be said is dropped and the command carries on,
  // ending with its own exit code.
  process.stderr.on('error', () => undefined);
  // In place of the handler that answered an interrupt while the modules loaded (bin/supervise.js).
  endEarlyInterrupts();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.exitCode = await runCli(argv, context);
  finished = !stopping;
}

/**
 * `supervise schema | head` closes stdout early; that is the reader's
 * choice, not an error worth a stack trace. Any other failure to write it
 * (`> /dev/full`, a full disk) is the user's to fix, so it is said plainly.
 */
function exitOnStdoutFailure(error: NodeJS.ErrnoException, reporter: Reporter): never {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
  reporter.silence();
  createReporter().error(stdoutFailure(error));
  process.exit(ExitCode.invalid);
}
