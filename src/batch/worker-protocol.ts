import type { OutputFormat, Paper } from '../render/render-agreement.js';
import type { Pack } from '../packs/pack-format.js';
import type { PlainObject } from '../packs/object-paths.js';
import type { FontFiles } from '../render/pdf/font-files.js';

/** What the main thread and the render threads say to each other. */

export interface WorkerInit {
  /** The packs loaded for the batch, sent once per thread (the threads start before planning knows which are used). */
  packs: Pack[];
  /** The roster's defaults, merged under each entry in the thread. */
  defaults: PlainObject;
  formats: OutputFormat[];
  paper: Paper;
  formFields: boolean;
  /** Milliseconds since the epoch; a Date does not survive every transfer unchanged. */
  creationDate: number;
  /** The PDF font files as the main thread read them, in memory the threads share (font-files.ts). */
  fontFiles?: FontFiles | undefined;
}

export interface RenderTask {
  id: number;
  template: string;
  /** The entry's own answers; the thread merges the defaults and validates, as planning did. */
  input: PlainObject;
}

export interface RenderedBytes {
  format: OutputFormat;
  content: Uint8Array;
}

export type RenderReply =
  | { id: number; ok: true; files: RenderedBytes[] }
  | {
      id: number;
      ok: false;
      message: string;
      problems: { path: string; message: string }[];
      /** Set when the failure was the environment's, not the entry's (render-failure.ts): the batch stops instead. */
      environment?: { code: string; message: string };
    };
