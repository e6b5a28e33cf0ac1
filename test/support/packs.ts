import { builtInTemplatesDir, loadTemplatesDirectory } from '../../src/packs/load-packs.js';
import type { Pack } from '../../src/packs/pack-format.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export async function loadBuiltInPack(name: string): Promise<Pack> {
  const { packs, problems } = await loadTemplatesDirectory(builtInTemplatesDir);
  if (problems.length > 0) throw new Error(`built-in packs have problems: ${JSON.stringify(problems)}`);
  const pack = packs.find((candidate) => candidate.manifest.name === name);
  if (!pack) throw new Error(`no built-in pack ${name}`);
  return pack;
}

/** The bundled example answers of a built-in pack, as parsed YAML. */
export function readExampleAnswers(name: string): Record<string, unknown> {
  return parse(readFileSync(join(builtInTemplatesDir, name, 'example.yaml'), 'utf8')) as Record<string, unknown>;
}

/** A built-in pack's version as its template.yaml gives it, so a test need not change when the wording does. */
export function builtInVersion(name: string): string {
  const { version } = parse(readFileSync(join(builtInTemplatesDir, name, 'template.yaml'), 'utf8')) as { version: string };
  return version;
}
