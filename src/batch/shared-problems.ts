import { formatProblem, type Problem } from '../errors.js';
import { formatCount } from '../format-count.js';

/**
 * Problems several roster entries share. Every entry is validated with the
 * roster's `defaults` merged in, so a bad or surprising value there comes
 * back once for every entry that uses it, at the same `defaults` line. Pure,
 * so the rule is tested without a terminal; `cli/actions/batch.ts` prints
 * such a problem (an error or a warning) once, with the entries it affects,
 * and each entry's own problems under the entry.
 */

export interface EntryProblems {
  /** 1-based position in `agreements`. */
  index: number;
  problems: readonly Problem[];
}

export interface SharedProblem {
  problem: Problem;
  /** The entries it affects, in roster order: at least two. */
  indexes: number[];
}

export interface SeparatedProblems {
  /** In the order they are first met. */
  shared: SharedProblem[];
  /** Whether a problem is one of the shared ones, shown with them rather than under its entry. */
  isShared(problem: Problem): boolean;
}

/**
 * A problem is shared when two or more entries have it with the same
 * message at the same line and column. Each entry sits on lines of its own,
 * so that place can only be one they all read: `defaults`. A problem with no
 * line is never taken for shared, as nothing proves it has one cause.
 */
export function separateSharedProblems(entries: Iterable<EntryProblems>): SeparatedProblems {
  const found = new Map<string, SharedProblem>();
  for (const entry of entries) {
    for (const problem of entry.problems) {
      const key = keyOf(problem);
      if (key === undefined) continue;
      const seen = found.get(key) ?? { problem, indexes: [] };
      if (seen.indexes.at(-1) !== entry.index) seen.indexes.push(entry.index);
      found.set(key, seen);
    }
  }
  const shared = [...found.values()].filter((candidate) => candidate.indexes.length >= 2);
  const sharedKeys = new Set(shared.map((candidate) => keyOf(candidate.problem)));
  return { shared, isShared: (problem) => sharedKeys.has(keyOf(problem)) };
}

function keyOf(problem: Problem): string | undefined {
  return problem.location?.line === undefined ? undefined : formatProblem(problem);
}

/**
 * The most numbers (or ranges) a message lists: a default that reaches every
 * other entry of a roster of thousands would otherwise make a line of
 * thousands of numbers. Each entry's record (manifest.json, --json) still names it.
 */
const maxRunsListed = 20;

/** `[1, 2, 3, 7, 9, 10, 12]` → `1–3, 7, 9, 10, 12`; past maxRunsListed, `1, 3, 5, …, 39 and 980 more`. */
export function describeEntryNumbers(indexes: readonly number[]): string {
  const runs: { text: string; count: number }[] = [];
  for (let start = 0; start < indexes.length; ) {
    let end = start;
    while (end + 1 < indexes.length && indexes[end + 1] === indexes[end]! + 1) end += 1;
    if (end - start >= 2) runs.push({ text: `${indexes[start]}–${indexes[end]}`, count: end - start + 1 });
    else for (const index of indexes.slice(start, end + 1)) runs.push({ text: String(index), count: 1 });
    start = end + 1;
  }
  const listed = runs.slice(0, maxRunsListed);
  const text = listed.map((run) => run.text).join(', ');
  if (listed.length === runs.length) return text;
  return `${text} and ${formatCount(indexes.length - listed.reduce((sum, run) => sum + run.count, 0))} more`;
}

/** Entries that must have a problem for it to be counted among the common ones: two is a coincidence, three a pattern. */
export const minEntriesForCommon = 3;

/** Common problems listed, most common first; past these, only how many more there are. */
const maxCommonListed = 5;

export interface CommonProblem {
  path: string;
  message: string;
  /** Entries that have it. */
  count: number;
}

export interface CommonProblems {
  /** Entries with at least one of `problems`. */
  entries: number;
  /** Most common first (those as common in the order first met), at most maxCommonListed. */
  problems: CommonProblem[];
  /** Further problems that minEntriesForCommon or more entries have, not listed. */
  more: number;
}

/**
 * The same slip made in every entry (a column misnamed in the spreadsheet a
 * roster came from) gives the same problems under each of thousands of
 * entries, and the one cause scrolls out of sight: these are the problems
 * that recur, counted, to be said once after the entries. The same means the
 * same path and message: a message that names the entry's own values (a
 * date, a member's name) differs from entry to entry and is not counted as
 * one. Problems from `defaults` (separateSharedProblems) are already said
 * once, with their entries, and are left out.
 */
export function findCommonProblems(entries: readonly EntryProblems[]): CommonProblems | undefined {
  const { isShared } = separateSharedProblems(entries);
  const found = new Map<string, CommonProblem>();
  const keysByEntry = entries.map((entry) => {
    const keys = new Set<string>();
    for (const problem of entry.problems) {
      if (isShared(problem)) continue;
      const key = `${problem.path}\0${problem.message}`;
      if (keys.has(key)) continue;
      keys.add(key);
      const seen = found.get(key) ?? { path: problem.path, message: problem.message, count: 0 };
      seen.count += 1;
      found.set(key, seen);
    }
    return keys;
  });
  // A stable sort: problems as common as each other stay in the order first met.
  const common = [...found.entries()].filter(([, problem]) => problem.count >= minEntriesForCommon).sort(([, a], [, b]) => b.count - a.count);
  if (common.length === 0) return undefined;
  const listed = common.slice(0, maxCommonListed);
  const listedKeys = listed.map(([key]) => key);
  return {
    entries: keysByEntry.filter((keys) => listedKeys.some((key) => keys.has(key))).length,
    problems: listed.map(([, problem]) => problem),
    more: common.length - listed.length,
  };
}
