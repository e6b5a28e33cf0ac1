import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTemplates } from '../../src/packs/check-templates.js';
import { loadUsablePacks } from '../../src/packs/load-packs.js';

const good = new URL('../fixtures/packs/good', import.meta.url);
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervise-check-'));
  cpSync(good, dir, { recursive: true });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const edit = (file: string, from: string, to: string): void => {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
};
const summarise = async () =>
  (await checkTemplates(dir, { formats: ['md'] })).packs.map((pack) => ({
    folder: pack.folder,
    problems: pack.problems.map((problem) => `${problem.severity} ${problem.location?.file.slice(dir.length + 1)}:${problem.location?.line ?? ''} ${problem.message}`),
  }));

describe('checkTemplates', () => {
  it('finds nothing wrong with a sound pack', async () => {
    const report = await checkTemplates(dir, { formats: ['md'] });
    expect(report).toMatchObject({ errors: 0, warnings: 0, packs: [{ folder: 'mini', name: 'mini', version: '1.0.0', problems: [] }] });
  });

  it('does not call the fields that only a broken partial uses unused: one syntax error is one error', async () => {
    writeFileSync(join(dir, 'partials', 'schedule.md.hbs'), '## {{heading}}\n\nSessions start at {{schedule.time}.\n');
    const [mini, partials] = await summarise();
    expect(mini!.problems).toEqual(['error partials/schedule.md.hbs: the partial "schedule" that this pack includes does not compile, so the pack cannot render']);
    expect(partials!.problems).toHaveLength(1);
  });

  it('warns when an answer asked only under a condition is printed outside {{#if}} on it, in a partial too', async () => {
    const path = join(dir, 'mini', 'template.yaml');
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8')}  - key: outside\n    type: boolean\n    label: Contracted out?\n    default: false\n  - key: manager\n    type: text\n    label: Line manager\n    when: outside\n`,
    );
    writeFileSync(join(dir, 'partials', 'manager.md.hbs'), 'Manager: {{manager}}');
    edit(
      'mini/agreement.md.hbs',
      '{{> signatures}}',
      'LM: {{manager}}\n\n{{#if outside}}{{manager}} {{> manager}}{{/if}}{{#unless outside}}none{{else}}{{manager}}{{/unless}}{{#if manager}}{{manager}}{{/if}}\n\n{{> manager}}\n\n{{> signatures}}',
    );
    const [mini] = await summarise();
    const message = '"manager" is printed outside {{#if outside}}: it is asked only when outside is yes, so otherwise the agreement shows a blank here';
    expect(mini!.problems).toEqual([
      `warning mini/agreement.md.hbs:9 ${message}`,
      `warning partials/manager.md.hbs:1 ${message} (in partial "manager" included from mini/agreement.md.hbs:13)`,
    ]);
  });

  it('warns, at the include, when a conditional answer is given to a partial outside {{#if}} on it, as its context or a parameter', async () => {
    const path = join(dir, 'mini', 'template.yaml');
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8')}  - key: outside\n    type: boolean\n    label: Contracted out?\n    default: false\n  - key: lm\n    type: person\n    label: Line manager\n    when: outside\n`,
    );
    writeFileSync(join(dir, 'partials', 'named.md.hbs'), 'Line manager: {{who}}');
    edit(
      'mini/agreement.md.hbs',
      '{{> signatures}}',
      '{{> named who=lm.name}}\n\n{{> person lm}}\n\n{{#if outside}}{{> named who=lm.name}} {{> person lm}}{{/if}}\n\n{{> named who=lm.nme}}\n\n{{> signatures}}',
    );
    const [mini] = await summarise();
    const blank = 'it is asked only when outside is yes, so otherwise the agreement shows a blank there';
    expect(mini!.problems).toEqual([
      'error mini/agreement.md.hbs:15 "lm.nme": "lm" is a person (name, role, email, registration), which has no "nme" (did you mean "lm.name"?)',
      `warning mini/agreement.md.hbs:9 "lm.name" is given to the partial "named" as "who" outside {{#if outside}}, and printed at partials/named.md.hbs:1:17: ${blank}`,
      `warning mini/agreement.md.hbs:11 "lm" is given to the partial "person" outside {{#if outside}}, and printed at partials/person.md.hbs:1:3: ${blank}`,
    ]);
  });

  it('gives a misspelt name inside a conditional answer its error alone, not also a warning about that answer', async () => {
    const path = join(dir, 'mini', 'template.yaml');
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8')}  - key: outside\n    type: boolean\n    label: Contracted out?\n    default: false\n  - key: lm\n    type: person\n    label: Line manager\n    when: outside\n`,
    );
    edit('mini/agreement.md.hbs', '{{> signatures}}', '{{#if outside}}{{lm.name}}{{/if}} LM: {{lm.nme}}\n\n{{> signatures}}');
    const [mini] = await summarise();
    expect(mini!.problems).toHaveLength(1);
    expect(mini!.problems[0]).toMatch(/^error mini\/agreement\.md\.hbs:9 "lm\.nme"/);
    expect(mini!.problems[0]).not.toContain('warning');
  });

  it('reports a broken shared partial once, in its own group, and the packs that include it', async () => {
    writeFileSync(join(dir, 'partials', 'person.md.hbs'), '{{#if name}}{{name}}');
    expect(await summarise()).toEqual([
      { folder: 'mini', problems: ['error partials/person.md.hbs: the partial "person" that this pack includes does not compile, so the pack cannot render'] },
      {
        folder: 'partials',
        problems: [
          'error partials/person.md.hbs:1 Handlebars syntax error: unexpected end of file; expected "{{/…}}" (the {{#if}} at 1:1 is never closed)',
        ],
      },
    ]);
  });

  it('checks the names in the subject, at the subject line of template.yaml', async () => {
    edit('mini/template.yaml', '{{supervisee.name}}', '{{supervisee.nmae}}');
    const [pack] = await summarise();
    expect(pack?.problems).toEqual([
      'error mini/template.yaml:6 "supervisee.nmae": "supervisee" is a person (name, role, email, registration), which has no "nmae" (did you mean "supervisee.name"?)',
    ]);
  });

  it('reports a folder that looks like a pack but has no template.yaml, and passes over one that does not', async () => {
    cpSync(join(dir, 'mini'), join(dir, 'misnamed'), { recursive: true });
    renameSync(join(dir, 'misnamed', 'template.yaml'), join(dir, 'misnamed', 'template.yml'));
    cpSync(join(dir, 'mini'), join(dir, 'unfinished'), { recursive: true });
    rmSync(join(dir, 'unfinished', 'template.yaml'));
    cpSync(join(dir, 'mini'), join(dir, 'folded'), { recursive: true });
    rmSync(join(dir, 'folded', 'template.yaml'));
    mkdirSync(join(dir, 'folded', 'template.yaml'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'README.md'), '# Notes\n');
    const report = await checkTemplates(dir, { formats: ['md'] });
    expect(report).toMatchObject({ errors: 3, packCount: 4 });
    expect(await summarise()).toEqual([
      { folder: 'folded', problems: ['error folded/template.yaml: folded/template.yaml is not a file, so folded/ is not loaded as a pack; make it the pack\'s template.yaml file'] },
      { folder: 'mini', problems: [] },
      { folder: 'misnamed', problems: ['error misnamed/template.yml:1 misnamed/ has no template.yaml, so it is not loaded as a pack: template.yml is not read; rename it template.yaml'] },
      {
        folder: 'unfinished',
        problems: [
          'error unfinished/agreement.md.hbs:1 unfinished/ holds agreement.md.hbs and example.yaml but no template.yaml, so it is not loaded as a pack; add its template.yaml (as in a folder made by `supervise init`), or move the folder out of the templates folder',
        ],
      },
    ]);
  });

  it('warns of an empty folder beside the packs, a pack not yet begun, and leaves stray files and hidden folders alone', async () => {
    mkdirSync(join(dir, 'student-placement'));
    mkdirSync(join(dir, 'opened-only'));
    writeFileSync(join(dir, 'opened-only', '.DS_Store'), '');
    mkdirSync(join(dir, '.cache'));
    writeFileSync(join(dir, 'notes.docx'), 'PK');
    writeFileSync(join(dir, 'README.md'), '# Our packs\n');
    const report = await checkTemplates(dir, { formats: ['md'] });
    expect(report).toMatchObject({ errors: 0, warnings: 2 });
    expect(await summarise()).toEqual([
      { folder: 'mini', problems: [] },
      {
        folder: 'opened-only',
        problems: ['warning opened-only: opened-only/ is empty, so it is not a pack: copy a pack\'s files into it (template.yaml, agreement.md.hbs and example.yaml, as in mini/), or remove the folder'],
      },
      {
        folder: 'student-placement',
        problems: ['warning student-placement: student-placement/ is empty, so it is not a pack: copy a pack\'s files into it (template.yaml, agreement.md.hbs and example.yaml, as in mini/), or remove the folder'],
      },
    ]);
  });

  it('names a template.yaml an editor saved with .txt added, rather than passing over its folder as no pack', async () => {
    cpSync(join(dir, 'mini'), join(dir, 'placement'), { recursive: true });
    renameSync(join(dir, 'placement', 'template.yaml'), join(dir, 'placement', 'template.yaml.txt'));
    mkdirSync(join(dir, 'draft'));
    writeFileSync(join(dir, 'draft', 'agreement.md.hbs.txt'), '# Draft\n');
    const report = await checkTemplates(dir, { formats: ['md'] });
    expect(report).toMatchObject({ errors: 2, packCount: 3 });
    expect((await summarise()).filter((pack) => pack.folder !== 'mini')).toEqual([
      {
        folder: 'draft',
        problems: [
          'error draft/agreement.md.hbs.txt:1 draft/ holds agreement.md.hbs.txt but no template.yaml, so it is not loaded as a pack; add its template.yaml (as in a folder made by `supervise init`), or move the folder out of the templates folder',
        ],
      },
      {
        folder: 'placement',
        problems: [
          'error placement/template.yaml.txt:1 placement/ has no template.yaml, so it is not loaded as a pack: template.yaml.txt is not read (the editor that saved it added .txt, which Windows may not show); rename it template.yaml',
        ],
      },
    ]);
  });

  it('names the template file an editor saved with .txt added, as the file to rename', async () => {
    renameSync(join(dir, 'mini', 'agreement.md.hbs'), join(dir, 'mini', 'agreement.md.hbs.txt'));
    const [mini] = await summarise();
    expect(mini!.problems).toEqual([
      expect.stringMatching(
        /^error mini\/template\.yaml:\d* names agreement\.md\.hbs, which is not a file in mini\/, but agreement\.md\.hbs\.txt is \(the editor that saved it added \.txt, which Windows may not show\): rename it agreement\.md\.hbs$/,
      ),
    ]);
  });

  it('names a partial file that is there but not read, its name not ending in .md.hbs, as the file to rename', async () => {
    edit('mini/agreement.md.hbs', '{{> signatures}}', '{{> escalation}}\n\n{{> contacts}}\n\n{{> signatures}}');
    writeFileSync(join(dir, 'partials', 'escalation.hbs'), 'Escalate to the safeguarding lead.\n');
    mkdirSync(join(dir, 'mini', 'partials'));
    writeFileSync(join(dir, 'mini', 'partials', 'contacts.md.hbs.txt'), 'Contacts.\n');
    const [mini] = await summarise();
    expect(mini!.problems).toEqual([
      expect.stringMatching(/^error mini\/agreement\.md\.hbs:\d+ the partial "escalation" does not exist: partials\/escalation\.hbs is not read, as only files ending in \.md\.hbs are partials; rename it escalation\.md\.hbs$/),
      expect.stringMatching(/^error mini\/agreement\.md\.hbs:\d+ the partial "contacts" does not exist: mini\/partials\/contacts\.md\.hbs\.txt is not read, as only files ending in \.md\.hbs are partials; rename it contacts\.md\.hbs$/),
    ]);
  });

  it('passes over a folder named like a partial, shared or a pack\'s own, rather than failing to read it', async () => {
    mkdirSync(join(dir, 'partials', 'drafts.md.hbs'));
    mkdirSync(join(dir, 'mini', 'partials', 'old.md.hbs'), { recursive: true });
    const report = await checkTemplates(dir, { formats: ['md'] });
    expect(report).toMatchObject({ errors: 0, warnings: 0, packCount: 1 });
  });

  it('reports an example.yaml that is a folder as such, not as a pack without example answers', async () => {
    const path = join(dir, 'mini', 'example.yaml');
    rmSync(path);
    mkdirSync(path);
    const report = await checkTemplates(dir, { formats: ['md'] });
    expect(report.packs.flatMap((pack) => pack.problems).map((problem) => [problem.severity, problem.location?.file, problem.message])).toEqual([
      ['error', path, 'example.yaml is a folder, not a file, so check cannot render the pack; make it a file of example answers'],
    ]);
  });

  it('reports a default its own field would refuse at the default, not later at an answers file', async () => {
    const path = join(dir, 'mini', 'template.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}  - key: schedule.minutes\n    type: integer\n    label: Minutes\n    max: 180\n    default: 900\n`);
    edit('mini/agreement.md.hbs', '{{> signatures}}', '{{schedule.minutes}}\n\n{{> signatures}}');
    const [pack] = await summarise();
    expect(pack?.problems).toEqual(['error mini/template.yaml:32 is not a valid answer to "schedule.minutes": must be at most 180']);
  });

  it('reports every bad default at its own line, though one is of the wrong kind and the rest only outside their rules', async () => {
    const path = join(dir, 'mini', 'template.yaml');
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8')}  - key: minutes\n    type: integer\n    label: Minutes\n    default: ninety\n  - key: months\n    type: integer\n    label: Months\n    max: 12\n    default: 18\n  - key: weeks\n    type: integer\n    label: Weeks\n    min: 1\n    default: 0\n`,
    );
    const [pack] = (await checkTemplates(dir, { formats: ['md'] })).packs;
    expect(pack?.problems.map((problem) => `${problem.severity} ${problem.location?.file.slice(dir.length + 1)}:${problem.location?.line}:${problem.location?.column} ${problem.message}`)).toEqual([
      'error mini/template.yaml:31:5 must be a whole number, not the text "ninety" (field "minutes")',
      'error mini/template.yaml:36:5 is not a valid answer to "months": must be at most 12',
      'error mini/template.yaml:41:5 is not a valid answer to "weeks": must be at least 1',
    ]);
  });

  it('warns when nothing marks where the signatures go, as the PDF would then add its own blocks below the template\'s', async () => {
    edit('partials/signatures.md.hbs', '<!-- signatures -->\n\n', '');
    const [mini] = await summarise();
    expect(mini!.problems).toEqual([
      'warning mini/agreement.md.hbs:1 no line <!-- signatures --> marks where the signatures go, so the PDF adds a signature block for each signer after the last line, below any signature lines of the template\'s own; include {{> signatures}} there (as the built-in packs do), or put that line before your own signature lines',
    ]);
    // The marker in the entry itself serves as well as in a partial it includes.
    edit('mini/agreement.md.hbs', '{{> signatures}}', '<!-- signatures -->\n\n{{> signatures}}');
    expect((await summarise())[0]!.problems).toEqual([]);
  });

  it('says a value typed in curly quotes, as a word processor makes them, is no string to Handlebars, rather than an undeclared field', async () => {
    edit('mini/agreement.md.hbs', '{{> schedule heading="When we meet"}}', '{{> schedule heading=“When”}}');
    expect((await summarise())[0]!.problems).toEqual([
      expect.stringMatching(/^error mini\/agreement\.md\.hbs:\d+ "“When”" has curly quotes, which Handlebars reads as part of a name, not as quotes around text; write the text in straight quotes \("When"\)$/),
    ]);
    // Words in curly quotes are names one after another to Handlebars, which stops at the second: the same said there.
    edit('mini/agreement.md.hbs', '{{> schedule heading=“When”}}', '{{> schedule heading=“When we meet”}}');
    expect((await summarise())[0]!.problems).toEqual([
      expect.stringMatching(/^error mini\/agreement\.md\.hbs:\d+ Handlebars syntax error: unexpected "meet”"; expected .* \(curly quotes are not quotes to Handlebars: write text in straight quotes, "like this"\)$/),
    ]);
  });

  it('refuses two packs with the same name', async () => {
    cpSync(join(dir, 'mini'), join(dir, 'twin'), { recursive: true });
    const packs = await summarise();
    expect(packs.find((pack) => pack.folder === 'twin')?.problems).toEqual([
      'error twin/template.yaml:1 "mini" is also the name of the pack in mini/; each pack needs its own name (its folder\'s, "twin", say)',
    ]);
    // new, batch, templates and schema refuse them too, rather than silently taking whichever folder sorts first.
    await expect(loadUsablePacks(dir)).rejects.toMatchObject({
      problems: [
        {
          path: 'name',
          location: { file: join(dir, 'twin', 'template.yaml'), line: 1, column: 1 },
          message: '"mini" is also the name of the pack in mini/; each pack needs its own name (its folder\'s, "twin", say)',
        },
      ],
    });
  });

  it('keeps a name for the pack in the folder of that name, and tells a copy in a folder sorted before it to take its own', async () => {
    cpSync(join(dir, 'mini'), join(dir, 'local'), { recursive: true });
    const packs = await summarise();
    expect(packs.find((pack) => pack.folder === 'mini')?.problems).toEqual([]);
    expect(packs.find((pack) => pack.folder === 'local')?.problems).toEqual([
      'error local/template.yaml:1 "mini" is also the name of the pack in mini/; each pack needs its own name (its folder\'s, "local", say)',
    ]);
  });

  it('names an entry that is not there by its folder, with the template file it likely means', async () => {
    edit('mini/template.yaml', 'fields:', 'entry: agreement.hbs\nfields:');
    const [mini] = await summarise();
    expect(mini!.problems).toEqual([expect.stringMatching(/^error mini\/template\.yaml:\d+ names agreement\.hbs, which is not a file in mini\/ \(did you mean agreement\.md\.hbs\?\)$/)]);
  });

  describe('a pack that reaches outside its own folder', () => {
    let outside: string;
    beforeEach(() => {
      outside = mkdtempSync(join(tmpdir(), 'supervise-outside-'));
      cpSync(join(dir, 'mini', 'agreement.md.hbs'), join(outside, 'x.md.hbs'));
      cpSync(join(dir, 'mini', 'example.yaml'), join(outside, 'example.yaml'));
    });
    afterEach(() => rmSync(outside, { recursive: true, force: true }));
    const entryLine = (): number => readFileSync(join(dir, 'mini', 'template.yaml'), 'utf8').split('\n').findIndex((line) => line.startsWith('entry:')) + 1;

    it('refuses an entry that climbs out with .. or is absolute, at the entry: line, and the pack cannot be used', async () => {
      for (const entry of [join('..', '..', basename(outside), 'x.md.hbs'), join(outside, 'x.md.hbs')]) {
        writeFileSync(join(dir, 'mini', 'template.yaml'), readFileSync(join(good.pathname, 'mini', 'template.yaml'), 'utf8').replace('fields:', `entry: ${entry}\nfields:`));
        const [mini] = await summarise();
        expect(mini!.problems).toEqual([
          expect.stringMatching(new RegExp(`^error mini/template\\.yaml:${entryLine()} names .*x\\.md\\.hbs, (which is outside mini/|an absolute path); a pack's files must be inside its own folder: copy the file into mini/ and give its path there \\(entry: x\\.md\\.hbs\\)$`)),
        ]);
        await expect(loadUsablePacks(dir)).rejects.toMatchObject({ problems: [{ path: 'entry', location: { line: entryLine(), column: 1 } }] });
      }
    });

    it('refuses an entry, a partial (own or shared), example.yaml or template.yaml that is a symbolic link leading out, at the file', async () => {
      rmSync(join(dir, 'mini', 'agreement.md.hbs'));
      symlinkSync(join(outside, 'x.md.hbs'), join(dir, 'mini', 'agreement.md.hbs'));
      edit('mini/template.yaml', 'fields:', 'entry: agreement.md.hbs\nfields:');
      expect((await summarise())[0]!.problems).toEqual([
        `error mini/template.yaml:${entryLine()} names agreement.md.hbs, a symbolic link leading out of mini/ (to ${join(outside, 'x.md.hbs')}); a pack's files must be inside its own folder: replace the link with a copy of the file`,
      ]);
      rmSync(join(dir, 'mini', 'agreement.md.hbs'));
      cpSync(join(outside, 'x.md.hbs'), join(dir, 'mini', 'agreement.md.hbs'));

      mkdirSync(join(dir, 'mini', 'partials'));
      symlinkSync(join(outside, 'x.md.hbs'), join(dir, 'mini', 'partials', 'own.md.hbs'));
      expect((await summarise())[0]!.problems).toEqual([expect.stringMatching(/^error mini\/partials\/own\.md\.hbs: is a symbolic link leading out of mini\/ .*replace the link with a copy of the file$/)]);
      rmSync(join(dir, 'mini', 'partials'), { recursive: true });

      symlinkSync(join(outside, 'x.md.hbs'), join(dir, 'partials', 'shared.md.hbs'));
      await expect(loadUsablePacks(dir)).rejects.toMatchObject({ problems: [{ location: { file: join(dir, 'partials', 'shared.md.hbs') }, message: expect.stringContaining('the shared clauses must be inside the templates folder') }] });
      rmSync(join(dir, 'partials', 'shared.md.hbs'));

      rmSync(join(dir, 'mini', 'example.yaml'));
      symlinkSync(join(outside, 'example.yaml'), join(dir, 'mini', 'example.yaml'));
      expect((await summarise())[0]!.problems).toEqual([expect.stringMatching(/^error mini\/example\.yaml: is a symbolic link leading out of mini\//)]);

      cpSync(join(dir, 'mini', 'template.yaml'), join(outside, 'template.yaml'));
      rmSync(join(dir, 'mini', 'template.yaml'));
      symlinkSync(join(outside, 'template.yaml'), join(dir, 'mini', 'template.yaml'));
      expect((await summarise())[0]!.problems).toEqual([expect.stringMatching(/^error mini\/template\.yaml: is a symbolic link leading out of mini\//)]);
    });

    it('says an empty entry is empty, and names the file of a Windows path by itself', async () => {
      edit('mini/template.yaml', 'fields:', 'entry: ""\nfields:');
      expect((await summarise())[0]!.problems).toEqual([
        `error mini/template.yaml:${entryLine()} is empty: give the pack's template file, such as agreement.md.hbs, or leave entry out to use agreement.md.hbs`,
      ]);
      edit('mini/template.yaml', 'entry: ""', 'entry: C:\\packs\\x.md.hbs');
      expect((await summarise())[0]!.problems).toEqual([expect.stringMatching(/an absolute path; .*\(entry: x\.md\.hbs\)$/)]);
    });

    it('accepts a link that stays inside the pack', async () => {
      mkdirSync(join(dir, 'mini', 'partials'));
      symlinkSync(join('..', 'agreement.md.hbs'), join(dir, 'mini', 'partials', 'alias.md.hbs'));
      expect((await summarise())[0]!.problems.filter((problem) => problem.includes('symbolic link'))).toEqual([]);
    });

    it('reports a pack folder that is a symbolic link rather than passing over it', async () => {
      cpSync(join(dir, 'mini'), join(outside, 'linked'), { recursive: true });
      symlinkSync(join(outside, 'linked'), join(dir, 'linked'));
      const report = await checkTemplates(dir, { formats: ['md'] });
      expect(report.packCount).toBe(2);
      expect(report.packs.find((pack) => pack.folder === 'linked')!.problems).toEqual([
        expect.objectContaining({ message: `linked/ is a symbolic link (to ${join(outside, 'linked')}), which is not followed, so it is not loaded as a pack; a pack must be a folder inside the templates folder: copy the pack's folder here in place of the link` }),
      ]);
    });
  });

  it('reports an example answer that is not a field, at its line', async () => {
    edit('mini/example.yaml', 'startDate:', 'startDat: 2026-12-01\nstartDate:');
    const [pack] = await summarise();
    expect(pack?.problems).toEqual(['error mini/example.yaml:5 is not a field of this template (did you mean "startDate"?)']);
  });

  it('says what to do about an example answer like no field: take it out, or declare the field the pack should ask for', async () => {
    edit('mini/example.yaml', 'startDate:', 'escalationRoute: via the duty manager\nstartDate:');
    const [pack] = await summarise();
    expect(pack?.problems).toEqual([
      'error mini/example.yaml:5 is not a field of this template: remove it from example.yaml, or, for the pack to ask for it, declare it under fields in template.yaml',
    ]);
  });

  it('says what to do about a field no template prints: print it, or take it out of fields', async () => {
    const path = join(dir, 'mini', 'template.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}  - key: concerns.escalation\n    type: longtext\n    label: How concerns are escalated\n    required: false\n`);
    const [mini] = await summarise();
    expect(mini!.problems).toEqual([
      'warning mini/template.yaml:28 "concerns.escalation" is declared but no template uses it, so its answer is never printed: print it where it belongs ({{#if concerns.escalation}}{{concerns.escalation}}{{/if}}), or remove it from fields',
    ]);
  });

  it('says how to print an unused field of each type in a way check then passes, not as "[object Object]" or "true"', async () => {
    const path = join(dir, 'mini', 'template.yaml');
    const added = [
      ['placement.educator', 'person', '', 'print it where it belongs ({{#if placement.educator}}{{> person placement.educator}}{{/if}})'],
      ['placement.observers', 'persons', '', 'print it where it belongs ({{#each placement.observers}}{{name}}{{/each}})'],
      ['placement.goals', 'textlist', '', 'print it where it belongs ({{#each placement.goals}}{{this}}{{/each}})'],
      ['placement.offSite', 'boolean', '', 'use it where it belongs ({{#if placement.offSite}}…{{else}}…{{/if}})'],
      ['placement.setting', 'text', '    when: placement.offSite\n', 'print it where it belongs ({{#if placement.offSite}}{{placement.setting}}{{/if}})'],
      ['placement.hours', 'integer', '    default: 35\n', 'print it where it belongs ({{placement.hours}})'],
    ];
    const fields = added.map(([key, type, extra]) => `  - key: ${key}\n    type: ${type}\n    label: ${key}\n    required: false\n${extra}`).join('');
    writeFileSync(path, `${readFileSync(path, 'utf8')}${fields}`);
    const [mini] = await summarise();
    expect(mini!.problems.map((problem) => problem.replace(/^.*its answer is never printed: (.*), or remove it from fields$/, '$1'))).toEqual(added.map(([, , , advice]) => advice));

    // Written as advised, each passes.
    const printed = added.map(([, , , advice]) => /\((.*)\)$/.exec(advice!)![1]!.replaceAll('…', 'x')).join('\n\n');
    edit('mini/agreement.md.hbs', '{{> signatures}}', `${printed}\n\n{{> signatures}}`);
    const [fixed] = await summarise();
    expect(fixed!.problems).toEqual([]);
  });

  it('says an example answer a required field lacks is missing from example.yaml, and to add it there', async () => {
    edit('mini/example.yaml', 'startDate: 2026-12-01\n', '');
    edit('mini/example.yaml', '  time: "14:00"', '  time:');
    const [mini] = await summarise();
    const remedy = 'add an answer for it to example.yaml, so that check can render the pack';
    // Left out, it has no line of its own; left empty, it is at its key.
    expect(mini!.problems).toEqual([`error mini/example.yaml: is required: ${remedy}`, `error mini/example.yaml:6 is required: ${remedy}`]);
  });

  it('reports #each over a value that is not a list', async () => {
    edit('mini/agreement.md.hbs', '{{startDate}}', '{{#each startDate}}{{/each}}');
    const [pack] = await summarise();
    expect(pack?.problems).toEqual(['error mini/agreement.md.hbs:5 {{#each}} needs a list, but "startDate" is a date']);
  });

  it('renders the example to PDF as well, and reports what only the PDF cannot print', async () => {
    edit('mini/example.yaml', 'supervisee: { name: Tom Evans }', 'supervisee: { name: 李伟 }');
    expect((await checkTemplates(dir, { formats: ['md'] })).errors).toBe(0);
    const report = await checkTemplates(dir);
    expect(report.packs[0]?.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'supervisee.name',
        location: { file: join(dir, 'mini', 'example.yaml'), line: 4, column: 15 },
        message: expect.stringMatching(/^contains "李" \(U\+674E\), "伟" \(U\+4F1F\), which the PDF font cannot print/),
      }),
    ]);
  });

  it("shows a character the PDF cannot print in the pack's own text where it is, in a partial, a quoted value and a branch the example never takes", async () => {
    edit('mini/agreement.md.hbs', '# Mini agreement', '# Mini agreement ✅ 中\n\n{{!-- ✅ a comment is never printed --}}{{#if agency}}{{else}}Only ✅ sometimes{{/if}}');
    edit('mini/agreement.md.hbs', '{{> schedule heading="When we meet"}}', '{{> schedule heading="When ✅ we meet"}}');
    edit('partials/schedule.md.hbs', '## {{heading}}', '## {{heading}} ✅');
    // Markdown alone prints them.
    expect((await checkTemplates(dir, { formats: ['md'] })).errors).toBe(0);
    const report = await checkTemplates(dir);
    // Rather than "The PDF font cannot draw … in the agreement text", with no line and a hint to use --format md.
    const ending = (count: number): string => `: the PDF font cannot print ${count === 1 ? 'it' : 'them'}, so no PDF can be made with this text; replace or remove ${count === 1 ? 'it' : 'them'}`;
    const located = (problem: { location?: { file: string; line?: number; column?: number }; message: string }) => [
      problem.location?.file.slice(dir.length + 1),
      problem.location?.line,
      problem.location?.column,
      problem.message,
    ];
    const [mini, partials] = report.packs;
    expect(mini?.problems.map(located)).toEqual([
      ['mini/agreement.md.hbs', 1, 18, `"✅" (U+2705), "中" (U+4E2D)${ending(2)}`],
      ['mini/agreement.md.hbs', 3, 67, `"✅" (U+2705)${ending(1)}`],
      ['mini/agreement.md.hbs', 9, 28, `"✅" (U+2705)${ending(1)}`],
      ['partials/schedule.md.hbs', undefined, undefined, 'the partial "schedule" that this pack includes has text the PDF cannot print, so no PDF can be made from this pack'],
    ]);
    // A shared partial's own problem is said once, in its own group, however many packs include it.
    expect(partials?.folder).toBe('partials');
    expect(partials?.problems.map(located)).toEqual([['partials/schedule.md.hbs', 1, 16, `"✅" (U+2705)${ending(1)}`]]);
  });

  it('shows a character the PDF cannot print in the title or a signer\'s title of template.yaml at its key', async () => {
    edit('mini/template.yaml', 'title: Mini agreement', 'title: Mini agreement ✅');
    edit('mini/template.yaml', 'title: Supervisee', 'title: Supervisee 中');
    const report = await checkTemplates(dir);
    expect(report.packs[0]?.problems.map((problem) => [problem.path, problem.location?.line, problem.message])).toEqual([
      ['title', 2, '"✅" (U+2705): the PDF font cannot print it, so no PDF can be made with this text; replace or remove it'],
      ['signers.1.title', 11, '"中" (U+4E2D): the PDF font cannot print it, so no PDF can be made with this text; replace or remove it'],
    ]);
  });
});
