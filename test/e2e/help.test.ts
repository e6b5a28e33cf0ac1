import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHelpTexts } from '../../src/cli/help-texts.js';
import { helpTopic, quickAnswer } from '../../src/cli/quick-answers.js';
import { PtySession } from './pty-driver.js';
import { projectRoot, runCli } from '../support/run-cli.js';

const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
const builtTexts = JSON.parse(readFileSync(join(projectRoot, 'dist', 'cli', 'help-texts.json'), 'utf8')) as Record<string, string>;
const commanderTexts = renderHelpTexts(version);

describe('--help answered without loading commander', () => {
  it('ships the help commander renders now, for the program and every command', () => {
    expect(Object.keys(commanderTexts)).toEqual(
      expect.arrayContaining(['', 'new', 'batch', 'templates', 'templates list', 'templates show', 'check', 'schema', 'init']),
    );
    expect(builtTexts).toEqual(commanderTexts);
  });

  it.each(Object.keys(commanderTexts).map((topic) => [topic]))('prints the help of "%s" exactly as commander does', (topic) => {
    const path = topic === '' ? [] : topic.split(' ');
    for (const args of [[...path, '--help'], [...path, '-h']]) {
      const result = runCli(args);
      expect(result).toEqual({ code: 0, stdout: commanderTexts[topic], stderr: '' });
    }
  });

  it('answers `help`, `help COMMAND` and no arguments at all', () => {
    expect(runCli([])).toEqual({ code: 0, stdout: commanderTexts[''], stderr: '' });
    expect(runCli(['help'])).toEqual({ code: 0, stdout: commanderTexts[''], stderr: '' });
    expect(runCli(['help', 'batch'])).toEqual({ code: 0, stdout: commanderTexts.batch, stderr: '' });
  });

  it('answers `help templates show` with the help of `templates show`, not of `templates`', () => {
    for (const sub of ['show', 'list']) {
      expect(runCli(['help', 'templates', sub])).toEqual({ code: 0, stdout: commanderTexts[`templates ${sub}`], stderr: '' });
    }
    // A command that does not exist is said to be unknown, however many words follow it.
    const unknown = runCli(['help', 'bach', 'roster.yaml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'bach'");
  });

  it('leaves everything that is not a plain help request to commander', () => {
    expect(helpTopic(['batch', 'roster.yaml', '--help'])).toBeUndefined();
    expect(helpTopic(['batch', '--out', 'x'])).toBeUndefined();
    expect(helpTopic(['help', 'templates', 'list'])).toBe('templates list');
    expect(helpTopic(['help', 'batch', 'roster.yaml'])).toBeUndefined();
    expect(helpTopic(['templates', 'list', '--help'])).toBe('templates list');
    const texts = () => commanderTexts;
    expect(quickAnswer(['batch', '--help'], {}, texts)).toBe(commanderTexts.batch);
    expect(quickAnswer(['--help'], { isTTY: true, columns: 200 }, texts)).toBe(commanderTexts['']);
    expect(quickAnswer(['nosuch', '--help'], {}, texts)).toBeUndefined();
    expect(quickAnswer(['--help'], { isTTY: true, columns: 60 }, texts)).toBeUndefined();
    expect(quickAnswer(['--help'], {}, () => undefined)).toBeUndefined();
    expect(quickAnswer(['-V'], {})).toBe(`${version}\n`);
  });

  it('answers --help and --version with no dependency installed, so commander is not even loaded', () => {
    const copy = mkdtempSync(join(tmpdir(), 'supervise-no-deps-'));
    try {
      for (const part of ['bin', 'dist', 'package.json']) cpSync(join(projectRoot, part), join(copy, part), { recursive: true });
      const bin = join(copy, 'bin', 'supervise.js');
      const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
      expect(run(['batch', '--help'])).toMatchObject({ status: 0, stdout: commanderTexts.batch });
      expect(run(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n` });
      // Anything else needs commander, which is not there: the copy really has no dependencies.
      expect(run(['templates', 'list']).stderr).toContain("Cannot find package 'commander'");
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('leaves out the defaults that say nothing (a flag off, a repeatable option empty) and keeps the real ones', () => {
    const all = Object.values(commanderTexts).join('\n');
    expect(all).not.toMatch(/\(default: (false|\[\])\)/);
    expect(commanderTexts.new).toMatch(/--set <key=value> .*\n\s+\(repeatable\)\n/);
    expect(commanderTexts.batch).toContain('(default: "agreements")');
    expect(commanderTexts.batch).toMatch(/--force\s+overwrite existing files\n/);
  });

  it('keeps every line of help within 80 columns', () => {
    for (const text of Object.values(commanderTexts)) {
      expect(text.split('\n').filter((line) => line.length > 80)).toEqual([]);
    }
  });

  it('prints the 80-column help on a wide terminal, and wraps it to a narrower one', async () => {
    const wide = new PtySession(['batch', '--help'], projectRoot, 140);
    expect(await wide.exited).toBe(0);
    expect(wide.text.replaceAll('\r\n', '\n')).toBe(commanderTexts.batch);

    // Commander wraps what it lays out (not the hand-written examples), and only while the description column stays 40 wide.
    const narrow = new PtySession(['batch', '--help'], projectRoot, 70);
    expect(await narrow.exited).toBe(0);
    const laidOut = narrow.text.split('Examples:')[0]?.split(/\r?\n/) ?? [];
    expect(laidOut.some((line) => line.startsWith('Usage: supervise batch'))).toBe(true);
    expect(laidOut.filter((line) => line.length > 70)).toEqual([]);
    expect(commanderTexts.batch?.split('\n').some((line) => line.length > 70)).toBe(true);
  });
});
