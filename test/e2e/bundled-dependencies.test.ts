import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
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
