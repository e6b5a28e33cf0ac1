import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/in-process-cli.js';
import { makeTempDir, projectRoot } from '../support/run-cli.js';

/**
 * `supervise batch` over generated rosters: random structure, random
 * missing fields, random Unicode. Whatever comes in, the command ends with
 * 0 or 1 (never an unexpected error), every failure is located in the
 * roster, and only valid entries produce files.
 */

const example = parse(readFileSync(join(projectRoot, 'examples', 'roster.yaml'), 'utf8')) as {
  defaults: Record<string, unknown>;
  agreements: Record<string, unknown>[];
};
const entryKeys = [...new Set(example.agreements.flatMap((entry) => Object.keys(entry)))];

const anyValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

/** An example entry with some keys removed and some replaced by anything. */
const mangledEntry = fc
  .tuple(
    fc.constantFrom(...example.agreements),
    fc.subarray(entryKeys),
    fc.dictionary(fc.constantFrom(...entryKeys), anyValue, { maxKeys: 2 }),
  )
  .map(([entry, removed, replaced]) => {
    const copy: Record<string, unknown> = structuredClone(entry);
    for (const key of removed) delete copy[key];
    return { ...copy, ...replaced };
  });

const roster = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(mangledEntry, fc.constantFrom(...example.agreements)), { minLength: 1, maxLength: 6 }).map((agreements) => ({ defaults: example.defaults, agreements })) },
  { weight: 1, arbitrary: fc.anything() },
);

/** How many entries a generated roster lists (none when it is not a roster at all). */
function entriesOf(value: unknown): number {
  const agreements = typeof value === 'object' && value !== null && 'agreements' in value ? value.agreements : undefined;
  return Array.isArray(agreements) ? agreements.length : 0;
}

describe('batch over generated rosters', () => {
  it('never fails unexpectedly, locates every problem in the roster, and writes only valid entries', async () => {
    const dir = makeTempDir();
    try {
      await fc.assert(
        fc.asyncProperty(roster, async (value) => {
          const path = join(dir, 'roster.yaml');
          writeFileSync(path, stringify(value) ?? '');
          const out = join(dir, 'out');
          rmSync(out, { recursive: true, force: true });
          const result = await runCliInProcess(['batch', path, '--out', out, '--format', 'md'], dir);
          expect(result.stderr).not.toContain('failed unexpectedly');
          expect([0, 1]).toContain(result.code);
          const written = existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.md')) : [];
          const entries = entriesOf(value);
          if (result.code === 0) {
            // Every entry valid: each has its agreement (a repeated one under a -2 name), none is left out.
            expect(written, result.stderr).toHaveLength(entries);
            return;
          }
          // An entry refused has no agreement, so there are fewer than there are entries.
          expect(written.length, result.stderr).toBeLessThan(Math.max(entries, 1));
          const located = result.stderr.split('\n').filter((line) => /roster\.yaml(:\d+:\d+)?[: ]/.test(line));
          expect(located.length, result.stderr).toBeGreaterThan(0);
          expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
        }),
        { numRuns: 60 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
