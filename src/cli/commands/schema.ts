import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nonEmptyPath } from '../path-options.js';

export function registerSchemaCommand(program: Command, context: CommandContext): void {
  program
    .command('schema')
    .summary('print a JSON Schema for a template\'s answers, or for a roster')
    .description(
      'Print a JSON Schema (draft 2020-12) on stdout: for one template\'s answers file, or (the default) for a roster covering every installed template. Point an editor at it for autocompletion and checking as you type.',
    )
    .argument('[target]', 'a template name, or "roster"', 'roster')
    .option('--templates <dir>', 'use template packs from this folder instead of the built-in ones', nonEmptyPath)
    .addHelpText(
      'after',
      `
Examples:
  $ supervise schema roster > roster.schema.json
  $ supervise schema one-to-one > one-to-one.schema.json
  $ supervise schema --templates ./templates > roster.schema.json

Then make this the YAML file's first line (for yaml-language-server, as in
VS Code's YAML extension):
  # yaml-language-server: $schema=./roster.schema.json`,
    )
    .action(async (target: string, options: { templates?: string }) => {
      const { runSchema } = await import('../actions/schema.js');
      await runSchema(target, options, context);
    });
}
