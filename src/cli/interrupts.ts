/**
 * Clean-up that a running command adds to Ctrl-C (a batch's manifest, the
 * folder `init` was assembling). main.ts runs it when the signal comes; it is
 * kept apart from main.ts so that a command registers here without importing
 * the entry point, which imports the commands.
 */

/** What an interrupt says in place of "nothing was written.", and, if there is more to do, how to go on. */
export interface InterruptSummary {
  summary: string;
  hint?: string | undefined;
}

/** Returns what to say instead of "nothing was written", if something was (or there is a way on to say). */
export type InterruptHandler = () => string | InterruptSummary | undefined;
let interruptHandlers: InterruptHandler[] = [];

/** Lets a running command add clean-up (e.g. a batch's manifest) to Ctrl-C. */
export function onInterrupt(handler: InterruptHandler): () => void {
  interruptHandlers.push(handler);
  return () => {
    interruptHandlers = interruptHandlers.filter((candidate) => candidate !== handler);
  };
}

/** Runs every handler, the last added first, and returns the first thing one of them has to say. */
export function runInterruptHandlers(): InterruptSummary | undefined {
  const summaries = [...interruptHandlers].reverse().map((handler) => handler());
  const said = summaries.find((text) => text !== undefined);
  return typeof said === 'string' ? { summary: said } : said;
}
