import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SuperviseError } from '../../src/errors.js';
import { findExistingPaths } from '../../src/io/write-files.js';

/**
 * findExistingPaths lists a folder once rather than looking at each of a
 * batch's names. These file systems, made by mocking the file system module,
 * check that the listing only ever rules names out: one that compares names
 * without regard to case (as macOS and Windows do), and a folder that may be
 * looked in but not listed.
 */
const caseInsensitive = new Set<string>();
const unlistable = new Set<string>();
const looked = { count: 0 };

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const folderOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));
  const lstat = (async (path: string) => {
    looked.count += 1;
    const folder = folderOf(path);
    if (caseInsensitive.has(folder)) {
      const name = path.slice(folder.length + 1).toLowerCase();
      const real = (await actual.readdir(folder)).find((entry) => entry.toLowerCase() === name);
      if (real !== undefined) return actual.lstat(join(folder, real));
    }
    return actual.lstat(path);
  }) as typeof actual.lstat;
  const readdir = (async (path: string) => {
    if (unlistable.has(path)) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES', path });
    return actual.readdir(path);
  }) as typeof actual.readdir;
  return { ...actual, lstat, readdir };
});

describe('findExistingPaths, for a batch of names in one folder', () => {
  let dir: string;
  let names: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'supervise-existing-'));
    names = Array.from({ length: 40 }, (_, index) => join(dir, `one-to-one-person-${index}-2026-12-01.pdf`));
    looked.count = 0;
  });
  afterEach(async () => {
    caseInsensitive.clear();
    unlistable.clear();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds a file, a folder and a dangling symbolic link under their names, and nothing else', async () => {
    writeFileSync(names[3]!, 'signed');
    mkdirSync(names[17]!);
    symlinkSync(join(dir, 'gone'), names[39]!);
    expect(await findExistingPaths(names)).toEqual([names[3], names[17], names[39]]);
  });

  it('looks at no name one by one in a folder that holds none of them, or is not there yet', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'someone else');
    expect(await findExistingPaths(names)).toEqual([]);
    expect(await findExistingPaths(names.map((path) => join(dir, 'not-yet', path.slice(dir.length + 1))))).toEqual([]);
    expect(looked.count).toBe(0);
  });

  it('looks at no name one by one in a folder that holds every one of them, as a re-run with --force finds it', async () => {
    for (const path of names) writeFileSync(path, 'signed');
    expect(await findExistingPaths(names)).toEqual(names);
    expect(looked.count).toBe(0);
  });

  it('finds a name the file system takes for another spelling of it, as a case-insensitive one does', async () => {
    caseInsensitive.add(dir);
    writeFileSync(join(dir, 'One-To-One-Person-5-2026-12-01.PDF'), 'signed');
    expect(await findExistingPaths(names)).toEqual([names[5]]);
  });

  it('still finds what is there in a folder that may be looked in but not listed', async () => {
    unlistable.add(dir);
    writeFileSync(names[8]!, 'signed');
    expect(await findExistingPaths(names)).toEqual([names[8]]);
  });

  it('says why a name too long for the file system cannot be written, as before', async () => {
    const long = join(dir, `${'a'.repeat(300)}.pdf`);
    const failure = await findExistingPaths([...names, long]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).message).toContain('304 bytes long');
  });

  it('says a folder in the path is a file, as before', async () => {
    writeFileSync(join(dir, 'afile'), '');
    const failure = await findExistingPaths(names.map((path) => join(dir, 'afile', path.slice(dir.length + 1)))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SuperviseError);
  });
});
