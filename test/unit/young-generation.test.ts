import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Run in a process of its own: the settings are V8's, for the whole process. The built module is used, as a thread needs it.
const builtThreads = new URL('../../dist/threads.js', import.meta.url).href;

/** Makes a lot of short- and some long-lived objects, as planning or rendering does, then gives the young generation's size (MB). */
const churnThenMeasure = `
  const kept = [];
  for (let i = 0; i < 3_000_000; i++) { const made = { i, text: 'entry ' + i }; if (i % 50 === 0) kept.push(made); }
  const youngMb = (await import('node:v8')).getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1048576;
`;

interface YoungGenerations {
  /** The main thread's, before anything. */
  before: number;
  /** The main thread's, after a thread was started and it made its objects. */
  main: number;
  /** The thread's, after it made its own. */
  thread: number;
}

/** As a batch does: `keep` calls keepHeapsSmall first, then starts a thread (which does nothing itself) and waits until it is online. */
function youngGenerations(keep: boolean): YoungGenerations {
  const thread = `
    import { handleMessages } from '${builtThreads}';
    import { parentPort } from 'node:worker_threads';
    ${churnThenMeasure}
    handleMessages(() => parentPort.postMessage(youngMb));
  `;
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { keepHeapsSmall, startThread, stopThread, whenOnline } from '${builtThreads}';
    const before = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1048576;
    if (${keep}) keepHeapsSmall();
    const worker = startThread(new URL('data:text/javascript,' + encodeURIComponent(${JSON.stringify(thread)})));
    // As a batch waits for its render threads before it plans.
    await whenOnline([worker]);
    ${churnThenMeasure}
    const main = youngMb;
    const threadMb = await new Promise((resolve) => { worker.once('message', resolve); worker.postMessage('task'); });
    await stopThread(worker);
    console.log(JSON.stringify({ before, main, thread: threadMb, kept: kept.length }));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as YoungGenerations;
}

describe('keepHeapsSmall', () => {
  // V8's default young generation grows to 32 MB on 64-bit machines; held, it stays at the 1–8 MB it starts with.
  it('lets V8 grow the young generations when not called (so the test below can fail)', () => {
    const { main, thread } = youngGenerations(false);
    expect(main).toBeGreaterThanOrEqual(16);
    expect(thread).toBeGreaterThanOrEqual(16);
  });

  it('keeps the young generations small: the main thread\'s, and that of a thread it starts, which does nothing itself', () => {
    const { before, main, thread } = youngGenerations(true);
    expect(main).toBeLessThanOrEqual(Math.max(2 * before, 4));
    expect(thread).toBeLessThanOrEqual(8);
  });
});
