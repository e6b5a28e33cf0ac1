// Part of `npm run build`: writes which characters every face of the embedded
// font can draw beside the compiled renderer, so answers the PDF cannot print
// are refused while planning, with their line (src/render/printable-characters.ts).
import { writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const { printableCharactersUrl, installedFontVersion, toRanges } = await import(new URL('render/printable-characters.js', dist).href);
const { loadFontFaces, findUndrawableCharacters } = await import(new URL('render/pdf/fonts.js', dist).href);

// Every code point the regular face maps is a candidate; the renderer's own test (all faces) decides.
const candidates = loadFontFaces().regular.characterSet;
const drawable = [...new Set(candidates)]
  .filter((codePoint) => findUndrawableCharacters(String.fromCodePoint(codePoint)).length === 0)
  .concat([0x09, 0x0a, 0x0d])
  .sort((a, b) => a - b);
writeFileSync(printableCharactersUrl, JSON.stringify({ fontVersion: installedFontVersion(), ranges: toRanges([...new Set(drawable)]) }));
