import { describe, expect, it } from 'vitest';
import { describeEntryNumbers, separateSharedProblems } from '../../../src/batch/shared-problems.js';
import type { Problem } from '../../../src/errors.js';

const at = (line: number, column: number, path: string, message: string, severity?: 'warning'): Problem => ({
  path,
  message,
  location: { file: 'roster.yaml', line, column },
  ...(severity ? { severity } : {}),
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
});
