import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nonEmptyPath } from '../path-options.js';

export interface BatchOptions {
  out: string;
  format: 'pdf' | 'md' | 'both';
  /** Undefined means one render thread per available CPU, at most four. */
  jobs?: number;
  failFast: boolean;
  dryRun: boolean;
  force: boolean;
  skipExisting: boolean;
  json: boolean;
  templates?: string;
  paper: 'a4' | 'letter';
  formFields: boolean;
}

function parseJobs(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 256) {
    throw new InvalidArgumentError('Give a whole number of PDF render threads from 1 to 256.');
  }
  return Number(value);
}

export function registerBatchCommand(program: Command, context: CommandContext): void {
  program
    .command('batch')
    .summary('one agreement per roster entry')
    .description(
      'Render a whole team\'s agreements from one roster (YAML or JSON): `defaults:` shared by every entry, then one entry per agreement under `agreements:`. The whole roster is checked first; every invalid entry is listed with its line, and the valid ones are still rendered (unless --fail-fast). A manifest.json in the output folder records every file with its SHA-256.',
    )
    .argument('<roster>', 'the roster file (YAML or JSON), e.g. examples/roster.yaml', nonEmptyPath)
    .option('-o, --out <dir>', 'folder to write the agreements and manifest.json into', nonEmptyPath, 'agreements')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pdf', 'md', 'both']).default('pdf'))
    .option('-j, --jobs <n>', 'PDFs rendered at once: the main thread and N-1 render threads (default: available CPUs, at most 4)', parseJobs)
    .option('--fail-fast', 'render nothing if any entry is invalid, and stop at the first failed render', false)
    .option('--dry-run', 'validate and list the planned files; write nothing', false)
    .option('--force', 'overwrite existing files', false)
    .option('--skip-existing', 'keep files that already exist; render only the rest', false)
    .option('--json', 'print the report as JSON on stdout, for scripts', false)
    .option('--templates <dir>', 'use template packs from this folder instead of the built-in ones', nonEmptyPath)
    .addOption(new Option('--paper <size>', 'PDF paper size').choices(['a4', 'letter']).default('a4'))
    .option('--no-form-fields', 'PDF: plain signature lines instead of fillable signature fields')
    .addHelpText(
      'after',
      `
Examples:
  $ supervise batch examples/roster.yaml --dry-run        check it, list files
  $ supervise batch examples/roster.yaml --out agreements
  $ supervise batch examples/roster.yaml --skip-existing  finish a stopped batch
  $ supervise batch examples/roster.yaml -o agreements-2027 --json > report.json`,
    )
    .action(async (roster: string, options: BatchOptions) => {
      const { runBatchCommand } = await import('../actions/batch.js');
      await runBatchCommand(roster, options, context);
    });
}
