import { renderAgreement } from '../render/render-agreement.js';
import { formatLocation, isSuperviseError, messageOf } from '../errors.js';
import type { Pack } from '../packs/pack-format.js';
import type { Answers } from '../packs/validate-answers.js';
import { resolveEntryAnswers } from './entry-answers.js';
import { errnoCodeOf } from '../io/fs-reasons.js';
import { isEnvironmentFailure } from './render-failure.js';
import { wholeBuffer } from '../render/transferable.js';
import type { RenderReply, RenderTask, WorkerInit } from './worker-protocol.js';

/**
 * Rendering one roster entry to bytes, the same in a render thread and in
 * the main thread (Markdown-only batches), so output never depends on where
 * it was made.
 */

export interface EntryRenderContext {
  packs: ReadonlyMap<string, Pack>;
  init: WorkerInit;
  creationDate: Date;
}

const encoder = new TextEncoder();

export function createEntryRenderContext(init: WorkerInit): EntryRenderContext {
  return { packs: new Map(init.packs.map((pack) => [pack.manifest.name, pack])), init, creationDate: new Date(init.creationDate) };
}

/** `answers`, when planning kept them, saves validating the entry a second time. */
export async function renderEntry(context: EntryRenderContext, task: RenderTask, answers?: Answers): Promise<RenderReply> {
  const { init } = context;
  const pack = context.packs.get(task.template);
  if (!pack) return { id: task.id, ok: false, message: `the template "${task.template}" was not loaded`, problems: [] };
  let resolved = answers;
  if (!resolved) {
    const result = resolveEntryAnswers(pack, init.defaults, task.input);
    if (!result.ok) {
      // Planning validated this entry already; this would mean the two disagree.
      return { id: task.id, ok: false, message: 'its answers did not validate when rendered', problems: result.problems.map(({ path, message }) => ({ path, message })) };
    }
    resolved = result.answers;
  }
  try {
    const files = await renderAgreement(pack, resolved, {
      formats: init.formats,
      paper: init.paper,
      formFields: init.formFields,
      creationDate: context.creationDate,
    });
    return {
      id: task.id,
      ok: true,
      files: files.map((file) => ({
        format: file.format,
        content: typeof file.content === 'string' ? encoder.encode(file.content) : file.content,
      })),
    };
  } catch (error) {
    if (isSuperviseError(error)) {
      // The manifest records a path and a message; a problem in a template file keeps its place in the message.
      const problems = error.problems.map(({ path, message, location }) => ({ path, message: location ? `${formatLocation(location)}: ${message}` : message }));
      return { id: task.id, ok: false, message: error.message, problems };
    }
    if (isEnvironmentFailure(error)) {
      const failure = { code: errnoCodeOf(error)!, message: messageOf(error) };
      return { id: task.id, ok: false, message: failure.message, problems: [], environment: failure };
    }
    return { id: task.id, ok: false, message: `rendering failed unexpectedly: ${messageOf(error)}`, problems: [] };
  }
}

/** The buffers a reply can hand over to another thread rather than copy (see render-worker.ts). */
export function collectTransferable(reply: RenderReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const buffers = reply.files.map((file) => wholeBuffer(file.content)).filter((buffer) => buffer !== undefined);
  return [...new Set(buffers)];
}
