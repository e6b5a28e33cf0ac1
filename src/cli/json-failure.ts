import { isSuperviseError, type Problem } from '../errors.js';
import type { CommandContext } from './context.js';

/**
 * The `error` of a failed --json report, built in one place: a usage error
 * (main.ts), a batch stopped before rendering (batch-report.ts) and any other
 * failure (below) must all give a script the same shape to read.
 */
export function describeErrorForJson(error: { message: string; problems: readonly Problem[]; hint?: string | undefined }): {
  message: string;
  problems: readonly Problem[];
  hint: string | null;
} {
  return { message: error.message, problems: error.problems, hint: error.hint ?? null };
}

/**
 * For a command whose `--json` report a script reads (`check … --json >
 * report.json` in CI): when the command fails before writing its report (a
 * missing folder, an unreadable roster), stdout still gets one JSON
 * document, `{ ok: false, error: { message, problems, hint } }`, rather
 * than nothing. The error itself is rethrown, so the message on stderr and
 * the exit code stay those of main.ts.
 */
export async function runWithJsonFailureReport(
  json: boolean,
  context: CommandContext,
  run: (context: CommandContext) => Promise<void>,
): Promise<void> {
  const data = context.reporter.data;
  let jsonWritten = false;
  const tracked: CommandContext = {
    ...context,
    reporter: {
      ...context.reporter,
      data: (text) => {
        jsonWritten = true;
        data(text);
      },
    },
  };
  try {
    await run(tracked);
  } catch (error) {
    if (json && !jsonWritten && isSuperviseError(error)) {
      data(JSON.stringify({ ok: false, error: describeErrorForJson(error) }, null, 2));
    }
    throw error;
  }
}

/** The commands whose `--json` report a script reads. */
const commandsWithJsonReports = new Set(['batch', 'check']);

/** The command, when it was asked for a `--json` report a script reads; undefined otherwise. */
export function findJsonReportCommand(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  const command = args[0];
  return command !== undefined && commandsWithJsonReports.has(command) && options.includes('--json') ? command : undefined;
}
