import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Run in a process of its own: the setting is V8's, for the whole process. The built module is used, as a thread needs it.
const builtThreads = new URL('../../dist/threads.js', import.meta.url).href;

/**
 * The main thread's young generation (MB) before and after it makes a lot of short- and some long-lived objects,
 * with a thread started in between, as a batch starts its render threads; `hold` has both call holdYoungGeneration.
 */
function youngGenerationAround(hold: boolean): { before: number; after: number } {
  const thread = `
    import { handleMessages, holdYoungGeneration } from '${builtThreads}';
    import { parentPort } from 'node:worker_threads';
    if (${hold}) holdYoungGeneration();
    handleMessages(() => parentPort.postMessage('ready'));
  `;
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { holdYoungGeneration, startThread, stopThread } from '${builtThreads}';
    const young = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1048576;
    const before = young();
    if (${hold}) holdYoungGeneration();
    const worker = startThread(new URL('data:text/javascript,' + encodeURIComponent(${JSON.stringify(thread)})));
    await new Promise((resolve) => { worker.once('message', resolve); worker.postMessage('task'); });
    const kept = [];
    for (let i = 0; i < 3_000_000; i++) { const made = { i, text: 'entry ' + i }; if (i % 50 === 0) kept.push(made); }
    const after = young();
    await stopThread(worker);
    console.log(JSON.stringify({ before, after, kept: kept.length }));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { before: number; after: number };
}

describe('holdYoungGeneration', () => {
  // V8's default young generation grows to 32 MB on 64-bit machines; held, it stays at the 1–2 MB it starts with.
  it('lets V8 grow the young generation when not called (so the test below can fail)', () => {
    const { after } = youngGenerationAround(false);
    expect(after).toBeGreaterThanOrEqual(16);
  });

  it('keeps the main thread young generation small, with a thread started after it was called', () => {
    const { before, after } = youngGenerationAround(true);
    expect(after).toBeLessThanOrEqual(Math.max(2 * before, 4));
  });
});
