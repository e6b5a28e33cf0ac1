import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../support/in-process-cli.js';

/**
 * `supervise init` onto a disk that fills part-way through the copy. The
 * disk is filled by the file system module itself (any file named
 * disagreements.md.hbs, one of the shared partials, finds it full), so any
 * user can run this.
 */
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (...args: Parameters<typeof actual.open>) => {
    const [path] = args;
    if (typeof path === 'string' && path.includes('disagreements.md.hbs')) {
      throw Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC', path });
    }
    return actual.open(...args);
  }) as typeof actual.open;
  return { ...actual, open, default: { ...actual, open } };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervise-init-full-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const expected = (folder: string): string =>
  `error: Cannot write ${join(folder, 'partials', 'disagreements.md.hbs')}: the disk is full\n` +
  'Choose another folder to copy the templates into, or fix that one, and run again.\n';

describe('supervise init when the disk fills', () => {
  it('into a new folder names the file in that folder, not the hidden one it was assembled in, and leaves nothing', async () => {
    const result = await runCliInProcess(['init', 'my-templates'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(expected('my-templates'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('into an empty folder leaves it empty, so the same command works once there is space', async () => {
    mkdirSync(join(dir, 'empty'));
    const result = await runCliInProcess(['init', 'empty'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(expected('empty'));
    expect(readdirSync(join(dir, 'empty'))).toEqual([]);
  });
});
