import { InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';

/**
 * `-` stands for standard input or output to most tools. supervise reads and
 * writes named files only, so `-` is refused rather than quietly taken as a
 * file or folder called "-" (one that is wanted can be written `./-`).
 */
export function refuseStandardStream(option: string, value: string | undefined, takes: { direction: 'input' | 'output'; names: 'a file' | 'a file or folder' | 'a folder' }): void {
  if (value?.trim() !== '-') return;
  const stream = takes.direction === 'output' ? 'writes files, not standard output' : 'reads files, not standard input';
  throw new UsageError(
    `${option} - would be ${takes.names} named "-": supervise ${stream}`,
    `Give ${option.startsWith('-') ? option : option.toLowerCase()} ${takes.names} name (one really named "-" is written ./-).`,
  );
}

/**
 * Parses a path given as an argument or option: an empty one is refused. It
 * is most often a shell variable that is not set (`--out "$OUT"`), and taken
 * as a path it would be the current folder: a batch written, or with --force
 * overwritten, there; the built-in packs checked in CI instead of one's own.
 */
export function nonEmptyPath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('It is empty: give a path (a shell variable that is not set gives an empty value).');
  return value;
}
