import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hashAnswers, readPreviousFileRecords } from '../../../src/batch/batch-manifest.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import { isPlainObject, type PlainObject } from '../../../src/packs/object-paths.js';
import type { Pack } from '../../../src/packs/pack-format.js';
import { validateAnswers } from '../../../src/packs/validate-answers.js';

describe('hashAnswers', () => {
  let pack: Pack;
  let example: PlainObject;
  beforeAll(async () => {
    pack = (await loadUsablePacks(undefined)).find((candidate) => candidate.manifest.name === 'group')!;
    example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
  });
  const hashOf = (answers: unknown): string => {
    const result = validateAnswers(pack.manifest, answers);
    if (!result.ok) throw new Error(result.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '));
    return hashAnswers(result.answers);
  };
  /** The same answers with every mapping's keys in reverse order. */
  const reversed = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reversed)
      : isPlainObject(value)
        ? Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversed(item)]))
        : value;

  it('depends on the answers, not on the order their keys were written in', () => {
    expect(JSON.stringify(reversed(example))).not.toBe(JSON.stringify(example));
    expect(hashOf(reversed(example))).toBe(hashOf(example));
    expect(hashOf(example)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any answer, including the order of a list and a default filled in', () => {
    const members = example.members as PlainObject[];
    const variants: PlainObject[] = [
      { ...example, agency: 'Northshire County Council' },
      { ...example, members: [...members].reverse() },
      { ...example, members: members.slice(1) },
      { ...example, review: { intervalMonths: 6 } },
    ];
    const hashes = [example, ...variants].map((answers) => hashOf(answers));
    expect(new Set(hashes).size).toBe(hashes.length);
    // What validation tidies away (spaces around an answer) is not a change.
    expect(hashOf({ ...example, agency: ` ${String(example.agency)} ` })).toBe(hashes[0]);
  });
});

describe('readPreviousFileRecords', () => {
  const hash = (digit: string): string => digit.repeat(64);
  const manifest = {
    templates: [{ name: 'one-to-one', version: '1.0.0', sha256: hash('a') }],
    entries: [
      { template: 'one-to-one', files: [{ name: 'tom.pdf', bytes: 10, sha256: hash('1'), answersSha256: hash('2') }] },
      // Not vouched for: no answers hash (an older manifest), no file hash (a kept link), a template not listed.
      { template: 'one-to-one', files: [{ name: 'old.pdf', bytes: 10, sha256: hash('3') }] },
      { template: 'one-to-one', files: [{ name: 'link.pdf', bytes: null, sha256: null, answersSha256: hash('4') }] },
      { template: 'group', files: [{ name: 'group.pdf', bytes: 10, sha256: hash('5'), answersSha256: hash('6') }] },
      { template: null, files: [] },
    ],
  };

  it('gives each file the manifest vouches for with its bytes, answers and template', () => {
    expect([...readPreviousFileRecords(manifest)]).toEqual([['tom.pdf', { sha256: hash('1'), answersSha256: hash('2'), templateSha256: hash('a') }]]);
  });

  it('vouches for nothing when the JSON is not a manifest', () => {
    for (const json of [null, 'manifest', [], {}, { entries: 'x', templates: [] }, { entries: [null, 1, { files: {} }], templates: [null] }]) {
      expect(readPreviousFileRecords(json).size).toBe(0);
    }
  });
});
