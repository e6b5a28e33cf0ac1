import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitStagedFile, completeStagedFileSync, removePendingTempFiles, stageFileAtomic } from '../../../src/io/write-files.js';

/** The two-step atomic write a batch uses so that Ctrl-C knows exactly which files are in place. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'supervise-staged-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('staged files', () => {
  it('cleaned up (Ctrl-C) while its temporary file is still being opened, leaves no file behind', async () => {
    const path = join(dir, 'a.pdf');
    // Not awaited: its open is now under way on libuv's threads, as a batch's can be when Ctrl-C comes.
    const staging = stageFileAtomic(path, 'x'.repeat(100_000));
    await removePendingTempFiles();
    // It goes on writing into the removed file, and then finds nothing to commit.
    const staged = await staging;
    expect(readdirSync(dir)).toEqual([]);
    await expect(commitStagedFile(staged, { overwrite: false })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never gives two temporary files the same name, even for the same target', async () => {
    const target = join(dir, 'a.pdf');
    const staged = [];
    for (let count = 0; count < 50; count++) staged.push(await stageFileAtomic(target, `version ${count}`));
    const temporaryNames = readdirSync(dir);
    expect(temporaryNames).toHaveLength(50);
    for (const name of temporaryNames) expect(name).toMatch(/^\.a\.pdf\.[0-9a-f]{12}\.tmp$/);
    expect(staged.map(({ temp }) => temp).sort()).toEqual(temporaryNames.map((name) => join(dir, name)).sort());
    for (const file of staged) await commitStagedFile(file, { overwrite: true });
    expect(readdirSync(dir)).toEqual(['a.pdf']);
    expect(readFileSync(target, 'utf8')).toBe('version 49');
  });

  it('stages under a hidden temporary name, owner-only, and commits into place', async () => {
    const path = join(dir, 'a.md');
    const staged = await stageFileAtomic(path, 'hello');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.a\.md\.[0-9a-f]+\.tmp$/)]);
    expect(statSync(staged.temp).mode & 0o777).toBe(0o600);
    await commitStagedFile(staged, { overwrite: false });
    expect(readdirSync(dir)).toEqual(['a.md']);
    expect(readFileSync(path, 'utf8')).toBe('hello');
  });

  it('writes text given in pieces whole, in order, across several writes', async () => {
    const path = join(dir, 'manifest.json');
    const pieces = Array.from({ length: 3000 }, (_, index) => `piece ${index} Ŵ ${'x'.repeat(200)}\n`);
    await commitStagedFile(await stageFileAtomic(path, pieces), { overwrite: false });
    expect(readFileSync(path, 'utf8')).toBe(pieces.join(''));
  });

  it('without overwrite, refuses a target that appeared meanwhile and leaves no temporary file', async () => {
    const path = join(dir, 'a.md');
    const staged = await stageFileAtomic(path, 'new');
    writeFileSync(path, 'someone else');
    await expect(commitStagedFile(staged, { overwrite: false })).rejects.toThrow(/already exists/);
    expect(readdirSync(dir)).toEqual(['a.md']);
    expect(readFileSync(path, 'utf8')).toBe('someone else');
  });

  for (const overwrite of [false, true]) {
    it(`completes a move from a signal handler whichever move comes first (overwrite: ${overwrite})`, async () => {
      const first = await stageFileAtomic(join(dir, 'first.md'), 'one');
      completeStagedFileSync(first, { overwrite });
      // The asynchronous move, arriving second, fails harmlessly; the file is in place either way.
      await commitStagedFile(first, { overwrite }).catch(() => undefined);
      expect(readFileSync(join(dir, 'first.md'), 'utf8')).toBe('one');

      const second = await stageFileAtomic(join(dir, 'second.md'), 'two');
      await commitStagedFile(second, { overwrite });
      expect(() => completeStagedFileSync(second, { overwrite })).not.toThrow();
      expect(readFileSync(join(dir, 'second.md'), 'utf8')).toBe('two');
    });
  }

  it('reports a staged file that is neither still staged nor in place', async () => {
    const staged = await stageFileAtomic(join(dir, 'gone.md'), 'x');
    await rm(staged.temp);
    expect(() => completeStagedFileSync(staged, { overwrite: true })).toThrow(/gone\.md/);
  });
});
