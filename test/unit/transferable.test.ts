import { describe, expect, it } from 'vitest';
import { wholeBuffer } from '../../src/render/transferable.js';

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
