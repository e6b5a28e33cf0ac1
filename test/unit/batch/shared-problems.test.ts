import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBatch } from '../../../src/batch/plan-batch.js';
import { parseRoster } from '../../../src/batch/read-roster.js';
import { describeEntryNumbers, findCommonProblems, separateSharedProblems } from '../../../src/batch/shared-problems.js';
import type { Problem } from '../../../src/errors.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import { oneToOneDefaults } from '../../fixtures/roster-defaults.js';
import { runCliInProcess } from '../../support/in-process-cli.js';
import { makeTempDir } from '../../support/run-cli.js';

const at = (line: number, column: number, path: string, message: string, severity?: 'warning'): Problem => ({
  path,
  message,
  location: { file: 'roster.yaml', line, column },
  ...(severity ? { severity } : {}),
});

describe('findCommonProblems', () => {
  /** Entry `index`'s problem at a line of its own (each entry sits on lines of its own). */
  const own = (index: number, path: string, message: string): Problem => at(index * 10, 5, path, message);

  it('counts each path and message three or more entries have, most common first, and the entries with any of them', () => {
    const common = findCommonProblems([
      { index: 1, problems: [own(1, 'supervisee', 'is required'), own(1, 'startDate', 'is required')] },
      { index: 2, problems: [own(2, 'startDate', 'is required'), own(2, 'supervisee', 'is required')] },
      { index: 3, problems: [own(3, 'startDate', 'is required')] },
      { index: 4, problems: [own(4, 'startDate', 'is required'), own(4, 'supervisee', 'is required')] },
      { index: 5, problems: [own(5, 'agency', 'must be text')] },
    ]);
    expect(common).toEqual({
      entries: 4,
      problems: [
        { path: 'startDate', message: 'is required', count: 4 },
        { path: 'supervisee', message: 'is required', count: 3 },
      ],
      more: 0,
    });
  });

  it("counts a message naming the entry's own values, or found in two entries, as nothing in common", () => {
    const early = (index: number): Problem => own(index, 'review.date', `must be after startDate (1 December 2026), but is ${index} November 2026`);
    expect(
      findCommonProblems([1, 2, 3].map((index) => ({ index, problems: [early(index), ...(index < 3 ? [own(index, 'agency', 'must be text')] : [])] }))),
    ).toBeUndefined();
  });

  it('leaves out what comes from defaults (said once already) and counts an entry once however often it has a problem', () => {
    const badTime = at(3, 17, 'schedule.time', 'must be a 24-hour time as HH:MM, e.g. 14:00');
    const twice = (index: number): Problem[] => [own(index, 'members.0.name', 'is required'), at(index * 10 + 1, 5, 'members.0.name', 'is required')];
    expect(findCommonProblems([1, 2, 3].map((index) => ({ index, problems: [{ ...badTime }, ...twice(index)] })))).toEqual({
      entries: 3,
      problems: [{ path: 'members.0.name', message: 'is required', count: 3 }],
      more: 0,
    });
  });

  it('lists five and says how many more there are', () => {
    const paths = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const common = findCommonProblems([1, 2, 3].map((index) => ({ index, problems: paths.map((path) => own(index, path, 'is required')) })));
    expect(common?.problems.map((problem) => problem.path)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(common?.more).toBe(2);
  });
});

describe('separateSharedProblems', () => {
  const badTime = at(3, 17, 'schedule.time', 'must be a 24-hour time as HH:MM, e.g. 14:00');

  it('finds a problem two or more entries have at the same place, with the entries it affects in order', () => {
    const { shared, isShared } = separateSharedProblems([
      { index: 1, problems: [badTime] },
      { index: 2, problems: [at(12, 5, 'startDte', 'is not a field of this template'), { ...badTime }] },
      { index: 4, problems: [{ ...badTime }] },
    ]);
    expect(shared).toEqual([{ problem: badTime, indexes: [1, 2, 4] }]);
    expect(isShared({ ...badTime })).toBe(true);
    expect(isShared(at(12, 5, 'startDte', 'is not a field of this template'))).toBe(false);
  });

  it('leaves per entry a problem only one entry has, the same message at other lines, and one with no line', () => {
    const noLine: Problem = { path: 'template', message: 'is required' };
    const { shared, isShared } = separateSharedProblems([
      { index: 1, problems: [at(8, 5, 'supervisee', 'names the same person as the supervisor (Priya Shah)'), noLine] },
      { index: 2, problems: [at(12, 5, 'supervisee', 'names the same person as the supervisor (Priya Shah)'), noLine] },
      { index: 3, problems: [badTime] },
    ]);
    expect(shared).toEqual([]);
    expect(isShared(badTime)).toBe(false);
    expect(isShared(noLine)).toBe(false);
  });

  it('counts an entry once however often it has the problem', () => {
    const { shared } = separateSharedProblems([
      { index: 1, problems: [badTime, { ...badTime }] },
      { index: 2, problems: [] },
    ]);
    expect(shared).toEqual([]);
  });

  it('tells problems at one place apart by their message', () => {
    const other = at(3, 17, 'schedule.time', 'is required');
    const { shared } = separateSharedProblems([
      { index: 1, problems: [badTime] },
      { index: 2, problems: [other] },
      { index: 3, problems: [badTime, other] },
    ]);
    expect(shared).toEqual([
      { problem: badTime, indexes: [1, 3] },
      { problem: other, indexes: [2, 3] },
    ]);
  });
});

describe('describeEntryNumbers', () => {
  it('shortens runs of three or more to a range', () => {
    expect(describeEntryNumbers([1, 2, 3, 7, 9, 10, 12])).toBe('1–3, 7, 9, 10, 12');
    expect(describeEntryNumbers([4])).toBe('4');
    expect(describeEntryNumbers(Array.from({ length: 500 }, (_, index) => index + 1))).toBe('1–500');
  });

  it('lists the first twenty numbers or ranges and counts the rest, however many entries share it', () => {
    const everyOther = Array.from({ length: 15_000 }, (_, index) => 2 * index + 1);
    expect(describeEntryNumbers(everyOther)).toBe('1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39 and 14,980 more');
    const ranges = Array.from({ length: 25 }, (_, run) => [10 * run + 1, 10 * run + 2, 10 * run + 3]).flat();
    expect(describeEntryNumbers(ranges)).toBe(`${Array.from({ length: 20 }, (_, run) => `${10 * run + 1}–${10 * run + 3}`).join(', ')} and 15 more`);
    expect(describeEntryNumbers(everyOther.slice(0, 20))).toBe(everyOther.slice(0, 20).join(', '));
  });
});

describe('a warning from the roster defaults', () => {
  const defaults = `${oneToOneDefaults}  contractedOut: no\n  lineManager: { name: Rhys ap Gwilym }\n  members: [{ name: Ana Silva }, { name: Ana Silva }, { name: Li Wei }]\nagreements:\n`;
  const entry = (supervisee: string, extra = ''): string =>
    `  - template: one-to-one\n    supervisor: { name: Priya Shah }\n    supervisee: { name: ${supervisee} }\n    startDate: 2026-12-01\n${extra}`;
  const group = (name: string): string => `  - template: group\n    groupName: ${name}\n    supervisor: { name: Ade Okafor }\n    startDate: 2027-01-05\n`;
  const roster = `${defaults}${entry('Tom Evans')}${entry('Li Wei', '    lineManager: { name: Gwen Jones }\n')}${group('Early Help')}${entry('Sam Reid')}${group('Family Support')}`;
  const line = (text: string): number => roster.split('\n').findIndex((candidate) => candidate.includes(text)) + 1;

  it('comes back from planning at the same defaults place for every entry it reaches, and is found shared', async () => {
    const packs = await loadUsablePacks(undefined);
    const plan = planBatch(parseRoster(roster, 'roster.yaml'), packs, { formats: ['md'] });
    const entries = plan.entries.map((planned) => ({ index: planned.index, problems: planned.ok ? planned.warnings : [] }));
    const { shared, isShared } = separateSharedProblems(entries);
    expect(shared.map(({ problem, indexes }) => ({ path: problem.path, line: problem.location?.line, indexes }))).toEqual([
      { path: 'lineManager.name', line: line('Rhys ap Gwilym'), indexes: [1, 3, 4, 5] },
      { path: 'members.1', line: line('members:'), indexes: [3, 5] },
    ]);
    // Entry 2's line manager is its own.
    expect(entries[1]!.problems.map((warning) => [warning.location?.line, isShared(warning)])).toEqual([[line('Gwen Jones'), false]]);
  });

  it('is said once by `supervise batch`, at its line, with the entries it affects; an entry\'s own stays under it', async () => {
    const dir = makeTempDir();
    try {
      writeFileSync(join(dir, 'roster.yaml'), roster);
      const result = await runCliInProcess(['batch', 'roster.yaml', '--format', 'md', '--dry-run'], dir);
      expect(result.code).toBe(0);
      const leftOut = 'lineManager.name: is left out of the agreement: it is asked only when contractedOut is yes';
      expect(result.stderr.split('\n').filter((text) => text.startsWith('warning:'))).toEqual([
        `warning: roster.yaml:${line('Rhys ap Gwilym')}:18: shared by 4 entries (1, 3–5): ${leftOut}`,
        `warning: roster.yaml:${line('members:')}:34: shared by 2 entries (3, 5): members.1: Member 2 names the same person as member 1 (Ana Silva); check that both are meant`,
        `warning: roster.yaml:${line('Gwen Jones')}:20: entry 2 (Li Wei): ${leftOut}`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
