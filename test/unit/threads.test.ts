import { describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { liveThreadCount, startThread, stopLiveThreads, stopThread } from '../../src/threads.js';

// A thread runs plain JavaScript, so its side comes from the built module; `npm test` builds first.
const builtThreads = new URL('../../dist/threads.js', import.meta.url).href;

/**
 * Time given to a thread that is to finish its task in hand: the 2 s default is room enough for the tasks here
 * on an idle machine, but a busy one can leave a thread that long without a turn, and its being terminated then
 * would be the machine's doing, not a fault of stopThread.
 */
const patientLimitMs = 30_000;

/** A thread whose every task takes `taskMs` of synchronous work (a stand-in for laying out a PDF), then replies. */
function threadSource(taskMs: number | 'forever'): URL {
  const work = taskMs === 'forever' ? 'for (;;) {}' : `const until = Date.now() + ${taskMs}; while (Date.now() < until) {}`;
  const source = `
    import { parentPort } from 'node:worker_threads';
    import { handleMessages, threadData } from '${builtThreads}';
    handleMessages((task) => { parentPort.postMessage({ started: task }); ${work} parentPort.postMessage({ task, data: threadData() }); });
  `;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

interface Watched {
  /** Tasks finished, with what the thread saw as its data. */
  replies: unknown[];
  /** Resolves when the thread has taken its first task. */
  started: Promise<void>;
  exitCode: Promise<number>;
}

function watch(worker: Worker): Watched {
  const replies: unknown[] = [];
  const started = new Promise<void>((resolve) => {
    worker.on('message', (reply: object) => {
      if ('started' in reply) resolve();
      else replies.push(reply);
    });
  });
  return { replies, started, exitCode: new Promise((resolve) => worker.once('exit', resolve)) };
}

describe('stopThread', () => {
  it('lets the task in hand finish, drops the queued ones, and the thread ends by itself (exit code 0, not terminated)', async () => {
    const worker = startThread(threadSource(300), { workerData: 'pack data' });
    const { replies, started, exitCode } = watch(worker);
    for (let task = 1; task <= 5; task += 1) worker.postMessage(task);
    await started;
    await stopThread(worker, patientLimitMs);
    expect(await exitCode).toBe(0);
    expect(replies).toEqual([{ task: 1, data: 'pack data' }]);
  });

  it('ends an idle thread', async () => {
    const worker = startThread(threadSource(0));
    const { replies, exitCode } = watch(worker);
    worker.postMessage('only');
    while (replies.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await stopThread(worker, patientLimitMs);
    expect(await exitCode).toBe(0);
  });

  it('terminates a thread that does not finish its task in time', async () => {
    const worker = startThread(threadSource('forever'));
    const { started, exitCode } = watch(worker);
    worker.postMessage('stuck');
    await started;
    const askedAt = Date.now();
    await stopThread(worker, 200);
    expect(await exitCode).toBe(1);
    expect(Date.now() - askedAt).toBeGreaterThanOrEqual(150);
  });
});

describe('stopLiveThreads', () => {
  it('stops every thread started, and forgets them', async () => {
    const before = liveThreadCount();
    const watched = [startThread(threadSource(50)), startThread(threadSource(50))].map((worker) => {
      worker.postMessage('a');
      worker.postMessage('b');
      return watch(worker);
    });
    expect(liveThreadCount()).toBe(before + 2);
    await Promise.all(watched.map(({ started }) => started));
    await stopLiveThreads(patientLimitMs);
    expect(await Promise.all(watched.map(({ exitCode }) => exitCode))).toEqual([0, 0]);
    expect(liveThreadCount()).toBe(before);
  });
});
