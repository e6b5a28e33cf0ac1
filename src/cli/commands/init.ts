import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nonEmptyPath } from '../path-options.js';

export function registerInitCommand(program: Command, context: CommandContext): void {
  program
    .command('init')
    .summary('copy the built-in template packs into a folder to customise')
    .description(
      'Copy the built-in template packs (and their shared clauses in partials/) into DIR, to edit and use with --templates DIR. Refuses to write into a folder that already has something in it (hidden entries such as .git aside).',
    )
    .argument('[dir]', 'folder to create', nonEmptyPath, 'templates')
    .addHelpText(
      'after',
      `
Examples:
  $ supervise init my-templates
  $ supervise check --templates my-templates
  $ supervise new --templates my-templates one-to-one`,
    )
    .action(async (dir: string) => {
      const { runInit } = await import('../actions/init.js');
      await runInit(dir, context);
    });
}
