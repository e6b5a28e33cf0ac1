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
