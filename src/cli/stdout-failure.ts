import { SuperviseError } from '../errors.js';
import { describeFsReason } from '../io/fs-reasons.js';

/**
 * Standard output could not be written (`> /dev/full`, a full disk): the
 * user's to fix, so it is said plainly. Used by the full CLI (main.ts) and by
 * the quick answers to `--version` and `--help` (bin/run.js), which print
 * before the CLI loads and load this only when a write fails.
 */
export function stdoutFailure(error: unknown): SuperviseError {
  return new SuperviseError(`Cannot write to standard output: ${describeFsReason(error)}`, {
    hint: 'Send the output somewhere with room for it (another file or disk), or free space and run again.',
  });
}
