import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, projectRoot, runCli } from '../support/run-cli.js';
import { builtInVersion } from '../support/packs.js';

/**
 * One broken pack in a --templates folder: `check` fails on it, `templates
 * list` lists it as broken, and `new`, `batch`, `templates show` and
 * `schema` go on with the other packs, saying once that it was left out,
 * and refuse with its problems only when it is the one asked for.
 */

let dir: string;
beforeEach(() => {
  dir = makeTempDir('supervise-broken-pack-');
  cpSync(join(projectRoot, 'templates'), join(dir, 'tpl'), { recursive: true });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCli(args, { cwd: dir });
const exampleRoster = readFileSync(join(projectRoot, 'examples', 'roster.yaml'), 'utf8');
/** The example roster without its group entry. */
const oneToOneRoster = exampleRoster.replace(/\n  - template: group\n[\s\S]*$/, '\n');
const leftOut = "warning: the template pack tpl/group (2 problems) cannot be used and is left out; `supervise check --templates tpl` lists what is wrong with it";
const groupProblems = [
  'error: The template "group" (tpl/group) cannot be used: 2 problems',
  '  error tpl/group/template.yaml: version: is required: a version such as 1.0.0',
  '  error tpl/group/template.yaml:5:1: versoin: is not a known key (did you mean "version"?)',
].join('\n');

/** The maintainer's slip: a key of group's template.yaml misspelt. */
function breakGroup(): void {
  const manifest = join(dir, 'tpl', 'group', 'template.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('\nversion: ', '\nversoin: '));
}

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('a pack whose template.yaml loads but whose templates do not compile', () => {
  it('is listed and shown with a one-line warning naming its problem and check, not only refused later by new', () => {
    const entry = join(dir, 'tpl', 'group', 'agreement.md.hbs');
    writeFileSync(entry, `${readFileSync(entry, 'utf8')}{{#if agency}}never closed\n`);
    const line = readFileSync(entry, 'utf8').split('\n').length;
    const warning = new RegExp(
      `^warning: the template "group" cannot be used, as new and batch refuse it: tpl/group/agreement\\.md\\.hbs:${line}:1: Handlebars syntax error: .*; run \`supervise check --templates tpl\` to see every problem$`,
      'm',
    );
    for (const args of [['templates', 'list'], ['templates', 'show', 'group']]) {
      const shown = run(...args, '--templates', 'tpl');
      expect(shown.code).toBe(0);
      expect(shown.stderr).toMatch(warning);
      expect(shown.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(run('templates', 'show', 'one-to-one', '--templates', 'tpl').stderr).toBe('');
    expect(run('new', 'group', '--templates', 'tpl', '--yes').stderr).toContain('The template "group" does not compile');
  });
});

describe('a broken pack beside good ones', () => {
  it('fails check, and is listed as broken by templates list (exit 0)', () => {
    breakGroup();
    expect(run('check', '--templates', 'tpl').code).toBe(1);
    const listed = run('templates', 'list', '--templates', 'tpl');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`one-to-one  Agreement for 1:1 Safeguarding Supervision (v${builtInVersion('one-to-one')})`);
    expect(listed.stdout).toContain('group       (broken: 2 problems, in tpl/group)');
    expect(listed.stderr).toContain(leftOut);
  });

  it('lets new and batch use the other packs, saying once that it is left out', () => {
    breakGroup();
    const created = run('new', 'one-to-one', '--templates', 'tpl', '--answers', join(projectRoot, 'examples', 'one-to-one.yaml'), '--out', 'one.md', '--yes');
    expect(created.code).toBe(0);
    expect(count(created.stderr, leftOut)).toBe(1);
    expect(readFileSync(join(dir, 'one.md'), 'utf8')).toContain('Tom Evans');

    writeFileSync(join(dir, 'roster.yaml'), oneToOneRoster);
    const batch = run('batch', 'roster.yaml', '--templates', 'tpl', '--out', 'out', '--format', 'md');
    expect(batch.code).toBe(0);
    expect(count(batch.stderr, leftOut)).toBe(1);
    expect(readdirSync(join(dir, 'out'))).toContain('manifest.json');

    const shown = run('templates', 'show', 'one-to-one', '--templates', 'tpl');
    expect(shown.code).toBe(0);
    const schema = run('schema', 'roster', '--templates', 'tpl');
    expect(schema.code).toBe(0);
    expect(JSON.stringify(JSON.parse(schema.stdout))).not.toContain('"group"');
    expect(schema.stderr).toContain(leftOut);
    // One pack's schema has nothing to do with the broken one: nothing is said of it.
    const oneSchema = run('schema', 'one-to-one', '--templates', 'tpl');
    expect(oneSchema.code).toBe(0);
    expect(oneSchema.stderr).toBe('');
  });

  it('lists the pack it left out, with its problems, in the --json report of a batch, a dry run and a batch stopped before rendering', () => {
    breakGroup();
    writeFileSync(join(dir, 'roster.yaml'), oneToOneRoster);
    const expected = [
      {
        folder: 'tpl/group',
        name: 'group',
        problems: [
          { file: 'tpl/group/template.yaml', line: null, column: null, path: 'version', message: 'is required: a version such as 1.0.0' },
          { file: 'tpl/group/template.yaml', line: 5, column: 1, path: 'versoin', message: 'is not a known key (did you mean "version"?)' },
        ],
      },
    ];
    const dryRun = run('batch', 'roster.yaml', '--templates', 'tpl', '--out', 'out', '--format', 'md', '--dry-run', '--json');
    expect(dryRun.code).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ ok: true, dryRun: true, leftOut: expected });
    const batch = run('batch', 'roster.yaml', '--templates', 'tpl', '--out', 'out', '--format', 'md', '--json');
    expect(batch.code).toBe(0);
    const report = JSON.parse(batch.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, leftOut: expected });
    // The report's own field, not the manifest's: manifest.json records what was made, not the folder's state.
    expect(JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))).not.toHaveProperty('leftOut');
    writeFileSync(join(dir, 'bad.yaml'), oneToOneRoster.replace(/supervisee:/g, 'supervisse:'));
    const stopped = run('batch', 'bad.yaml', '--templates', 'tpl', '--out', 'out2', '--format', 'md', '--json');
    expect(stopped.code).toBe(1);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ ok: false, leftOut: expected });
    // With nothing left out the field is there, empty, so a script can read it without testing for it.
    const sound = runCli(['batch', join(dir, 'roster.yaml'), '--out', 'out3', '--format', 'md', '--json'], { cwd: dir });
    expect(JSON.parse(sound.stdout)).toMatchObject({ ok: true, leftOut: [] });
  });

  it('refuses, with its problems, a new, a batch entry, templates show and schema that ask for it, writing nothing', () => {
    breakGroup();
    const runs = [
      ['new', 'group', '--templates', 'tpl', '--answers', join(projectRoot, 'examples', 'group.yaml'), '--out', 'out', '--yes'],
      ['batch', 'roster.yaml', '--templates', 'tpl', '--out', 'out', '--format', 'md'],
      ['templates', 'show', 'group', '--templates', 'tpl'],
      ['schema', 'group', '--templates', 'tpl'],
    ];
    writeFileSync(join(dir, 'roster.yaml'), exampleRoster);
    for (const args of runs) {
      const result = run(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(groupProblems);
      expect(result.stderr).not.toContain('warning');
      expect(result.stdout).toBe('');
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
    const json = run('batch', 'roster.yaml', '--templates', 'tpl', '--out', 'out', '--json');
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { ok: boolean; error: { message: string; problems: unknown[] } }).error).toMatchObject({
      message: 'The template "group" (tpl/group) cannot be used: 2 problems',
      problems: [
        { path: 'version', message: 'is required: a version such as 1.0.0' },
        { path: 'versoin', message: 'is not a known key (did you mean "version"?)' },
      ],
    });
  });

  it('refuses entries that name no template when the one other pack is broken, as it may be the one meant', () => {
    breakGroup();
    writeFileSync(join(dir, 'roster.yaml'), oneToOneRoster.replaceAll('  - template: one-to-one\n', '  -\n'));
    const batch = run('batch', 'roster.yaml', '--templates', 'tpl', '--out', 'out', '--format', 'md');
    expect(batch.code).toBe(1);
    expect(batch.stderr).toContain(groupProblems);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // With the pack fixed, the folder has two packs, and such an entry is told to name one, as before.
    const manifest = join(dir, 'tpl', 'group', 'template.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('\nversoin: ', '\nversion: '));
    expect(run('batch', 'roster.yaml', '--templates', 'tpl', '--out', 'out', '--format', 'md').stderr).toContain('template');
  });

  it('asks a new that names no template, without a terminal, to name the one left, as the broken one may be the one meant', () => {
    breakGroup();
    writeFileSync(join(dir, 'answers.yaml'), readFileSync(join(projectRoot, 'examples', 'one-to-one.yaml'), 'utf8').replace(/^template: .*\n/m, ''));
    const result = run('new', '--templates', 'tpl', '--answers', 'answers.yaml', '--format', 'md');
    expect(result.code).toBe(2);
    expect(count(result.stderr, leftOut)).toBe(1);
    expect(result.stderr).toContain('error: Which template? "one-to-one" is the only one that can be used, but tpl/group, which cannot, may be the one meant\n');
    expect(result.stderr).toContain('Name it (`supervise new one-to-one`, or `template: one-to-one` in the answers file), or mend tpl/group first.\n');
    expect(readdirSync(dir).sort()).toEqual(['answers.yaml', 'tpl']);
  });

  it('refuses the name a copied pack shares with its original, as either may be meant, but not the packs named otherwise', () => {
    cpSync(join(dir, 'tpl', 'one-to-one'), join(dir, 'tpl', 'our-one-to-one'), { recursive: true });
    const forOneToOne = run('new', 'one-to-one', '--templates', 'tpl', '--answers', join(projectRoot, 'examples', 'one-to-one.yaml'), '--out', 'one.md', '--yes');
    expect(forOneToOne.code).toBe(1);
    expect(forOneToOne.stderr).toContain('error: The template "one-to-one" (tpl/our-one-to-one) cannot be used: 1 problem');
    expect(forOneToOne.stderr).toContain('"one-to-one" is also the name of the pack in one-to-one/; each pack needs its own name (its folder\'s, "our-one-to-one", say)');
    const forGroup = run('new', 'group', '--templates', 'tpl', '--answers', join(projectRoot, 'examples', 'group.yaml'), '--out', 'group.md', '--yes');
    expect(forGroup.code).toBe(0);
    expect(forGroup.stderr).toContain('warning: the template pack tpl/our-one-to-one (1 problem) cannot be used and is left out');
  });
});
