import { createRequire, Module } from 'node:module';

/**
 * fontkit loads its WOFF2 decoder (the `brotli` package's decompressor)
 * as it loads, though only a WOFF2 font file uses it, and supervise embeds
 * TrueType files only. That decoder is ~1 MB of code, a quarter of the time
 * fontkit takes to load, paid again by every thread that renders a PDF.
 * A stand-in put in its place in the require cache, before fontkit loads,
 * is what fontkit gets instead; it refuses, should a WOFF2 font ever reach it.
 *
 * `require`: one made where fontkit resolves from (fonts.ts), so the stand-in
 * sits at the very path fontkit's own `require` looks up.
 */
export function standInForWoff2Decoder(require: NodeJS.Require): void {
  const path = createRequire(require.resolve('fontkit')).resolve('brotli/decompress.js');
  if (require.cache[path]) return;
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = woff2Refused;
  require.cache[path] = standIn;
}

export const woff2RefusedMessage = 'WOFF2 font files are not supported: supervise embeds TrueType fonts';

function woff2Refused(): never {
  throw new Error(woff2RefusedMessage);
}
