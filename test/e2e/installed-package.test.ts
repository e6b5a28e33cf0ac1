import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot, runCli, runPrintedCommand } from '../support/run-cli.js';

// supervise as a council's IT installs it: from a tarball or the repository, then run from any folder but its own.

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'supervise-installed-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the examples --help names, run from another folder than supervise’s own', () => {
  it('says where the answers example is, and the path it gives writes the agreement', () => {
    const result = runCli(['new', 'one-to-one', '--answers', 'examples/one-to-one.yaml', '--format', 'md'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Cannot read the answers file examples/one-to-one.yaml: it does not exist\n');
    expect(result.stderr).toContain(`That example comes with supervise, in ${join(projectRoot, 'examples')}`);
    const given = /give it as (--answers .*)\.\n/.exec(result.stderr)?.[1];
    expect(given).toBeDefined();
    const written = runPrintedCommand(`supervise new one-to-one ${given!} --format md`, work);
    expect(written.code).toBe(0);
    expect(readdirSync(work)).toEqual(['one-to-one-tom-evans-2026-12-01.md']);
  });

  it('says where the roster example is, in a command that plans the batch', () => {
    const result = runCli(['batch', 'examples/roster.yaml', '--dry-run'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Cannot read the roster examples/roster.yaml: it does not exist\n');
    const command = /give it as `(supervise batch [^`]*)`/.exec(result.stderr)?.[1];
    expect(command).toBeDefined();
    const planned = runPrintedCommand(`${command!} --dry-run`, work);
    expect(planned.stderr).toContain('Dry run: 5 of 5 entries valid');
    expect(planned.code).toBe(0);
  });

  it('still says only to check the path of a file that is not one of the examples', () => {
    const result = runCli(['batch', 'examples/our-team.yaml'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: Cannot read the roster examples/our-team.yaml: it does not exist\nCheck the path and run the command again.\n');
  });
});
