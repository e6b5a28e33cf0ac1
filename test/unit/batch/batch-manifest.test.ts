import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hashAnswers, readPreviousFileRecords, serialiseManifest, serialiseManifestInPieces, type BatchManifest, type ManifestEntry } from '../../../src/batch/batch-manifest.js';
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
      { for: 'Tom Evans', template: 'one-to-one', files: [{ name: 'tom.pdf', bytes: 10, sha256: hash('1'), answersSha256: hash('2') }] },
      // Recorded, but with nothing to vouch for: no answers hash (an older manifest), no file hash (a kept link), a template not listed.
      { for: 'Old', template: 'one-to-one', files: [{ name: 'old.pdf', bytes: 10, sha256: hash('3') }] },
      { for: 'Link', template: 'one-to-one', files: [{ name: 'link.pdf', bytes: null, sha256: null, answersSha256: hash('4') }] },
      { for: 'Group', template: 'group', files: [{ name: 'group.pdf', bytes: 10, sha256: hash('5'), answersSha256: hash('6') }] },
      { template: null, files: [null, { bytes: 10 }] },
    ],
  };

  it('gives every file the manifest records, with what it can vouch for and null for the rest', () => {
    const record = (name: string, who: string, made: Record<string, unknown>): unknown => [
      name,
      { name, for: who, bytes: 10, sha256: null, answersSha256: null, templateSha256: null, templateVersion: null, pdf: null, ...made },
    ];
    expect([...readPreviousFileRecords(manifest)]).toEqual([
      record('tom.pdf', 'Tom Evans', { sha256: hash('1'), answersSha256: hash('2'), templateSha256: hash('a'), templateVersion: '1.0.0' }),
      record('old.pdf', 'Old', { sha256: hash('3'), templateSha256: hash('a'), templateVersion: '1.0.0' }),
      record('link.pdf', 'Link', { bytes: null, answersSha256: hash('4'), templateSha256: hash('a'), templateVersion: '1.0.0' }),
      record('group.pdf', 'Group', { sha256: hash('5'), answersSha256: hash('6') }),
    ]);
  });

  it('gives the files it carried on from earlier manifests too, an entry\'s own record winning over a carried one', () => {
    const carried = { name: 'ana.md', for: 'Ana Silva', bytes: 10, sha256: hash('7'), answersSha256: hash('8'), templateSha256: hash('b'), templateVersion: '0.9.0', pdf: null };
    const records = readPreviousFileRecords({ ...manifest, earlierFiles: [carried, { ...carried, name: 'tom.pdf' }, 'nonsense'] });
    expect(records.get('ana.md')).toEqual(carried);
    expect(records.get('tom.pdf')?.for).toBe('Tom Evans');
    expect(records.size).toBe(5);
  });

  it('gives the PDF options a file was made with, and none for a record it cannot use (older, or edited by hand)', () => {
    const withOptions = (pdf: unknown): unknown => ({
      templates: manifest.templates,
      entries: [{ template: 'one-to-one', files: [{ name: 'tom.pdf', bytes: 10, sha256: hash('1'), answersSha256: hash('2'), templateSha256: hash('a'), pdf }] }],
    });
    const optionsOf = (pdf: unknown): unknown => readPreviousFileRecords(withOptions(pdf)).get('tom.pdf')?.pdf;
    expect(optionsOf({ paper: 'letter', formFields: false })).toEqual({ paper: 'letter', formFields: false });
    expect(optionsOf({ paper: 'a4', formFields: true })).toEqual({ paper: 'a4', formFields: true });
    for (const pdf of [undefined, null, 'a4', { paper: 'A5', formFields: true }, { paper: 'a4' }, { paper: 'a4', formFields: 'yes' }]) expect(optionsOf(pdf)).toBeNull();
  });

  it('gives the template version a file was made with: its own, or for an older record the version its manifest lists with the same hash', () => {
    const versionOf = (file: Record<string, unknown>): unknown =>
      readPreviousFileRecords({ templates: manifest.templates, entries: [{ template: 'one-to-one', files: [{ name: 'tom.pdf', ...file }] }] }).get('tom.pdf')?.templateVersion;
    // Kept since the pack was raised to 1.1.0: the manifest lists only 1.1.0, the file still says what it was made with.
    expect(versionOf({ templateSha256: hash('e'), templateVersion: '0.9.0' })).toBe('0.9.0');
    expect(versionOf({ templateSha256: hash('a') })).toBe('1.0.0');
    expect(versionOf({})).toBe('1.0.0');
    expect(versionOf({ templateSha256: hash('e') })).toBeNull();
    expect(versionOf({ templateSha256: hash('a'), templateVersion: 7 })).toBeNull();
  });

  it('records nothing when the JSON is not a manifest', () => {
    for (const json of [null, 'manifest', [], {}, { entries: 'x', templates: [] }, { entries: [null, 1, { files: {} }], templates: [null] }]) {
      expect(readPreviousFileRecords(json).size).toBe(0);
    }
  });
});

// The manifest is written an entry at a time; the file must still be exactly the JSON of the whole.
describe('serialiseManifestInPieces', () => {
  const entry = (index: number, who: string): ManifestEntry => ({
    index,
    line: index * 5,
    for: who,
    template: index % 2 ? 'one-to-one' : 'group',
    status: index === 3 ? 'failed' : 'rendered',
    files:
      index === 3
        ? []
        : [{ name: `one-to-one-${index}.pdf`, bytes: 52_000 + index, sha256: 'a'.repeat(64), answersSha256: null, templateSha256: 'b'.repeat(64), templateVersion: '1.0.0', pdf: { paper: 'a4', formFields: true } }],
    errors: index === 3 ? [{ path: 'supervisor.name', message: 'is required "here"\nand there', line: 15, column: 7 }] : [],
    warnings: [],
  });
  const manifest = (entries: ManifestEntry[]): BatchManifest => ({
    manifestVersion: 1,
    tool: { name: 'supervise', version: '1.0.0' },
    createdAt: '2027-01-01T00:00:00.000Z',
    roster: 'roster.yaml',
    rosterSha256: 'd'.repeat(64),
    status: 'complete',
    formats: ['pdf'],
    pdf: { paper: 'letter', formFields: false },
    templates: [{ name: 'one-to-one', version: '1.0.0', sha256: 'c'.repeat(64) }],
    summary: { total: entries.length, rendered: 0, failed: 0, skipped: 0, pending: 0 },
    entries,
    earlierFiles: [{ name: 'one-to-one-ana-silva.pdf', for: 'Ana Silva', bytes: 51_000, sha256: 'd'.repeat(64), answersSha256: null, templateSha256: null, templateVersion: null, pdf: null }],
  });

  it('joins to exactly the whole manifest\'s text', () => {
    const whole = manifest([entry(1, 'Siân Ŵyn'), entry(2, 'Locality Team 2'), entry(3, 'Анна Кузнецова')]);
    const pieces = [...serialiseManifestInPieces(whole)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(serialiseManifest(whole));
  });

  it('does so for one entry and for none', () => {
    for (const entries of [[entry(1, 'Priya Shah')], []]) {
      const whole = manifest(entries);
      expect([...serialiseManifestInPieces(whole)].join('')).toBe(serialiseManifest(whole));
    }
  });
});
