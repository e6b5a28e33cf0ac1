import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planBatch } from '../../../src/batch/plan-batch.js';
import { parseRoster, splitEntries } from '../../../src/batch/read-roster.js';
import { ValidationError } from '../../../src/errors.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import type { Pack } from '../../../src/packs/pack-format.js';

let packs: Pack[];
beforeAll(async () => {
  packs = await loadUsablePacks(undefined);
});

const example = readFileSync(new URL('../../../examples/roster.yaml', import.meta.url), 'utf8');

/** A roster with a bad entry, a comment between entries and a key after the list. */
const mixed = `# Team roster
agreements:
  # the first one
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01

  - template: group
    supervisor: { name: Ade Okafor }
    members:
      - { name: Ana Silva }
    notes: |
      - not an entry
defaults:
  agency: Northshire County Council
  schedule: { frequency: fortnighly }
`;

/** Entries whose value starts elsewhere than after their dash, or are read by yaml alone (a kept block). */
const shapes = `agreements:
  -
    template: one-to-one
    supervisee: { name: Tom Evans }
  - # Siân's
    template: one-to-one
    supervisee: { name: Siân Ŵyn }
  - "template": group
    groupName: 'Team ''A'''
  - template: group
    notes: |+
      kept

  - - not a mapping
  - just text
`;

describe('splitEntries', () => {
  it('finds each entry of a block list under agreements', () => {
    expect(splitEntries(mixed)).toEqual({ firstLine: 2, endLine: 14, starts: [3, 8] });
  });

  it('accepts a list at the same indent as its key', () => {
    expect(splitEntries('agreements:\n- a: 1\n- b: 2\ndefaults: {}\n')).toEqual({ firstLine: 1, endLine: 3, starts: [1, 2] });
  });

  it('leaves JSON, flow lists, anchors and several documents to a whole parse', () => {
    expect(splitEntries('{"agreements": [{"template": "group"}]}')).toBeUndefined();
    expect(splitEntries('agreements: [{ template: group }]\n')).toBeUndefined();
    expect(splitEntries('agreements:\n  - &a { template: group }\n  - *a\n')).toBeUndefined();
    expect(splitEntries('---\nagreements:\n  - a: 1\n---\n')).toBeUndefined();
    expect(splitEntries('agreements:\n  template: group\n')).toBeUndefined();
  });
});

describe('parseRoster', () => {
  it('plans the same, with the same lines and columns, whether entries are parsed one by one or whole', () => {
    for (const text of [example, mixed, shapes]) {
      const split = planBatch(parseRoster(text, 'roster.yaml'), packs, { formats: ['md'] });
      const whole = planBatch(parseRoster(text, 'roster.yaml', { split: false }), packs, { formats: ['md'] });
      expect(split).toEqual(whole);
    }
  });

  it('reads a roster saved with Windows line ends (CRLF) exactly as the same roster with LF', () => {
    for (const text of [example, mixed]) {
      const crlf = text.replaceAll('\n', '\r\n');
      expect(splitEntries(crlf)).toEqual(splitEntries(text));
      const fromCrlf = planBatch(parseRoster(crlf, 'roster.yaml'), packs, { formats: ['md'] });
      expect(fromCrlf.entries.every((entry) => entry.location.line !== undefined)).toBe(true);
      expect(fromCrlf).toEqual(planBatch(parseRoster(text, 'roster.yaml'), packs, { formats: ['md'] }));
      expect(fromCrlf).toEqual(planBatch(parseRoster(crlf, 'roster.yaml', { split: false }), packs, { formats: ['md'] }));
    }
  });

  it('plans the same with the cut found by another thread handed over, pointing into the defaults as well', () => {
    const badDefault = example.replace('    frequency: monthly', '    frequency: sometimes');
    for (const text of [example, mixed, badDefault]) {
      const handed = planBatch(parseRoster(text, 'roster.yaml', { split: splitEntries(text) }), packs, { formats: ['md'] });
      expect(handed).toEqual(planBatch(parseRoster(text, 'roster.yaml', { split: false }), packs, { formats: ['md'] }));
    }
    const first = planBatch(parseRoster(badDefault, 'roster.yaml', { split: splitEntries(badDefault) }), packs, { formats: ['md'] }).entries[0];
    expect(first?.ok).toBe(false);
    if (first?.ok !== false) return;
    const line = badDefault.split('\n').indexOf('    frequency: sometimes') + 1;
    expect(first.problems.find((problem) => problem.path === 'schedule.frequency')?.location).toEqual({ file: 'roster.yaml', line, column: 5 });
  });

  it('locates a problem inside an entry at its true line', () => {
    const plan = planBatch(parseRoster(mixed, 'roster.yaml'), packs, { formats: ['md'] });
    const group = plan.entries[1]!;
    expect(group.ok).toBe(false);
    if (group.ok) return;
    expect(group.location).toEqual({ file: 'roster.yaml', line: 9, column: 5 });
    expect(group.problems.find((problem) => problem.path === 'members')?.location).toEqual({ file: 'roster.yaml', line: 11, column: 5 });
    expect(group.problems.find((problem) => problem.path === 'schedule.frequency')?.location).toEqual({ file: 'roster.yaml', line: 17, column: 15 });
  });

  it('reports a syntax error inside an entry at its line in the file, showing that line', () => {
    const text = 'agreements:\n  - template: one-to-one\n  - template: group\n    supervisee: name: Tom Evans\n';
    let caught: unknown;
    try {
      planBatch(parseRoster(text, 'roster.yaml'), packs, { formats: ['md'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const problem = (caught as ValidationError).problems[0]!;
    expect(problem.location).toEqual({ file: 'roster.yaml', line: 4, column: 17 });
    expect(problem.message).toContain('    supervisee: name: Tom Evans\n');
  });
});

describe('spreadsheet rows pasted under the last entry', () => {
  it('are a syntax error at the first of them, as YAML makes them, not left out of a batch that then succeeds', () => {
    const pasted = `${example.trimEnd()}\n  Ann Lee,ann@example.org,2026-12-01\n  Bob Li,bob@example.org,2026-12-02\n`;
    const line = pasted.split('\n').indexOf('  Ann Lee,ann@example.org,2026-12-01') + 1;
    let caught: unknown;
    try {
      planBatch(parseRoster(pasted, 'roster.yaml'), packs, { formats: ['md'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).problems[0]!.location).toMatchObject({ file: 'roster.yaml', line });
    // A key at the top level still ends the list, and lets its entries be read one by one.
    expect(splitEntries(`${example.trimEnd()}\nnotes: kept by the team lead\n`)).toBeDefined();
  });
});

describe('a spreadsheet saved as CSV given as the roster', () => {
  it('is said to be one, whatever YAML would make of it, rather than a syntax error at a comma or "must be a mapping"', () => {
    for (const text of ['name,role,startDate\nTom Evans,Social Worker,01/12/2026\n', 'name,role,time\nTom,SW,14:00\n']) {
      let caught: unknown;
      try {
        parseRoster(text, 'team.csv');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).message).toBe('The roster team.csv is a spreadsheet saved as CSV, not a roster');
      expect((caught as ValidationError).problems[0]).toMatchObject({ location: { file: 'team.csv', line: 1, column: 1 } });
      expect((caught as ValidationError).hint).toContain('examples/roster.yaml');
    }
  });
});
