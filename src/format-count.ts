/**
 * A count as every message says it: 30000 → "30,000", grouped in threes as
 * en-GB writes it, so that "Checking 30,000 entries…" and "Dry run: 30,000 of
 * 30,000 entries valid" read alike. For counts only: line, column and entry
 * numbers are looked up as they are written (roster.yaml:1557:5, entry 299),
 * and an answer's own value (a whole number between a field's bounds) is
 * written as YAML reads it. --json and manifest.json keep numbers as numbers.
 * Not toLocaleString: loading the locale's data costs every batch ~6 MB, for a comma.
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}
