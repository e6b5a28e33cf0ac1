import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nonEmptyPath } from '../path-options.js';

export interface CheckOptions {
  templates?: string;
  json: boolean;
  strict: boolean;
}

export function registerCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .summary('check that every template pack loads, compiles, matches its fields and renders')
    .description(
      'Check every template pack in a folder: template.yaml is valid, every Handlebars file compiles, every name a template uses is a declared field, every partial exists, every field is used, and the example answers (example.yaml) render to Markdown and PDF. Exits 1 on any error (and, with --strict, on any warning).',
    )
    .option('--templates <dir>', 'check the packs in this folder instead of the built-in ones', nonEmptyPath)
    .option('--json', 'print the report as JSON on stdout, for scripts', false)
    .option('--strict', 'fail on warnings too', false)
    .addHelpText(
      'after',
      `
Examples:
  $ supervise check --templates ./templates
  $ supervise check --templates ./templates --strict
  $ supervise check --templates ./templates --json > check-report.json

With GITHUB_ACTIONS=true each problem is also printed as a workflow annotation,
so it shows on the line of the pull request that caused it.`,
    )
    .action(async (options: CheckOptions) => {
      const { runCheck } = await import('../actions/check.js');
      await runCheck(options, context);
    });
}
