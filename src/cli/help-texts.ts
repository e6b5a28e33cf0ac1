import type { Command } from 'commander';
import { buildProgram } from './main.js';
import { helpWidth } from './quick-answers.js';
import { createReporter } from './reporter.js';

/**
 * Every command's help as commander prints it, by command path ('' for the
 * program). Run at build time so `--help` can answer without loading
 * commander (see quick-answers.ts); the tests compare the two.
 */
export function renderHelpTexts(version: string): Record<string, string> {
  let captured = '';
  const capture = (text: string): void => {
    captured += text;
  };
  const program = buildProgram(
    { reporter: createReporter(), env: {}, cwd: process.cwd(), interactive: false, version },
    { writeOut: capture, writeErr: capture, getOutHelpWidth: () => helpWidth, getErrHelpWidth: () => helpWidth },
  );
  const texts: Record<string, string> = {};
  const visit = (command: Command, path: readonly string[]): void => {
    captured = '';
    command.outputHelp();
    texts[path.join(' ')] = captured;
    for (const child of command.commands) visit(child, [...path, child.name()]);
  };
  visit(program, []);
  return texts;
}
