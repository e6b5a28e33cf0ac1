/**
 * The buffer behind `bytes`, when `bytes` covers all of it, so it can be
 * moved to another thread instead of copied. A view into a shared pool
 * (small Node Buffers) gives undefined: moving it would take the rest of
 * the pool with it.
 */
export function wholeBuffer(bytes: Uint8Array): ArrayBuffer | undefined {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? buffer : undefined;
}
