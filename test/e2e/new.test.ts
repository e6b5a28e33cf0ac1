import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { asUnprivileged, makeTempDir, projectRoot, runCli, runPrintedCommand, unprivilegedId } from '../support/run-cli.js';
import { builtInVersion } from '../support/packs.js';

const oneToOneExample = join(projectRoot, 'examples', 'one-to-one.yaml');
const groupExample = join(projectRoot, 'examples', 'group.yaml');

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});

describe('supervise new with complete answers', () => {
  it('writes the one-to-one agreement as Markdown, owner-only, under a derived name', () => {
    const result = runCli(['new', 'one-to-one', '--answers', oneToOneExample, '--format', 'md', '--out', dir]);
    expect(result.stderr).toContain('Wrote');
    expect(result.code).toBe(0);
    const path = join(dir, 'one-to-one-tom-evans-2026-12-01.md');
    const markdown = readFileSync(path, 'utf8');
    expect(markdown).toMatch(/^# Agreement for 1:1 Safeguarding Supervision\n/);
    expect(markdown).toContain('Priya Shah, Team Manager');
    expect(markdown).toContain('starts on 1 December 2026');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(result.stdout).toBe('');
  });

  it('writes the group agreement, taking the template from the answers file', () => {
    const result = runCli(['new', '--answers', groupExample, '--format', 'md', '--out', join(dir, 'nested', 'folder')]);
    expect(result.code).toBe(0);
    const folder = join(dir, 'nested', 'folder');
    expect(readdirSync(folder)).toEqual(['group-northshire-hospital-discharge-team-2027-01-05.md']);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8')).toContain('Siân Ŵyn');
  });

  it('writes to a named file and applies --set on top of the answers file', () => {
    const out = join(dir, 'tom.md');
    const result = runCli([
      'new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', out,
      '--set', 'schedule.time=09:30', '--set', 'schedule.durationMinutes=60', '--set', 'contractedOut=yes',
      '--set', 'lineManager.name=Jordan Blake', '--set', 'lineManager.arrangement=A note after each session.',
    ]);
    expect(result.stderr).toBe(`Wrote ${out}\n`);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('at 09:30, and will last for 1 hour.');
    expect(markdown).toContain('supervision will link back to Jordan Blake as follows:');
  });

  it('takes the format from an --out file name when --format is not given, and refuses one it contradicts', () => {
    const markdown = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, 'agreement.md')]);
    expect(markdown.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['agreement.md']);
    expect(readFileSync(join(dir, 'agreement.md'), 'utf8')).toContain('Tom Evans');

    const contradiction = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'pdf', '-o', join(dir, 'other.md')]);
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toContain(`--out ${join(dir, 'other.md')} ends in .md, but --format is pdf`);
    expect(readdirSync(dir)).toEqual(['agreement.md']);

    const both = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'both', '-o', join(dir, 'pair.md')]);
    expect(both.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['agreement.md', 'pair.md', 'pair.pdf']);

    // The name is kept as typed, capitals included.
    const capitals = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, 'REPORT.PDF')]);
    expect(capitals.code).toBe(0);
    expect(readdirSync(dir)).toContain('REPORT.PDF');
    expect(readFileSync(join(dir, 'REPORT.PDF')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('saves the validated answers so they can be used again', () => {
    const saved = join(dir, 'answers.yaml');
    const first = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(dir, 'a.md'), '--save-answers', saved]);
    expect(first.code).toBe(0);
    const answers = parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
    expect(answers.template).toBe('one-to-one');
    // The review date left at its default (start date plus the interval) is not saved: it is worked out again.
    expect(answers.review).toEqual({ method: 'together by everyone who signs it, at a supervision session', intervalMonths: 6 });
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    // A YAML 1.1 reader (PyYAML) reads the same answers: the time is not taken for 840 minutes, nor the date for a date.
    const asYaml11 = parse(readFileSync(saved, 'utf8'), { version: '1.1' }) as Record<string, unknown>;
    expect(asYaml11).toEqual(answers);
    const second = runCli(['new', '-a', saved, '-f', 'md', '-o', join(dir, 'b.md')]);
    expect(second.code).toBe(0);
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe(readFileSync(join(dir, 'a.md'), 'utf8'));

    // Saving over the answers file is refused like any other file, with the way round it named.
    const third = runCli(['new', '-a', saved, '-f', 'md', '-o', join(dir, 'c.md'), '--save-answers', saved]);
    expect(third.code).toBe(1);
    expect(third.stderr).toContain(`Not overwriting an existing file: ${saved}`);
    expect(third.stderr).toContain('Use --force to replace, or give --save-answers another file name.');
    expect(existsSync(join(dir, 'c.md'))).toBe(false);
  });

  it('saves the answers in the order of the template\'s fields, a group where its first field is, and saves them again byte for byte', () => {
    const saved = join(dir, 'group.yaml');
    const args = ['new', 'group', '-a', groupExample, '-f', 'md', '-o', join(dir, 'a.md'), '--set', 'reflectiveModel=kolb', '--save-answers', saved];
    expect(runCli(args).code).toBe(0);
    const manifest = parse(readFileSync(join(projectRoot, 'templates', 'group', 'template.yaml'), 'utf8')) as { fields: { key: string }[] };
    const heads = [...new Set(manifest.fields.map((field) => field.key.split('.')[0]!))];
    const answers = parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
    const keys = Object.keys(answers);
    expect(keys[0]).toBe('template');
    expect(keys.slice(1)).toEqual(heads.filter((head) => keys.includes(head)));
    expect(keys.indexOf('schedule')).toBeLessThan(keys.indexOf('reflectiveModel'));
    expect(Object.keys(answers.schedule as object)).toEqual(['frequency', 'day', 'time', 'durationMinutes', 'rebookedBy']);

    const again = join(dir, 'again.yaml');
    expect(runCli(['new', '-a', saved, '-f', 'md', '-o', join(dir, 'b.md'), '--save-answers', again]).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(saved, 'utf8'));
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe(readFileSync(join(dir, 'a.md'), 'utf8'));
  });

  it('writes files whose names are as long as the file system allows (255 bytes), though their temporary names would not be', () => {
    const agreement = `${'ŵ'.repeat(126)}.md`;
    const answers = `${'ŵ'.repeat(125)}.yaml`;
    expect([Buffer.byteLength(agreement), Buffer.byteLength(answers)]).toEqual([255, 255]);
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, agreement), '--save-answers', join(dir, answers)]);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([agreement, answers].sort());
    expect(readFileSync(join(dir, agreement), 'utf8')).toContain('Tom Evans');
  });

  it('warns on stderr, and still writes the agreement, when the first review is a day after the start of an agreement reviewed every 6 months', () => {
    const out = join(dir, 'soon.md');
    const sets = ['--set', 'startDate=2027-01-01', '--set', 'review.intervalMonths=6', '--set', 'review.date=2027-01-02'];
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, ...sets, '-y', '-f', 'md', '-o', out]);
    expect(result.stderr).toBe(
      '  warning --set review.date: review.date: is 2 January 2027, one day after the start, though the agreement is reviewed every 6 months; check that this date is meant\n' +
        `Wrote ${out}\n`,
    );
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('The first review will be on 2 January 2027.');
  });

  it('leaves out an optional answer of the answers file given empty with --set, as Backspace then Enter does in the interview', () => {
    const args = ['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(dir, 'a.md'), '--set', 'supervisor.email=', '--set', 'recording.policy= '];
    const result = runCli(args);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    const markdown = readFileSync(join(dir, 'a.md'), 'utf8');
    expect(markdown).not.toContain('priya.shah@northshire.example.org');
    expect(markdown).toContain('in line with the policy of Northshire County Council');
    // A required answer given empty is still refused.
    const required = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(dir, 'b.md'), '--set', 'supervisee.name=']);
    expect(required.code).toBe(1);
    expect(required.stderr).toContain('--set supervisee.name: supervisee.name: must not be empty');
  });

  it('saves a review date left at its default so that, reused with another start date, it follows that date', () => {
    const saved = join(dir, 'this-year.yaml');
    expect(runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(dir, 'a.md'), '--save-answers', saved]).code).toBe(0);
    // Next year's agreement from this year's answers: only the start date changes.
    const nextYear = runCli(['new', '-a', saved, '--set', 'startDate=1/12/2027', '-f', 'md', '-o', join(dir, 'b.md')]);
    expect(nextYear.stderr).not.toContain('error');
    expect(nextYear.code).toBe(0);
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toContain('The first review will be on 1 June 2028.');
  });

  it('saves a review date typed, not left at its default, as typed', () => {
    const typed = join(dir, 'typed.yaml');
    const args = ['new', 'one-to-one', '-a', oneToOneExample, '--set', 'review.date=2027-05-04', '-f', 'md', '-o', join(dir, 'c.md'), '--save-answers', typed];
    expect(runCli(args).code).toBe(0);
    expect((parse(readFileSync(typed, 'utf8')) as { review: { date?: string } }).review.date).toBe('2027-05-04');
  });

  it('says in the saved answers of a custom pack to reuse them with its --templates, which alone finds that pack', () => {
    cpSync(join(projectRoot, 'templates'), join(dir, 'my packs'), { recursive: true });
    const args = ['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '--templates', 'my packs'];
    expect(runCli([...args, '-o', 'a.md', '--save-answers', 'custom.yaml'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'custom.yaml'), 'utf8')).toContain("\n# Reuse with: supervise new --answers THIS_FILE --templates 'my packs'\n");
    expect(runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', 'b.md', '--save-answers', 'built-in.yaml'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'built-in.yaml'), 'utf8')).toContain('\n# Reuse with: supervise new --answers THIS_FILE\n');
  });
});

describe('supervise new with a registration number YAML reads as a number', () => {
  it('says to quote it as the answers file writes it, leading 0 and all, not as the number it was read as', () => {
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, readFileSync(oneToOneExample, 'utf8').replace('number: SW104233', 'number: 0104233'));
    const result = runCli(['new', 'one-to-one', '-a', answers, '-f', 'md', '-o', join(dir, 'a.md')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('supervisor.registration.number: must be text, but 0104233 is read as the number 104233: put it in quotes ("0104233") to keep it as written');
  });
});

describe('supervise new never overwrites without --force', () => {
  it('refuses, names the file, and leaves it as it was', () => {
    const out = join(dir, 'agreement.md');
    writeFileSync(out, 'signed copy, do not touch');
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Not overwriting an existing file: ${out}`);
    expect(result.stderr).toContain('--force');
    expect(readFileSync(out, 'utf8')).toBe('signed copy, do not touch');
    expect(readdirSync(dir)).toEqual(['agreement.md']);
  });

  it('replaces the file with --force', () => {
    const out = join(dir, 'agreement.md');
    writeFileSync(out, 'old');
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', out, '--force']);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('# Agreement for 1:1 Safeguarding Supervision');
    expect(readdirSync(dir)).toEqual(['agreement.md']);
  });

  it('reports an output path it cannot create (through a file), leaving nothing behind', () => {
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(dir, 'notes.txt', 'out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('a part of the path is a file, not a folder');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    // A path given relative to the current folder is named that way, as typed.
    const relative = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join('notes.txt', 'out', 'tom.md')], { cwd: dir });
    expect(relative.code).toBe(1);
    expect(relative.stderr).toContain(`error: Cannot write ${join('notes.txt', 'out', 'tom.md')}: a part of the path is a file, not a folder`);
  });

  it.skipIf(!existsSync('/proc/self'))('says a folder that cannot be made where mkdir says "no such file" of it (/proc) once, rather than asking again for ever', () => {
    const cases: [string[], string][] = [
      [['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-y', '-o', '/proc/supervise-test/deeper/x.md'], 'Choose another output folder with --out and run again.'],
      [['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-y', '-o', join(dir, 'x.md'), '--save-answers', '/proc/supervise-test/a.yaml'], 'Give --save-answers a file in another folder'],
      [['batch', join(projectRoot, 'examples', 'roster.yaml'), '-f', 'md', '-o', '/proc/supervise-test'], 'Choose another output folder with --out and run again.'],
      [['init', '/proc/supervise-test/templates'], 'Choose another folder to copy the templates into'],
    ];
    for (const [args, hint] of cases) {
      // Not runCli: a process spinning in Node's recursive mkdir does not end on SIGTERM, only on SIGKILL.
      const result = spawnSync(process.execPath, [join(projectRoot, 'bin', 'supervise.js'), ...args], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
        input: '',
        encoding: 'utf8',
        timeout: 20_000,
        killSignal: 'SIGKILL',
      });
      expect(result.signal, `supervise ${args.join(' ')} was still running after 20 s`).toBeNull();
      expect(result.stderr).toContain('error: Cannot write /proc/supervise-test: no folder can be made in /proc\n');
      expect(result.stderr).toContain(hint);
      expect(result.status).toBe(1);
    }
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('refuses --out naming a file of another format (tom.txt, tom.docx) rather than making a folder of that name', () => {
    for (const name of ['tom.txt', 'Tom Evans.docx']) {
      const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', name], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--out ${name} ends in ${name.slice(name.lastIndexOf('.'))}, so it is neither a PDF (.pdf) nor a Markdown (.md) file`);
      expect(result.stderr).toContain(`end it with / (--out ${name}/)`);
    }
    expect(readdirSync(dir)).toEqual([]);
    // A folder written as one, or one already there, is a folder whatever its name.
    expect(runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', 'team.v2/'], { cwd: dir }).code).toBe(0);
    mkdirSync(join(dir, 'records.2027'));
    expect(runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', 'records.2027'], { cwd: dir }).code).toBe(0);
    expect(readdirSync(join(dir, 'team.v2'))).toEqual(['one-to-one-tom-evans-2026-12-01.md']);
    expect(readdirSync(join(dir, 'records.2027'))).toEqual(['one-to-one-tom-evans-2026-12-01.md']);
  });

  it('names the folder name that is too long for the file system, not the file written into it', () => {
    const folder = 'ł'.repeat(150);
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', `${join(dir, folder)}/`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the name "${'ł'.repeat(24)}…" in it is 300 bytes long, and a file or folder name may be at most 255 bytes`);
    expect(result.stderr).toContain('Choose a shorter name and run again.');
    expect(result.stderr).not.toContain('free space');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an --out that is an existing folder named like a file, saying how to write into it', () => {
    mkdirSync(join(dir, 'agreement.md'));
    for (const extra of [[], ['--force']]) {
      const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, 'agreement.md'), ...extra]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: ${join(dir, 'agreement.md')} is a folder, not a file to write`);
      expect(result.stderr).toContain(`end --out with a slash (--out ${join(dir, 'agreement.md')}/)`);
    }
    expect(readdirSync(join(dir, 'agreement.md'))).toEqual([]);
    // As the hint says: with the slash, the folder is written into, under the derived name, in the default format.
    const into = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', `${join(dir, 'agreement.md')}/`]);
    expect(into.code).toBe(0);
    expect(readdirSync(join(dir, 'agreement.md'))).toEqual(['one-to-one-tom-evans-2026-12-01.pdf']);
  });

  it('refuses --save-answers naming the agreement itself, writing nothing, even with --force', () => {
    const out = join(dir, 'same.md');
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', out, '--save-answers', out, '--force']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: --save-answers ${out} is where the agreement itself is to be written`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a --save-answers that ends in a slash, rather than writing a file named as the folder', () => {
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(dir, 'tom.md'), '--save-answers', `${join(dir, 'kept')}/`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: --save-answers ${join(dir, 'kept')}/ names a folder, not a file\nGive the file to save the answers in, e.g. --save-answers ${join(dir, 'kept')}/answers.yaml.\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a roster given as the answers of one agreement, saying the command it is for', () => {
    // Named as typed, from the folder the command runs in.
    const roster = join('examples', 'roster.yaml');
    for (const args of [['new', '-a', roster], ['new', 'one-to-one', '-a', roster]]) {
      const result = runCli([...args, '-f', 'md', '-o', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error: ${roster} is a roster (a list of agreements under \`agreements:\`), not the answers for one agreement\n` +
          `Write every agreement in it with \`supervise batch ${roster}\`; --answers takes the answers of a single agreement.\n`,
      );
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says the batch command for a roster given as answers so that it can be pasted into a shell, apostrophe and all', () => {
    cpSync(join(projectRoot, 'examples', 'roster.yaml'), join(dir, "Siân's team roster.yaml"));
    const result = runCli(['new', '-a', "Siân's team roster.yaml", '-f', 'md'], { cwd: dir });
    expect(result.code).toBe(2);
    const batch = /`(supervise batch [^`]*)`/.exec(result.stderr)?.[1];
    expect(batch).toBeDefined();
    const planned = runPrintedCommand(`${batch!} --dry-run`, dir);
    expect(planned.stderr).toContain('Dry run: 5 of 5 entries valid');
    expect(planned.code).toBe(0);
  });

  it('refuses an answers file that holds a list or a line of text, saying so, rather than asking which template', () => {
    const list = join(dir, 'list.yaml');
    writeFileSync(list, '- Tom Evans\n- Priya Shah\n');
    const text = join(dir, 'notes.yaml');
    writeFileSync(text, 'supervision with Tom on Tuesdays\n');
    for (const [file, kind] of [[list, 'a list'], [text, 'a line of text']] as const) {
      for (const args of [['new', '-a', file], ['new', 'one-to-one', '-a', file]]) {
        const result = runCli([...args, '-f', 'md', '-o', dir]);
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toContain(`error: The answers file ${file} does not hold answers\n  error ${file}:1:1: is ${kind}, `);
        expect(result.stderr).toContain('agency: Northshire County Council');
        expect(result.stderr).not.toContain('Which template?');
        expect(result.stderr).not.toContain('missing or invalid');
      }
    }
    expect(readdirSync(dir).sort()).toEqual(['list.yaml', 'notes.yaml']);
  });

  it('writes nothing at all when one of the files cannot be written', () => {
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(dir, 'tom.md'), '--save-answers', join(dir, 'notes.txt', 'answers.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('a part of the path is a file, not a folder');
    expect(result.stderr).not.toContain('Wrote');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it.skipIf(asUnprivileged === undefined)('reports a folder without write permission, leaving nothing behind', () => {
    const locked = join(dir, 'locked');
    runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(locked, 'x.md')]);
    if (process.getuid?.() === 0) {
      // Run as another user (root ignores permissions), who may reach the folder and owns it, but may not write in it.
      chmodSync(dir, 0o755);
      chownSync(locked, unprivilegedId, unprivilegedId);
    }
    chmodSync(locked, 0o500);
    try {
      const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', join(locked, 'y.md')], { prefix: asUnprivileged });
      expect(result.stderr).toContain(`error: Cannot write ${join(locked, 'y.md')}: permission denied`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(1);
      expect(readdirSync(locked)).toEqual(['x.md']);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

describe('supervise new interrupted (Ctrl-C) as its files are moved into place', () => {
  /**
   * At a known point: a module loaded first sends the process SIGINT as soon as the PDF is moved into place, and
   * keeps the process alive a moment, as a terminal's input would, so that the signal is answered. An asynchronous
   * move then waits for the answer before the next move.
   */
  const signalAfterPdfMoved = `import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
let sent = false;
const afterMove = (to) => {
  if (sent || !String(to).endsWith('.pdf')) return false;
  sent = true;
  process.kill(process.pid, 'SIGINT');
  setTimeout(() => {}, 300);
  return true;
};
for (const name of ['rename', 'link']) {
  const move = fsp[name];
  fsp[name] = async (from, to) => {
    await move(from, to);
    if (afterMove(to)) await new Promise((resolve) => setTimeout(resolve, 200));
  };
  const moveSync = fs[name + 'Sync'];
  fs[name + 'Sync'] = (from, to) => {
    moveSync(from, to);
    afterMove(to);
  };
}
syncBuiltinESMExports();
`;

  for (const force of [true, false]) {
    it(`${force ? 'with --force replaces' : 'writes'} both formats or neither, and says which${force ? '' : ' (without --force)'}; no temporary file is left`, () => {
      writeFileSync(join(dir, 'signal-after-pdf.mjs'), signalAfterPdfMoved);
      const out = join(dir, 'out');
      mkdirSync(out);
      const pdf = join(out, 'one-to-one-tom-evans-2026-12-01.pdf');
      const markdown = join(out, 'one-to-one-tom-evans-2026-12-01.md');
      if (force) {
        writeFileSync(pdf, 'old PDF');
        writeFileSync(markdown, 'old Markdown');
      }
      const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'both', '-o', `${out}/`, '-y', ...(force ? ['--force'] : [])], {
        env: { NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'signal-after-pdf.mjs')).href}` },
      });
      expect(readdirSync(out).sort()).toEqual([markdown, pdf].map((path) => path.slice(out.length + 1)).sort());
      // The pair was moved in one step, the interrupt answered after it: both are new, and the message says so.
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(readFileSync(markdown, 'utf8')).toMatch(/^# Agreement for 1:1 Safeguarding Supervision\n/);
      expect(result.stderr).toBe(`Wrote ${pdf}\nWrote ${markdown}\n`);
      expect(result.code).toBe(0);
    });
  }
});

describe('supervise new with bad answers', () => {
  it('says how to give a person written as a bare name, in an answers file and with --set', () => {
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, readFileSync(oneToOneExample, 'utf8').replace('supervisee:\n  name: Tom Evans\n  role: Social Worker\n', 'supervisee: Tom Evans\n'));
    const fromFile = runCli(['new', '-a', answers, '-f', 'md', '-o', dir]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(`${answers}:10:1: supervisee: must be a person, not a name alone: put the name under "name" ({ name: Tom Evans })\n`);
    const fromSet = runCli(['new', '-a', oneToOneExample, '--set', "supervisor=Siân O'Neill", '-f', 'md', '-o', dir]);
    expect(fromSet.code).toBe(1);
    expect(fromSet.stderr).toContain(`--set supervisor: supervisor: must be a person, not a name alone: give it with --set "supervisor.name=Siân O'Neill"\n`);
    // Setting a field inside the name alone the file gives: the hint is the whole person, in the form --set reads it.
    const intoName = runCli(['new', '-a', answers, '-y', '-f', 'md', '-o', dir, '--set', 'supervisee.role=Social Worker']);
    expect(intoName.code).toBe(2);
    expect(intoName.stderr).toContain('--set supervisee.role: supervisee is given as a name alone ("Tom Evans"), not as a person with fields');
    expect(intoName.stderr).toContain("e.g. --set 'supervisee={ name: Tom Evans }' (a --set supervisee.role=… after it then works)");
    expect(readdirSync(dir)).toEqual(['answers.yaml']);
    const followed = runCli(['new', '-a', answers, '-y', '-f', 'md', '-o', dir, '--set', 'supervisee={ name: Tom Evans }', '--set', 'supervisee.role=Social Worker']);
    expect(followed.code).toBe(0);
    expect(readFileSync(join(dir, 'one-to-one-tom-evans-2026-12-01.md'), 'utf8')).toContain('Tom Evans, Social Worker');
  });

  it('gives a time or date the same reason from an answers file (at its line and column), --set and a roster', () => {
    const example = readFileSync(oneToOneExample, 'utf8');
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, example.replace('  time: "14:00"', '  time: "25:00"').replace('startDate: 2026-12-01', 'startDate: 1/3'));
    const fromFile = runCli(['new', '-a', answers, '-f', 'md', '-o', dir]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(`${answers}:17:3: schedule.time: must be a 24-hour time as HH:MM: there is no hour 25\n`);
    expect(fromFile.stderr).toContain(`${answers}:13:1: startDate: must be a date as YYYY-MM-DD, with the year: write 1/3 (1 March) as YYYY-03-01\n`);

    const fromSet = runCli(['new', '-a', oneToOneExample, '--set', 'schedule.time=25:00', '--set', 'startDate=March 1 2027', '-f', 'md', '-o', dir]);
    expect(fromSet.code).toBe(1);
    expect(fromSet.stderr).toContain('--set schedule.time: schedule.time: must be a 24-hour time as HH:MM: there is no hour 25\n');
    expect(fromSet.stderr).toContain('--set startDate: startDate: must be a real date, the day first: write March 1 2027 as 1 March 2027\n');
    // Left empty, it is told the forms --set reads, not only the file's.
    const emptySet = runCli(['new', '-a', oneToOneExample, '--set', 'startDate=', '-f', 'md', '-o', dir]);
    expect(emptySet.stderr).toContain('--set startDate: startDate: must be a date typed as 1/12/2026, 1 December 2026 or 2026-12-01\n');

    const roster = join(dir, 'roster.yaml');
    const entry = example.replace(/^#.*\n/gm, '').replace(/^/gm, '    ').replace(/^    template/m, '  - template');
    writeFileSync(roster, `agreements:\n${entry.replace('time: "14:00"', 'time: 9:75').replace('startDate: 2026-12-01', 'startDate: 3/31/2027')}`);
    const fromRoster = runCli(['batch', roster, '--dry-run', '-f', 'md', '-o', join(dir, 'out')]);
    expect(fromRoster.code).toBe(1);
    expect(fromRoster.stderr).toMatch(/roster\.yaml:\d+:\d+: schedule\.time: must be a 24-hour time as HH:MM: there is no minute 75\n/);
    expect(fromRoster.stderr).toMatch(/roster\.yaml:\d+:\d+: startDate: must be a real date as YYYY-MM-DD: there is no month 31 \(if 3\/31\/2027 is 31 March 2027, write 2027-03-31\)\n/);
    expect(readdirSync(dir).sort()).toEqual(['answers.yaml', 'roster.yaml']);
  });

  it('says an email address has no comma, at its line and column, with --set and in a roster, where { … } split it', () => {
    const example = readFileSync(oneToOneExample, 'utf8');
    const answers = join(dir, 'answers.yaml');
    // In { … } YAML reads the comma as the start of another field: the address "a@b" and a field "org".
    writeFileSync(answers, example.replace('supervisee:\n  name: Tom Evans\n  role: Social Worker\n', 'supervisee: { name: Tom Evans, email: tom@northshire,org }\n'));
    const fromFile = runCli(['new', '-a', answers, '-f', 'md', '-o', dir]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(
      `${answers}:10:32: supervisee.email: must be an email address such as name@example.org: inside { … } a comma starts a new field, so "org" was read as one; did you mean tom@northshire.org?\n`,
    );
    expect(fromFile.stderr).not.toContain('supervisee.org');

    const fromSet = runCli(['new', '-a', oneToOneExample, '--set', 'supervisor.email=a@b,org', '-f', 'md', '-o', dir]);
    expect(fromSet.code).toBe(1);
    expect(fromSet.stderr).toContain('--set supervisor.email: supervisor.email: must be an email address such as name@example.org, with no comma: did you mean a@b.org?\n');

    const roster = join(dir, 'roster.yaml');
    const entry = example.replace(/^#.*\n/gm, '').replace(/^/gm, '    ').replace(/^    template/m, '  - template');
    writeFileSync(roster, `agreements:\n${entry.replace('email: priya.shah@northshire.example.org', 'email: priya.shah@northshire,example.org')}`);
    const fromRoster = runCli(['batch', roster, '--dry-run', '-f', 'md', '-o', join(dir, 'out')]);
    expect(fromRoster.code).toBe(1);
    expect(fromRoster.stderr).toMatch(
      /roster\.yaml:\d+:\d+: supervisor\.email: must be an email address such as name@example\.org, with no comma: did you mean priya\.shah@northshire\.example\.org\?\n/,
    );
    expect(readdirSync(dir).sort()).toEqual(['answers.yaml', 'roster.yaml']);
  });

  it('says a weekday has no place in a date, and which hour an unquoted time lacks, from a file, --set and a roster', () => {
    const example = readFileSync(oneToOneExample, 'utf8');
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, example.replace('  time: "14:00"', '  time: 25').replace('startDate: 2026-12-01', 'startDate: Monday 1 March 2027'));
    const fromFile = runCli(['new', '-a', answers, '-f', 'md', '-o', dir]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(`${answers}:17:3: schedule.time: must be a 24-hour time as HH:MM: there is no hour 25\n`);
    expect(fromFile.stderr).toContain(`${answers}:13:1: startDate: must be a real date as YYYY-MM-DD, without the weekday: write Monday 1 March 2027 as 2027-03-01\n`);

    const fromSet = runCli(['new', '-a', oneToOneExample, '--set', 'schedule.time=25', '--set', 'startDate=Mon 1 Mar 2027', '-f', 'md', '-o', dir]);
    expect(fromSet.code).toBe(1);
    expect(fromSet.stderr).toContain('--set schedule.time: schedule.time: must be a 24-hour time as HH:MM: there is no hour 25\n');
    expect(fromSet.stderr).toContain('--set startDate: startDate: must be a date without the weekday: write 1 Mar 2027\n');

    const roster = join(dir, 'roster.yaml');
    const entry = example.replace(/^#.*\n/gm, '').replace(/^/gm, '    ').replace(/^    template/m, '  - template');
    writeFileSync(roster, `agreements:\n${entry.replace('time: "14:00"', 'time: 2400').replace('startDate: 2026-12-01', 'startDate: Tuesday 1 March 2027')}`);
    const fromRoster = runCli(['batch', roster, '--dry-run', '-f', 'md', '-o', join(dir, 'out')]);
    expect(fromRoster.code).toBe(1);
    expect(fromRoster.stderr).toMatch(/roster\.yaml:\d+:\d+: schedule\.time: must be a 24-hour time as HH:MM: midnight is 00:00\n/);
    // The weekday does not match the date: which one is meant is not guessed.
    expect(fromRoster.stderr).toMatch(/roster\.yaml:\d+:\d+: startDate: must be a real date as YYYY-MM-DD, without the weekday: 1 March 2027 is a Monday, not a Tuesday\n/);
    expect(readdirSync(dir).sort()).toEqual(['answers.yaml', 'roster.yaml']);
  });

  it('lists every problem at once with file, line and column, exits 1 and writes nothing', () => {
    const answers = join(dir, 'bad.yaml');
    writeFileSync(
      answers,
      ['template: one-to-one', 'agency: Northshire', 'scheduel:', '  time: "14:00"', 'supervisor:', '  name: Priya Shah', '  rol: Manager', 'startDate: 2026-02-30', ''].join('\n'),
    );
    const result = runCli(['new', '--answers', answers, '-f', 'md', '-o', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${answers}:3:1: scheduel: is not a field of this template (did you mean "schedule"?)`);
    expect(result.stderr).toContain(`${answers}:7:3: supervisor.rol: is not a field of this template (did you mean "supervisor.role"?)`);
    expect(result.stderr).toContain(`${answers}:8:1: startDate: must be a real date: February 2026 has 28 days (e.g. 2026-02-28)`);
    expect(result.stderr).toContain(`${answers}: supervisee: is required`);
    expect(result.stderr).toContain('schedule.time: is required');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('fails at once, without waiting for input, when nothing is given and there is no terminal', () => {
    const result = runCli(['new', 'group', '-f', 'md', '-o', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/answers are missing or invalid for the "group" template/);
    expect(result.stderr).toContain('members: is required');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('shows a YAML syntax error with its line, column and the line itself', () => {
    const answers = join(dir, 'broken.yaml');
    writeFileSync(answers, 'agency: Northshire\nsupervisor: { name: Priya\nstartDate: 2026-12-01\n');
    const result = runCli(['new', 'one-to-one', '--answers', answers, '-f', 'md', '-o', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${answers}:\\d+:\\d+: `));
    expect(result.stderr).toContain('is not valid YAML');
    expect(readdirSync(dir)).toEqual(['broken.yaml']);
  });

  it('shows an answer needed because another is yes where that one was given: its line, or its --set', () => {
    const text = readFileSync(oneToOneExample, 'utf8').replace(/^contractedOut: .*$/m, 'contractedOut: yes').replace(/^lineManager:\n(  .*\n)*/m, '');
    const answers = join(dir, 'outside.yaml');
    writeFileSync(answers, text);
    const line = text.split('\n').findIndex((row) => row.startsWith('contractedOut:')) + 1;
    const fromFile = runCli(['new', 'one-to-one', '-a', answers, '-f', 'md', '-o', dir]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(`${answers}:${line}:1: lineManager.name: is required when contractedOut is yes`);
    const fromSet = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', dir, '--set', 'contractedOut=yes', '--set', 'lineManager.name=Jo Bell']);
    expect(fromSet.code).toBe(1);
    expect(fromSet.stderr).toContain('--set contractedOut: lineManager.arrangement: is required when contractedOut is yes');
    expect(fromSet.stderr).not.toContain('lineManager.name');
  });

  it('names a --set value as the source of its problem', () => {
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', dir, '--set', 'schedule.durationMinutes=500']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--set schedule.durationMinutes: schedule.durationMinutes: must be at most 180');
  });

  it.each([
    [['-o', '-'], '--out - would be a file or folder named "-": supervise writes files, not standard output'],
    [['--save-answers', '-'], '--save-answers - would be a file named "-": supervise writes files, not standard output'],
    [['-a', '-'], '--answers - would be a file named "-": supervise reads files, not standard input'],
  ])('refuses %j rather than making a file or folder called "-"', (flags, message) => {
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', ...flags], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${message}\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('tells a --set date that is not a real one what is wrong with it as typed there, or the ways a date may be typed, not only YYYY-MM-DD', () => {
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', dir, '--set', 'startDate=31/2/2026']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--set startDate: startDate: must be a real date: February 2026 has 28 days (e.g. 28/2/2026)\n');
    const shortYear = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', dir, '--set', 'startDate=1/12/26']);
    expect(shortYear.stderr).toContain('--set startDate: startDate: must have the year in full, e.g. 1/12/2026\n');
    const notADate = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', dir, '--set', 'startDate=next Monday']);
    expect(notADate.stderr).toContain('--set startDate: startDate: must be the date itself, not "next Monday": type it as 1/12/2026, 1 December 2026 or 2026-12-01\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads a --set date or time in the forms the interview takes, and says where a list given to --set is cut short', () => {
    const out = join(dir, 'tom.md');
    const typed = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', out, '--set', 'schedule.time=9.05', '--set', 'startDate=1/12/2026', '--set', 'review.date=1 June 2027']);
    expect(typed.stderr).toBe(`Wrote ${out}\n`);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('at 09:05');
    expect(markdown).toContain('The first review will be on 1 June 2027.');
    // Kept as the answers store it.
    const saved = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, 'again.md'), '--set', 'schedule.time=9.05', '--save-answers', join(dir, 'a.yaml')]);
    expect(saved.code).toBe(0);
    expect(parse(readFileSync(join(dir, 'a.yaml'), 'utf8'))).toMatchObject({ schedule: { time: '09:05' } });

    // Every value in a --set list or person is text: a rule `5` is kept as a rule, a registration number as typed;
    // an empty value is none, as in a file (the email left empty is not an email "").
    const rules = runCli(['new', 'group', '-a', groupExample, '-f', 'md', '-o', join(dir, 'rules.md'), '--set', 'groundRules=[Be on time, 5]', '--set', 'supervisor={name: Ana, email: , registration: {body: SWE, number: 012345}}']);
    expect(rules.code).toBe(0);
    const withRules = readFileSync(join(dir, 'rules.md'), 'utf8');
    expect(withRules).toContain('- Be on time\n- 5\n');
    expect(withRules).toContain('between Ana (SWE registration 012345), the supervisor');

    const cut = runCli(['new', 'group', '-a', groupExample, '-f', 'md', '-o', dir, '--set', 'members=[{name: Ana Silva}, {name: Li Wei}']);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('error: --set members: [{name: Ana Silva}, {name: Li Wei} is not valid YAML (Flow sequence must end with a ])');
    expect(cut.stderr).not.toContain('allows at most');
  });

  it('refuses a --set that reaches inside a list, instead of dropping it', () => {
    const result = runCli(['new', 'group', '-a', groupExample, '-f', 'md', '-o', dir, '--set', 'members.0.name=Zed Adams']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--set members.0.name: members is a list, so nothing can be set inside it');
    expect(result.stderr).toContain("--set 'members=[{name: Ana Silva}, {name: Li Wei}]'");
    expect(readdirSync(dir)).toEqual([]);

    // Where nothing stood, the key makes a group of fields; the problem is then traced to that --set.
    const created = runCli(['new', 'group', '-a', groupExample, '-f', 'md', '-o', dir, '--set', 'groundRules.1=Be on time']);
    expect(created.code).toBe(1);
    expect(created.stderr).toContain('error --set groundRules.1: groundRules: must be a list of text');
  });

  it('refuses an answers file written for another template, naming both', () => {
    const result = runCli(['new', 'one-to-one', '-a', groupExample, '-f', 'md', '-o', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The answers file examples/group.yaml is for the "group" template, not "one-to-one"');
    expect(result.stderr).toContain('Leave out the template name to use "group"');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('suggests the template meant when the name is misspelt', () => {
    const result = runCli(['new', 'one-to-oen', '-a', oneToOneExample, '-f', 'md', '-o', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no template called "one-to-oen" (did you mean "one-to-one"?)');
  });

  it('warns of an empty answers file in the shape of every other warning, then says what is missing', () => {
    const answers = join(dir, 'empty.yaml');
    writeFileSync(answers, '');
    const result = runCli(['new', 'one-to-one', '-a', answers, '-y', '-f', 'md', '-o', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`warning: the answers file ${answers} is empty\n`);
    expect(result.stderr).toContain('answers are missing or invalid for the "one-to-one" template');
  });

  it('says where a misspelt template name in the answers file is, at its line', () => {
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, `# Tom's agreement\n${readFileSync(oneToOneExample, 'utf8').replace(/^template: one-to-one$/m, 'template: one-to-oen')}`);
    const result = runCli(['new', '-a', answers, '-y', '-f', 'md', '-o', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The answers file ${answers} names a template that does not exist`);
    expect(result.stderr).toMatch(/answers\.yaml:4:1: template: there is no template called "one-to-oen" \(did you mean "one-to-one"\?\)/);
    expect(readdirSync(dir)).toEqual(['answers.yaml']);
  });

  // As `check` names files: relative to the folder the command runs in when inside it, in full otherwise.
  it('names the answers file and the files written as typed inside the current folder, in full outside it', () => {
    writeFileSync(join(dir, 'bad.yaml'), readFileSync(oneToOneExample, 'utf8').replace('time: "14:00"', 'time: "25:00"'));
    writeFileSync(join(dir, 'broken.yaml'), 'agency: [unclosed\n');
    const inside = { cwd: dir };
    const bad = runCli(['new', 'one-to-one', '-a', 'bad.yaml', '-f', 'md'], inside);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/\n {2}error bad\.yaml:\d+:3: schedule\.time: must be a 24-hour time/);
    expect(runCli(['new', 'one-to-one', '-a', 'broken.yaml', '-f', 'md'], inside).stderr).toMatch(/error: broken\.yaml is not valid YAML\n {2}error broken\.yaml:\d+:\d+: /);
    expect(runCli(['new', 'one-to-one', '-a', 'nope.yaml', '-f', 'md'], inside).stderr).toContain('error: Cannot read the answers file nope.yaml: it does not exist');

    const args = ['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', 'out', '--save-answers', 'saved.yaml'];
    const written = runCli(args, inside);
    expect(written.code).toBe(0);
    expect(written.stderr).toBe(`Wrote ${join('out', 'one-to-one-tom-evans-2026-12-01.md')}\nWrote saved.yaml\n`);
    expect(runCli(args, inside).stderr).toContain(`error: Not overwriting existing files: ${join('out', 'one-to-one-tom-evans-2026-12-01.md')}, saved.yaml\n`);

    // The same files from a folder beside them: in full.
    const elsewhere = { cwd: projectRoot };
    expect(runCli(['new', 'one-to-one', '-a', join(dir, 'bad.yaml'), '-f', 'md'], elsewhere).stderr).toContain(`  error ${join(dir, 'bad.yaml')}:`);
    expect(runCli(['new', 'one-to-one', '-a', join(dir, 'nope.yaml'), '-f', 'md'], elsewhere).stderr).toContain(`Cannot read the answers file ${join(dir, 'nope.yaml')}: it does not exist`);
  });

  it('refuses a missing answers file and a binary one with a clear message', () => {
    const missing = runCli(['new', 'one-to-one', '-a', join(dir, 'nope.yaml'), '-f', 'md']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('it does not exist');
    const binary = join(dir, 'photo.yaml');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const result = runCli(['new', 'one-to-one', '-a', binary, '-f', 'md']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a text file');
  });

  it('refuses an answers file of several megabytes as most likely the wrong file, not one to split', () => {
    const huge = join(dir, 'answers.yaml');
    writeFileSync(huge, `# ${'x'.repeat(9 * 1024 * 1024)}\n`);
    const result = runCli(['new', 'one-to-one', '-a', huge, '-f', 'md', '-o', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: The answers file ${huge} is 9.0 MB; at most 8.0 MB is read`);
    expect(result.stderr).toContain("One agreement's answers take a few KB: check that it is the file you meant.");
    expect(readdirSync(dir)).toEqual(['answers.yaml']);
  });
});

describe('usage', () => {
  it('exits 2 on an unknown flag or a bad format, with a suggestion', () => {
    const unknown = runCli(['new', '--formt', 'md']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--formt'");
    expect(unknown.stderr).toContain('--format');
    const format = runCli(['new', '--format', 'docx']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('Allowed choices are pdf, md, both');
  });

  it('prints the version', () => {
    const result = runCli(['--version']);
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each([['new'], ['templates'], ['templates', 'list'], ['templates', 'show']])('has --help with an example for %s', (...command) => {
    const result = runCli([...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples?:\n\s+\$ supervise /);
  });

  it('leaves no temporary files behind after a successful run', () => {
    runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'md', '-o', dir]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, 'one-to-one-tom-evans-2026-12-01.md'))).toBe(true);
  });
});

describe('supervise templates', () => {
  it('lists the built-in packs with title and description', () => {
    const result = runCli(['templates', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^group\\s+Supervision Agreement / Contract \\(v${builtInVersion('group').replaceAll('.', '\\.')}\\)\\n\\s+One supervisor \\(facilitator\\)`, 'm'));
    expect(result.stdout).toMatch(/^one-to-one\s+Agreement for 1:1 Safeguarding Supervision/m);
  });

  it('names a mistyped templates command as one (exit 2), rather than "too many arguments"', () => {
    const result = runCli(['templates', 'shwo', 'group']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: "shwo" is not a templates command: it has list and show');
    expect(result.stdout).toBe('');
    expect(runCli(['templates']).code).toBe(0);
  });

  it('shows fields with type, label, requirement, default, condition and the signers', () => {
    const result = runCli(['templates', 'show', 'group']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/members\s+list of persons\s+Members of the group\s+\[required; 2–30, 3–10 recommended\]/);
    expect(result.stdout).toMatch(/review\.intervalMonths\s+integer\s+.*\[required; default 6; 6–12 months\]/);
    expect(result.stdout).toMatch(/lineManager\.name\s+text\s+.*only when contractedOut is yes/);
    expect(result.stdout).toMatch(/groupName\s+text\s+Name of the supervision group\s+\[optional\]/);
    expect(result.stdout).toContain('Member (each, numbered): from members; name, role and email (as given), signature, date');
  });
});

describe('a reader that stops early', () => {
  it('closing stdout before the output is written ends the command quietly, without a stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'supervise.js'), 'schema', 'roster'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('a reader of the messages that stops early (2>&1 | head -1)', () => {
  /** Runs the bin, closing its stderr once the first message arrives; its exit code and what it wrote on stdout. */
  async function runClosingStderr(args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string }> {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'supervise.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.once('data', () => child.stderr.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout };
  }

  it('does not stop a batch: the valid entries are still written, and the exit code is the batch’s own', async () => {
    const dir = makeTempDir();
    const roster = readFileSync(join(projectRoot, 'examples', 'roster.yaml'), 'utf8').replace('startDate: 2026-12-07', 'startDate: 2026-13-07');
    writeFileSync(join(dir, 'roster.yaml'), roster);
    const { code } = await runClosingStderr(['batch', 'roster.yaml', '--format', 'md', '--out', 'out'], dir);
    expect(code).toBe(1);
    // Every valid entry written (four of five) and the manifest: before, the second message ended the run with none.
    expect(readdirSync(join(dir, 'out')).filter((name) => name.endsWith('.md'))).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))).toHaveProperty('entries');
  });

  it('does not fail a check that passes, and its report on stdout is whole', async () => {
    const { code, stdout } = await runClosingStderr(['check', '--json'], projectRoot);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true });
  });
});

describe('standard output that cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))('says so in one line on stderr, exit 1, without a stack trace', () => {
    const full = openSync('/dev/full', 'w');
    // --version and --help are answered before the CLI loads (bin/run.js), and say it the same way.
    for (const args of [['schema', 'roster'], ['templates', 'list'], ['--version'], ['--help'], ['batch', '--help']]) {
      const result = spawnSync(process.execPath, [join(projectRoot, 'bin', 'supervise.js'), ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('error: Cannot write to standard output: the disk is full');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('supervise new with a custom pack that is broken', () => {
  /** The built-in packs copied into a templates folder of the test's own, with one file edited. */
  function brokenPacks(file: string, edit: (text: string) => string): string {
    const templates = join(dir, 'my packs');
    cpSync(join(projectRoot, 'templates'), templates, { recursive: true });
    const path = join(templates, file);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    return templates;
  }

  it('names the file, line and column and the whole Handlebars message, and a check command that finds it when run as given', () => {
    // A block left open: the first `{{/if}}` of the entry removed.
    const templates = brokenPacks(join('one-to-one', 'agreement.md.hbs'), (text) => text.replace('{{/if}}', ''));
    const out = join(dir, 'out.md');
    const result = runCli(['new', 'one-to-one', '--templates', templates, '-a', oneToOneExample, '-o', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: The template "one-to-one" does not compile: 1 problem');
    expect(result.stderr).toMatch(
      new RegExp(`  error ${escapeRegExp(join(templates, 'one-to-one', 'agreement.md.hbs'))}:\\d+:\\d+: Handlebars syntax error: unexpected end of file; expected "\\{\\{/…\\}\\}" \\(the \\{\\{#if\\}\\} at 13:65 is never closed\\)`),
    );
    const hint = /run `(supervise check [^`]+)`/.exec(result.stderr)?.[1];
    expect(hint).toBe(`supervise check --templates '${templates}'`);
    expect(existsSync(out)).toBe(false);

    // Followed literally (the shell takes the quotes off), the hint reaches the same problem.
    const check = runCli(['check', '--templates', templates]);
    expect(check.code).toBe(1);
    const problem = result.stderr.split('\n').find((line) => line.startsWith('  error '));
    expect(problem).toBeDefined();
    expect(check.stderr.split('\n')).toContain(problem);
  });

  it('refuses a pack whose own text the PDF cannot print before asking or rendering anything, at its line, and writes its Markdown', () => {
    const templates = brokenPacks(join('one-to-one', 'agreement.md.hbs'), (text) => text.replace('## The purpose of the session', '## ✅ The purpose of the session'));
    const out = join(dir, 'out.pdf');
    // Without --format too: PDF is what the command would write, and the interview would offer first.
    for (const flags of [['-o', out], ['-f', 'both', '-o', join(dir, 'pair.md')], ['-y', '-o', dir]]) {
      const result = runCli(['new', 'one-to-one', '--templates', templates, '-a', oneToOneExample, ...flags]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error: The template "one-to-one" has text the PDF cannot print: 1 problem');
      expect(result.stderr).toMatch(
        new RegExp(`\\n  error ${escapeRegExp(join(templates, 'one-to-one', 'agreement.md.hbs'))}:\\d+:4: "✅" \\(U\\+2705\\): the PDF font cannot print it`),
      );
      expect(result.stderr).toContain('or write Markdown only (--format md)');
      expect(readdirSync(dir)).toEqual(['my packs']);
    }
    const markdown = runCli(['new', 'one-to-one', '--templates', templates, '-a', oneToOneExample, '-o', join(dir, 'out.md')]);
    expect(markdown.code).toBe(0);
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toContain('## ✅ The purpose of the session');
  });

  it('names the pack file and the folder to check from the current folder, as check does there', () => {
    const templates = brokenPacks(join('one-to-one', 'agreement.md.hbs'), (text) => text.replace('{{/if}}', ''));
    const result = runCli(['new', 'one-to-one', '--templates', 'my packs', '-a', oneToOneExample, '-o', 'out.md'], { cwd: dir });
    expect(result.code).toBe(1);
    const problem = result.stderr.split('\n').find((line) => line.startsWith('  error '));
    expect(problem).toMatch(new RegExp(`^  error ${escapeRegExp(join('my packs', 'one-to-one', 'agreement.md.hbs'))}:\\d+:\\d+: Handlebars syntax error`));
    expect(/run `(supervise check [^`]+)`/.exec(result.stderr)?.[1]).toBe("supervise check --templates 'my packs'");
    const check = runCli(['check', '--templates', 'my packs'], { cwd: dir });
    expect(check.stderr.split('\n')).toContain(problem);

    // A pack that does not load at all: its problems and the folder, likewise; the other pack is still used, with a warning.
    writeFileSync(join(templates, 'one-to-one', 'template.yaml'), 'name: [\n');
    const unloaded = runCli(['new', 'one-to-one', '--templates', 'my packs', '-a', oneToOneExample, '-o', 'out.md'], { cwd: dir });
    expect(unloaded.code).toBe(1);
    expect(unloaded.stderr).toContain(`error: The template "one-to-one" (${join('my packs', 'one-to-one')}) cannot be used: 1 problem\n`);
    expect(unloaded.stderr).toContain(`  error ${join('my packs', 'one-to-one', 'template.yaml')}:`);
    expect(unloaded.stderr).toContain("run `supervise check --templates 'my packs'` to check every pack there");
    const other = runCli(['new', 'group', '--templates', 'my packs', '-a', groupExample, '-o', 'out.md'], { cwd: dir });
    expect(other.code).toBe(0);
    expect(other.stderr).toContain(`warning: the template pack ${join('my packs', 'one-to-one')} (1 problem) cannot be used and is left out; \`supervise check --templates 'my packs'\``);
    expect(runCli(['new', '--templates', 'no packs', '-y'], { cwd: dir }).stderr).toContain('error: Cannot read the templates folder no packs: it does not exist');
  });

  it('points at the partial and the whole name a partial uses that is not a field', () => {
    const templates = brokenPacks(join('partials', 'schedule.md.hbs'), (text) => text.replace('{{clause schedule.day ', '{{clause schedule.dayy '));
    const result = runCli(['new', 'one-to-one', '--templates', templates, '-a', oneToOneExample, '-o', join(dir, 'out.md')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: The template "one-to-one" has errors in its templates: 1 problem');
    expect(result.stderr).toMatch(
      new RegExp(`  error ${escapeRegExp(join(templates, 'partials', 'schedule.md.hbs'))}:\\d+:\\d+: "schedule\\.dayy" is not a field of this pack`),
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
