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
  // Input from a pipe has a name supervise reads as a file: /dev/stdin (`cat roster.yaml | supervise batch /dev/stdin`).
  const fromPipe = takes.direction === 'input' ? ', or /dev/stdin to read it from a pipe' : '';
  throw new UsageError(
    `${option} - would be ${takes.names} named "-": supervise ${stream}`,
    `Give ${option.startsWith('-') ? option : option.toLowerCase()} ${takes.names} name${fromPipe} (one really named "-" is written ./-).`,
  );
}

/**
 * Parses a path given as an argument or option. An empty one is refused: it
 * is most often a shell variable that is not set (`--out "$OUT"`), and taken
 * as a path it would be the current folder: a batch written, or with --force
 * overwritten, there; the built-in packs checked in CI instead of one's own.
 * So is one starting with a `~` the shell left as it is (`--out=~/agreements`,
 * or in quotes): taken as a path it is a folder named "~" in the current
 * folder, which the messages would then call ~/agreements, as if it were in
 * the home folder (and `rm -rf ~` is how one would tidy it away).
 */
export function nonEmptyPath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('It is empty: give a path (a shell variable that is not set gives an empty value).');
  if (value === '~' || value.startsWith('~/')) {
    throw new InvalidArgumentError(
      'It starts with a ~ the shell did not turn into your home folder (it does not after "=" or inside quotes), so it would name a folder called "~" here. ' +
        `Write $HOME in its place (${value.replace(/^~/, '$HOME')}), or give it with no "=" before it and no quotes around it, for the shell to expand.`,
    );
  }
  return value;
}
