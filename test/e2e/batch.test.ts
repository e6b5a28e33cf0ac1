import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { appendFile, chmod, chown, cp, lstat, mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planHelperThreshold } from '../../src/batch/plan-helper.js';
import { oneToOneDefaults } from '../fixtures/roster-defaults.js';
import { PtySession } from './pty-driver.js';
import { asUnprivileged, cliRunLimitMs, unprivilegedId } from '../support/run-cli.js';
import { builtInVersion } from '../support/packs.js';

/** Text added to a template where a clause goes: above the signatures, after which the PDF reads nothing (check refuses it there). */
async function addAboveSignatures(template: string, text: string): Promise<void> {
  const source = await readFile(template, 'utf8');
  expect(source).toContain('{{> signatures}}');
  await writeFile(template, source.replace('{{> signatures}}', `${text}{{> signatures}}`));
}

/** End-to-end: the built bin (`npm run build` first), in a temporary folder. */

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'supervise.js');
const exampleRoster = join(root, 'examples', 'roster.yaml');
const oneToOneVersion = builtInVersion('one-to-one');

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, prefix: readonly string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [command, ...commandArgs] = [...prefix, process.execPath, bin, ...args];
    const child = spawn(command!, commandArgs, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1790000000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // A hung batch is named, with what it said, rather than left to the test's own time limit.
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`supervise ${args.join(' ')} did not finish within ${cliRunLimitMs / 1000} s; its stderr so far:\n${stderr}`));
    }, cliRunLimitMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

interface PdfOptionsJson {
  paper: string;
  formFields: boolean;
}

interface ManifestJson {
  status: string;
  roster: string;
  rosterSha256: string | null;
  tool: { version: string };
  pdf: PdfOptionsJson | null;
  templates: { name: string; version: string; sha256: string }[];
  summary: { total: number; rendered: number; failed: number; skipped: number; pending: number };
  entries: {
    index: number;
    line: number | null;
    for: string;
    status: string;
    files: { name: string; bytes: number | null; sha256: string | null; answersSha256: string | null; templateSha256: string | null; templateVersion: string | null; pdf: PdfOptionsJson | null }[];
    errors: { path: string; message: string; line?: number }[];
    warnings: { path: string; message: string; line?: number; column?: number }[];
  }[];
  earlierFiles: (ManifestJson['entries'][number]['files'][number] & { for: string })[];
}

async function readManifest(dir: string): Promise<ManifestJson> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ManifestJson;
}

/** Every file the manifest names exists with the recorded size and hash. */
async function expectManifestMatchesFiles(dir: string, manifest: ManifestJson): Promise<void> {
  for (const entry of manifest.entries) {
    for (const { answersSha256, templateSha256, templateVersion, pdf, ...file } of entry.files) {
      const bytes = await readFile(join(dir, file.name));
      expect({ name: file.name, bytes: bytes.length, sha256: sha256(bytes) }).toEqual(file);
      if (answersSha256 !== null) expect(answersSha256).toMatch(/^[0-9a-f]{64}$/);
      if (templateSha256 !== null) expect(templateSha256).toMatch(/^[0-9a-f]{64}$/);
      if (templateVersion !== null) expect(manifest.templates.map((template) => template.version)).toContain(templateVersion);
      if (file.name.endsWith('.md')) expect(pdf).toBeNull();
    }
  }
}

const shared = `${oneToOneDefaults}agreements:\n`;

const oneToOne = (supervisee: string, extra = ''): string =>
  `  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: ${supervisee} }
    startDate: 2026-12-01
${extra}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'supervise-batch-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A roster of `count` one-to-one entries, "Person 1" onwards, written as roster.yaml in `dir`. */
async function writeRosterOf(dir: string, count: number): Promise<void> {
  const entries = Array.from({ length: count }, (_, index) => oneToOne(`Person ${index + 1}`)).join('');
  await writeFile(join(dir, 'roster.yaml'), `${shared}${entries}`);
}

/** The batch as a child process, to be signalled: its stdout and stderr so far, and its exit code once it ends. */
function startBatch(args: readonly string[], cwd: string): { output: { stdout: string; stderr: string }; exited: Promise<number | null>; child: ReturnType<typeof spawn> } {
  const child = spawn(process.execPath, [bin, 'batch', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { output, exited, child };
}

/**
 * Waits until `folder` holds at least `count` files ending in `extension`: the batch is under way. A busy machine
 * can take many seconds to get there; signalling the batch before it has would test something else, so a batch
 * that never gets there fails the test here.
 */
async function waitForFiles(folder: string, extension: string, count: number): Promise<void> {
  const deadline = Date.now() + cliRunLimitMs;
  for (;;) {
    const names = await readdir(folder).catch(() => [] as string[]);
    if (names.filter((name) => name.endsWith(extension)).length >= count) return;
    if (Date.now() > deadline) throw new Error(`${folder} held ${names.length} files, not ${count} ${extension} files, after ${cliRunLimitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('supervise batch', () => {
  it('renders every entry of the example roster and a manifest whose hashes match the files', async () => {
    const result = await run(['batch', exampleRoster, '--format', 'md', '--out', 'team'], dir);
    expect(result.stderr).toContain('Batch of 5: 5 rendered (5 files), 0 failed');
    expect(result.code).toBe(0);
    const out = join(dir, 'team');
    expect((await readdir(out)).sort()).toEqual([
      'group-northshire-family-support-practitioners-2027-01-05.md',
      'manifest.json',
      'one-to-one-aoife-ni-bhriain-2027-01-11.md',
      'one-to-one-lukasz-zolc-2026-12-07.md',
      'one-to-one-sian-wyn-2026-12-01.md',
      'one-to-one-tom-evans-2026-12-01.md',
    ]);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('complete');
    // The roster it was made from, as `sha256sum roster.yaml` names it.
    expect([manifest.roster, manifest.rosterSha256]).toEqual(['roster.yaml', sha256(await readFile(exampleRoster))]);
    expect(manifest.templates.map((template) => template.name)).toEqual(['group', 'one-to-one']);
    for (const template of manifest.templates) expect(template.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.entries.map((entry) => [entry.index, entry.status, entry.for])).toEqual([
      [1, 'rendered', 'Tom Evans'],
      [2, 'rendered', 'Siân Ŵyn'],
      [3, 'rendered', 'Łukasz Żółć'],
      [4, 'rendered', 'Aoife Ní Bhriain'],
      [5, 'rendered', 'Northshire Family Support Practitioners'],
    ]);
    await expectManifestMatchesFiles(out, manifest);
    expect(await readFile(join(out, 'one-to-one-lukasz-zolc-2026-12-07.md'), 'utf8')).toContain('Łukasz Żółć');
    expect((await lstat(join(out, 'one-to-one-tom-evans-2026-12-01.md'))).mode & 0o777).toBe(0o600);
  });

  it('names a roster read from standard input or <(…) truly in manifest.json, with the hash of its bytes', async () => {
    const bytes = await readFile(exampleRoster);
    const cases: [string, string][] = [
      // Redirected from a file, /dev/stdin is that file: named by it, not "stdin".
      [`${quote(process.execPath)} ${quote(bin)} batch /dev/stdin -f md -o redirected < ${quote(exampleRoster)}`, 'roster.yaml'],
      // A pipe has no name of its own: the path as given says where it was read from, where "stdin" or "63" named no file.
      [`cat ${quote(exampleRoster)} | ${quote(process.execPath)} ${quote(bin)} batch /dev/stdin -f md -o piped`, '/dev/stdin'],
      [`${quote(process.execPath)} ${quote(bin)} batch <(cat ${quote(exampleRoster)}) -f md -o substituted`, '/dev/fd/'],
    ];
    for (const [command, name] of cases) {
      const result = spawnSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(result.stderr).toContain('5 rendered (5 files), 0 failed');
      const out = join(dir, command.match(/-o (\w+)/)![1]!);
      const manifest = await readManifest(out);
      if (name.endsWith('/')) expect(manifest.roster).toMatch(/^\/dev\/fd\/\d+$/);
      else expect(manifest.roster).toBe(name);
      expect(manifest.rosterSha256).toBe(sha256(bytes));
    }
  });

  it('renders the good entries, reports each bad one with its line, and exits 1', async () => {
    await writeFile(
      join(dir, 'roster.yaml'),
      `${shared}${oneToOne('Tom Evans')}${oneToOne('Siân Ŵyn', '    schedule: { time: "25:00" }\n')}${oneToOne('Li Wei')}  - template: one-to-on
    supervisee: { name: Jo Bloggs }
`,
    );
    const result = await run(['batch', 'roster.yaml', '-f', 'md'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/roster\.yaml:12:5: entry 2 \(Siân Ŵyn, one-to-one\) is invalid/);
    expect(result.stderr).toMatch(/roster\.yaml:16:17: schedule\.time: must be a 24-hour time/);
    expect(result.stderr).toMatch(/roster\.yaml:21:5: entry 4 \(Jo Bloggs\) is invalid/);
    expect(result.stderr).toContain('did you mean "one-to-one"');
    expect(result.stderr).toContain('2 of 4 entries failed');
    const out = join(dir, 'agreements');
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'one-to-one-li-wei-2026-12-01.md', 'one-to-one-tom-evans-2026-12-01.md']);
    const manifest = await readManifest(out);
    expect(manifest.entries.map((entry) => [entry.status, entry.line])).toEqual([
      ['rendered', 8],
      ['failed', 12],
      ['rendered', 17],
      ['failed', 21],
    ]);
    expect(manifest.entries[1]!.errors).toEqual([expect.objectContaining({ path: 'schedule.time', line: 16 })]);
    await expectManifestMatchesFiles(out, manifest);
    expect(result.stderr).toContain('run again with --skip-existing to render only what is missing');

    // Under --force the advice must be a command that runs: --skip-existing cannot be added to --force.
    const forced = await run(['batch', 'roster.yaml', '-f', 'md', '--force'], dir);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('run again with --skip-existing in place of --force to render only what is missing');
  });

  it('shows a problem in the defaults once, with the entries it affects, not once per entry', async () => {
    const badDefault = shared.replace('time: "14:00"', 'time: "2pm"');
    const entries = [oneToOne('Tom Evans'), oneToOne('Li Wei'), oneToOne('Ana Silva', '    startDte: 2026-12-01\n'), oneToOne('Sam Reid')];
    await writeFile(join(dir, 'roster.yaml'), `${badDefault}${entries.join('')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(result.code).toBe(1);
    const timeLine = badDefault.split('\n').findIndex((line) => line.includes('"2pm"')) + 1;
    expect(result.stderr).toContain('A problem shared by 4 entries (1–4), shown once:');
    expect(result.stderr.match(/schedule\.time: must be a 24-hour time/g)).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`roster\\.yaml:${timeLine}:\\d+: schedule\\.time: must be a 24-hour time`));
    // The one entry with a problem of its own is still listed, with only that problem.
    expect(result.stderr).toMatch(/entry 3 \(Ana Silva, one-to-one\) is invalid, 1 problem \(and 1 shared, above\):\n.*startDte: is not a field/);
    expect(result.stderr).not.toContain('entry 1 (');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('after listing every invalid entry, counts the problems many of them share, last, just before the error', async () => {
    // A misnamed column in five entries; three reviews before the start, each message naming its own dates; one valid entry.
    const misnamed = (name: string): string => `  - template: one-to-one\n    supervisor: { name: Priya Shah }\n    supervise: { name: ${name} }\n    startDate: 2026-12-01\n`;
    const reviewedEarly = (name: string, day: number): string => oneToOne(name, `    review: { date: 2026-11-0${day} }\n`);
    const entries = [
      ...['Tom Evans', 'Li Wei', 'Ana Silva', 'Sam Reid', 'Ade Okafor'].map(misnamed),
      ...[1, 2, 3].map((day) => reviewedEarly(`Person ${day}`, day)),
      oneToOne('Zoë Price'),
    ];
    await writeFile(join(dir, 'roster.yaml'), `${shared}${entries.join('')}`);
    const summary =
      '5 of 9 entries have the same problems:\n' +
      '  5 entries: supervisee: is required\n' +
      '  5 entries: supervise: is not a field of this template (did you mean "supervisee"?)\n';

    const dryRun = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run'], dir);
    expect(dryRun.code).toBe(1);
    // Every invalid entry is still listed with each of its problems.
    expect(dryRun.stderr.match(/^roster\.yaml:\d+:5: entry \d \(.*\) is invalid/gm)).toHaveLength(8);
    expect(dryRun.stderr.match(/^ {2}error roster\.yaml:\d+:5: supervisee: is required$/gm)).toHaveLength(5);
    expect(dryRun.stderr).toMatch(/review\.date: must be after startDate \(1 December 2026\), but is 3 November 2026\n/);
    expect(dryRun.stderr).toContain(
      `Dry run: 1 of 9 entries valid, 1 file planned in out; nothing was written.\n${summary}error: Dry run: 8 of 9 entries are invalid\nFix the entries listed above. Nothing was written.\n`,
    );

    const batch = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(batch.code).toBe(1);
    expect(batch.stderr).toMatch(new RegExp(`Batch of 9: 1 rendered \\(1 file\\), 8 failed\\. .*\\n${summary.replace(/[()?"]/g, '\\$&')}error: 8 of 9 entries failed\\n`));

    // --json keeps each entry's record as it was; the count is said on stderr alone.
    const json = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'json-out', '--fail-fast', '--json'], dir);
    expect(json.stderr).toContain(`${summary}error: 8 of 9 roster entries are invalid; nothing was written\n`);
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['ok', 'error', 'summary', 'leftOut', 'entries']);
    // Nothing is above the error in a report: its hint points at the entries it lists.
    expect((report.error as { hint: string }).hint).toBe(
      'Fix the invalid entries (each in `entries`, with its problems), or run without --fail-fast to render the valid ones.',
    );
  });

  it('writes every count in its messages the same way, 1,000, in a dry run, a batch and a refusal', async () => {
    await writeRosterOf(dir, 1000);
    const dryRun = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run'], dir);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toContain('Dry run: 1,000 of 1,000 entries valid, 1,000 files planned in out; nothing was written.');
    const batch = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(batch.code).toBe(0);
    expect(batch.stderr).toContain('Batch of 1,000: 1,000 rendered (1,000 files), 0 failed.');
    const again = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error: Not overwriting 1,001 existing files in out; nothing was written:\n');
    expect(again.stderr).toContain('\n  … and 981 more\n');
    const dryAgain = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run'], dir);
    expect(dryAgain.stderr).toContain('error: Dry run: 1,000 planned files and manifest.json already exist in out\n');
  });

  it('writes the counts of invalid entries, and of a text past its limit, the same way too', async () => {
    const misnamed = (index: number): string =>
      `  - template: one-to-one\n    supervisor: { name: Priya Shah }\n    supervise: { name: Person ${index} }\n    startDate: 2026-12-01\n`;
    const tooLong = oneToOne('Tom Evans', `    location: { contingency: ${'a'.repeat(4001)} }\n`);
    await writeFile(join(dir, 'roster.yaml'), `${shared}${tooLong}${Array.from({ length: 1000 }, (_, index) => misnamed(index + 1)).join('')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('location.contingency: must be at most 4,000 characters (it has 4,001)\n');
    expect(result.stderr).toContain(
      '1,000 of 1,001 entries have the same problems:\n' +
        '  1,000 entries: supervisee: is required\n' +
        '  1,000 entries: supervise: is not a field of this template (did you mean "supervisee"?)\n' +
        'error: 1,001 of 1,001 roster entries are invalid; nothing was written\n',
    );
    // --json keeps its numbers as numbers.
    const json = JSON.parse((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--json'], dir)).stdout) as { summary: unknown };
    expect(json.summary).toEqual({ total: 1001, valid: 0, invalid: 1001 });
  });

  it('counts a problem shared by only two entries as nothing more than the entries it is listed under', async () => {
    const misnamed = (name: string): string => `  - template: one-to-one\n    supervisor: { name: Priya Shah }\n    supervise: { name: ${name} }\n    startDate: 2026-12-01\n`;
    await writeFile(join(dir, 'roster.yaml'), `${shared}${misnamed('Tom Evans')}${misnamed('Li Wei')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('have the same problem');
    expect(result.stderr).toMatch(/supervisee"\?\)\nerror: 2 of 2 roster entries are invalid/);
  });

  it('gives clashing names a unique suffix in roster order', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Tom Evans')}${oneToOne('Tom  Evans')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(result.code).toBe(0);
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => entry.files[0]!.name)).toEqual([
      'one-to-one-tom-evans-2026-12-01.md',
      'one-to-one-tom-evans-2026-12-01-2.md',
      'one-to-one-tom-evans-2026-12-01-3.md',
    ]);
    await expectManifestMatchesFiles(join(dir, 'out'), manifest);
  });

  it('without --force, lists existing targets and writes nothing; with --force, replaces them', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'one-to-one-li-wei-2026-12-01.md'), 'old\n');

    const refused = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Not overwriting 1 existing file in out; nothing was written');
    expect(refused.stderr).toContain(join('out', 'one-to-one-li-wei-2026-12-01.md'));
    expect(await readdir(join(dir, 'out'))).toEqual(['one-to-one-li-wei-2026-12-01.md']);

    const forced = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'one-to-one-li-wei-2026-12-01.md'), 'utf8')).toContain('Li Wei');
    await expectManifestMatchesFiles(join(dir, 'out'), await readManifest(join(dir, 'out')));
  });

  it('draws a progress bar on a terminal (done/total, rate, time left) and clears it for the summary; plain lines otherwise', async () => {
    const pty = new PtySession(['batch', exampleRoster, '--format', 'md', '--out', 'team'], dir);
    expect(await pty.exited).toBe(0);
    // While the roster is checked a line says so; the bar is then drawn over it at once, in the same row.
    expect(pty.rawOutput).toMatch(/^\r\u001b\[KChecking 5 entries…\r\u001b\[K\[-{24}\] 0\/5  /);
    // The bar is redrawn in place (a carriage return, then the line cleared) and cleared before the summary.
    // The rate keeps a tenth below 10/s only (3.5/s, 18/s).
    expect(pty.rawOutput).toMatch(/\r\u001b\[K\[#*-*\] \d\/5  (\d\.\d|[1-9][\d,]*)\/s  (\d+s|…) left/);
    expect(pty.rawOutput).toMatch(/\r\u001b\[K\[#{24}\] 5\/5  (\d\.\d|[1-9][\d,]*)\/s  0s left\r\u001b\[KBatch of 5: 5 rendered/);
    const piped = await run(['batch', exampleRoster, '--format', 'md', '--out', 'team', '--force'], dir);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toMatch(/\r|\[#|\/s /);
    expect(piped.stderr).not.toContain('Checking');
    expect(piped.stderr).toContain('Batch of 5: 5 rendered');
  });

  it('on a terminal that says it is dumb (TERM=dumb), draws no bar and clears no row: it could not, and left the codes behind', async () => {
    const pty = new PtySession(['batch', exampleRoster, '--format', 'md', '--out', 'team'], dir, 120, { TERM: 'dumb' });
    expect(await pty.exited).toBe(0);
    expect(pty.rawOutput).not.toContain('\u001b[K');
    expect(pty.rawOutput).not.toMatch(/\[#*-+\] \d\/5/);
    expect(pty.text).not.toContain('Checking 5 entries');
    // Said whole, as off a terminal.
    expect(pty.text).toContain('Batch of 5: 5 rendered');
    expect(await readdir(join(dir, 'team'))).toHaveLength(6);
  });

  it('on a terminal, a message said while the roster is checked replaces the "Checking" line, leaving nothing behind', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}  - template: one-to-one\n    answers: {}\n`);
    const pty = new PtySession(['batch', 'roster.yaml', '--format', 'md', '--out', 'out'], dir);
    expect(await pty.exited).toBe(1);
    expect(pty.rawOutput).toMatch(/^\r\u001b\[KChecking 2 entries…\r\u001b\[K[^\r]*entry 2/);
  });

  it('refuses --out naming a file (or a path inside one) as that, before reading the roster, dry run and --json too', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    const hint = 'Name a folder with --out (it is made if it is not there), for example --out agreements; nothing was written.\n';
    const plain = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'notes.txt'], dir);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(`error: --out notes.txt is a file, not a folder\n${hint}`);
    const inside = await run(['batch', 'roster.yaml', '-f', 'md', '-o', join('notes.txt', 'team'), '--dry-run'], dir);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toBe(`error: --out ${join('notes.txt', 'team')} is inside notes.txt, which is a file, not a folder\n${hint}`);
    // Before the roster is read: a roster that is not there is not what is said.
    const json = await run(['batch', 'missing.yaml', '-o', 'notes.txt', '--json'], dir);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { message: '--out notes.txt is a file, not a folder' } });
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('refuses --out that is a symbolic link to a folder not there (or a path inside one) as that, not as "it does not exist"', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    // As left when the shared drive it pointed to is not mounted.
    await symlink(join('drive', 'agreements'), join(dir, 'agreements'));
    const hint = 'Make the folder it points to, or name another folder with --out; nothing was written.\n';
    const link = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'agreements'], dir);
    expect(link.code).toBe(1);
    expect(link.stderr).toBe(`error: --out agreements is a symbolic link to ${join('drive', 'agreements')}, which does not exist\n${hint}`);
    const inside = await run(['batch', 'roster.yaml', '-f', 'md', '-o', join('agreements', '2026'), '--dry-run'], dir);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toBe(`error: --out ${join('agreements', '2026')} is inside agreements, a symbolic link to ${join('drive', 'agreements')}, which does not exist\n${hint}`);
    expect(existsSync(join(dir, 'drive'))).toBe(false);
    // Once the folder it points to is there, the batch writes through the link.
    await mkdir(join(dir, 'drive', 'agreements'), { recursive: true });
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'agreements'], dir)).code).toBe(0);
    expect(await readdir(join(dir, 'drive', 'agreements'))).toContain('manifest.json');
  });

  it.skipIf(asUnprivileged === undefined)('refuses a roster it may not read in words, not as a bug', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    await chmod(dir, 0o755);
    await chmod(join(dir, 'roster.yaml'), 0o200);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir, {}, asUnprivileged);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: Cannot read the roster roster.yaml: permission denied\nMake the file readable (or run as a user who may read it) and run the command again.\n');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it.skipIf(asUnprivileged === undefined)('refuses an output folder it cannot write into before rendering anything, dry run too', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    const locked = join(dir, 'locked');
    await mkdir(locked);
    if (process.getuid?.() === 0) {
      // Readable by the other user, who owns the locked folder but may not write in it.
      await chmod(dir, 0o755);
      await chmod(join(dir, 'roster.yaml'), 0o644);
      await chown(locked, unprivilegedId, unprivilegedId);
    }
    await chmod(locked, 0o555);
    try {
      for (const [out, flags] of [['locked', ['--dry-run']], ['locked', []], [join('locked', 'new', 'folder'), []]] as const) {
        const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', out, ...flags], dir, {}, asUnprivileged);
        expect(result.code).toBe(1);
        // Named as typed, relative to where the command ran, as every other message names files.
        expect(result.stderr).toContain(`error: ${flags.length > 0 ? 'Dry run: ' : ''}Cannot write ${out}: permission denied; nothing was written`);
        expect(result.stderr).not.toContain('Batch of');
      }
      expect(await readdir(locked)).toEqual([]);
    } finally {
      await chmod(locked, 0o700);
    }
  });

  it.skipIf(asUnprivileged === undefined)('names the folder that may not be opened, not a file inside it the user cannot see', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    // Another user's team folder, closed to everyone else (drwx------), holding the folder the batch is pointed at.
    const closed = join(dir, 'closed');
    await mkdir(join(closed, 'team'), { recursive: true });
    await chmod(closed, 0o700);
    if (process.getuid?.() === 0) {
      await chmod(dir, 0o755);
      await chmod(join(dir, 'roster.yaml'), 0o644);
    }
    for (const [out, flags] of [[join('closed', 'team'), ['--dry-run']], [join('closed', 'team'), []], [join('closed', 'new', 'folder'), []]] as const) {
      const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', out, ...flags], dir, {}, asUnprivileged);
      expect(result.code).toBe(1);
      // Before: "Cannot write closed/team/manifest.json: permission denied", of a folder the user could not list.
      expect(result.stderr).toContain('error: Cannot open the folder closed to write in it: permission denied\n');
      expect(result.stderr).toContain('it needs the x, search, permission');
      expect(result.stderr).not.toContain('manifest.json');
    }
    const single = await run(['new', 'one-to-one', '-a', join(root, 'examples', 'one-to-one.yaml'), '-f', 'md', '-o', join('closed', 'team', 'tom.md')], dir, {}, asUnprivileged);
    expect(single.code).toBe(1);
    expect(single.stderr).toContain('error: Cannot open the folder closed to write in it: permission denied\n');
    expect(await readdir(join(closed, 'team'))).toEqual([]);
  });

  /** A read-only file system of its own (a tmpfs mounted read-only), where the test runs as root and may mount one. */
  const mountReadOnly = (path: string): boolean =>
    process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', path]).status === 0;

  it('refuses an output folder on a read-only disk before rendering, saying to choose one on a disk that can be written to', async (test) => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const readOnly = join(dir, 'read-only');
    await mkdir(readOnly);
    if (!mountReadOnly(readOnly)) test.skip();
    try {
      for (const flags of [['--dry-run'], []]) {
        const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', join('read-only', 'out'), ...flags], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`error: ${flags.length > 0 ? 'Dry run: ' : ''}Cannot write ${join('read-only', 'out')}: the file system is read-only; nothing was written\n`);
        // Not "fix the permissions of this one", which no permission would do.
        expect(result.stderr).toContain('Choose an output folder with --out on a disk that can be written to, and run again.');
      }
    } finally {
      spawnSync('umount', [readOnly]);
    }
  });

  it('with --force, an entry whose file is in the way (a folder) fails alone, named as the folder was typed; the manifest keeps the full path', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    const tomFile = 'one-to-one-tom-evans-2026-12-01.md';
    await mkdir(join(dir, 'out', tomFile), { recursive: true });
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--force'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`entry 1 (Tom Evans) failed to render: Cannot write ${join('out', tomFile)}: it is a folder`);
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['failed', 'rendered']);
    expect(manifest.entries[0]!.errors[0]!.message).toBe(`Cannot write ${join(dir, 'out', tomFile)}: it is a folder`);
  });

  it('with --force and both formats, an entry whose Markdown is in the way (a folder) keeps its PDF as it was, and the manifest its record of it', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'out'], dir)).code).toBe(0);
    const tomPdf = join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.pdf');
    const tomMarkdown = join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md');
    // The PDF, signed since: the one a user would least like replaced while its entry is said to have failed.
    await writeFile(tomPdf, 'the signed PDF');
    const recorded = (await readManifest(join(dir, 'out'))).entries[0]!.files.find((file) => file.name.endsWith('.pdf'))!;
    await rm(tomMarkdown);
    await mkdir(tomMarkdown);

    const result = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'out', '--force'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`entry 1 (Tom Evans) failed to render: Cannot write ${join('out', 'one-to-one-tom-evans-2026-12-01.md')}: it is a folder`);
    expect(await readFile(tomPdf, 'utf8')).toBe('the signed PDF');
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['failed', 'rendered']);
    // Nothing of entry 1 was written, so the record of its PDF (whatever it vouches for) is carried on unchanged.
    expect(manifest.earlierFiles.find((file) => file.name === recorded.name)).toEqual({ ...recorded, for: 'Tom Evans' });
    expect((await readdir(join(dir, 'out'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('with --skip-existing, fails an entry whose file is a folder or a symbolic link, rather than keeping it as the agreement and exiting 0', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}${oneToOne('Ana Silva')}`);
    const tomFile = 'one-to-one-tom-evans-2026-12-01.md';
    const liFile = 'one-to-one-li-wei-2026-12-01.md';
    await mkdir(join(dir, 'out', tomFile), { recursive: true });
    await writeFile(join(dir, 'elsewhere.md'), 'not an agreement\n');
    await symlink(join(dir, 'elsewhere.md'), join(dir, 'out', liFile));
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`entry 1 (Tom Evans) failed to render: Cannot keep ${join('out', tomFile)} as its agreement: it is a folder; move it out of the way and run the same command again`);
    expect(result.stderr).toContain(`entry 2 (Li Wei) failed to render: Cannot keep ${join('out', liFile)} as its agreement: it is a symbolic link; move it out of the way and run the same command again`);
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['failed', 'failed', 'rendered']);
    expect(await readFile(join(dir, 'elsewhere.md'), 'utf8')).toBe('not an agreement\n');
  });

  it('--dry-run fails an entry whose file is in the way as the batch does: a folder or a symbolic link under --skip-existing, a folder under --force', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}${oneToOne('Ana Silva')}`);
    const tomFile = 'one-to-one-tom-evans-2026-12-01.md';
    const liFile = 'one-to-one-li-wei-2026-12-01.md';
    const keepMessage = (name: string, kind: string): string => `Cannot keep ${name} as its agreement: it is ${kind}; move it out of the way and run the same command again`;
    for (const [flag, failing] of [
      ['--skip-existing', [`entry 1 (Tom Evans) would fail: ${keepMessage(join('out', tomFile), 'a folder')}`, `entry 2 (Li Wei) would fail: ${keepMessage(join('out', liFile), 'a symbolic link')}`]],
      ['--force', [`entry 1 (Tom Evans) would fail: Cannot write ${join('out', tomFile)}: it is a folder`]],
    ] as const) {
      await rm(join(dir, 'out'), { recursive: true, force: true });
      await mkdir(join(dir, 'out', tomFile), { recursive: true });
      await symlink(join(dir, 'roster.yaml'), join(dir, 'out', liFile));
      const dryRun = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run', flag], dir);
      expect(dryRun.code).toBe(1);
      for (const line of failing) expect(dryRun.stderr).toContain(line);
      expect(dryRun.stderr).toContain(`error: Dry run: ${failing.length} entr${failing.length === 1 ? 'y' : 'ies'} would fail: ${failing.length === 1 ? 'a folder' : '2 folders or symbolic links'}`);
      // The summary line counts them too, rather than calling every entry valid just above that error.
      expect(dryRun.stderr).toContain(`Dry run: 3 of 3 entries valid, ${failing.length} of them would fail, 3 files planned in out; nothing was written.`);
      const json = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run', '--json', flag], dir);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as { ok: boolean; summary: Record<string, number>; entries: { status: string; errors: { path: string; message: string }[] }[] };
      expect(report.ok).toBe(false);
      expect(report.summary).toEqual({ total: 3, valid: 3, invalid: 0, wouldFail: failing.length });
      expect(report.entries.map((entry) => entry.status)).toEqual(['planned', 'planned', 'planned']);
      // The batch itself fails the same entries, with the same messages (its manifest names files by their full path).
      const real = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', flag], dir);
      expect(real.code).toBe(1);
      for (const line of failing) expect(real.stderr).toContain(line.replace('would fail', 'failed to render'));
      const manifest = await readManifest(join(dir, 'out'));
      expect(report.entries.map((entry) => entry.errors)).toEqual(manifest.entries.map((entry) => entry.errors));
      expect(manifest.entries.filter((entry) => entry.status === 'failed')).toHaveLength(failing.length);
    }
  });

  it('counts a symbolic link as existing and never writes through it', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'elsewhere.md'), 'not yours\n');
    await symlink(join(dir, 'elsewhere.md'), join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'));

    const refused = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('one-to-one-tom-evans-2026-12-01.md');

    const forced = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, 'elsewhere.md'), 'utf8')).toBe('not yours\n');
    expect((await lstat(join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'))).isSymbolicLink()).toBe(false);
  });

  it('--dry-run validates and lists the planned files, writing nothing', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'out', '--dry-run'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      `write   ${join('out', 'one-to-one-tom-evans-2026-12-01.pdf')}`,
      `write   ${join('out', 'one-to-one-tom-evans-2026-12-01.md')}`,
      `write   ${join('out', 'one-to-one-li-wei-2026-12-01.pdf')}`,
      `write   ${join('out', 'one-to-one-li-wei-2026-12-01.md')}`,
    ]);
    expect(result.stderr).toContain('Dry run: 2 of 2 entries valid, 4 files planned in out; nothing was written.');
    expect(existsSync(join(dir, 'out'))).toBe(false);

    // Once written, the dry run counts what it listed as existing, and the manifest apart.
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    const again = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run'], dir);
    expect(again.code).toBe(1);
    expect(again.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['exists', 'exists']);
    expect(again.stderr).toContain('error: Dry run: 2 planned files and manifest.json already exist in out');

    // An invalid entry and an existing file are both said, each with what to do.
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans').replace('2026-12-01', '2026-13-01')}`);
    const both = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run'], dir);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(
      'error: Dry run: 1 of 1 entries is invalid, and manifest.json already exists in out\nFix the entries listed above; use --force to replace the existing files or --skip-existing to keep them. Nothing was written.\n',
    );
  });

  it('refuses, while planning and at its line, an answer a PDF cannot print; a dry run too, and Markdown holds it', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('王伟')}${oneToOne('Siân Ŵyn')}`);
    const dryRun = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'out', '--dry-run'], dir);
    expect(dryRun.code).toBe(1);
    expect(dryRun.stderr).toContain('roster.yaml:8:5: entry 1 (王伟, one-to-one) is invalid, 1 problem:');
    expect(dryRun.stderr).toContain('error roster.yaml:10:19: supervisee.name: contains "王" (U+738B), "伟" (U+4F1F), which the PDF font cannot print');
    expect(dryRun.stdout).not.toContain('wangwei');
    const markdown = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(markdown.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'one-to-one-wangwei-2026-12-01.md'), 'utf8')).toContain('王伟');
  });

  it('names an entry with no one to go by just by its number', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}  - just a line of text\n${oneToOne('Tom Evans')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('roster.yaml:8:5: entry 1 is invalid, 1 problem:');
  });

  it('--fail-fast renders nothing when any entry is invalid', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei', '    schedule: { time: 7pm }\n')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--fail-fast'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/entry 2 \(Li Wei, one-to-one\) is invalid/);
    expect(result.stderr).toContain('1 of 2 roster entries is invalid; nothing was written');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--json lists each entry with its problems when the batch stops before rendering, and in a dry run', async () => {
    const badTime = '    schedule: { time: 7pm }\n';
    interface StoppedReport {
      ok: boolean;
      error?: { message: string };
      summary: { total: number; valid: number; invalid: number };
      entries: { index: number; status: string; errors: { path: string; line?: number; column?: number }[] }[];
    }
    const reportOf = async (roster: string, flags: string[]): Promise<StoppedReport> => {
      await writeFile(join(dir, 'roster.yaml'), roster);
      const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--json', ...flags], dir);
      expect(result.code).toBe(1);
      expect(existsSync(join(dir, 'out'))).toBe(false);
      return JSON.parse(result.stdout) as StoppedReport;
    };
    const liWeiTime = { path: 'schedule.time', line: 16, column: 17 };

    const failFast = await reportOf(`${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei', badTime)}`, ['--fail-fast']);
    expect(failFast.ok).toBe(false);
    expect(failFast.error?.message).toBe('1 of 2 roster entries is invalid; nothing was written');
    expect(failFast.summary).toEqual({ total: 2, valid: 1, invalid: 1 });
    expect(failFast.entries.map((entry) => [entry.index, entry.status])).toEqual([
      [1, 'planned'],
      [2, 'invalid'],
    ]);
    expect(failFast.entries[1]!.errors).toEqual([expect.objectContaining(liWeiTime)]);

    const allInvalid = `${shared}${oneToOne('Tom Evans', badTime)}${oneToOne('Li Wei', badTime)}`;
    const stopped = await reportOf(allInvalid, []);
    expect(stopped.entries.map((entry) => entry.errors.map((error) => error.path))).toEqual([['schedule.time'], ['schedule.time']]);
    // Tom's entry is a line longer now.
    expect(stopped.entries[1]!.errors[0]).toMatchObject({ ...liWeiTime, line: 17 });

    const dryRun = await reportOf(allInvalid, ['--dry-run']);
    expect(dryRun.summary).toEqual({ total: 2, valid: 0, invalid: 2, wouldFail: 0 });
    expect(dryRun.entries[1]!.errors[0]).toMatchObject({ ...liWeiTime, line: 17 });
    // Like every report with ok: false, a dry run's says why, for a script that reads only that.
    expect(dryRun.ok).toBe(false);
    expect(dryRun.error?.message).toBe('Dry run: 2 of 2 entries are invalid');
  });

  it('--dry-run --json says in its error that files are in the way, when every entry is valid', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; error?: { message: string; problems: unknown[]; hint: string | null } };
    expect(report.ok).toBe(false);
    expect(report.error).toEqual({
      message: 'Dry run: 1 planned file and manifest.json already exist in out',
      problems: [],
      hint: 'Use --force to replace the existing files or --skip-existing to keep them. Nothing was written.',
    });
    const fine = JSON.parse((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run', '--json', '--skip-existing'], dir)).stdout) as { ok: boolean };
    expect(fine).not.toHaveProperty('error');
    expect(fine.ok).toBe(true);
  });

  it('warns with the roster line of what looks like a slip, and records the warning in the manifest and --json', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans', '    schedule: { day: "943 476 5919" }\n')}${oneToOne('Priya Shah')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--json'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: roster.yaml:12:17: entry 1 (Tom Evans): schedule.day: looks like an NHS number (943 476 5919)');
    expect(result.stderr).toContain('warning: roster.yaml:15:5: entry 2 (Priya Shah): supervisee: names the same person as the supervisor (Priya Shah)');
    const report = JSON.parse(result.stdout) as ManifestJson;
    const manifest = await readManifest(join(dir, 'out'));
    for (const record of [report, manifest]) {
      expect(record.entries.map((entry) => entry.warnings.map(({ path, line, column }) => ({ path, line, column })))).toEqual([
        [{ path: 'schedule.day', line: 12, column: 17 }],
        [{ path: 'supervisee', line: 15, column: 5 }],
      ]);
    }
  });

  it('warns about an entry whose first review is a day after its start, at the line of the review date', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans', '    review: { date: 2026-12-02 }\n')}${oneToOne('Ana Silva')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'warning: roster.yaml:12:15: entry 1 (Tom Evans): review.date: is 2 December 2026, one day after the start, though the agreement is reviewed every 6 months; check that this date is meant',
    );
    expect(result.stderr).not.toContain('entry 2');
  });

  it('says a warning that comes from the defaults once, at its line, with the entries it affects; each entry still records it', async () => {
    const defaults = `${oneToOneDefaults}  contractedOut: no\n  lineManager: { name: Rhys ap Gwilym }\nagreements:\n`;
    const lineManagerLine = defaults.split('\n').findIndex((line) => line.includes('Rhys ap Gwilym')) + 1;
    const ownLineManager = '    lineManager: { name: Gwen Jones }\n';
    await writeFile(join(dir, 'roster.yaml'), `${defaults}${oneToOne('Tom Evans')}${oneToOne('Priya Shah')}${oneToOne('Li Wei')}${oneToOne('Ana Silva', ownLineManager)}`);
    const leftOut = 'lineManager.name: is left out of the agreement: it is asked only when contractedOut is yes';
    for (const flags of [['--dry-run'], []]) {
      const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--json', ...flags], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`warning: roster.yaml:${lineManagerLine}:18: shared by 3 entries (1–3): ${leftOut}\n`);
      // Entry 4 gave a line manager of its own, which is its own warning; so is entry 2's slip.
      expect(result.stderr).toContain(`warning: roster.yaml:26:20: entry 4 (Ana Silva): ${leftOut}\n`);
      expect(result.stderr).toContain('warning: roster.yaml:16:5: entry 2 (Priya Shah): supervisee: names the same person as the supervisor (Priya Shah)');
      expect(result.stderr.match(/is left out of the agreement/g)).toHaveLength(2);
      const report = JSON.parse(result.stdout) as ManifestJson;
      const records = flags.length > 0 ? [report] : [report, await readManifest(join(dir, 'out'))];
      for (const record of records) {
        expect(record.entries.map((entry) => entry.warnings.map(({ path, line }) => `${path}:${line}`))).toEqual([
          [`lineManager.name:${lineManagerLine}`],
          [`lineManager.name:${lineManagerLine}`, 'supervisee:16'],
          [`lineManager.name:${lineManagerLine}`],
          ['lineManager.name:26'],
        ]);
      }
    }
  });

  it('--json puts a machine-readable report on stdout and the human text on stderr', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei', '    schedule: { durationMinutes: 500 }\n')}`);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as ManifestJson & { ok: boolean; outDir: string };
    expect(report.ok).toBe(false);
    expect(report.outDir).toBe(join(dir, 'out'));
    expect(report.summary).toEqual({ total: 2, rendered: 1, failed: 1, skipped: 0, pending: 0 });
    expect(report.entries[1]!.errors[0]).toMatchObject({ path: 'schedule.durationMinutes', line: 16 });
    expect(result.stderr).toContain('entry 2 (Li Wei, one-to-one) is invalid');
    expect(result.stderr).toContain('Batch of 2: 1 rendered');
  });

  it('names a roster it cannot read as it was typed, inside the current folder, and in full outside it', async () => {
    const inside = await run(['batch', 'no-such-roster.yaml'], dir);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain('error: Cannot read the roster no-such-roster.yaml: it does not exist');
    await mkdir(join(dir, 'sub'));
    const elsewhere = await run(['batch', join('..', 'no-such-roster.yaml')], join(dir, 'sub'));
    expect(elsewhere.stderr).toContain(`error: Cannot read the roster ${join(dir, 'no-such-roster.yaml')}: it does not exist`);
  });

  it('--json reports a roster that cannot be used as JSON too', async () => {
    await writeFile(join(dir, 'roster.yaml'), 'agreement: []\n');
    const result = await run(['batch', 'roster.yaml', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { problems: { path: string }[] } };
    expect(report.ok).toBe(false);
    expect(report.error.problems.map((problem) => problem.path)).toEqual(['agreement', 'agreements']);
  });

  it('--json reports a usage error as JSON too (exit 2), for batch and check', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    for (const args of [['batch', 'roster.yaml', '--json', '--jobs', 'abc'], ['check', '--json', '--bogus']]) {
      const result = await run(args, dir);
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout) as { ok: boolean; error: { message: string; hint: string } };
      expect(report.ok).toBe(false);
      expect(result.stderr).toContain(report.error.message);
      expect(report.error.hint).toBe(`Run \`supervise ${args[0]} --help\` for its arguments and options.`);
    }
    // Without --json, stdout stays empty.
    expect((await run(['batch', 'roster.yaml', '--jobs', 'abc'], dir)).stdout).toBe('');
  });

  it('refuses --force with --skip-existing (exit 2) with a hint saying what each keeps, in a --json report too', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const message = '--force and --skip-existing cannot be used together';
    const hint = 'Keep one: --force to render every file again, replacing those already there, or --skip-existing to keep those and render only the rest.';
    const result = await run(['batch', 'roster.yaml', '--force', '--skip-existing'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${message}\n${hint}\n`);
    const json = await run(['batch', 'roster.yaml', '--json', '--skip-existing', '--force'], dir);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { error: { message: string; hint: string } }).error).toMatchObject({ message, hint });
    expect(await readdir(dir)).toEqual(['roster.yaml']);
  });

  it('refuses "-" as the roster or --out rather than reading or making a file or folder called "-"', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const fromStdin = await run(['batch', '-', '-f', 'md'], dir);
    expect(fromStdin.code).toBe(2);
    expect(fromStdin.stderr).toContain('error: The roster - would be a file named "-": supervise reads files, not standard input\n');
    expect(fromStdin.stderr).toContain('Give the roster a file name, or /dev/stdin to read it from a pipe (one really named "-" is written ./-).');
    const toStdout = await run(['batch', 'roster.yaml', '-f', 'md', '--out', '-'], dir);
    expect(toStdout.code).toBe(2);
    expect(toStdout.stderr).toContain('error: --out - would be a folder named "-": supervise writes files, not standard output\nGive --out a folder name (one really named "-" is written ./-).');
    expect(await readdir(dir)).toEqual(['roster.yaml']);
  });

  it('refuses an empty roster path, --out or --templates (a shell variable not set) rather than using the current folder', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const empty = 'It is empty: give a path (a shell variable that is not set gives an empty value).';
    const out = await run(['batch', 'roster.yaml', '-f', 'md', '--out', ''], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`error: option '-o, --out <dir>' argument '' is invalid. ${empty}\n`);
    const forced = await run(['batch', 'roster.yaml', '-f', 'md', '--out', ' ', '--force', '--json'], dir);
    expect(forced.code).toBe(2);
    expect(JSON.parse(forced.stdout)).toMatchObject({ ok: false, error: { message: `option '-o, --out <dir>' argument ' ' is invalid. ${empty}` } });
    const roster = await run(['batch', '', '-f', 'md'], dir);
    expect(roster.code).toBe(2);
    expect(roster.stderr).toContain(`error: command-argument value '' is invalid for argument 'roster'. ${empty}\n`);
    const templates = await run(['batch', 'roster.yaml', '-f', 'md', '--templates', '', '--dry-run'], dir);
    expect(templates.code).toBe(2);
    expect(templates.stderr).toContain(`error: option '--templates <dir>' argument '' is invalid. ${empty}\n`);
    expect(await readdir(dir)).toEqual(['roster.yaml']);
  });

  it('refuses a path starting with a ~ the shell left as it is (--out=~/agreements), rather than making a folder named "~" here', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const out = await run(['batch', 'roster.yaml', '-f', 'md', '--out=~/agreements'], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      `error: option '-o, --out <dir>' argument '~/agreements' is invalid. It starts with a ~ the shell did not turn into your home folder (it does not after "=" or inside quotes), ` +
        'so it would name a folder called "~" here. Write $HOME in its place ($HOME/agreements), or give it with no "=" before it and no quotes around it, for the shell to expand.\n',
    );
    expect((await run(['batch', '~/roster.yaml', '-f', 'md'], dir)).code).toBe(2);
    expect((await run(['init', '~'], dir)).code).toBe(2);
    expect(await readdir(dir)).toEqual(['roster.yaml']);
    // A name that only starts with one is a name like any other.
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '--out', '~agreements'], dir)).code).toBe(0);
  });

  it('--skip-existing keeps existing files and renders only the rest', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'), 'kept\n');
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 rendered (1 file), 0 failed, 1 kept as it was');
    expect(await readFile(join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'), 'utf8')).toBe('kept\n');
    expect(await readFile(join(dir, 'out', 'one-to-one-li-wei-2026-12-01.md'), 'utf8')).toContain('Li Wei');
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['skipped', 'rendered']);
    await expectManifestMatchesFiles(join(dir, 'out'), manifest);

    // Adding the PDFs: only they are written, and only they are counted; the Markdown stays as it was.
    const both = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'out', '--skip-existing'], dir);
    expect(both.code).toBe(0);
    expect(both.stderr).toContain('2 rendered (2 files), 0 failed.');
    expect(await readFile(join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'), 'utf8')).toBe('kept\n');
    await expectManifestMatchesFiles(join(dir, 'out'), await readManifest(join(dir, 'out')));

    // Everything there already: all of it kept, and said in the plural.
    const again = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 rendered (0 files), 0 failed, 2 kept as they were. Only out/manifest.json was written (it lists every file).');
  });

  it('--skip-existing says which kept files no longer match their entry, whose answers changed since they were made', async () => {
    const tomOutOfDate = 'out/one-to-one-tom-evans-2026-12-01.md (entry 2, Tom Evans: its answers have changed)';
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    const [tomMade, liMade] = (await readManifest(join(dir, 'out'))).entries.map((entry) => entry.files[0]!.answersSha256);
    expect(tomMade).toMatch(/^[0-9a-f]{64}$/);
    expect(liMade).not.toBe(tomMade);

    // The entries change places (their lines move) and Tom's gains a role: only Tom's file no longer matches.
    const tomWithRole = oneToOne('Tom Evans').replace('{ name: Priya Shah }', '{ name: Priya Shah, role: Team Manager }');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Li Wei')}${tomWithRole}`);
    // A dry run says so first, as the batch will.
    const preview = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing', '--dry-run', '--json'], dir);
    expect(preview.code).toBe(0);
    expect(preview.stderr).toContain(tomOutOfDate);
    expect((JSON.parse(preview.stdout) as { outdated: { name: string }[] }).outdated.map((file) => file.name)).toEqual(['one-to-one-tom-evans-2026-12-01.md']);
    const kept = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain('warning: 1 kept file no longer matches what this run would make of its entry:');
    expect(kept.stderr).toContain(tomOutOfDate);
    expect(kept.stderr).not.toContain('li-wei-2026-12-01.md (entry');
    expect(await readFile(join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'), 'utf8')).not.toContain('Team Manager');
    // The manifest still says what each kept file was made from.
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => [entry.for, entry.status, entry.files[0]!.answersSha256])).toEqual([
      ['Li Wei', 'skipped', liMade],
      ['Tom Evans', 'skipped', tomMade],
    ]);

    // Said again on the next run, with --json listing it; a file changed by hand is one the manifest cannot vouch for.
    await writeFile(join(dir, 'out', 'one-to-one-li-wei-2026-12-01.md'), 'edited by hand\n');
    const again = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing', '--json'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(tomOutOfDate);
    const report = JSON.parse(again.stdout) as ManifestJson & { outdated: unknown[] };
    expect(report.outdated).toEqual([{ index: 2, for: 'Tom Evans', name: 'one-to-one-tom-evans-2026-12-01.md', changed: ['answers'], pdf: null }]);
    expect(report.entries.map((entry) => entry.files[0]!.answersSha256)).toEqual([null, tomMade]);

    // Once the file is deleted, the same command renders it from the answers as they are now.
    await rm(join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'));
    const renewed = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(renewed.stderr).not.toContain('warning');
    expect(await readFile(join(dir, 'out', 'one-to-one-tom-evans-2026-12-01.md'), 'utf8')).toContain('Team Manager');
  });

  it('--skip-existing keeps the record of an invalid entry\'s files, so once it is fixed a change to it is still named', async () => {
    const tomFile = 'one-to-one-tom-evans-2026-12-01.md';
    const args = ['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'];
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    expect((await run(args, dir)).code).toBe(0);
    const made = (await readManifest(join(dir, 'out'))).entries[0]!.files[0]!;

    // Tom's entry is invalid for a run: it renders nothing for him, but its manifest keeps the record of his file.
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans', '    schedule: { time: "25:00" }\n')}${oneToOne('Li Wei')}`);
    expect((await run(args, dir)).code).toBe(1);
    const invalid = await readManifest(join(dir, 'out'));
    expect(invalid.entries[0]).toMatchObject({ status: 'failed', files: [] });
    expect(invalid.earlierFiles).toEqual([{ ...made, for: 'Tom Evans' }]);

    // Fixed, but with another role for his supervisor: the file kept is named as out of date, beforehand and by the batch.
    const tomWithRole = oneToOne('Tom Evans').replace('{ name: Priya Shah }', '{ name: Priya Shah, role: Team Manager }');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${tomWithRole}${oneToOne('Li Wei')}`);
    for (const flags of [['--dry-run', '--json'], ['--json']]) {
      const result = await run([...args, ...flags], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`out/${tomFile} (entry 1, Tom Evans: its answers have changed)`);
      expect((JSON.parse(result.stdout) as { outdated: unknown[] }).outdated).toEqual([{ index: 1, for: 'Tom Evans', name: tomFile, changed: ['answers'], pdf: null }]);
    }
    const fixed = await readManifest(join(dir, 'out'));
    expect(fixed.entries[0]!.files).toEqual([made]);
    expect(fixed.earlierFiles).toEqual([]);
  });

  it('--force keeps the record of files still in the folder that it does not replace, so a later --skip-existing can check them', async () => {
    const tomFile = 'one-to-one-tom-evans-2026-12-01.md';
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    const made = (await readManifest(join(dir, 'out'))).entries[0]!.files[0]!;

    // Tom is left out of the roster for a run with --force: his file stays, and so does its record.
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Li Wei')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--force'], dir)).code).toBe(0);
    const forced = await readManifest(join(dir, 'out'));
    expect(forced.entries.map((entry) => entry.for)).toEqual(['Li Wei']);
    expect(forced.earlierFiles).toEqual([{ ...made, for: 'Tom Evans' }]);

    // Back in the roster with a changed entry: the file kept is checked against that record and named as out of date.
    const tomWithRole = oneToOne('Tom Evans').replace('{ name: Priya Shah }', '{ name: Priya Shah, role: Team Manager }');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${tomWithRole}${oneToOne('Li Wei')}`);
    const kept = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain(`out/${tomFile} (entry 1, Tom Evans: its answers have changed)`);
    expect(kept.stderr).not.toContain('could not be checked');
  });

  it('--skip-existing names a kept file the previous manifest has no record of, as it could not be checked against its entry', async () => {
    const tomFile = 'one-to-one-tom-evans-2026-12-01.md';
    const args = ['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'];
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Li Wei')}`);
    expect((await run(args, dir)).code).toBe(0);
    // Tom's agreement is put in the folder by hand: the manifest has no record of it.
    await writeFile(join(dir, 'out', tomFile), '# Supervision agreement: Tom Evans (typed up by hand)\n');

    // Tom is back, with a role for his supervisor: his old file is kept, but said to be unchecked, beforehand and by the batch.
    const tomWithRole = oneToOne('Tom Evans').replace('{ name: Priya Shah }', '{ name: Priya Shah, role: Team Manager }');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${tomWithRole}${oneToOne('Li Wei')}`);
    await appendFile(join(dir, 'out', 'one-to-one-li-wei-2026-12-01.md'), 'Signed: Li Wei\n');
    for (const flags of [['--dry-run', '--json'], ['--json']]) {
      const result = await run([...args, ...flags], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        [
          'warning: 1 kept file could not be checked against its entry, as out/manifest.json has no record of what it was made from:',
          `  out/${tomFile} (entry 1, Tom Evans)`,
          '  Delete it and run the same command again to render it from the roster.',
        ].join('\n'),
      );
      // Li's file, changed by hand since it was recorded, is kept quietly, as before.
      expect(result.stderr).not.toContain('li-wei-2026-12-01.md (entry');
      const report = JSON.parse(result.stdout) as { outdated: unknown[]; unchecked: unknown[] };
      expect(report.outdated).toEqual([]);
      expect(report.unchecked).toEqual([{ index: 1, for: 'Tom Evans', name: tomFile }]);
    }
    expect(await readFile(join(dir, 'out', tomFile), 'utf8')).not.toContain('Team Manager');
    expect((await readManifest(join(dir, 'out'))).entries[0]!.files[0]).toMatchObject({ name: tomFile, answersSha256: null });

    // Said on the run that first keeps it; from then on the manifest records it, as kept unchecked.
    expect((await run(args, dir)).stderr).not.toContain('warning');
    // With no manifest at all there is nothing it could have been checked against: nothing is said.
    await rm(join(dir, 'out', 'manifest.json'));
    for (const flags of [['--dry-run', '--json'], ['--json']]) {
      const quiet = await run([...args, ...flags], dir);
      expect(quiet.stderr).not.toContain('warning');
      expect((JSON.parse(quiet.stdout) as { unchecked: unknown[] }).unchecked).toEqual([]);
    }
    // Deleted, as the warning said, it is rendered from the roster as it is now.
    await rm(join(dir, 'out', tomFile));
    const renewed = await run(args, dir);
    expect(renewed.stderr).not.toContain('warning');
    expect(await readFile(join(dir, 'out', tomFile), 'utf8')).toContain('Team Manager');
  });

  it('--skip-existing says when manifest.json cannot be read, so the files it keeps go unchecked', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    await writeFile(join(dir, 'out', 'manifest.json'), '{ broken');
    for (const flags of [['--dry-run'], []]) {
      const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing', '--json', ...flags], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('warning: out/manifest.json could not be read (it is not valid JSON), so the files kept were not checked against the roster');
      // Said once for them all; --json lists each.
      expect(result.stderr.match(/warning/g)).toHaveLength(1);
      expect((JSON.parse(result.stdout) as { unchecked: unknown[] }).unchecked).toEqual([{ index: 1, for: 'Tom Evans', name: 'one-to-one-tom-evans-2026-12-01.md' }]);
    }
  });

  it.skipIf(asUnprivileged === undefined)('--skip-existing says in words why a manifest.json it may not read could not be read', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    if (process.getuid?.() === 0) {
      // The other user may write in the folder but not read the manifest, which stays root's.
      await chmod(dir, 0o755);
      await chmod(join(dir, 'roster.yaml'), 0o644);
      await chown(join(dir, 'out'), unprivilegedId, unprivilegedId);
    }
    await chmod(join(dir, 'out', 'manifest.json'), 0o200);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing', '--dry-run'], dir, {}, asUnprivileged);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: out/manifest.json could not be read (permission denied), so the files kept were not checked against the roster');
  });

  it.skipIf(asUnprivileged === undefined)('--skip-existing names a kept file it may not read, as it could not be checked, and keeps it (exit 0)', async () => {
    const tomFile = 'one-to-one-tom-evans-2026-12-01.md';
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    if (process.getuid?.() === 0) {
      // The other user may write in the folder and read the rest, but not Tom's agreement, which stays root's.
      await chmod(dir, 0o755);
      await chmod(join(dir, 'roster.yaml'), 0o644);
      await chown(join(dir, 'out'), unprivilegedId, unprivilegedId);
      for (const name of ['manifest.json', 'one-to-one-li-wei-2026-12-01.md']) await chmod(join(dir, 'out', name), 0o644);
    }
    await chmod(join(dir, 'out', tomFile), 0o000);
    for (const flags of [['--dry-run'], []]) {
      const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing', '--json', ...flags], dir, {}, asUnprivileged);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        [
          'warning: 1 kept file could not be read, so it was not checked against its entry:',
          `  out/${tomFile} (entry 1, Tom Evans: permission denied)`,
          '  Delete it and run the same command again to render it from the roster, or, to keep it, fix its permissions.',
        ].join('\n'),
      );
      const report = JSON.parse(result.stdout) as { unchecked: unknown[]; unreadable: unknown[] };
      expect(report.unreadable).toEqual([{ index: 1, for: 'Tom Evans', name: tomFile, reason: 'permission denied' }]);
      // Not said a second time as a file the manifest has no record of.
      expect(report.unchecked).toEqual([]);
    }
    const kept = (await readManifest(join(dir, 'out'))).entries[0]!.files[0]!;
    expect(kept).toMatchObject({ name: tomFile, bytes: null, sha256: null });
  });

  it('--skip-existing says which kept files were made with a template that has changed since', async () => {
    await cp(join(root, 'templates'), join(dir, 'packs'), { recursive: true });
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const args = ['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--templates', 'packs'];
    expect((await run(args, dir)).code).toBe(0);
    expect((await run([...args, '--skip-existing'], dir)).stderr).not.toContain('warning');
    await addAboveSignatures(join(dir, 'packs', 'one-to-one', 'agreement.md.hbs'), 'Reviewed by the safeguarding lead.\n\n');
    const kept = await run([...args, '--skip-existing'], dir);
    expect(kept.code).toBe(0);
    // Changed, but its version not raised: said, as its author may have meant to.
    expect(kept.stderr).toContain(`out/one-to-one-tom-evans-2026-12-01.md (entry 1, Tom Evans: its template has changed (still version ${oneToOneVersion}))`);
    // Said again next time: the kept file is recorded with the template it was made with, not today's.
    expect((await run([...args, '--skip-existing'], dir)).stderr).toContain(`(entry 1, Tom Evans: its template has changed (still version ${oneToOneVersion}))`);
    const [file] = (await readManifest(join(dir, 'out'))).entries[0]!.files;
    expect(file!.templateSha256).not.toBe((await readManifest(join(dir, 'out'))).templates[0]!.sha256);
  });

  it('--skip-existing and the manifest say which version of its pack a kept file was made with, once the version is raised', async () => {
    await cp(join(root, 'templates'), join(dir, 'packs'), { recursive: true });
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const args = ['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--templates', 'packs', '--skip-existing'];
    expect((await run(args, dir)).code).toBe(0);
    const manifestPath = join(dir, 'packs', 'one-to-one', 'template.yaml');
    await writeFile(manifestPath, (await readFile(manifestPath, 'utf8')).replace(`version: ${oneToOneVersion}`, 'version: 1.1.0'));
    for (const flags of [['--dry-run'], []]) {
      const result = await run([...args, ...flags, '--json'], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`out/one-to-one-tom-evans-2026-12-01.md (entry 1, Tom Evans: its template has changed (version ${oneToOneVersion}, now 1.1.0))`);
      expect((JSON.parse(result.stdout) as { outdated: unknown[] }).outdated).toEqual([
        { index: 1, for: 'Tom Evans', name: 'one-to-one-tom-evans-2026-12-01.md', changed: ['template'], pdf: null, templateVersion: { made: oneToOneVersion, now: '1.1.0' } },
      ]);
    }
    // The manifest lists the pack at 1.1.0 only; the file kept still says it was made with its version.
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.templates.map((template) => template.version)).toEqual(['1.1.0']);
    expect(manifest.entries[0]!.files[0]!.templateVersion).toBe(oneToOneVersion);
  });

  it('--skip-existing names every change to a kept file, when both its answers and its template have changed', async () => {
    await cp(join(root, 'templates'), join(dir, 'packs'), { recursive: true });
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const args = ['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--templates', 'packs', '--skip-existing'];
    expect((await run(args, dir)).code).toBe(0);
    await addAboveSignatures(join(dir, 'packs', 'one-to-one', 'agreement.md.hbs'), 'Reviewed by the safeguarding lead.\n\n');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans').replace('{ name: Priya Shah }', '{ name: Priya Shah, role: Team Manager }')}`);
    const both = `(entry 1, Tom Evans: its answers and its template have changed (still version ${oneToOneVersion}))`;
    const outdated = [
      { index: 1, for: 'Tom Evans', name: 'one-to-one-tom-evans-2026-12-01.md', changed: ['answers', 'template'], pdf: null, templateVersion: { made: oneToOneVersion, now: oneToOneVersion } },
    ];
    for (const flags of [['--dry-run', '--json'], ['--json']]) {
      const result = await run([...args, ...flags], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`out/one-to-one-tom-evans-2026-12-01.md ${both}`);
      expect((JSON.parse(result.stdout) as { outdated: unknown[] }).outdated).toEqual(outdated);
    }
  });

  it('--skip-existing says which kept PDFs were made with other --paper or --no-form-fields than this run; Markdown is not affected', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    const args = ['batch', 'roster.yaml', '-f', 'both', '-o', 'out', '--skip-existing'];
    const pdfName = 'one-to-one-tom-evans-2026-12-01.pdf';
    const letter = { paper: 'letter', formFields: true };
    expect((await run([...args, '--paper', 'letter'], dir)).code).toBe(0);
    const made = await readManifest(join(dir, 'out'));
    expect(made.pdf).toEqual(letter);
    expect(made.entries[0]!.files.map((file) => [file.name, file.pdf])).toEqual([[pdfName, letter], ['one-to-one-tom-evans-2026-12-01.md', null]]);
    expect((await run([...args, '--paper', 'letter'], dir)).stderr).not.toContain('warning');

    // A4 now: the Letter PDF is kept but named, first by a dry run, then by the batch; the Markdown is not.
    for (const flags of [['--dry-run', '--json'], ['--json']]) {
      const result = await run([...args, ...flags], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('warning: 1 kept file no longer matches what this run would make of its entry:');
      expect(result.stderr).toContain(`out/${pdfName} (entry 1, Tom Evans: made on Letter paper while this run uses A4)`);
      expect(result.stderr).not.toContain('.md (entry');
      expect((JSON.parse(result.stdout) as { outdated: unknown[] }).outdated).toEqual([{ index: 1, for: 'Tom Evans', name: pdfName, changed: ['paper'], pdf: letter }]);
    }
    // The manifest says what this run asked for, and what the kept PDF was made with, so the next run says it again, with every option that differs.
    const kept = await readManifest(join(dir, 'out'));
    expect(kept.pdf).toEqual({ paper: 'a4', formFields: true });
    expect(kept.entries[0]!.files[0]!.pdf).toEqual(letter);
    const again = await run([...args, '--no-form-fields'], dir);
    expect(again.stderr).toContain(
      `out/${pdfName} (entry 1, Tom Evans: made on Letter paper while this run uses A4; made with fillable signature fields while this run uses plain signature lines)`,
    );

    // A manifest from before the options were recorded vouches for none: no warning.
    const older = (await readFile(join(dir, 'out', 'manifest.json'), 'utf8')).replace(/,\n\s*"pdf": (null|\{[^}]*\})/g, '');
    expect(older).not.toContain('"pdf":');
    await writeFile(join(dir, 'out', 'manifest.json'), older);
    expect((await run([...args, '--dry-run'], dir)).stderr).not.toContain('warning');
    expect((await run(args, dir)).stderr).not.toContain('warning');
  });

  it('when the manifest cannot be written, says so after writing every agreement; --skip-existing then writes it', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    // A folder where the manifest goes: replacing it fails as a full disk would, but needs no special file system.
    await mkdir(join(dir, 'out', 'manifest.json'), { recursive: true });
    const failed = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--force'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Batch of 2: 2 rendered (2 files), 0 failed. Written to out/ (manifest.json could not be written).');
    expect(failed.stderr).toMatch(/error: Every agreement was dealt with, but cannot write .*manifest\.json: it is a folder/);
    expect(failed.stderr).toContain('run the same command with --skip-existing');
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['manifest.json', 'one-to-one-li-wei-2026-12-01.md', 'one-to-one-tom-evans-2026-12-01.md']);

    await rm(join(dir, 'out', 'manifest.json'), { recursive: true });
    const finished = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(finished.code).toBe(0);
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['skipped', 'skipped']);
    await expectManifestMatchesFiles(join(dir, 'out'), manifest);
  });

  it('reads a roster as Windows tools save it (UTF-16 with a byte-order mark, CRLF line ends), or with old Mac line ends (CR), as it reads UTF-8', async () => {
    const windowsText = (await readFile(exampleRoster, 'utf8')).replaceAll('\n', '\r\n');
    const encodings: [string, Buffer][] = [
      ['utf8.yaml', Buffer.from(windowsText, 'utf8')],
      ['old-mac.yaml', Buffer.from((await readFile(exampleRoster, 'utf8')).replaceAll('\n', '\r'), 'utf8')],
      ['utf16le.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(windowsText, 'utf16le')])],
      ['utf16be.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(windowsText, 'utf16le').swap16()])],
    ];
    const reference = await run(['batch', exampleRoster, '-f', 'md', '-o', 'reference'], dir);
    expect(reference.code).toBe(0);
    const expected = await readdir(join(dir, 'reference'));
    for (const [name, bytes] of encodings) {
      await writeFile(join(dir, name), bytes);
      const result = await run(['batch', name, '-f', 'md', '-o', `out-${name}`], dir);
      expect(result.stderr).toContain('5 rendered (5 files), 0 failed');
      expect(result.code).toBe(0);
      expect((await readdir(join(dir, `out-${name}`))).sort()).toEqual(expected.sort());
      // The hash is of the file as it is on disk, not of the text read from it.
      expect((await readManifest(join(dir, `out-${name}`))).rosterSha256).toBe(sha256(bytes));
      for (const file of expected.filter((file) => file.endsWith('.md'))) {
        expect(await readFile(join(dir, `out-${name}`, file), 'utf8')).toBe(await readFile(join(dir, 'reference', file), 'utf8'));
      }
    }
  });

  it('gives identical bytes with --jobs 1 and --jobs 2', async () => {
    // PDFs, which alone are rendered on threads. Each thread keeps its fonts from one agreement to the next, so names
    // with letters drawn from the same glyphs ("Ż" from "Z") alternate: on one thread every "Z" agreement follows a
    // "Ż" one, on two some do not, and what one agreement left in the fonts must not change the next one's bytes.
    const names = ['Żaneta Żółć', 'Zoë Zebra', 'Łukasz Ździebło', 'Zac Zimmer', 'Źrebię Żak', 'Zara Zed'];
    const entries = names.map((name) => oneToOne(name)).join('');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${entries}`);
    const one = await run(['batch', 'roster.yaml', '-o', 'one', '--jobs', '1'], dir);
    const two = await run(['batch', 'roster.yaml', '-o', 'two', '--jobs', '2'], dir);
    expect([one.code, two.code]).toEqual([0, 0]);
    const files = (await readdir(join(dir, 'one'))).sort();
    expect(files).toHaveLength(names.length + 1);
    expect(files.filter((name) => name.endsWith('.pdf'))).toHaveLength(names.length);
    expect((await readdir(join(dir, 'two'))).sort()).toEqual(files);
    for (const name of files) {
      expect(sha256(await readFile(join(dir, 'two', name))), name).toBe(sha256(await readFile(join(dir, 'one', name))));
    }
  });

  it('gives the same Markdown rendered in-process (-f md) as on render threads (-f both), with any --jobs', async () => {
    // PDF-dependent: `-f both` renders on threads only because a PDF is asked for.
    // Planned on the render threads with -f both (two of them with --jobs 2): names, lines and problems must not change.
    const entries = [1, 2, 3, 1, 4, 1].map((person) => oneToOne(`Person ${person}`)).join('');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${entries}${oneToOne('Bad Time', '    schedule: { time: "25:00" }\n')}`);
    const md = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'md'], dir);
    const one = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'one', '--jobs', '1'], dir);
    const two = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'two', '--jobs', '2'], dir);
    expect([md.code, one.code, two.code]).toEqual([1, 1, 1]);
    expect(two.stderr).toContain('roster.yaml:36:17: schedule.time: must be a 24-hour time');
    const summary = (manifest: ManifestJson) => manifest.entries.map((entry) => [entry.line, entry.status, entry.for, entry.files.map((file) => file.name).filter((name) => name.endsWith('.md'))]);
    const mdManifest = await readManifest(join(dir, 'md'));
    expect(summary(await readManifest(join(dir, 'one')))).toEqual(summary(mdManifest));
    expect(summary(await readManifest(join(dir, 'two')))).toEqual(summary(mdManifest));
    expect(mdManifest.entries[5]!.files[0]!.name).toBe('one-to-one-person-1-2026-12-01-3.md');
    const mdNames = (await readdir(join(dir, 'md'))).filter((name) => name.endsWith('.md')).sort();
    expect(mdNames).toHaveLength(6);
    for (const name of mdNames) {
      const expected = sha256(await readFile(join(dir, 'md', name)));
      expect(sha256(await readFile(join(dir, 'one', name))), name).toBe(expected);
      expect(sha256(await readFile(join(dir, 'two', name))), name).toBe(expected);
    }
    for (const name of (await readdir(join(dir, 'one'))).filter((file) => file.endsWith('.pdf'))) {
      expect(sha256(await readFile(join(dir, 'two', name))), name).toBe(sha256(await readFile(join(dir, 'one', name))));
    }
  });

  it('plans a long roster with a helper thread exactly as it would alone: names in roster order, problems at their lines', async () => {
    // Longer than planHelperThreshold, so the main thread and a helper thread each plan chunks of it (plan-helper.ts);
    // long comments make it so without thousands of entries.
    const count = 900;
    const bad = 777;
    const entries = Array.from({ length: count }, (_, index) =>
      index === bad ? oneToOne('Bad Time', '    schedule: { time: "25:00" }\n') : oneToOne(`Person ${index % 3}`, `    # ${'padding '.repeat(140)}\n`),
    ).join('');
    const text = `${shared}${entries}`;
    expect(text.length).toBeGreaterThan(planHelperThreshold);
    await writeFile(join(dir, 'roster.yaml'), text);
    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(result.code).toBe(1);
    const badLine = text.split('\n').findIndex((line) => line.includes('Bad Time')) + 1;
    expect(result.stderr).toContain(`roster.yaml:${badLine - 2}:5: entry ${bad + 1} (Bad Time, one-to-one) is invalid`);
    expect(result.stderr).toContain(`roster.yaml:${badLine + 2}:17: schedule.time: must be a 24-hour time`);
    const manifest = await readManifest(join(dir, 'out'));
    const seen = [0, 0, 0];
    const expected = Array.from({ length: count }, (_, index) => {
      if (index === bad) return undefined;
      const person = index % 3;
      seen[person]! += 1;
      return `one-to-one-person-${person}-2026-12-01${seen[person] === 1 ? '' : `-${seen[person]}`}.md`;
    });
    expect(manifest.entries.map((entry) => entry.files[0]?.name)).toEqual(expected);
    expect(manifest.summary).toEqual({ total: count, rendered: count - 1, failed: 1, skipped: 0, pending: 0 });
    await expectManifestMatchesFiles(join(dir, 'out'), manifest);
  });

  it('reports a YAML error in an entry the helper thread plans, instead of waiting for it for ever', async () => {
    // The helper takes the first chunks (plan-helper.ts); its failure used to go unanswered, and a dry run hung.
    const entries = Array.from({ length: 900 }, (_, index) =>
      oneToOne(`Person ${index}`, index === 1 ? '    agency: "bad \\q"\n' : `    # ${'padding '.repeat(140)}\n`),
    ).join('');
    const text = `${shared}${entries}`;
    expect(text.length).toBeGreaterThan(planHelperThreshold);
    await writeFile(join(dir, 'roster.yaml'), text);
    const badLine = text.split('\n').findIndex((line) => line.includes('bad \\q')) + 1;
    for (const args of [['--dry-run'], ['-f', 'md']]) {
      const result = await run(['batch', 'roster.yaml', '-o', 'out', ...args], dir);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`roster.yaml:${badLine}:18: Invalid escape sequence \\q`);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
  });

  it('shows a YAML syntax error with its line, column and the line itself, writing nothing', async () => {
    await writeFile(join(dir, 'roster.yaml'), 'agreements:\n  - template: one-to-one\n    supervisee: name: Tom Evans\n');
    const result = await run(['batch', 'roster.yaml', '-o', 'out'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('roster.yaml is not valid YAML');
    // Said in words, not as the parser's "Nested mappings are not allowed in compact mappings".
    expect(result.stderr).toContain('roster.yaml:3:17: this value has ": " in it, which YAML reads as the start of another key: if name is an answer inside supervisee');
    expect(result.stderr).toContain('    supervisee: name: Tom Evans\n' + ' '.repeat(20) + '^');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it("shows a JSON roster's syntax error in JSON's terms, with its line, column and the line itself, writing nothing", async () => {
    await writeFile(join(dir, 'roster.json'), '{\n  "agreements": [\n    {"template": "one-to-one"\n     "supervisee": {"name": "Tom Evans"}}\n  ]\n}\n');
    const result = await run(['batch', 'roster.json', '-o', 'out', '--json'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: roster.json is not valid JSON\n' +
        '  error roster.json:3:30: missing comma: add a , after this item, before the next one (on line 4)\n' +
        '        {"template": "one-to-one"\n' +
        `        ${' '.repeat(25)}^\n`,
    );
    expect(result.stderr).not.toMatch(/flow|block collection/i);
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { message: string; problems: { location: { line: number; column: number } }[] } };
    expect(report.ok).toBe(false);
    expect(report.error.problems[0]!.location).toMatchObject({ line: 3, column: 30 });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses a roster without an agreements list, naming where', async () => {
    await writeFile(join(dir, 'roster.yaml'), 'defaults:\n  agency: X\nagreements:\n  template: group\n');
    const result = await run(['batch', 'roster.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/roster\.yaml:3:1: agreements: must be a list/);
    expect(existsSync(join(dir, 'agreements'))).toBe(false);
  });

  it('refuses a custom pack that names what its fields do not declare once, before rendering or a dry run lists anything', async () => {
    await cp(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
    const entry = join(dir, 'templates', 'one-to-one', 'agreement.md.hbs');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace('{{agency}}', '{{agencyy}}'));
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    for (const flags of [[], ['--dry-run'], ['-f', 'md']]) {
      const result = await run(['batch', 'roster.yaml', '-o', 'out', '--templates', 'templates', ...flags], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error: The template "one-to-one" has errors in its templates: 1 problem');
      expect(result.stderr).toMatch(/\n  error templates\/one-to-one\/agreement\.md\.hbs:\d+:\d+: "agencyy" is not a field of this pack \(did you mean "agency"\?\)\n/);
      expect(result.stderr).toContain('run `supervise check --templates templates`');
      // Said once, not once per entry.
      expect(result.stderr.split('agencyy').length - 1).toBe(1);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
  });

  it("refuses a custom pack whose own text the PDF cannot print once, where the text is, before rendering or a dry run lists anything", async () => {
    await cp(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
    const entry = join(dir, 'templates', 'one-to-one', 'agreement.md.hbs');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace('## The purpose of the session', '## ✅ The purpose of the session'));
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`);
    for (const flags of [[], ['--dry-run']]) {
      const result = await run(['batch', 'roster.yaml', '-o', 'out', '--templates', 'templates', ...flags], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error: The template "one-to-one" has text the PDF cannot print: 1 problem');
      expect(result.stderr).toMatch(/\n  error templates\/one-to-one\/agreement\.md\.hbs:\d+:4: "✅" \(U\+2705\): the PDF font cannot print it, so no PDF can be made with this text; replace or remove it\n/);
      expect(result.stderr).toContain('or write Markdown only (--format md)');
      // Not once per entry, each blaming "the agreement text".
      expect(result.stderr).not.toContain('failed to render');
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
    // Markdown prints it.
    expect((await run(['batch', 'roster.yaml', '-o', 'out', '--templates', 'templates', '-f', 'md'], dir)).code).toBe(0);
  });

  it('refuses a custom pack that names what its fields do not declare when every entry is invalid too', async () => {
    await cp(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
    const entry = join(dir, 'templates', 'one-to-one', 'agreement.md.hbs');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace('{{agency}}', '{{agencyy}}'));
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans').replace('2026-12-01', 'soon')}`);
    const result = await run(['batch', 'roster.yaml', '-o', 'out', '--templates', 'templates'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/roster\.yaml:\d+:\d+: startDate: must be a date as YYYY-MM-DD/);
    expect(result.stderr).toContain('error: The template "one-to-one" has errors in its templates: 1 problem');
    expect(result.stderr).toMatch(/\n  error templates\/one-to-one\/agreement\.md\.hbs:\d+:\d+: "agencyy" is not a field of this pack/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('records a failed render and goes on; --fail-fast stops after it', async () => {
    // A pack that fails to render for one person only, as only running it can tell (an undeclared name is found
    // before rendering, see below): a partial named by the answer, which exists for no one.
    await cp(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
    await addAboveSignatures(join(dir, 'templates', 'one-to-one', 'agreement.md.hbs'), '{{#if (eq supervisee.name "Bad Person")}}{{> (lookup supervisee "name")}}{{/if}}\n');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}${oneToOne('Bad Person')}${oneToOne('Li Wei')}${oneToOne('Sam Reid')}`);

    const result = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--templates', 'templates'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entry 2 (Bad Person) failed to render: The template "one-to-one" failed to render: The partial Bad Person could not be found');
    const manifest = await readManifest(join(dir, 'out'));
    expect(manifest.entries.map((entry) => entry.status)).toEqual(['rendered', 'failed', 'rendered', 'rendered']);
    await expectManifestMatchesFiles(join(dir, 'out'), manifest);

    const stopped = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'stopped', '--templates', 'templates', '--fail-fast', '--jobs', '1'], dir);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('--fail-fast: stopped after a failed entry');
    const partial = await readManifest(join(dir, 'stopped'));
    expect(partial.status).toBe('stopped');
    expect(partial.entries[1]!.status).toBe('failed');
    expect(partial.entries[3]!.status).toBe('pending');
    await expectManifestMatchesFiles(join(dir, 'stopped'), partial);
  });

  it('on SIGTERM records exactly what completed, leaves no temp files, and --skip-existing finishes', async () => {
    const count = 1500;
    await writeRosterOf(dir, count);
    const out = join(dir, 'out');

    const { output, exited, child } = startBatch(['roster.yaml', '-f', 'md', '-o', 'out', '--jobs', '1'], dir);
    // Wait until the batch is under way, then stop it.
    await waitForFiles(out, '.md', 20);
    child.kill('SIGTERM');
    const code = await exited;

    expect(code).toBe(130);
    // The manifest named as the folder was typed, as every other message of the batch names it.
    expect(output.stderr).toMatch(/Interrupted \(SIGTERM\): [\d,]+ agreements rendered of 1,500, recorded in out\/manifest\.json\. /);
    const names = await readdir(out);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const manifest = await readManifest(out);
    expect(manifest.status).toBe('interrupted');
    const rendered = manifest.entries.filter((entry) => entry.status === 'rendered');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(count);
    expect(manifest.summary.pending).toBe(count - rendered.length);
    await expectManifestMatchesFiles(out, manifest);

    const resumed = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(resumed.code).toBe(0);
    const finished = await readManifest(out);
    expect(finished.status).toBe('complete');
    expect(finished.summary.failed + finished.summary.pending).toBe(0);
    expect(finished.summary.rendered + finished.summary.skipped).toBe(count);
    expect((await readdir(out)).filter((name) => name.endsWith('.md'))).toHaveLength(count);
    await expectManifestMatchesFiles(out, finished);
  }, 120_000);

  it('names the temporary files a batch killed outright (kill -9) left in --out, in a dry run and a batch, so they can be deleted', async () => {
    await writeRosterOf(dir, 2);
    const out = join(dir, 'out');
    await mkdir(out);
    // As temporaryPathBeside names them; a file of the user's that merely ends in .tmp is not one.
    const leftover = '.one-to-one-person-1-2026-12-01.md.a1b2c3000001.tmp';
    await writeFile(join(out, leftover), '# Agreement for 1:1');
    await writeFile(join(out, '.notes.tmp'), 'mine');
    const warning = `warning: 1 temporary file in out was left by a batch stopped before it could remove it (killed, or the machine went down):\n  ${join('out', leftover)}\n  It is not an agreement and no manifest lists it: delete it, unless another batch is writing into out now.\n`;

    const dryRun = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--dry-run'], dir);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toContain(warning);
    const batch = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir);
    expect(batch.code).toBe(0);
    expect(batch.stderr).toContain(warning);
    expect(batch.stderr).not.toContain('.notes.tmp');
    expect((await readdir(out)).sort()).toEqual(['.notes.tmp', leftover, 'manifest.json', 'one-to-one-person-1-2026-12-01.md', 'one-to-one-person-2-2026-12-01.md'].sort());

    // Once deleted, nothing is said.
    await rm(join(out, leftover));
    const again = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--skip-existing'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('temporary');
  });

  it('with --json, interrupted mid-batch, still gives the script reading stdout one report: ok false and what was finished', async () => {
    await writeRosterOf(dir, 1500);
    const out = join(dir, 'out');

    const { output, exited, child } = startBatch(['roster.yaml', '-f', 'md', '-o', 'out', '--jobs', '1', '--json'], dir);
    await waitForFiles(out, '.md', 20);
    child.kill('SIGTERM');

    expect(await exited).toBe(130);
    const report = JSON.parse(output.stdout) as { ok: boolean; error: { message: string; problems: unknown[]; hint: string | null } };
    expect(report.ok).toBe(false);
    expect(report.error.message).toMatch(/^Interrupted \(SIGTERM\): [\d,]+ agreements rendered of 1,500, recorded in .*manifest\.json/);
    expect(report.error.problems).toEqual([]);
    expect((await readManifest(out)).status).toBe('interrupted');
  }, 120_000);

  it('on SIGINT before its run starts, says nothing was written and writes nothing, though its render threads were busy', async () => {
    // Held at a known point before the run, with its render threads started: the previous manifest.json is a FIFO,
    // and opening it (--force reads it) waits for a writer, which the test opens only after the signal.
    const count = 200;
    const entries = Array.from({ length: count }, (_, index) => oneToOne(index === 0 ? 'Priya Shah' : `Person ${index + 1}`)).join('');
    await writeFile(join(dir, 'roster.yaml'), `${shared}${entries}`);
    const out = join(dir, 'out');
    await mkdir(out);
    expect(spawnSync('mkfifo', [join(out, 'manifest.json')]).status).toBe(0);

    const child = spawn(process.execPath, [bin, 'batch', 'roster.yaml', '-f', 'pdf', '-o', 'out', '--force', '--jobs', '2'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let exited = false;
    const closed = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        exited = true;
        resolve(code);
      }),
    );
    const warned = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        // Entry 1's warning is printed once planning is done, just before the output folder is looked at.
        if (stderr.includes('names the same person as the supervisor')) resolve();
      }),
    );
    await Promise.race([warned, closed]);
    expect(exited, stderr).toBe(false);
    child.kill('SIGINT');
    // Let the batch go on past the FIFO, as it would past a slow disk, unless it has ended already.
    while (!exited) {
      const writer = await open(join(out, 'manifest.json'), constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
      if (writer) {
        await writer.close();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(await closed).toBe(130);
    expect(stderr).toMatch(/\nerror: Interrupted \(SIGINT\): nothing was written\.\n$/);
    // The FIFO, untouched: no agreement, no manifest, no temporary file.
    expect(await readdir(out)).toEqual(['manifest.json']);
    expect((await lstat(join(out, 'manifest.json'))).isFIFO()).toBe(true);
  }, 120_000);

  it('on SIGINT while its modules load, before the batch handles signals itself, says nothing was written (as JSON too) and exits 130', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    // At a known point: a module hook sends the signal as the entry point asks for the CLI's main module.
    await writeFile(
      join(dir, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {\n  if (specifier === '../dist/cli/main.js') process.kill(process.pid, 'SIGINT');\n  return next(specifier, context);\n}\n`,
    );
    await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    const env = { NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'register.mjs')).href}` };
    const plain = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir, env);
    expect(plain.code).toBe(130);
    expect(plain.stderr).toBe('error: Interrupted (SIGINT): nothing was written.\n');
    const json = await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out', '--json'], dir, env);
    expect(json.code).toBe(130);
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, error: { message: 'Interrupted (SIGINT): nothing was written.', problems: [], hint: null } });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('says that a manifest.json given as the roster is a batch\'s record, and which roster it was made from, not that its every key is wrong', async () => {
    await writeFile(join(dir, 'team.yaml'), `${shared}${oneToOne('Tom Evans')}`);
    expect((await run(['batch', 'team.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    const result = await run(['batch', join('out', 'manifest.json'), '-f', 'md', '-o', 'again'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `  error ${join('out', 'manifest.json')}:1:1: is the manifest.json a batch writes into its output folder, not a roster: give the roster the batch was made from (this one was made from team.yaml)`,
    );
    expect(result.stderr).not.toContain('is not a roster key');
    expect(existsSync(join(dir, 'again'))).toBe(false);
  });

  it('refuses a roster that is the manifest.json of its output folder, which the batch would replace', async () => {
    await mkdir(join(dir, 'team'));
    const roster = `${shared}${oneToOne('Tom Evans')}`;
    await writeFile(join(dir, 'team', 'manifest.json'), roster);
    for (const flags of [['--skip-existing'], ['--force'], ['--dry-run']]) {
      const result = await run(['batch', 'manifest.json', '-f', 'md', '-o', '.', ...flags], join(dir, 'team'));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('error: The roster manifest.json is the manifest.json this batch writes in its output folder (.)');
    }
    expect(await readdir(join(dir, 'team'))).toEqual(['manifest.json']);
    expect(await readFile(join(dir, 'team', 'manifest.json'), 'utf8')).toBe(roster);
  });

  it('refuses a roster that is one of the agreements it would write, whatever the flags, writing nothing', async () => {
    await mkdir(join(dir, 'team'));
    const roster = `${shared}${oneToOne('Tom Evans')}${oneToOne('Li Wei')}`;
    const name = 'one-to-one-li-wei-2026-12-01.md';
    await writeFile(join(dir, 'team', name), roster);
    for (const flags of [['--force'], ['--skip-existing'], [], ['--dry-run', '--force']]) {
      const result = await run(['batch', name, '-f', 'md', '-o', '.', ...flags], join(dir, 'team'));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`error: The roster ${name} is the ${name} this batch writes for entry 2 (Li Wei) in its output folder (.)`);
      expect(result.stderr).toContain('Rename the roster or move it out of that folder, or choose another folder with --out.');
    }
    // Named through a link from outside the folder too.
    await symlink(join('team', name), join(dir, 'roster.yaml'));
    const linked = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'team', '--force'], dir);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain(`error: The roster roster.yaml is the ${name} this batch writes for entry 2 (Li Wei) in its output folder (team)`);
    expect(await readdir(join(dir, 'team'))).toEqual([name]);
    expect(await readFile(join(dir, 'team', name), 'utf8')).toBe(roster);
  });

  it('interrupted under --force, keeps the records of the old files of the entries it did not reach', async () => {
    const count = 60;
    await writeRosterOf(dir, count);
    const out = join(dir, 'out');
    expect((await run(['batch', 'roster.yaml', '-f', 'md', '-o', 'out'], dir)).code).toBe(0);
    const made = new Map((await readManifest(out)).entries.map((entry) => [entry.files[0]!.name, entry.files[0]!]));

    const { output, exited, child } = startBatch(['roster.yaml', '-f', 'both', '-o', 'out', '--force', '--jobs', '1'], dir);
    await waitForFiles(out, '.pdf', 2);
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    // The command it advises must run: --skip-existing cannot be added to a command with --force.
    expect(output.stderr).toMatch(/Run the same command with --skip-existing in place of --force \(files it had not replaced yet are kept as they are\) to render the rest\.\n$/);

    const manifest = await readManifest(out);
    const pending = manifest.entries.filter((entry) => entry.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    // Each entry not reached still has its Markdown from the first run in the folder, and its record here.
    const carried = new Map(manifest.earlierFiles.map((file) => [file.name, file]));
    for (const entry of pending) {
      const name = `one-to-one-${entry.for.toLowerCase().replace(' ', '-')}-2026-12-01.md`;
      expect(carried.get(name)).toEqual({ ...made.get(name)!, for: entry.for });
    }
    const finished = await run(['batch', 'roster.yaml', '-f', 'both', '-o', 'out', '--skip-existing'], dir);
    expect(finished.code).toBe(0);
    expect(finished.stderr).not.toContain('could not be checked');
  }, 120_000);
});

describe('supervise batch with a custom pack that does not compile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'supervise-batch-broken-pack-'));
    await cp(join(root, 'templates'), join(dir, 'packs'), { recursive: true });
    // A shared clause both packs include, with a mustache left unclosed on its third line.
    const partial = join(dir, 'packs', 'partials', 'schedule.md.hbs');
    await writeFile(partial, (await readFile(partial, 'utf8')).replace('{{schedule.time}}', '{{schedule.time}'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const format of ['md', 'pdf']) {
    it(`stops once, before rendering, with the file and line (--format ${format})`, async () => {
      const result = await run(['batch', exampleRoster, '--templates', 'packs', '-o', 'out', '-f', format], dir);
      expect(result.code).toBe(1);
      // Named from the folder the batch runs in, as the --templates given and as check names it.
      const problem = `  error ${join('packs', 'partials', 'schedule.md.hbs')}:3:`;
      const problemLines = result.stderr.split('\n').filter((line) => line.startsWith(problem));
      expect(problemLines).toHaveLength(1);
      expect(result.stderr).toContain('error: The templates "group" and "one-to-one" do not compile: 1 problem');
      expect(result.stderr).toContain('run `supervise check --templates packs`');
      expect(result.stderr).not.toContain('failed to render');
      expect(existsSync(join(dir, 'out'))).toBe(false);
      if (format === 'md') {
        const check = await run(['check', '--templates', 'packs'], dir);
        expect(check.stderr.split('\n')).toContain(problemLines[0]);
      }
    });
  }

  for (const format of ['md', 'pdf']) {
    it(`says so when every entry is invalid too, after the entries (--format ${format})`, async () => {
      // Neither entry is valid: one with no supervisee, one with a date that is not one.
      const roster = `${shared}${oneToOne('Tom Evans').replace(/    supervisee: .*\n/, '')}${oneToOne('Li Wei').replace('2026-12-01', '2026-13-01')}`;
      await writeFile(join(dir, 'roster.yaml'), roster);
      const result = await run(['batch', 'roster.yaml', '--templates', 'packs', '-o', 'out', '-f', format], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/entry 1 \(supervised by Priya Shah, one-to-one\) is invalid[\s\S]*entry 2 \(Li Wei, one-to-one\) is invalid[\s\S]*\nerror: The template "one-to-one" does not compile: 1 problem\n/);
      expect(result.stderr).toContain(`  error ${join('packs', 'partials', 'schedule.md.hbs')}:3:`);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  }

  it('--json gives the pack\'s problem and each entry\'s when every entry is invalid', async () => {
    await writeFile(join(dir, 'roster.yaml'), `${shared}${oneToOne('Li Wei').replace('2026-12-01', '2026-13-01')}`);
    const result = await run(['batch', 'roster.yaml', '--templates', 'packs', '-o', 'out', '-f', 'md', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { message: string }; summary: { invalid: number }; entries: { status: string; errors: { path: string }[] }[] };
    expect(report.ok).toBe(false);
    expect(report.error.message).toBe('The template "one-to-one" does not compile: 1 problem');
    expect(report.summary.invalid).toBe(1);
    expect(report.entries.map((entry) => [entry.status, entry.errors.map((error) => error.path)])).toEqual([['invalid', ['startDate']]]);
  });

  it('--json reports it as JSON', async () => {
    const result = await run(['batch', exampleRoster, '--templates', 'packs', '-o', 'out', '-f', 'md', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { message: string; problems: { location: { file: string; line: number } }[] } };
    expect(report.ok).toBe(false);
    expect(report.error.problems.map((problem) => [problem.location.file, problem.location.line])).toEqual([
      [join(dir, 'packs', 'partials', 'schedule.md.hbs'), 3],
    ]);
  });
});
