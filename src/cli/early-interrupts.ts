import { ExitCode, InterruptedError } from '../errors.js';
import { describeErrorForJson, findJsonReportCommand } from './json-failure.js';
import { createReporter } from './reporter.js';

/**
 * Ctrl-C (or SIGTERM) while the CLI's modules load, the few hundred
 * milliseconds before main.ts installs its own handler, ended the process
 * with Node's default: exit 130 and not a word. Nothing has run then, so it
 * is said as main.ts says an interrupt that found nothing written, and the
 * process exits at once. bin/supervise.js installs this only once `--version`
 * and `--help` have not answered, so their start-up loads none of it.
 */
let removeEarlyHandlers: (() => void) | undefined;

export function startEarlyInterrupts(argv: readonly string[]): void {
  const stop = (signal: NodeJS.Signals): void => {
    reportInterrupted(signal, 'nothing was written.', findJsonReportCommand(argv) !== undefined);
    process.exit(ExitCode.interrupted);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  removeEarlyHandlers = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

/** main.ts answers interrupts from here on. */
export function endEarlyInterrupts(): void {
  removeEarlyHandlers?.();
  removeEarlyHandlers = undefined;
}

/**
 * What every interrupt says, on stderr, and, to a command that owes a
 * `--json` report and has not written it, as that report: the script reading
 * it gets `{ ok: false, error }`, as for any other failure before the report,
 * not an empty file.
 */
export function reportInterrupted(
  signal: NodeJS.Signals,
  summary: string,
  owesJsonReport: boolean,
  { hint, say = (error) => createReporter().error(error) }: { hint?: string | undefined; say?: (error: InterruptedError) => void } = {},
): void {
  const interrupted = new InterruptedError(`Interrupted (${signal}): ${summary}`, hint);
  if (owesJsonReport) createReporter().data(JSON.stringify({ ok: false, error: describeErrorForJson(interrupted) }, null, 2));
  // The "^C" is taken off its row, so the message starts at the row's start rather than run on from it.
  if (signal === 'SIGINT' && echoesControlKeys(process.stdin, process.stderr)) process.stderr.write('\r\x1b[K');
  say(interrupted);
}

/**
 * Whether Ctrl-C, outside a prompt, was echoed as "^C" where the cursor stood: on a terminal not in raw mode
 * (a prompt's raw mode takes Ctrl-C as a key, not a signal). The message ran on from it ("^Cerror: Interrupted").
 * Everything supervise writes there ends its line, so the row holds only the "^C" (or a progress bar, which is
 * cleared anyway): clearing it starts the message on a clean line, with no empty row above it.
 */
function echoesControlKeys(input: { isTTY?: boolean; isRaw?: boolean }, errors: { isTTY?: boolean }): boolean {
  return errors.isTTY === true && !(input.isTTY === true && input.isRaw === true);
}
