import { createRequire, Module } from 'node:module';

/**
 * Parts of pdfkit and fontkit that supervise never reaches, though both
 * load them as they load: fontkit's WOFF2 decoder (the `brotli` package's
 * decompressor, ~1 MB of code, a quarter of fontkit's loading time),
 * pdfkit's AES cipher (which builds its tables as it loads) and its PNG
 * decoder. supervise embeds TrueType fonts, never encrypts a PDF (PDF/A
 * forbids it) and draws no images. Every thread that renders a PDF paid for
 * them, in start-up time and memory.
 *
 * A stand-in for each is put in the require cache before fontkit and pdfkit
 * load, at the very path their own `require` looks up, so they get it
 * instead. It refuses, should that part ever be reached.
 */
interface UnusedDependency {
  /** The package that requires it, and what it requires. */
  from: 'fontkit' | 'pdfkit';
  request: string;
  /** What it is for, as an error would say it. */
  feature: string;
  /** The shape the package uses: a function (or class), or an object of functions. */
  members?: readonly string[];
}

export const unusedDependencies: readonly UnusedDependency[] = [
  { from: 'fontkit', request: 'brotli/decompress.js', feature: 'WOFF2 font files' },
  { from: 'pdfkit', request: '@noble/ciphers/aes', feature: 'Encrypted PDFs', members: ['cbc', 'ecb'] },
  { from: 'pdfkit', request: 'png-js', feature: 'PNG images' },
];

/** `require`: one that resolves fontkit and pdfkit as the PDF renderer does (fonts.ts). */
export function standInForUnusedDependencies(require: NodeJS.Require): void {
  for (const dependency of unusedDependencies) {
    const path = createRequire(require.resolve(dependency.from)).resolve(dependency.request);
    if (require.cache[path]) continue;
    // A function expression, not an arrow: pdfkit calls `new PNG(…)`, and must meet the refusal, not a TypeError.
    const refuse = function (): never {
      throw new Error(refusal(dependency));
    };
    const standIn = new Module(path);
    standIn.filename = path;
    standIn.loaded = true;
    standIn.exports = dependency.members ? Object.fromEntries(dependency.members.map((member) => [member, refuse])) : refuse;
    require.cache[path] = standIn;
  }
}

export function refusal(dependency: UnusedDependency): string {
  return `${dependency.feature} are not supported by supervise (${dependency.from} asked for ${dependency.request})`;
}
