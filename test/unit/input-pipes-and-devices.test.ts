import { spawnSync } from 'node:child_process';
import { constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInputText } from '../../src/io/read-input.js';
import { failureOf } from '../support/failures.js';

/**
 * A roster or answers file that is not a plain file: stat gives it no size,
 * so the size limit cannot be checked first. Named pipes are made with
 * mkfifo, which any user may run; both need a Unix-like system.
 */
const canMakePipes = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervise-pipes-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('an input that is a device or a pipe', () => {
  it.skipIf(!existsSync('/dev/zero'))('that never ends (/dev/zero) is refused once past the limit, not read until memory runs out', async () => {
    const failure = await failureOf(readInputText('/dev/zero', 'roster'));
    expect(failure.message).toBe('The roster /dev/zero goes on past 8.0 MB (it is a device or pipe, not a file); at most that is read');
  });

  it.skipIf(!canMakePipes)('that is a named pipe nothing writes to is refused at once, rather than waited on beyond Ctrl-C', async () => {
    const pipe = join(dir, 'roster.yaml');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const failure = await failureOf(readInputText(pipe, 'roster', 'roster.yaml'));
    expect(failure.message).toBe('The roster roster.yaml is a named pipe that nothing is writing to');
    expect(failure.hint).toBe('Give a YAML or JSON file, or start what writes to the pipe first.');
  });

  it.skipIf(!canMakePipes)('that is a pipe with a writer is read whole, however its text arrives', async () => {
    const pipe = join(dir, 'answers.yaml');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    // A writer already there, as with `--answers <(…)`; it writes part now, the rest later, then closes.
    const writer = await open(pipe, constants.O_RDWR | constants.O_NONBLOCK);
    await writer.write('agency: Northshire\n');
    const reading = readInputText(pipe, 'answers file');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writer.write('startDate: 2026-12-01\n');
    await writer.close();
    expect(await reading).toBe('agency: Northshire\nstartDate: 2026-12-01\n');
  });
});
