import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { nonEmptyPath } from '../path-options.js';
import { UsageError } from '../../errors.js';

export function registerTemplatesCommand(program: Command, context: CommandContext): void {
  const templates = program
    .command('templates')
    .summary('list the template packs, or show one')
    .description('List the installed template packs, or show one pack\'s fields and signers.')
    .option('--templates <dir>', 'use template packs from this folder instead of the built-in ones', nonEmptyPath)
    .addHelpText(
      'after',
      `
Examples:
  $ supervise templates list
  $ supervise templates show one-to-one
  $ supervise templates list --templates ./templates`,
    )
    // Only to name a mistyped subcommand as one, rather than "too many arguments".
    .argument('[command...]', 'list (the default) or show NAME')
    .usage('[list | show NAME] [options]')
    .action(async (words: string[], options: { templates?: string }) => {
      const [word] = words;
      if (word !== undefined) {
        throw new UsageError(`"${word}" is not a templates command: it has list and show`, 'Use `supervise templates list`, or `supervise templates show NAME` for one pack.');
      }
      const { listTemplates } = await import('../actions/templates.js');
      await listTemplates(options.templates, context);
    });

  templates
    .command('list')
    .summary('list the installed template packs')
    .description('List the installed template packs with their title and description.')
    .option('--templates <dir>', 'use template packs from this folder instead of the built-in ones', nonEmptyPath)
    .addHelpText('after', '\nExample:\n  $ supervise templates list')
    .action(async (options: { templates?: string }, command: Command) => {
      const { listTemplates } = await import('../actions/templates.js');
      await listTemplates(options.templates ?? inherited(command), context);
    });

  templates
    .command('show')
    .summary("show one pack's fields and who signs")
    .description('Show a pack\'s fields (type, label, required, default, condition) and who signs.')
    .argument('<name>', 'template name')
    .option('--templates <dir>', 'use template packs from this folder instead of the built-in ones', nonEmptyPath)
    .addHelpText('after', '\nExample:\n  $ supervise templates show group')
    .action(async (name: string, options: { templates?: string }, command: Command) => {
      const { showTemplate } = await import('../actions/templates.js');
      await showTemplate(name, options.templates ?? inherited(command), context);
    });
}

/** `supervise templates --templates DIR show x` puts the option on the parent. */
function inherited(command: Command): string | undefined {
  const value: unknown = command.parent?.opts().templates;
  return typeof value === 'string' ? value : undefined;
}
