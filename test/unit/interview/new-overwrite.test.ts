import { screen } from '@inquirer/testing/vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runNew } from '../../../src/cli/actions/new.js';
import type { NewOptions } from '../../../src/cli/commands/new.js';
import type { CommandContext } from '../../../src/cli/context.js';
import { createReporter } from '../../../src/cli/reporter.js';

// `supervise new` in-process on a "terminal", with the real prompts rendered by @inquirer/testing.

const example = resolve(import.meta.dirname, '../../../examples/one-to-one.yaml');
const target = 'one-to-one-tom-evans-2026-12-01.md';
let dir: string;
let stderr: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'supervise-overwrite-'));
  stderr = '';
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function interactiveContext(): CommandContext {
  const errors = new PassThrough();
  errors.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { reporter: createReporter(errors, new PassThrough(), {}), env: {}, cwd: dir, interactive: true, version: '0.0.0' };
}

const options: NewOptions = { answers: example, set: [], format: 'md', out: '.', paper: 'a4', formFields: true, force: false, yes: false };

describe('supervise new on a terminal, when the file exists', () => {
  it('asks before replacing it, and replaces it on yes', async () => {
    await writeFile(join(dir, target), 'old text');
    const run = runNew('one-to-one', options, interactiveContext(), new Set(['format', 'out']));
    await screen.next();
    expect(screen.getScreen()).toContain(`${target} already exists. Replace it? (y/N)`);
    screen.type('y');
    screen.keypress('enter');
    await run;
    expect(await readFile(join(dir, target), 'utf8')).toContain('# Agreement for 1:1 Safeguarding Supervision');
    expect(stderr).toContain(`Wrote ${target}\n`);
  });

  it('asks for another name on no, and leaves the existing file alone', async () => {
    await writeFile(join(dir, target), 'old text');
    const run = runNew('one-to-one', options, interactiveContext(), new Set(['format', 'out']));
    await screen.next();
    screen.keypress('enter');
    await screen.next();
    // The name offered now is one that is free.
    expect(screen.getScreen()).toContain('Save it as (one-to-one-tom-evans-2026-12-01-2.md)');
    screen.type('tom-2026.md');
    screen.keypress('enter');
    await run;
    expect(await readFile(join(dir, target), 'utf8')).toBe('old text');
    expect(await readFile(join(dir, 'tom-2026.md'), 'utf8')).toContain('Tom Evans');
    expect((await readdir(dir)).sort()).toEqual([target, 'tom-2026.md']);
  });

  it('refuses without asking when not interactive', async () => {
    await writeFile(join(dir, target), 'old text');
    const context = { ...interactiveContext(), interactive: false };
    await expect(runNew('one-to-one', options, context)).rejects.toThrow(/Not overwriting an existing file/);
    expect(await readFile(join(dir, target), 'utf8')).toBe('old text');
  });
});
