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
  say(interrupted);
}
