import type { OutputFormat, Paper } from '../agreement/render-agreement.js';
import type { Pack } from '../packs/pack-format.js';
import type { Answers } from '../packs/validate-answers.js';

/** What the main thread and the render threads say to each other. */

export interface WorkerInit {
  /** Only the packs the batch uses, sent once per thread. */
  packs: Pack[];
  formats: OutputFormat[];
  paper: Paper;
  formFields: boolean;
  /** Milliseconds since the epoch; a Date does not survive every transfer unchanged. */
  creationDate: number;
}

export interface RenderTask {
  id: number;
  template: string;
  answers: Answers;
}

export interface RenderedBytes {
  format: OutputFormat;
  content: Uint8Array;
}

export type RenderReply =
  | { id: number; ok: true; files: RenderedBytes[] }
  | { id: number; ok: false; message: string; problems: { path: string; message: string }[] };
