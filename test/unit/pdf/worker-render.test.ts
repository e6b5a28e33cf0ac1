import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { oneToOneOptions, readFixture } from './fixtures.js';

// A worker runs plain JavaScript, so it loads the built module; `npm test` builds first.
const builtModule = new URL('../../../dist/render/pdf/index.js', import.meta.url);

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.moduleUrl)
  .then((pdf) => pdf.renderPdf(workerData.markdown, { ...workerData.options, creationDate: new Date(workerData.date) }))
  .then((bytes) => parentPort.postMessage(bytes), (error) => parentPort.postMessage({ error: String(error) }));
`;

function renderInWorker(markdown: string): Promise<Uint8Array> {
  const { creationDate, ...options } = oneToOneOptions();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { moduleUrl: builtModule.href, markdown, options, date: creationDate.toISOString() },
    });
    worker.once('message', (message: Uint8Array | { error: string }) => {
      void worker.terminate();
      if (message instanceof Uint8Array) resolve(message);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
  });
}

describe('renderPdf in a worker thread', () => {
  it.skipIf(!existsSync(builtModule))('renders the same bytes as on the main thread', async () => {
    const markdown = readFixture('one-to-one.md');
    const [inWorker, onMain] = await Promise.all([renderInWorker(markdown), renderPdf(markdown, oneToOneOptions())]);
    expect(inWorker.byteLength).toBeGreaterThan(10_000);
    expect(Buffer.compare(Buffer.from(inWorker), Buffer.from(onMain))).toBe(0);
  });
});
