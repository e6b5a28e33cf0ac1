import { formatProblem, type Problem } from '../errors.js';

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
  return `${text} and ${indexes.length - listed.reduce((sum, run) => sum + run.count, 0)} more`;
}
