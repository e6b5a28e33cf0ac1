/**
 * Clean-up that a running command adds to Ctrl-C (a batch's manifest, the
 * folder `init` was assembling). main.ts runs it when the signal comes; it is
 * kept apart from main.ts so that a command registers here without importing
 * the entry point, which imports the commands.
 */

/** Returns the line to print instead of "nothing was written", if something was. */
export type InterruptHandler = () => string | undefined;
let interruptHandlers: InterruptHandler[] = [];

/** Lets a running command add clean-up (e.g. a batch's manifest) to Ctrl-C. */
export function onInterrupt(handler: InterruptHandler): () => void {
  interruptHandlers.push(handler);
  return () => {
    interruptHandlers = interruptHandlers.filter((candidate) => candidate !== handler);
  };
}

/** Runs every handler, the last added first, and returns the first line one of them has to say. */
export function runInterruptHandlers(): string | undefined {
  const summaries = [...interruptHandlers].reverse().map((handler) => handler());
  return summaries.find((text) => text !== undefined);
}
