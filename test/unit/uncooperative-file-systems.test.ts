import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runNew } from '../../src/cli/actions/new.js';
import type { NewOptions } from '../../src/cli/commands/new.js';
import { createReporter } from '../../src/cli/reporter.js';
import { SuperviseError } from '../../src/errors.js';
import { commitStagedFile, completeStagedFileSync, ensureFolder, stageFileAtomic, writeFilesAtomic, type OutputFile } from '../../src/io/write-files.js';

/**
 * File systems that do not behave like the one the tests run on, made by
 * the file system module itself so that any user on any machine can run
 * them: one with no hard links (FAT and exFAT, as on most USB sticks, say
 * EPERM to link()), and a read-only one under a folder (where Node's own
 * recursive mkdir says ENOENT rather than EROFS).
 */
/** While `on`, link() fails as on FAT; `refused` counts the links refused, to show the fault was met. */
const noHardLinks = { on: false, refused: 0 };
const readOnlyUnder = new Set<string>();
/** Folders on a disk that is full: no file can be created in them. */
const fullUnder = new Set<string>();
/** Files that may not be replaced: another user's, in a folder with the sticky bit set (as /tmp is). */
const protectedFiles = new Set<string>();

const eperm = (call: string, path: string): Error => Object.assign(new Error(`EPERM: operation not permitted, ${call} '${path}'`), { code: 'EPERM', path });

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const link = (async (...args: Parameters<typeof actual.link>) => {
    if (noHardLinks.on) {
      noHardLinks.refused += 1;
      throw eperm('link', String(args[0]));
    }
    return actual.link(...args);
  }) as typeof actual.link;
  const readOnly = (path: unknown): boolean => typeof path === 'string' && [...readOnlyUnder].some((folder) => path.startsWith(`${folder}/`));
  const mkdir = (async (...args: Parameters<typeof actual.mkdir>) => {
    const [path, options] = args;
    if (readOnly(path)) {
      const recursive = typeof options === 'object' && options !== null && options.recursive === true;
      // As Node 20's recursive mkdir reports EROFS; a plain mkdir says EROFS, as the system call does.
      const code = recursive ? 'ENOENT' : 'EROFS';
      const words = recursive ? 'no such file or directory' : 'read-only file system';
      throw Object.assign(new Error(`${code}: ${words}, mkdir '${String(path)}'`), { code, path });
    }
    return actual.mkdir(...args);
  }) as typeof actual.mkdir;
  const open = (async (...args: Parameters<typeof actual.open>) => {
    const [path] = args;
    if (typeof path === 'string' && [...fullUnder].some((folder) => path.startsWith(`${folder}/`))) {
      throw Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC', path });
    }
    return actual.open(...args);
  }) as typeof actual.open;
  return { ...actual, link, mkdir, open, default: { ...actual, link, mkdir, open } };
});
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const linkSync = ((...args: Parameters<typeof actual.linkSync>) => {
    if (noHardLinks.on) {
      noHardLinks.refused += 1;
      throw eperm('link', String(args[0]));
    }
    return actual.linkSync(...args);
  }) as typeof actual.linkSync;
  const renameSync = ((...args: Parameters<typeof actual.renameSync>) => {
    if (protectedFiles.has(String(args[1]))) throw eperm('rename', String(args[0]));
    return actual.renameSync(...args);
  }) as typeof actual.renameSync;
  return { ...actual, linkSync, renameSync, default: { ...actual, linkSync, renameSync } };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'supervise-uncooperative-'));
});
afterEach(async () => {
  noHardLinks.on = false;
  noHardLinks.refused = 0;
  readOnlyUnder.clear();
  fullUnder.clear();
  protectedFiles.clear();
  await rm(dir, { recursive: true, force: true });
});

describe('a file system without hard links (a FAT or exFAT USB stick)', () => {
  it('still takes new files, whole, with no temporary file left', async () => {
    noHardLinks.on = true;
    const written = await writeFilesAtomic(
      [
        { path: join(dir, 'a.pdf'), content: 'pdf' },
        { path: join(dir, 'a.yaml'), content: 'answers' },
      ],
      { overwrite: false },
    );
    expect(written).toEqual([join(dir, 'a.pdf'), join(dir, 'a.yaml')]);
    expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'a.yaml']);
    expect(readFileSync(join(dir, 'a.pdf'), 'utf8')).toBe('pdf');
    // The files went in by the way round: a link was tried and refused, as on FAT.
    expect(noHardLinks.refused).toBeGreaterThan(0);
  });

  it('still refuses to replace a file, or a symbolic link, that is there, and keeps it as it was', async () => {
    noHardLinks.on = true;
    writeFileSync(join(dir, 'a.pdf'), 'signed');
    symlinkSync(join(dir, 'elsewhere.pdf'), join(dir, 'b.pdf'));
    for (const name of ['a.pdf', 'b.pdf']) {
      const staged = await stageFileAtomic(join(dir, name), 'new');
      const failure = await commitStagedFile(staged, { overwrite: false }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SuperviseError);
      expect((failure as SuperviseError).message).toBe(`${join(dir, name)} already exists; it was not overwritten`);
    }
    expect(readFileSync(join(dir, 'a.pdf'), 'utf8')).toBe('signed');
    expect(existsSync(join(dir, 'elsewhere.pdf'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'b.pdf']);
    expect(noHardLinks.refused).toBeGreaterThan(0);
  });

  it('has a staged file put in place from a signal handler too', async () => {
    noHardLinks.on = true;
    const staged = await stageFileAtomic(join(dir, 'a.pdf'), 'pdf');
    completeStagedFileSync(staged, { overwrite: false });
    expect(readdirSync(dir)).toEqual(['a.pdf']);
    expect(noHardLinks.refused).toBeGreaterThan(0);
    // Its own move, coming second, finds it in place and changes nothing.
    completeStagedFileSync(staged, { overwrite: false });
    expect(readFileSync(join(dir, 'a.pdf'), 'utf8')).toBe('pdf');
  });
});

describe('files that belong together, replaced (--force) where one of them cannot be', () => {
  const pair = (): OutputFile[] => [
    { path: join(dir, 'a.pdf'), content: 'new PDF' },
    { path: join(dir, 'a.md'), content: 'new Markdown' },
  ];

  it('replaces none of them when one is a folder, and leaves no temporary file', async () => {
    writeFileSync(join(dir, 'a.pdf'), 'old PDF');
    mkdirSync(join(dir, 'a.md'));
    const failure = await writeFilesAtomic(pair(), { overwrite: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).message).toBe(`Cannot write ${join(dir, 'a.md')}: it is a folder`);
    expect(readFileSync(join(dir, 'a.pdf'), 'utf8')).toBe('old PDF');
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'a.pdf']);
  });

  it('names the file replaced before another could not be, and that one as it was', async () => {
    writeFileSync(join(dir, 'a.pdf'), 'old PDF');
    writeFileSync(join(dir, 'a.md'), 'old Markdown');
    protectedFiles.add(join(dir, 'a.md'));
    const failure = await writeFilesAtomic(pair(), { overwrite: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).message).toBe(
      `Cannot write ${join(dir, 'a.md')}: permission denied. ${join(dir, 'a.pdf')} was written all the same, replacing what was there; ${join(dir, 'a.md')} is as it was`,
    );
    expect(readFileSync(join(dir, 'a.pdf'), 'utf8')).toBe('new PDF');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('old Markdown');
    expect(readdirSync(dir).sort()).toEqual(['a.md', 'a.pdf']);
  });
});

describe('a folder that cannot be made', () => {
  it('on a read-only file system says so, not that the folder "does not exist"', async () => {
    mkdirSync(join(dir, 'stick'));
    readOnlyUnder.add(join(dir, 'stick'));
    const target = join(dir, 'stick', 'agreements', '2027');
    const failure = await ensureFolder(target).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).message).toBe(`Cannot write ${target}: the file system is read-only`);
    expect((failure as SuperviseError).file).toBe(target);
  });

  it('is made, parents and all, where it can be', async () => {
    await ensureFolder(join(dir, 'a', 'b', 'c'));
    await ensureFolder(join(dir, 'a', 'b', 'c'));
    expect(existsSync(join(dir, 'a', 'b', 'c'))).toBe(true);
  });
});

describe('supervise new --save-answers onto a full disk', () => {
  it('says to choose another folder or free space, not merely another file name, and writes nothing', async () => {
    mkdirSync(join(dir, 'stick'));
    fullUnder.add(join(dir, 'stick'));
    const options: NewOptions = {
      answers: resolve(import.meta.dirname, '../../examples/one-to-one.yaml'),
      set: [],
      format: 'md',
      out: 'agreements/',
      saveAnswers: 'stick/answers.yaml',
      paper: 'a4',
      formFields: true,
      force: false,
      yes: true,
    };
    const context = { reporter: createReporter(new PassThrough(), new PassThrough(), {}), env: {}, cwd: dir, interactive: false, version: '0.0.0' };
    const failure = await runNew('one-to-one', options, context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SuperviseError);
    expect((failure as SuperviseError).message).toBe(`Cannot write ${join(dir, 'stick', 'answers.yaml')}: the disk is full`);
    expect((failure as SuperviseError).hint).toBe('Give --save-answers a file in another folder (or on another disk), or free space / fix permissions and run again.');
    expect(readdirSync(join(dir, 'stick'))).toEqual([]);
    expect(existsSync(join(dir, 'agreements', 'one-to-one-tom-evans-2026-12-01.md'))).toBe(false);
  });
});
