import { join } from 'node:path';
import { parseYamlSource } from '../io/yaml-source.js';
import { findUnprintableCharacters, loadPrintableCharacters } from '../render/printable-characters.js';
import type { UnprintableTextCheck } from '../render/render-markdown.js';

/**
 * For `new` and `batch` with `--templates`, when they make PDFs: the check compilePacks runs on a pack's own text,
 * so that one every PDF from it would fail on is refused once, at its line, before anything is asked or rendered.
 * Undefined without the build's table of printable characters (the sources run as they are), where each PDF
 * still refuses such text as it is laid out. The built-in packs are checked by the test suite instead.
 */
export function printablePackTextCheck(table = loadPrintableCharacters()): UnprintableTextCheck | undefined {
  if (!table) return undefined;
  return {
    find: (text) => findUnprintableCharacters(table, text),
    locateInManifest: (pack, path) => parseYamlSource(pack.manifestText, join(pack.dir, 'template.yaml')).locate(path),
  };
}
