import { SuperviseError } from '../errors.js';
import { describeFsReason, errnoCodeOf } from '../io/fs-reasons.js';

/**
 * The renderer itself could not go on: a render thread died (it could not
 * load its modules, ran out of memory), so every entry sent to it would fail
 * the same way. Nothing is wrong with the entries; the batch stops, once,
 * keeping what is written (BatchRun), and says what to change in the
 * environment. A failure of one entry's own render comes back as a reply
 * instead (render-entry.ts), and fails that entry alone.
 */
export class RenderThreadError extends SuperviseError {
  /** What to do about it, to go before "then run the same command with --skip-existing…". */
  readonly remedy: string;

  constructor(message: string, remedy: string, cause: unknown) {
    super(message, { cause, hint: `${remedy}, then run the same command with --skip-existing to render the rest.` });
    this.name = 'RenderThreadError';
    this.remedy = remedy;
  }
}

const fewerFiles = 'Raise the limit on open files (`ulimit -n 1024`) or run with --jobs 1 (fewer files open at once)';

/** A render thread's failure (an `error` event, an early exit) in words; see RenderThreadError. */
export function describeRenderThreadFailure(error: unknown): RenderThreadError {
  if (error instanceof RenderThreadError) return error;
  const code = errnoCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EMFILE' || code === 'ENFILE') return new RenderThreadError(`a render thread could not open a file it needs: ${describeFsReason(error)}`, fewerFiles, error);
  // Node's module loader reports a file it could not open for want of file handles as not found.
  if (code === 'ERR_MODULE_NOT_FOUND') {
    return new RenderThreadError(
      `a render thread could not load supervise's own modules (${message}); most often because too many files are open at once`,
      `${fewerFiles}; if it goes on, reinstall supervise`,
      error,
    );
  }
  if (code === 'ENOMEM' || code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new RenderThreadError('a render thread ran out of memory', 'Close other programs, or run with --jobs 1 (one render thread)', error);
  }
  const reason = code === undefined ? message : describeFsReason(error);
  return new RenderThreadError(`a render thread stopped: ${reason}`, 'Fix what stopped it (or run with --jobs 1, one render thread)', error);
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
