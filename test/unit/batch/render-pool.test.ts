import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The built modules: a render thread runs dist/batch/render-worker.js.
const dist = new URL('../../../dist/', import.meta.url);
const { createRenderPool } = (await import(new URL('batch/worker-pool.js', dist).href)) as typeof import('../../../src/batch/worker-pool.js');
const { liveThreadCount } = (await import(new URL('threads.js', dist).href)) as typeof import('../../../src/threads.js');
const { loadPackFolder } = (await import(new URL('packs/load-packs.js', dist).href)) as typeof import('../../../src/packs/load-packs.js');
type WorkerInit = import('../../../src/batch/worker-protocol.js').WorkerInit;
type RenderReply = import('../../../src/batch/worker-protocol.js').RenderReply;

const roster = parse(await readFile(new URL('../../../examples/roster.yaml', import.meta.url), 'utf8')) as {
  defaults: Record<string, unknown>;
  agreements: Record<string, unknown>[];
};
const init: WorkerInit = {
  packs: (await loadPackFolder(undefined)).packs,
  defaults: roster.defaults,
  formats: ['pdf'],
  paper: 'a4',
  formFields: true,
  creationDate: Date.UTC(2026, 10, 1),
};
const tasks = roster.agreements.map((input, index) => ({ id: index + 1, template: String(input.template), input }));

function bytesOf(reply: RenderReply): Buffer {
  if (!reply.ok) throw new Error(`entry ${reply.id} failed: ${reply.message}`);
  return Buffer.from(reply.files[0]!.content);
}

describe('the render pool (a PDF batch\'s render lanes)', () => {
  it('renders in this thread alone when it has no render threads, and the bytes are those a render thread makes', async () => {
    const before = liveThreadCount();
    const here = createRenderPool(init, { threads: 0, renderHere: true });
    expect(liveThreadCount()).toBe(before);
    const mine = await Promise.all(tasks.map((task) => here.render(task)));
    await here.close();

    const threaded = createRenderPool(init, { threads: 1, renderHere: false });
    expect(liveThreadCount()).toBe(before + 1);
    const theirs = await Promise.all(tasks.map((task) => threaded.render(task)));
    await threaded.close();

    expect(mine.map((reply) => reply.id)).toEqual(tasks.map((task) => task.id));
    for (const [index, reply] of mine.entries()) {
      const bytes = bytesOf(reply);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.equals(bytesOf(theirs[index]!))).toBe(true);
    }
  }, 60_000);

  it('with one render thread and this one, answers every task once, each with its own entry', async () => {
    const pool = createRenderPool(init, { threads: 1, renderHere: true });
    const replies = await Promise.all([...tasks, ...tasks.map((task) => ({ ...task, id: task.id + 100 }))].map((task) => pool.render(task)));
    await pool.close();
    expect(replies.map((reply) => reply.id)).toEqual([...tasks.map((task) => task.id), ...tasks.map((task) => task.id + 100)]);
    // The same entry gives the same bytes whichever lane rendered it.
    for (const [index] of tasks.entries()) expect(bytesOf(replies[index]!).equals(bytesOf(replies[index + tasks.length]!))).toBe(true);
  }, 60_000);
});
