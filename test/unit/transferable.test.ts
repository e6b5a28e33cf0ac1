import { describe, expect, it } from 'vitest';
import { createBufferReleaser, wholeBuffer } from '../../src/render/transferable.js';

// Rendered bytes are moved between threads only when nothing else shares their memory.
describe('wholeBuffer', () => {
  it('gives the buffer of bytes that own it whole', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(wholeBuffer(bytes)).toBe(bytes.buffer);
    const large = Buffer.alloc(16 * 1024);
    expect(wholeBuffer(large)).toBe(large.buffer);
  });

  it('refuses a small Node Buffer, which is a view into a pool other Buffers share', () => {
    const pooled = Buffer.from('a small PDF');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    expect(wholeBuffer(pooled)).toBeUndefined();
  });

  it('refuses a view into part of a buffer', () => {
    const bytes = new Uint8Array(8);
    expect(wholeBuffer(bytes.subarray(0, 4))).toBeUndefined();
    expect(wholeBuffer(bytes.subarray(4))).toBeUndefined();
  });
});

// A batch's main thread writes thousands of PDFs; each must be freed once written, not when V8 next collects.
describe('createBufferReleaser', () => {
  const megabyte = 1024 * 1024;
  /** Node's own count of ArrayBuffer memory, which drops only when a buffer's memory is really freed. */
  const arrayBufferMegabytes = (): number => process.memoryUsage().arrayBuffers / megabyte;
  async function settles(predicate: () => boolean): Promise<boolean> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (predicate()) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return predicate();
  }

  it('frees released buffers without waiting for the garbage collector', async () => {
    const releaser = createBufferReleaser(4);
    const buffers = Array.from({ length: 8 }, () => new ArrayBuffer(4 * megabyte));
    const before = arrayBufferMegabytes();
    for (const buffer of buffers) releaser.release([buffer]);
    // Two full batches of four: both channels closed, so all 32 MB go, though `buffers` still refers to them.
    expect(buffers.every((buffer) => buffer.byteLength === 0)).toBe(true);
    expect(await settles(() => arrayBufferMegabytes() <= before - 30)).toBe(true);
  });

  it('frees a batch not yet full when flushed', async () => {
    const releaser = createBufferReleaser(16);
    const buffers = [new ArrayBuffer(8 * megabyte), new ArrayBuffer(8 * megabyte)];
    const before = arrayBufferMegabytes();
    releaser.release(buffers);
    releaser.flush();
    expect(await settles(() => arrayBufferMegabytes() <= before - 15)).toBe(true);
    // Nothing is left queued: releasing nothing and flushing again is harmless.
    releaser.release([]);
    releaser.flush();
  });
});
