import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot as repoRoot, runCli, runPrintedCommand } from '../support/run-cli.js';

function listFiles(dir: string): string[] {
  const files: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.push(relative(dir, path));
    }
  };
  visit(dir);
  return files.sort();
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'supervise-init-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('supervise init', () => {
  it('copies the built-in packs owner-only and prints the next steps', async () => {
    const result = runCli(['init'], { cwd: work });
    expect(result.code).toBe(0);
    const target = join(work, 'templates');
    const builtIn = join(repoRoot, 'templates');
    expect(listFiles(target)).toEqual(listFiles(builtIn));
    for (const file of listFiles(builtIn)) {
      expect(readFileSync(join(target, file), 'utf8')).toBe(readFileSync(join(builtIn, file), 'utf8'));
      expect(statSync(join(target, file)).mode & 0o777).toBe(0o600);
    }
    for (const folder of ['', 'partials', 'one-to-one', 'group']) expect(statSync(join(target, folder)).mode & 0o777).toBe(0o700);
    expect(result.stderr).toContain('Copied the template packs (group, one-to-one) and their shared clauses (partials/) into templates');
    expect(result.stderr).toContain('supervise check --templates templates');
    expect(result.stderr).toContain('supervise new --templates templates');
    // Nothing left over from assembling the folder.
    expect(readdirSync(work)).toEqual(['templates']);
  });

  it('copies into a folder that holds only hidden entries (a repository just made for the packs), leaving them as they are', async () => {
    const repository = join(work, 'repo');
    mkdirSync(join(repository, '.git'), { recursive: true });
    writeFileSync(join(repository, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(repository, '.gitignore'), 'agreements/\n');
    const result = runCli(['init', '.'], { cwd: repository });
    expect(result.code).toBe(0);
    expect(readdirSync(repository).sort()).toEqual(['.git', '.gitignore', 'group', 'one-to-one', 'partials']);
    expect(readFileSync(join(repository, '.gitignore'), 'utf8')).toBe('agreements/\n');
    expect(readFileSync(join(repository, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(runCli(['check', '--templates', '.'], { cwd: repository }).code).toBe(0);
  });

  it('refuses to write into a folder that has something in it, and writes nothing', async () => {
    mkdirSync(join(work, 'mine'));
    writeFileSync(join(work, 'mine', 'notes.txt'), 'keep me');
    const result = runCli(['init', 'mine'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: mine already exists and is not empty; nothing was written');
    expect(readdirSync(join(work, 'mine'))).toEqual(['notes.txt']);
    expect(readFileSync(join(work, 'mine', 'notes.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(work)).toEqual(['mine']);

    writeFileSync(join(work, 'afile'), 'x');
    const onFile = runCli(['init', 'afile'], { cwd: work });
    expect(onFile.code).toBe(1);
    expect(onFile.stderr).toContain('error: afile already exists and is not a folder; nothing was written');
    expect(onFile.stderr).toContain('e.g. `supervise init templates`');

    // The folder suggested is one that does not exist yet.
    mkdirSync(join(work, 'templates'));
    writeFileSync(join(work, 'templates', 'x'), 'x');
    expect(runCli(['init', 'afile'], { cwd: work }).stderr).toContain('e.g. `supervise init my-templates`');
    symlinkSync('mine', join(work, 'link'));
    const onLink = runCli(['init', 'link'], { cwd: work });
    expect(onLink.code).toBe(1);
    expect(onLink.stderr).toContain('error: link already exists and is a symbolic link, which is not followed; nothing was written');
    rmSync(join(work, 'templates'), { recursive: true });
    rmSync(join(work, 'link'));

    // Inside a file: the hint is init's own (it has no --out).
    const underFile = runCli(['init', 'afile/sub'], { cwd: work });
    expect(underFile.code).toBe(1);
    expect(underFile.stderr).toContain('a part of the path is a file, not a folder');
    expect(underFile.stderr).toContain('Choose another folder to copy the templates into');
    expect(underFile.stderr).not.toContain('--out');
  });

  it('refuses "-" rather than making a folder named "-", and suggests a folder inside one given as . or .. rather than a hidden ".-2"', async () => {
    const dash = runCli(['init', '-'], { cwd: work });
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain('error: The templates folder - would be a folder named "-": supervise writes files, not standard output');
    expect(readdirSync(work)).toEqual([]);

    mkdirSync(join(work, 'team'));
    writeFileSync(join(work, 'team', 'notes.txt'), 'keep me');
    const here = runCli(['init', '.'], { cwd: join(work, 'team') });
    expect(here.code).toBe(1);
    expect(here.stderr).toContain('error: . already exists and is not empty; nothing was written\nChoose a new folder, e.g. `supervise init templates`,');
    const above = runCli(['init', '..'], { cwd: join(work, 'team') });
    expect(above.stderr).toContain(`e.g. \`supervise init ${join('..', 'templates')}\``);
    expect(readdirSync(join(work, 'team'))).toEqual(['notes.txt']);
  });

  it('prints next steps and a suggested folder that can be pasted into a shell when the folder has spaces or an apostrophe in it', async () => {
    const team = join(work, "Siân's team");
    mkdirSync(team);
    const result = runCli(['init', "Siân's team/templates"], { cwd: work });
    expect(result.code).toBe(0);
    // Each printed command, pasted as it is, works: unquoted, the apostrophe left the shell waiting for its pair.
    const check = /Check them: +(supervise check .*)/.exec(result.stderr)?.[1];
    expect(check).toBeDefined();
    const checked = runPrintedCommand(check!, work);
    expect(checked.stderr).toContain('Check passed');
    expect(checked.code).toBe(0);
    const use = /Use them: +(supervise new .*)/.exec(result.stderr)?.[1];
    const used = runPrintedCommand(`${use!} --help`, work);
    expect(used.code).toBe(0);

    const again = runCli(['init', "Siân's team/templates"], { cwd: work });
    expect(again.code).toBe(1);
    const suggested = /e\.g\. `(supervise init [^`]*)`/.exec(again.stderr)?.[1];
    expect(suggested).toBeDefined();
    expect(runPrintedCommand(suggested!, work).code).toBe(0);
    expect(readdirSync(team).sort()).toEqual(['my-templates', 'templates']);
  });

  it('fills an empty folder', async () => {
    mkdirSync(join(work, 'empty'));
    const result = runCli(['init', 'empty'], { cwd: work });
    expect(result.code).toBe(0);
    expect(listFiles(join(work, 'empty'))).toContain('one-to-one/template.yaml');
  });

  it('makes a pack that, edited, works with check, templates, schema and new', async () => {
    expect(runCli(['init', 'custom'], { cwd: work }).code).toBe(0);
    const pack = join(work, 'custom', 'one-to-one');
    const edit = (file: string, from: string, to: string): void => {
      const text = readFileSync(join(pack, file), 'utf8');
      expect(text).toContain(from);
      writeFileSync(join(pack, file), text.replace(from, to));
    };
    // Reword a clause, add a field and use it.
    edit('agreement.md.hbs', 'The purpose of the session is to:', 'In our agency, supervision sessions exist to:');
    edit('agreement.md.hbs', '**Agency:** {{agency}}', '**Agency:** {{agency}}\n\n**Team:** {{teamName}}');
    edit('template.yaml', 'fields:\n', 'fields:\n  - key: teamName\n    type: text\n    label: Name of the team\n');
    edit('example.yaml', 'startDate:', 'teamName: Children in Care Team 2\nstartDate:');

    const check = runCli(['check', '--templates', 'custom'], { cwd: work });
    expect(check.stderr).toContain('Check passed: 0 errors, 0 warnings in 2 packs');
    expect(check.code).toBe(0);

    const show = runCli(['templates', 'show', 'one-to-one', '--templates', 'custom'], { cwd: work });
    expect(show.stdout).toMatch(/teamName\s+text\s+Name of the team/);

    const schema = JSON.parse(runCli(['schema', 'one-to-one', '--templates', 'custom'], { cwd: work }).stdout) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.properties.teamName).toMatchObject({ type: 'string', description: 'Name of the team' });
    expect(schema.required).toContain('teamName');

    const made = runCli(
      ['new', 'one-to-one', '--templates', 'custom', '--answers', 'custom/one-to-one/example.yaml', '--format', 'md', '--out', 'out'],
      { cwd: work },
    );
    expect(made.stderr).toContain('Wrote');
    expect(made.code).toBe(0);
    const markdown = readFileSync(join(work, 'out', 'one-to-one-tom-evans-2026-12-01.md'), 'utf8');
    expect(markdown).toContain('In our agency, supervision sessions exist to:');
    expect(markdown).toContain('**Team:** Children in Care Team 2');
    expect(markdown).not.toContain('The purpose of the session is to:');

    // And the check notices when the new field is not printed any more.
    edit('agreement.md.hbs', '\n\n**Team:** {{teamName}}', '');
    const unused = runCli(['check', '--templates', 'custom', '--strict'], { cwd: work });
    expect(unused.code).toBe(1);
    expect(unused.stderr).toMatch(/warning custom\/one-to-one\/template\.yaml:\d+:5: fields\.0: "teamName" is declared but no template uses it/);
  });

  it('refuses a section added at the end of the agreement, after {{> signatures}}, which the PDF would leave out', async () => {
    expect(runCli(['init', 'custom'], { cwd: work }).code).toBe(0);
    const entry = join(work, 'custom', 'one-to-one', 'agreement.md.hbs');
    const before = readFileSync(entry, 'utf8');
    expect(before.trimEnd().endsWith('{{> signatures}}')).toBe(true);
    writeFileSync(entry, `${before.trimEnd()}\n\n## Our extra commitment\n\nWe will both keep a reflective log.\n`);
    const lines = before.trimEnd().split('\n').length;

    const check = runCli(['check', '--templates', 'custom'], { cwd: work });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      `error custom/one-to-one/agreement.md.hbs:${lines + 2}:1: this is after {{> signatures}} (line ${lines}), where the PDF ends with the signature blocks, so the PDF would leave it out`,
    );
    const made = runCli(['new', 'one-to-one', '--templates', 'custom', '--answers', 'custom/one-to-one/example.yaml', '--out', 'out/'], { cwd: work });
    expect(made.code).toBe(1);
    expect(made.stderr).toContain('move it above {{> signatures}}');
    expect(readdirSync(work)).toEqual(['custom']);
  });
});
