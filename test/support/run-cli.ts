import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const binPath = join(projectRoot, 'bin', 'supervise.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * How long one run of the CLI may take before it is taken for hung. A run takes
 * under a second on an idle machine, but many times that on one busy with other
 * work (two test runs at once, a CI runner shared with other jobs); this limit,
 * not the test's, is what tells a hang from a slow machine, and says which run.
 */
export const cliRunLimitMs = 60_000;

/**
 * root ignores folder permissions, so a test of an unwritable folder runs the
 * bin as another user (`setpriv`, from util-linux) when it is run as root, as
 * CI runs it; undefined where neither is possible.
 */
export const asUnprivileged: readonly string[] | undefined =
  process.getuid?.() !== 0 ? [] : spawnSync('setpriv', ['--version']).status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;

/** The user asUnprivileged runs as, to own what that user is to be refused. */
export const unprivilegedId = 65534;

/** Runs the built CLI as a user would, with no terminal attached; `prefix` runs it through another command (asUnprivileged). */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; limitMs?: number; prefix?: readonly string[] } = {},
): CliResult {
  const limitMs = options.limitMs ?? cliRunLimitMs;
  const [command, ...commandArgs] = [...(options.prefix ?? []), process.execPath, binPath, ...args];
  const result = spawnSync(command!, commandArgs, {
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: limitMs,
  });
  // Killed for taking too long, its exit code would be null: say so, rather than "expected null to be 0".
  if (result.error) {
    throw new Error(`supervise ${args.join(' ')} did not finish within ${limitMs / 1000} s (${result.error.message}); its stderr so far:\n${result.stderr}`);
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function makeTempDir(prefix = 'supervise-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Runs a command line supervise printed (`supervise check --templates 'Siân'\''s team'`) through sh, as a user
 * pasting it into a terminal would, with `supervise` standing for the built bin.
 */
export function runPrintedCommand(commandLine: string, cwd: string): CliResult {
  const result = spawnSync('sh', ['-c', `supervise() { "$SUPERVISE_NODE" "$SUPERVISE_BIN" "$@"; }\n${commandLine}`], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, SUPERVISE_NODE: process.execPath, SUPERVISE_BIN: binPath },
    input: '',
    encoding: 'utf8',
    timeout: cliRunLimitMs,
  });
  if (result.error) throw new Error(`${commandLine} did not finish within ${cliRunLimitMs / 1000} s (${result.error.message})`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
