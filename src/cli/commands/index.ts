import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { registerBatchCommand } from './batch.js';
import { registerCheckCommand } from './check.js';
import { registerInitCommand } from './init.js';
import { registerNewCommand } from './new.js';
import { registerSchemaCommand } from './schema.js';
import { registerTemplatesCommand } from './templates.js';

/**
 * Each command is declared in its own file here: flags, help and examples,
 * cheap to load. Its work lives in `cli/actions/`, imported only when the
 * command runs, so `--help` and `--version` load nothing but commander.
 */
export function registerCommands(program: Command, context: CommandContext): void {
  registerNewCommand(program, context);
  registerBatchCommand(program, context);
  registerTemplatesCommand(program, context);
  registerCheckCommand(program, context);
  registerSchemaCommand(program, context);
  registerInitCommand(program, context);
}
