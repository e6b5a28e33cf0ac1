import { Option, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nonEmptyPath } from '../path-options.js';

export interface NewOptions {
  answers?: string;
  set: string[];
  format: 'pdf' | 'md' | 'both';
  out: string;
  saveAnswers?: string;
  templates?: string;
  paper: 'a4' | 'letter';
  formFields: boolean;
  force: boolean;
  yes: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerNewCommand(program: Command, context: CommandContext): void {
  program
    .command('new')
    .summary('interview → one agreement')
    .description(
      'Write one supervision agreement. Answers come from --answers and --set; on a terminal, anything missing is asked for.',
    )
    .argument('[template]', 'template to use (see `supervise templates list`)')
    .option('-a, --answers <file>', 'prefill answers from a YAML or JSON file', nonEmptyPath)
    .option('--set <key=value>', 'one answer with a dotted key, e.g. schedule.time=14:00 (repeatable)', collect, [])
    .addOption(new Option('-f, --format <format>', 'output format (an --out ending in .md or .pdf sets it)').choices(['pdf', 'md', 'both']).default('pdf'))
    .option('-o, --out <path>', 'a file (.pdf or .md), or a folder to write a derived file name into', nonEmptyPath, '.')
    .option('--save-answers <file>', 'also write the validated answers as YAML, reusable with --answers', nonEmptyPath)
    .option('--templates <dir>', 'use template packs from this folder instead of the built-in ones', nonEmptyPath)
    .addOption(new Option('--paper <size>', 'PDF paper size').choices(['a4', 'letter']).default('a4'))
    .option('--no-form-fields', 'PDF: plain signature lines instead of fillable signature fields')
    .option('--force', 'overwrite existing files', false)
    .option('-y, --yes', 'never prompt: fail at once, listing every missing or invalid field', false)
    .addHelpText(
      'after',
      `
Examples:
  $ supervise new one-to-one --answers examples/one-to-one.yaml --format md
  $ supervise new group -a examples/group.yaml --set startDate=2027-02-01
  $ supervise new        on a terminal: choose a template, answer, review, write`,
    )
    .action(async (template: string | undefined, options: NewOptions, command: Command) => {
      const { runNew } = await import('../actions/new.js');
      // The interview asks for the format and the path last, unless they were typed as flags.
      const given = new Set((['format', 'out'] as const).filter((key) => command.getOptionValueSource(key) === 'cli'));
      await runNew(template, options, context, given);
    });
}
