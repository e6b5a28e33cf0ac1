import { isSuperviseError } from '../errors.js';
import type { CommandContext } from './context.js';

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
      data(JSON.stringify({ ok: false, error: { message: error.message, problems: error.problems, hint: error.hint ?? null } }, null, 2));
    }
    throw error;
  }
}
