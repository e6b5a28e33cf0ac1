import { readFileSync } from 'node:fs';

let version: string | undefined;

/**
 * supervise's version, from package.json (a folder above src/ and dist/
 * alike), read on first use and kept: `--version` prints it, the batch
 * manifest records it and every PDF names it as its creator. This module
 * loads nothing else, so that `--version` stays fast (quick-answers.ts).
 */
export function readVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
