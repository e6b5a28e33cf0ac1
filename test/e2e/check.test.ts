import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonCheckReport } from '../../src/cli/actions/check.js';
import { projectRoot as repoRoot, runCli } from '../support/run-cli.js';
import { builtInVersion } from '../support/packs.js';

// Outside a CI runner's environment, so annotations appear only where a test asks for them.
const runSupervise = async (args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  runCli(args, { ...options, env: { GITHUB_ACTIONS: undefined, ...options.env } });

const broken = ['check', '--templates', 'test/fixtures/packs/broken'];
const warnings = ['check', '--templates', 'test/fixtures/packs/warnings'];
const dir = 'test/fixtures/packs/broken';

describe('supervise check', () => {
  it('passes the built-in packs', async () => {
    const result = await runSupervise(['check']);
    expect(result.stderr).toContain(`group v${builtInVersion('group')}`);
    expect(result.stderr).toContain(`one-to-one v${builtInVersion('one-to-one')}`);
    expect(result.stderr).toContain('Check passed: 0 errors, 0 warnings in 2 packs');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('refuses an empty --templates (a shell variable not set in CI) rather than passing the built-in packs instead', async () => {
    const result = await runSupervise(['check', '--templates', '']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: option '--templates <dir>' argument '' is invalid. It is empty: give a path (a shell variable that is not set gives an empty value).");
    expect(result.stderr).not.toContain('Check passed');
  });

  it('reports each kind of broken pack with its file, line and column, grouped by pack', async () => {
    const result = await runSupervise(broken);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    const expected = [
      'bad-key (test/fixtures/packs/broken/bad-key): 1 error',
      `  error ${dir}/bad-key/template.yaml:3:1: versoin: is not a known key (did you mean "version"?)`,
      'example-invalid v1.0.0 (test/fixtures/packs/broken/example-invalid): 1 error',
      `  error ${dir}/example-invalid/example.yaml:7:3: schedule.time: must be a 24-hour time as HH:MM: there is no hour 25`,
      'hbs-syntax v1.0.0 (test/fixtures/packs/broken/hbs-syntax): 1 error',
      `  error ${dir}/hbs-syntax/agreement.md.hbs:5:48: Handlebars syntax error: unexpected "}"; expected "}}"`,
      'missing-partial v1.0.0 (test/fixtures/packs/broken/missing-partial): 1 error',
      `  error ${dir}/missing-partial/agreement.md.hbs:7:5: the partial "shedule" does not exist (did you mean "schedule"?); partials are the .md.hbs files in partials/`,
      'signer-not-person (test/fixtures/packs/broken/signer-not-person): 1 error',
      `  error ${dir}/signer-not-person/template.yaml:10:5: signers.1.field: names "agency", a text field; a signer must be a person or a list of persons`,
      'undeclared-field v1.0.0 (test/fixtures/packs/broken/undeclared-field): 1 error',
      `  error ${dir}/undeclared-field/agreement.md.hbs:3:15: "agencyy" is not a field of this pack (did you mean "agency"?)`,
      'yaml-syntax (test/fixtures/packs/broken/yaml-syntax): 1 error',
      `  error ${dir}/yaml-syntax/template.yaml:5:15: the [ that opens here is never closed: add ] after its last item`,
    ];
    for (const line of expected) expect(lines).toContain(line);
    // In pack order, each pack's problems right under its heading.
    expect(lines.filter((line) => expected.includes(line))).toEqual(expected);
    expect(result.stderr).toContain('error: Check failed: 7 errors, 0 warnings');
  });

  it('passes with warnings, unless --strict', async () => {
    const relaxed = await runSupervise(warnings);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toContain(
      '  warning test/fixtures/packs/warnings/unused-field/template.yaml:28:5: fields.5: "location.venue" is declared but no template uses it, so its answer is never printed',
    );
    expect(relaxed.stderr).toContain('  warning test/fixtures/packs/warnings/no-example/template.yaml:1:1: the pack has no example.yaml');
    expect(relaxed.stderr).toContain('Check passed: 0 errors, 2 warnings in 2 packs');

    const strict = await runSupervise([...warnings, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('error: Check failed: 0 errors, 2 warnings in 2 packs (--strict fails on warnings)');
  });

  it('prints a JSON report on stdout with --json', async () => {
    const result = await runSupervise([...broken, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonCheckReport;
    expect(report).toMatchObject({ ok: false, strict: false, templates: dir, errors: 7, warnings: 0 });
    expect(report.packs.map((pack) => pack.folder)).toEqual([
      'bad-key',
      'example-invalid',
      'hbs-syntax',
      'missing-partial',
      'signer-not-person',
      'undeclared-field',
      'yaml-syntax',
    ]);
    expect(report.packs.find((pack) => pack.folder === 'undeclared-field')).toEqual({
      folder: 'undeclared-field',
      name: 'undeclared-field',
      version: '1.0.0',
      ok: false,
      errors: 1,
      warnings: 0,
      problems: [
        {
          severity: 'error',
          file: `${dir}/undeclared-field/agreement.md.hbs`,
          line: 3,
          column: 15,
          path: '',
          message: '"agencyy" is not a field of this pack (did you mean "agency"?)',
        },
      ],
    });
    expect(report.packs.find((pack) => pack.folder === 'bad-key')?.name).toBeNull();

    const strict = JSON.parse((await runSupervise([...warnings, '--json', '--strict'])).stdout) as JsonCheckReport;
    expect(strict).toMatchObject({ ok: false, strict: true, errors: 0, warnings: 2 });
    expect(strict.packs.map((pack) => [pack.folder, pack.ok, pack.problems[0]?.severity])).toEqual([
      ['no-example', false, 'warning'],
      ['unused-field', false, 'warning'],
    ]);
  });

  it('writes GitHub Actions annotations on stdout when GITHUB_ACTIONS=true', async () => {
    const env = { GITHUB_ACTIONS: 'true' };
    const result = await runSupervise(broken, { env });
    expect(result.code).toBe(1);
    const annotations = result.stdout.trim().split('\n');
    expect(annotations).toHaveLength(7);
    expect(annotations).toContain(
      `::error file=${dir}/undeclared-field/agreement.md.hbs,line=3,col=15,title=supervise check%3A undeclared-field::"agencyy" is not a field of this pack (did you mean "agency"?)`,
    );
    // A multi-line message stays one command.
    expect(annotations.find((line) => line.includes('yaml-syntax'))).toMatch(/^::error file=.*,line=5,col=15,.*::the \[ that opens here is never closed.*%0A/);

    const warned = await runSupervise(warnings, { env });
    expect(warned.stdout).toContain(
      '::warning file=test/fixtures/packs/warnings/unused-field/template.yaml,line=28,col=5,title=supervise check%3A unused-field::fields.5: "location.venue" is declared but no template uses it, so its answer is never printed',
    );

    // With --json, stdout stays one JSON document; the annotations go to stderr, which the runner also reads.
    const json = await runSupervise([...broken, '--json'], { env });
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    expect(json.stderr).toContain(`::error file=${dir}/undeclared-field/agreement.md.hbs,line=3,col=15`);

    const plain = await runSupervise(broken);
    expect(plain.stdout).toBe('');
  });

  it('words the common template.yaml slips in plain language, at their lines, and counts a pack that did not load', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-slips-'));
    try {
      cpSync(join(repoRoot, 'templates'), work, { recursive: true });
      const manifest = join(work, 'one-to-one', 'template.yaml');
      const original = readFileSync(manifest, 'utf8');
      // The slips a tester made in a pack from `supervise init`: an unquoted version, a made-up type,
      // a word where a number belongs, a field left without its label.
      const edited = original
        .replace(/^version: \d+\.\d+\.\d+$/m, 'version: 1.10')
        .replace('  - key: schedule.time\n    type: time\n', '  - key: schedule.time\n    type: Time\n')
        .replace(/(  - key: schedule\.durationMinutes\n(?:    .*\n)*?    default: )90/, '$1ninety')
        .replace('  - key: recording.recordedBy\n    type: text\n    label: Who writes the supervision record\n', '  - key: recording.recordedBy\n    type: text\n');
      expect(edited.split('\n').length).toBe(original.split('\n').length - 1);
      writeFileSync(manifest, edited);
      const line = (text: string): number => edited.split('\n').findIndex((candidate) => candidate.includes(text)) + 1;

      const result = await runSupervise(['check', '--templates', work]);
      expect(result.code).toBe(1);
      const file = join(work, 'one-to-one', 'template.yaml');
      expect(result.stderr).toContain(`  error ${file}:${line('version: 1.10')}:1: version: 1.10 is read as a number: write it in quotes, "1.10.0"`);
      expect(result.stderr).toContain(
        `  error ${file}:${line('type: Time')}:5: fields.6.type: must be one of text, longtext, person, persons, date, time, integer, choice, boolean, textlist, not "Time" (field "schedule.time"; did you mean "time"?)`,
      );
      expect(result.stderr).toContain(
        `  error ${file}:${line('default: ninety')}:5: fields.7.default: must be a whole number, not the text "ninety" (field "schedule.durationMinutes")`,
      );
      expect(result.stderr).toContain(
        `  error ${file}:${line('key: recording.recordedBy')}:5: fields.13.label: is required for the field "recording.recordedBy": the question shown for it`,
      );
      expect(result.stderr).not.toMatch(/Invalid|expected \w+, received/);
      // Two packs were listed (one of them broken); the summary counts both.
      expect(result.stderr).toContain('error: Check failed: 4 errors, 0 warnings in 2 packs');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('groups its counts in thousands, as batch does: a form pasted from a mail merge has a problem at every placeholder', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-many-'));
    try {
      cpSync(join(repoRoot, 'templates'), work, { recursive: true });
      const template = join(work, 'one-to-one', 'agreement.md.hbs');
      // 1,200 placeholders of another system's merge fields, none of them declared in template.yaml.
      const merged = Array.from({ length: 1200 }, (_, index) => `- {{MergeField${index + 1}}}\n`).join('');
      // Above the signatures, where a clause of the agreement goes.
      writeFileSync(template, `${merged}\n${readFileSync(template, 'utf8')}`);
      const result = await runSupervise(['check', '--templates', work]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`one-to-one v${builtInVersion('one-to-one')} (${join(work, 'one-to-one')}): 1,200 errors`);
      expect(result.stderr).toContain('error: Check failed: 1,200 errors, 0 warnings in 2 packs');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('warns, without failing, about an example whose first review is out of step with its interval', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-review-'));
    try {
      cpSync(join(repoRoot, 'templates'), work, { recursive: true });
      const example = join(work, 'one-to-one', 'example.yaml');
      writeFileSync(example, readFileSync(example, 'utf8').replace('  intervalMonths: 6\n', '  intervalMonths: 6\n  date: 2026-12-02\n'));
      const result = await runSupervise(['check', '--templates', work]);
      expect(result.stderr).toContain(
        `  warning ${example}:46:3: review.date: is 2 December 2026, one day after the start, though the agreement is reviewed every 6 months; check that this date is meant`,
      );
      expect(result.stderr).toContain('Check passed: 0 errors, 1 warning in 2 packs');
      expect(result.code).toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('fails on a pack whose template.yaml is misnamed, and new says so too', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-misnamed-'));
    try {
      expect((await runSupervise(['init', 'tpl'], { cwd: work })).code).toBe(0);
      renameSync(join(work, 'tpl', 'group', 'template.yaml'), join(work, 'tpl', 'group', 'template.yml'));
      const message = 'tpl/group/template.yml:1:1: group/ has no template.yaml, so it is not loaded as a pack: template.yml is not read; rename it template.yaml';
      const result = await runSupervise(['check', '--templates', 'tpl', '--strict'], { cwd: work });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`  error ${message}`);
      expect(result.stderr).toContain('error: Check failed: 1 error, 0 warnings in 2 packs');
      const created = await runSupervise(['new', 'group', '--templates', 'tpl', '--answers', join(repoRoot, 'examples/group.yaml'), '--out', 'out'], { cwd: work });
      expect(created.code).toBe(1);
      expect(created.stderr).toContain(message);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('refuses a template nested thousands of blocks deep at the line where it goes too deep, in check, batch and new, not as "Maximum call stack size exceeded"', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-deep-'));
    try {
      cpSync(join(repoRoot, 'templates'), join(work, 'tpl'), { recursive: true });
      const template = join(work, 'tpl', 'one-to-one', 'agreement.md.hbs');
      const lines = readFileSync(template, 'utf8').split('\n').length;
      // As a generator gone wrong writes it: 5,000 {{#if}} one inside another, on one line after the pack's own text.
      writeFileSync(template, `${readFileSync(template, 'utf8')}\n${'{{#if agency}}'.repeat(5000)}x${'{{/if}}'.repeat(5000)}\n`);
      const message =
        `tpl/one-to-one/agreement.md.hbs:${lines + 1}:1401: blocks or sub-expressions are nested 5,000 deep, one inside another, and at most 100 can be ` +
        '(the first past that opens here): close each block before the next one opens (an agreement needs a few levels)';
      const runs = [
        ['check', '--templates', 'tpl'],
        ['batch', join(repoRoot, 'examples/roster.yaml'), '--templates', 'tpl', '--out', 'out', '--format', 'md'],
        ['batch', join(repoRoot, 'examples/roster.yaml'), '--templates', 'tpl', '--out', 'out'],
        ['new', 'one-to-one', '--templates', 'tpl', '--answers', join(repoRoot, 'examples/one-to-one.yaml'), '--out', 'out', '--yes'],
      ];
      for (const args of runs) {
        const result = await runSupervise(args, { cwd: work });
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr, args.join(' ')).toContain(`  error ${message}`);
        expect(result.stderr).not.toContain('call stack');
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('names a partial that includes itself, or partials that include each other, at the include, rather than "Maximum call stack size exceeded"', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-circle-'));
    try {
      cpSync(join(repoRoot, 'templates'), join(work, 'tpl'), { recursive: true });
      const person = join(work, 'tpl', 'partials', 'person.md.hbs');
      const original = readFileSync(person, 'utf8');
      const line = original.split('\n').length;
      const cases: [string, () => void, string][] = [
        ['itself', () => writeFileSync(person, `${original}\n{{> person this}}\n`), `person.md.hbs:${line + 1}:1: the partial "person" includes itself, so rendering it never ends: remove this include`],
        [
          'each other',
          () => {
            writeFileSync(person, `${original}\n{{> name-line this}}\n`);
            writeFileSync(join(work, 'tpl', 'partials', 'name-line.md.hbs'), '{{> person this}}\n');
          },
          'name-line.md.hbs:1:1: the partials "person" → "name-line" → "person" include each other in a circle, so rendering them never ends: remove this include',
        ],
      ];
      for (const [what, edit, message] of cases) {
        edit();
        const check = await runSupervise(['check', '--templates', 'tpl'], { cwd: work });
        expect(check.code, what).toBe(1);
        expect(check.stderr, what).toContain(`  error tpl/partials/${message}`);
        expect(check.stderr).not.toContain('call stack');
        const created = await runSupervise(['new', 'one-to-one', '--templates', 'tpl', '--answers', join(repoRoot, 'examples/one-to-one.yaml'), '--out', 'out', '--yes'], { cwd: work });
        expect(created.code, what).toBe(1);
        expect(created.stderr, what).toContain(`error: The template "one-to-one" failed to render: 1 problem\n  error tpl/partials/${message}`);
        expect(created.stderr).not.toContain('call stack');
        // A batch fails each entry with it (on a render thread for a PDF), naming the partial as check does, not by its full path.
        for (const format of ['md', 'pdf']) {
          const batch = await runSupervise(['batch', join(repoRoot, 'examples/roster.yaml'), '--templates', 'tpl', '--out', `out-${format}`, '--format', format, '--force'], { cwd: work });
          expect(batch.code, what).toBe(1);
          expect(batch.stderr, what).toContain(`failed to render: The template "one-to-one" failed to render: 1 problem\n  error tpl/partials/${message}`);
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('says clearly when the templates folder does not exist', async () => {
    const result = await runSupervise(['check', '--templates', 'no/such/folder']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: Cannot read the templates folder .*no\/such\/folder: it does not exist/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('with --json, still prints a report on stdout when the folder cannot be checked at all', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-nofolder-'));
    try {
      writeFileSync(join(work, 'afile'), 'not a folder\n');
      mkdirSync(join(work, 'empty'));
      cpSync(join(repoRoot, 'templates'), join(work, 'packs'), { recursive: true });
      const cases: [string, string, string][] = [
        // Each folder named as typed, relative to the folder check runs in, as its report names files.
        ['missing', 'Cannot read the templates folder missing: it does not exist', 'Pass a folder made with `supervise init`'],
        ['empty', 'No template packs found in empty', 'A pack is a folder holding a template.yaml'],
        ['afile', 'Cannot read the templates folder afile: it is a file, not a folder', 'Pass a folder made with `supervise init`'],
        // One pack's own folder, where the folder holding the packs belongs.
        [join('packs', 'one-to-one'), `${join('packs', 'one-to-one')} is a template pack itself, not a folder of packs`, '--templates packs'],
      ];
      for (const [folder, message, hint] of cases) {
        const result = await runSupervise(['check', '--templates', folder, '--json'], { cwd: work });
        expect(result.code, folder).toBe(1);
        const report = JSON.parse(result.stdout) as { ok: boolean; error: { message: string; problems: unknown[]; hint: string | null } };
        expect(report.ok).toBe(false);
        expect(report.error.message).toBe(message);
        expect(report.error.problems).toEqual([]);
        expect(report.error.hint).toContain(hint);
        expect(result.stderr).toContain(`error: ${message}`);
        expect(result.stderr).not.toMatch(/ENOTDIR|scandir|\n\s+at /);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('runs as the example GitHub workflow runs it, on a folder made by init', async () => {
    const workflow = parse(readFileSync(join(repoRoot, 'examples/ci/github-actions.yml'), 'utf8')) as {
      jobs: { check: { steps: { run?: string }[] } };
    };
    const command = workflow.jobs.check.steps.map((step) => step.run ?? '').find((run) => run.includes('supervise check'));
    const args = command?.split(/\s+/).slice(command.split(/\s+/).indexOf('supervise') + 1) ?? [];
    expect(args).toEqual(['check', '--templates', 'templates']);
    const work = mkdtempSync(join(tmpdir(), 'supervise-ci-'));
    try {
      expect((await runSupervise(['init'], { cwd: work })).code).toBe(0);
      const result = await runSupervise(args, { cwd: work, env: { GITHUB_ACTIONS: 'true' } });
      expect(result.stderr).toContain('Check passed: 0 errors, 0 warnings in 2 packs');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  it('reports, at its line, what only the PDF (laid out on its own thread) cannot print', async () => {
    const work = mkdtempSync(join(tmpdir(), 'supervise-check-pdf-'));
    try {
      cpSync(join(repoRoot, 'test/fixtures/packs/good'), work, { recursive: true });
      const example = join(work, 'mini', 'example.yaml');
      writeFileSync(example, readFileSync(example, 'utf8').replace('supervisee: { name: Tom Evans }', 'supervisee: { name: 李伟 }'));
      const result = await runSupervise(['check', '--templates', work]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error .*mini\/example\.yaml:4:15: supervisee\.name: contains "李" \(U\+674E\), "伟" \(U\+4F1F\), which the PDF font cannot print/);
      expect(result.stderr).toContain('error: Check failed: 1 error, 0 warnings in 1 pack');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
