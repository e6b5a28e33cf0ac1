import { Help, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { createReporter } from '../../src/cli/reporter.js';

/** Every command and sub-command, by the words a user types for it ('' for the program). */
function commandsByPath(): Map<string, Command> {
  const quiet = (): void => {};
  const program = buildProgram(
    { reporter: createReporter(), env: {}, cwd: process.cwd(), interactive: false, version: '0.0.0' },
    { writeOut: quiet, writeErr: quiet },
  );
  const found = new Map<string, Command>();
  const visit = (command: Command, path: readonly string[]): void => {
    found.set(path.join(' '), command);
    for (const child of command.commands) visit(child, [...path, child.name()]);
  };
  visit(program, []);
  return found;
}

/**
 * Flags that mean something different in each command, and so are described differently: `new --out` is a file
 * or a folder and `batch --out` a folder; `new --format` is also set by --out's extension; `check --templates`
 * checks the packs there rather than using them.
 */
function meaningDiffers(flag: string, path: string): boolean {
  return flag === '--out' || flag === '--format' || (flag === '--templates' && path === 'check');
}

describe('help read across commands', () => {
  it('describes a flag the same way in every command that has it', () => {
    const descriptions = new Map<string, Set<string>>();
    for (const [path, command] of commandsByPath()) {
      for (const option of command.options) {
        const flag = option.long ?? option.flags;
        if (meaningDiffers(flag, path)) continue;
        descriptions.set(flag, new Set([...(descriptions.get(flag) ?? []), option.description]));
      }
    }
    const differing = [...descriptions].filter(([, texts]) => texts.size > 1).map(([flag, texts]) => `${flag}: ${[...texts].join(' | ')}`);
    expect(differing).toEqual([]);
  });

  it('lists every command and sub-command with a summary in the same style: lower case, no full stop', () => {
    const help = new Help();
    for (const [path, command] of commandsByPath()) {
      for (const listed of help.visibleCommands(command)) {
        const summary = help.subcommandDescription(listed);
        expect(summary, `${path || 'supervise'} lists ${listed.name()}`).toMatch(/^[a-z]/);
        expect(summary, `${path || 'supervise'} lists ${listed.name()}`).not.toMatch(/\.$/);
      }
    }
  });

  it('describes `help` as the -h, --help flag is described', () => {
    const help = new Help();
    for (const [path, command] of commandsByPath()) {
      const helpCommand = help.visibleCommands(command).find((listed) => listed.name() === 'help');
      if (helpCommand) expect(help.subcommandDescription(helpCommand), path || 'supervise').toBe('show help for a command');
    }
  });
});
