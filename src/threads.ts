import { setFlagsFromString } from 'node:v8';
import { parentPort, Worker, workerData, type WorkerOptions } from 'node:worker_threads';
import { InterruptedError } from './errors.js';

/**
 * Every thread supervise starts goes through here, so that each can be
 * stopped without being cut off mid-instruction.
 *
 * `worker.terminate()` stops a thread wherever its JavaScript is, and Node 20
 * aborts the whole process if that is between creating a zlib stream and
 * initialising it ("Assertion failed: init_done_ && close before init",
 * node_zlib.cc): pdfkit deflates every page, so a render thread is often
 * there. `process.exit()` terminates running threads the same way. A batch
 * interrupted by Ctrl-C then died of SIGABRT instead of exiting 130 with its
 * manifest written (about 1 run in 400 under load); one stopped early by
 * --fail-fast or a full disk, whose threads were terminated mid-render,
 * could too.
 *
 * So a thread is asked to stop instead: a flag it reads before each task,
 * and a message to wake it if it is idle. It finishes the task in hand,
 * skips the rest, closes its port and ends by itself. terminate() is kept
 * for a thread that does not end in time.
 */

/** What startThread passes as the Worker's workerData. */
interface ThreadEnvelope {
  /** One Int32: non-zero once the main thread has asked the thread to stop. */
  stopRequested: SharedArrayBuffer;
  data: unknown;
}

const stopMessage = '__supervise_stop__';

interface LiveThread {
  stopFlag: Int32Array;
  exited: Promise<void>;
  /** Settled once the thread runs JavaScript (or has ended). */
  online: Promise<void>;
}

const liveThreads = new Map<Worker, LiveThread>();
/** Set on the way out (Ctrl-C): a thread started after its stop was asked for would be terminated by process.exit. */
let refusingNewThreads = false;

/** From now on, startThread fails: the process is stopping, and the threads it has are being stopped. */
export function refuseNewThreads(): void {
  refusingNewThreads = true;
}

/** A new Worker that stopThread can stop cleanly; `options.workerData` reaches the thread as threadData(). */
export function startThread(url: URL, options: WorkerOptions = {}): Worker {
  if (refusingNewThreads) throw new InterruptedError();
  const stopRequested = new SharedArrayBuffer(4);
  const envelope: ThreadEnvelope = { stopRequested, data: options.workerData };
  const worker = new Worker(url, { ...options, workerData: envelope });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const online = new Promise<void>((resolve) => {
    worker.once('online', () => {
      // Its start has set V8's flags back (see keepHeapsSmall).
      if (heapsKeptSmall) setFlagsFromString(smallHeapFlags);
      resolve();
    });
    void exited.then(resolve);
  });
  liveThreads.set(worker, { stopFlag: new Int32Array(stopRequested), exited, online });
  void exited.then(() => liveThreads.delete(worker));
  return worker;
}

/** Time a thread gets to finish its task in hand (one agreement takes ~20 ms) before it is terminated. */
const defaultStopLimitMs = 2000;

/** Asks the thread to stop after the task in hand, and waits until it has. */
export async function stopThread(worker: Worker, limitMs = defaultStopLimitMs): Promise<void> {
  const thread = liveThreads.get(worker);
  if (!thread) return;
  Atomics.store(thread.stopFlag, 0, 1);
  worker.postMessage(stopMessage);
  // Not unref'd on purpose: while threads stop, the process must not end on its own before its caller exits.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), limitMs);
  });
  const outcome = await Promise.race([thread.exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') await worker.terminate();
}

/** Stops every thread still running (on the way out after Ctrl-C: process.exit would terminate them). */
export async function stopLiveThreads(limitMs = defaultStopLimitMs): Promise<void> {
  await Promise.all([...liveThreads.keys()].map((worker) => stopThread(worker, limitMs)));
}

/** Settles once each of `workers` (started by startThread) runs JavaScript, or has ended. */
export async function whenOnline(workers: readonly Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => liveThreads.get(worker)?.online));
}

/** How many threads are running (for tests). */
export function liveThreadCount(): number {
  return liveThreads.size;
}

/**
 * V8 settings that keep a batch's heaps close to what they really hold:
 *
 * - `--semi-space-growth-factor=1` stops V8 growing a thread's young
 *   generation (where new objects are made). V8 grows it, up to 32 MB by
 *   default, once enough of what it makes has survived, and does not give
 *   it back: a batch's main thread got there within its first thousand
 *   entries, and held the memory, almost all of it empty, to the end. A
 *   10,000-entry batch peaked 60–70 MB lower without it
 *   (benchmarks-history.md, step 30).
 * - `--heap-growing-percent=10`: after each full collection, V8 lets a heap
 *   grow to a multiple of what survived before it collects again; for a
 *   thread with no memory limit of its own, as the main thread, up to 4×.
 *   Once the main thread rendered PDFs too (worker-pool.ts), its heap grew
 *   to ~100 MB while it held ~35 MB, and a 1,000-entry batch peaked at
 *   ~250 MB instead of ~165. 1.1× holds the 10,000-entry batch at ~194 MB,
 *   1.25× at ~198 MB, with no cost in time that alternated runs could show
 *   (benchmarks-history.md, step 31).
 *
 * They are V8's flags for the whole process, so the threads a batch starts
 * have them too; but a Worker, as it starts, sets V8's flags again from the
 * command line. So the main thread sets them before it starts any thread,
 * and again as each thread comes online, before the thread loads its
 * modules; and a batch waits for that before it plans (whenOnline). A main
 * thread that went on planning meanwhile grew its young generation to 16 MB
 * in about one run in two.
 */
export function keepHeapsSmall(): void {
  setFlagsFromString(smallHeapFlags);
  heapsKeptSmall = true;
}

const smallHeapFlags = '--semi-space-growth-factor=1 --heap-growing-percent=10';
let heapsKeptSmall = false;

// Inside a thread.

function envelope(): ThreadEnvelope {
  return workerData as ThreadEnvelope;
}

/** The workerData given to startThread. */
export function threadData<T>(): T {
  return envelope().data as T;
}

/**
 * Handles the main thread's messages one at a time, in order, never
 * interleaved (a handler may await), until the thread is asked to stop:
 * then the task in hand is finished, queued ones are dropped unanswered,
 * and the port is closed, which ends the thread.
 */
export function handleMessages<T>(handle: (message: T) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error('handleMessages must be called in a thread started by startThread');
  const stopFlag = new Int32Array(envelope().stopRequested);
  const stopping = (): boolean => Atomics.load(stopFlag, 0) !== 0;
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: T | typeof stopMessage) => {
    queue = queue
      .then(async () => {
        if (message === stopMessage || stopping()) {
          port.close();
          return;
        }
        await handle(message);
      })
      // One task's failure must not stop the ones queued behind it; each handler replies with its own failures.
      .catch(() => undefined);
  });
}
