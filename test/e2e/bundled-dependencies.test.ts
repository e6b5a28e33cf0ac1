import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { validateAnswers } from '../../src/packs/validate-answers.js';
import { loadBuiltInPack, readExampleAnswers } from '../support/packs.js';
import { projectRoot } from '../support/run-cli.js';

/** The build's own output (scripts/bundle-dependencies.mjs), which every other e2e test runs. */
const dist = join(projectRoot, 'dist');
const vendor = join(dist, 'vendor');
const bundled = ['zod', 'yaml', 'handlebars'];

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory() ? modules(join(dir, item.name)) : item.name.endsWith('.js') ? [join(dir, item.name)] : [],
  );
}

describe('the build: zod, yaml and Handlebars as one file each', () => {
  it('has every compiled module import them from dist/vendor, never from the packages', () => {
    const bare = new RegExp(`(from|import)\\s*\\(?\\s*['"](${bundled.join('|')})(/[^'"]*)?['"]`);
    const offenders = modules(dist)
      .filter((file) => !file.startsWith(vendor))
      .filter((file) => bare.test(readFileSync(file, 'utf8')))
      .map((file) => relative(dist, file));
    expect(offenders).toEqual([]);
    const users = modules(dist).filter((file) => !file.startsWith(vendor) && readFileSync(file, 'utf8').includes('/vendor/'));
    expect(users.length).toBeGreaterThan(3);
  });

  it.each(bundled)('keeps the licence of %s with its bundle', (name) => {
    const { version, license } = JSON.parse(readFileSync(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string; license: string };
    const bundle = readFileSync(join(vendor, `${name}.js`), 'utf8');
    expect(bundle.startsWith(`/*! ${name}@${version} (${license})`)).toBe(true);
    expect(bundle.slice(0, 3000)).toMatch(/Copyright/);
  });
});

describe('the zod bundle: only what supervise uses of it', () => {
  it('leaves out the rest of zod, its other languages among it', () => {
    const bundle = readFileSync(join(vendor, 'zod.js'), 'utf8');
    // zod's German messages: in the package, and in a bundle of all of it.
    expect(readFileSync(join(projectRoot, 'node_modules', 'zod', 'v4', 'locales', 'de.js'), 'utf8')).toContain('Ungültige Eingabe');
    expect(bundle).not.toContain('Ungültige Eingabe');
  });

  it('validates answers exactly as the package does', async () => {
    type Validate = typeof validateAnswers;
    const built = (await import(pathToFileURL(join(dist, 'packs', 'validate-answers.js')).href)) as { validateAnswers: Validate };
    const pack = await loadBuiltInPack('one-to-one');
    const good = readExampleAnswers('one-to-one');
    const bad = {
      ...good,
      supervisor: { name: 42, email: 'not an email' },
      startDate: '2026-02-30',
      schedule: { frequency: 'hourly', durationMinutes: 'an hour', time: '25:00' },
      contractedOut: 'perhaps',
      nickname: 'Tom',
    };
    for (const answers of [good, bad]) {
      expect(built.validateAnswers(pack.manifest, structuredClone(answers))).toEqual(validateAnswers(pack.manifest, structuredClone(answers)));
    }
    const result = built.validateAnswers(pack.manifest, structuredClone(bad));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['supervisor.name', 'supervisor.email', 'startDate', 'schedule.frequency', 'schedule.durationMinutes', 'contractedOut']));
  });
});
