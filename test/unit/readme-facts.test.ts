import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInVersion } from '../support/packs.js';
import { projectRoot } from '../support/run-cli.js';

/** What README.md shows of the built-in packs, kept true as they change (its examples are run by examples.test.ts). */
describe('README.md', () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

  it('shows `check` reporting the built-in packs under the versions they have now', () => {
    const shown = [...readme.matchAll(/^([a-z-]+) v(\d+\.\d+\.\d+) \(templates\/\1\):/gm)].map(([, name, version]) => ({ name, version }));
    expect(shown.map(({ name }) => name)).toEqual(['group', 'one-to-one']);
    for (const { name, version } of shown) expect(version, name).toBe(builtInVersion(name ?? ''));
  });
});
