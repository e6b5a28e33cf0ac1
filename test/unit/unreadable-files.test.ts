import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SuperviseError, ValidationError } from '../../src/errors.js';
import { readInputText } from '../../src/io/read-input.js';
import { builtInTemplatesDir, loadTemplatesDirectory, loadUsablePacks } from '../../src/packs/load-packs.js';
import { checkTemplates } from '../../src/packs/check-templates.js';
import { runCliInProcess } from '../support/in-process-cli.js';

/**
 * A file that is there but cannot be read. Tests usually run as root,
 * whom permissions do not stop, so the refusal is made by the file system
 * module itself: any read of a path in `refused` fails as an unreadable file does.
 */
const refused = new Set<string>();
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (...args: Parameters<typeof actual.readFile>) => {
    const [path] = args;
    if (typeof path === 'string' && refused.has(path)) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', path });
    }
    return actual.readFile(...args);
  }) as typeof actual.readFile;
  // A folder in `refused` cannot be listed, nor anything in it looked at, as one without read and search permission.
  const refusedFolder = (path: unknown): string | undefined =>
    typeof path === 'string' ? [...refused].find((folder) => path === folder || path.startsWith(`${folder}/`)) : undefined;
  const denied = (path: string, call: string): Error => Object.assign(new Error(`EACCES: permission denied, ${call} '${path}'`), { code: 'EACCES', path });
  const readdir = (async (...args: Parameters<typeof actual.readdir>) => {
    const [path] = args;
    if (refusedFolder(path) !== undefined) throw denied(String(path), 'scandir');
    return actual.readdir(...args);
  }) as typeof actual.readdir;
  const stat = (async (...args: Parameters<typeof actual.stat>) => {
    const [path] = args;
    const folder = refusedFolder(path);
    if (folder !== undefined && path !== folder) throw denied(String(path), 'stat');
    return actual.stat(...args);
  }) as typeof actual.stat;
  return { ...actual, readFile, readdir, stat, default: { ...actual, readFile, readdir, stat } };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervise-unreadable-'));
  cpSync(builtInTemplatesDir, dir, { recursive: true });
});
afterEach(() => {
  refused.clear();
  rmSync(dir, { recursive: true, force: true });
});

describe('a pack file that cannot be read', () => {
  it.each([
    ['template.yaml', ['group', 'template.yaml']],
    ['the entry template', ['group', 'agreement.md.hbs']],
    ['a shared partial', ['partials', 'signatures.md.hbs']],
  ])('%s is reported at that file, as a problem, not a crash', async (_what, parts) => {
    const path = join(dir, ...parts);
    refused.add(path);
    const loaded = await loadTemplatesDirectory(dir);
    expect(loaded.problems).toContainEqual({
      path: '',
      location: { file: path },
      message: 'cannot be read (permission denied); make it readable, or remove it from the pack',
    });
    // A shared clause unread would be "does not exist" at every include of it in every pack: that one problem is all that is said.
    if (parts[0] === 'partials') expect({ packs: loaded.packs.length, problems: loaded.problems.length }).toEqual({ packs: 0, problems: 1 });
    // new, batch, templates and schema: a ValidationError listing it (exit 1), not "a bug in supervise".
    const refusal = await loadUsablePacks(dir).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).problems.map((problem) => problem.location?.file)).toContain(path);
  });

  it('fails check with the file named, and the other pack still checked', async () => {
    const path = join(dir, 'group', 'template.yaml');
    refused.add(path);
    const report = await checkTemplates(dir, { formats: ['md'] });
    const group = report.packs.find((pack) => pack.folder === 'group')!;
    expect(group.problems.map((problem) => [problem.location?.file, problem.message])).toEqual([
      [path, 'cannot be read (permission denied); make it readable, or remove it from the pack'],
    ]);
    expect(report.packs.find((pack) => pack.folder === 'one-to-one')!.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });
});

describe('a folder of packs or partials that cannot be opened', () => {
  it('is a problem at that folder, rather than a pack or partials passed over in silence', async () => {
    const packDir = join(dir, 'group');
    refused.add(packDir);
    const loaded = await loadTemplatesDirectory(dir);
    expect(loaded.packs.map((pack) => pack.manifest.name)).toEqual(['one-to-one']);
    expect(loaded.problems).toEqual([
      {
        path: '',
        location: { file: packDir },
        message: 'group/ cannot be opened (permission denied), so it is not loaded as a pack; make it readable, or move it out of the templates folder',
      },
    ]);
    // check fails at it, where before it passed with the pack left out.
    const report = await checkTemplates(dir, { formats: ['md'] });
    expect(report.errors).toBe(1);
    expect(report.packs.find((pack) => pack.folder === 'group')?.problems.map((problem) => problem.severity)).toEqual(['error']);
  });

  it("refuses a pack whose own partials/ cannot be opened, rather than rendering with the shared ones of the same name", async () => {
    const own = join(dir, 'one-to-one', 'partials');
    mkdirSync(own);
    writeFileSync(join(own, 'person.md.hbs'), '{{name}} (own)');
    refused.add(own);
    const refusal = await loadUsablePacks(dir).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).problems).toEqual([
      { path: '', location: { file: own }, message: 'cannot be opened (permission denied), so none of its partials is read; make it readable' },
    ]);
  });

  it('reports the shared partials/ that cannot be opened', async () => {
    const shared = join(dir, 'partials');
    refused.add(shared);
    const loaded = await loadTemplatesDirectory(dir);
    expect(loaded.problems).toContainEqual({
      path: '',
      location: { file: shared },
      message: 'cannot be opened (permission denied), so none of its partials is read; make it readable',
    });
  });
});

describe('an input file that cannot be read', () => {
  it('is refused in words, with what to do, for a roster or an answers file', async () => {
    const path = join(dir, 'group', 'example.yaml');
    refused.add(path);
    const refusal = await readInputText(path, 'roster', 'roster.yaml').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(SuperviseError);
    expect(refusal).toMatchObject({
      message: 'Cannot read the roster roster.yaml: permission denied',
      hint: 'Make the file readable (or run as a user who may read it) and run the command again.',
    });
  });

  it('is refused, with what to do, when it is a folder (the one the roster is in, given by mistake)', async () => {
    const refusal = await readInputText(dir, 'roster', 'team').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ message: 'The roster team is a folder, not a file', hint: 'Give the roster itself, a YAML or JSON file, rather than the folder it is in.' });
  });

  it("fails check at the pack's example answers, not as a crash", async () => {
    const path = join(dir, 'group', 'example.yaml');
    refused.add(path);
    const report = await checkTemplates(dir, { formats: ['md'] });
    const group = report.packs.find((pack) => pack.folder === 'group')!;
    expect(group.problems.map((problem) => [problem.severity, problem.location?.file, problem.message])).toEqual([
      ['error', path, 'cannot be read (permission denied); make it readable so check can render the pack'],
    ]);
  });
});

describe('supervise init into a folder that cannot be listed', () => {
  it('says so in words, naming the folder, not as a bug, and writes nothing', async () => {
    const target = join(dir, 'write-only');
    mkdirSync(target);
    // Writable but not readable (0300): whether it is empty cannot be known.
    refused.add(target);
    const result = await runCliInProcess(['init', 'write-only'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: Cannot write write-only: permission denied\nChoose another folder to copy the templates into, or fix that one, and run again.\n',
    );
    refused.clear();
    expect(readdirSync(target)).toEqual([]);
  });
});
