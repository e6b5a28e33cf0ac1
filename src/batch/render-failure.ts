import { isSuperviseError, messageOf, SuperviseError } from '../errors.js';
import { describeFsReason, errnoCodeOf } from '../io/fs-reasons.js';

/**
 * The batch itself could not go on: a render thread died (it could not
 * load its modules, ran out of memory), or the process ran out of file
 * handles to write with, so every later entry would fail the same way.
 * Nothing is wrong with the entries; the batch stops, once, keeping what is
 * written (BatchRun), and says what to change in the environment. A failure
 * of one entry's own render comes back as a reply instead (render-entry.ts),
 * and fails that entry alone.
 */
export class EnvironmentFailureError extends SuperviseError {
  /** What to do about it, to go before "then run the same command with --skip-existing…". */
  readonly remedy: string;

  constructor(message: string, remedy: string, cause: unknown) {
    super(message, { cause, hint: `${remedy}, then run the same command with --skip-existing to render the rest.` });
    this.name = 'EnvironmentFailureError';
    this.remedy = remedy;
  }
}

const fewerFiles = 'Raise the limit on open files (`ulimit -n 1024`) or run with --jobs 1 (fewer files open at once)';

/** A render thread's failure (an `error` event, an early exit) in words; see EnvironmentFailureError. */
export function describeRenderThreadFailure(error: unknown): EnvironmentFailureError {
  if (error instanceof EnvironmentFailureError) return error;
  const code = errnoCodeOf(error);
  const message = messageOf(error);
  if (code === 'EMFILE' || code === 'ENFILE') return new EnvironmentFailureError(`a render thread could not open a file it needs: ${describeFsReason(error)}`, fewerFiles, error);
  // Node's module loader reports a file it could not open for want of file handles as not found.
  if (code === 'ERR_MODULE_NOT_FOUND') {
    return new EnvironmentFailureError(
      `a render thread could not load supervise's own modules (${message}); most often because too many files are open at once`,
      `${fewerFiles}; if it goes on, reinstall supervise`,
      error,
    );
  }
  if (code === 'ENOMEM' || code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new EnvironmentFailureError('a render thread ran out of memory', 'Close other programs, or run with --jobs 1 (one render thread)', error);
  }
  const reason = code === undefined ? message : describeFsReason(error);
  return new EnvironmentFailureError(`a render thread stopped: ${reason}`, 'Fix what stopped it (or run with --jobs 1, one render thread)', error);
}

/**
 * Whether the process (EMFILE) or the computer (ENFILE) has no file handles left: met writing an entry's
 * files (a SuperviseError from describeFsError, its errno the cause) or reading a kept one (an errno error).
 */
export function isOutOfFileHandles(error: unknown): boolean {
  const code = errnoCodeOf(error) ?? (error instanceof Error ? errnoCodeOf(error.cause) : undefined);
  return code === 'EMFILE' || code === 'ENFILE';
}

/**
 * An entry's files could not be written (or a kept one read) for want of file handles (isOutOfFileHandles):
 * no later entry's could be either, whatever the folder, so the batch stops, with what to change.
 */
export function describeOutOfFileHandles(error: unknown): EnvironmentFailureError {
  const message = isSuperviseError(error) ? error.message : `a file could not be opened: ${describeFsReason(error)}`;
  const cause = isSuperviseError(error) ? error.cause : error;
  const remedy = errnoCodeOf(cause) === 'ENFILE' ? 'Close other programs (the computer as a whole has too many files open)' : 'Raise the limit on open files (`ulimit -n 1024`)';
  return new EnvironmentFailureError(message, remedy, cause);
}

/**
 * Whether an error met while rendering is the environment's, not the entry's: an errno failure (rendering
 * reads no file of the user's, only supervise's own modules and fonts), or a module that would not load.
 */
export function isEnvironmentFailure(error: unknown): boolean {
  const code = errnoCodeOf(error);
  if (code === undefined) return false;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_WORKER_OUT_OF_MEMORY' || /^E[A-Z0-9]+$/.test(code);
}

/** A reply's environment failure (RenderReply's `environment`) as the error it was, to describe. */
export function environmentFailureOf(failure: { code: string; message: string }): Error {
  return Object.assign(new Error(failure.message), { code: failure.code });
}
