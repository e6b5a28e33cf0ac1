import { screen } from '@inquirer/testing/vitest';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runNew } from '../../../src/cli/actions/new.js';
import { askAfterRenderFailure, askAnswersPath, readTypedPath, sayUnprintable } from '../../../src/interview/output-questions.js';
import { findPack, loadUsablePacks } from '../../../src/packs/load-packs.js';
import { FakePrompts } from './fake-prompts.js';
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
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** `terminal`: stderr is a terminal, as it is when a person runs the command (otherwise a pipe, as for a log). */
function interactiveContext({ terminal = false } = {}): CommandContext {
  const errors = Object.assign(new PassThrough(), terminal ? { isTTY: true } : {});
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

  it('reads the name as a shell would (quotes off, ~ as home) and refuses one that would quietly become a new folder', async () => {
    await mkdir(join(dir, 'existing'));
    // An answer missing, so that the interview runs and asks where to save.
    const answers = join(dir, 'existing', 'answers.yaml');
    await writeFile(answers, (await readFile(example, 'utf8')).replace(/^agency: .*\n/m, ''));
    const run = runNew('one-to-one', { ...options, answers }, interactiveContext(), new Set(['format']));
    await screen.next();
    screen.type('Northshire');
    screen.keypress('enter');
    await screen.next();
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('Save it as (one-to-one-tom-evans-2026-12-01.md)');
    for (const [typed, problem] of [
      ['notes.txt', 'ends in .txt: end it in .md for a file, or in / for a folder'],
      ['tom-agreement', 'is not a folder here: end it in .md for a file, or in / for a folder'],
    ] as const) {
      screen.type(typed);
      screen.keypress('enter');
      await screen.next();
      expect(screen.getScreen()).toContain(problem);
      for (let index = 0; index < typed.length; index += 1) screen.keypress('backspace');
    }
    screen.type(`'${join(dir, 'existing')}'`);
    screen.keypress('enter');
    await run;
    expect((await readdir(join(dir, 'existing'))).sort()).toEqual(['answers.yaml', target]);
    expect((await readdir(dir)).sort()).toEqual(['existing']);
  });

  it('refuses without asking when not interactive', async () => {
    await writeFile(join(dir, target), 'old text');
    const context = { ...interactiveContext(), interactive: false };
    await expect(runNew('one-to-one', options, context)).rejects.toThrow(/Not overwriting an existing file/);
    expect(await readFile(join(dir, target), 'utf8')).toBe('old text');
  });
});

describe('supervise new on a terminal, with --save-answers', () => {
  it('asks for another answers file name when the one given exists and is not to be replaced', async () => {
    await writeFile(join(dir, 'saved.yaml'), 'x: 1\n');
    const run = runNew('one-to-one', { ...options, saveAnswers: 'saved.yaml' }, interactiveContext(), new Set(['format', 'out']));
    await screen.next();
    expect(screen.getScreen()).toContain('saved.yaml already exists. Replace it? (y/N)');
    screen.keypress('enter');
    await screen.next();
    // Asked for the answers' name, not the agreement's, which was free all along.
    expect(screen.getScreen()).toContain('Save the answers as (saved-2.yaml)');
    screen.keypress('enter');
    await run;
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toBe('x: 1\n');
    expect(await readFile(join(dir, 'saved-2.yaml'), 'utf8')).toContain('name: Tom Evans');
    expect((await readdir(dir)).sort()).toEqual([target, 'saved-2.yaml', 'saved.yaml']);
  });
});

describe('supervise new on a terminal, when --save-answers is inside a file', () => {
  it.each([
    ['checked before writing', false],
    ['found when writing, with --force', true],
  ])('says so and asks for the answers file name again (%s)', async (_when, force) => {
    await writeFile(join(dir, 'f'), 'a file\n');
    const run = runNew('one-to-one', { ...options, saveAnswers: 'f/answers.yaml', force }, interactiveContext(), new Set(['format', 'out']));
    await screen.next();
    expect(screen.getScreen()).toContain('Save the answers as (answers.yaml)');
    screen.keypress('enter');
    await run;
    expect(stderr).toMatch(/Cannot write (into )?f(\/answers\.yaml)?: .*a file, not a folder\nChoose another place below\./);
    expect(await readFile(join(dir, 'answers.yaml'), 'utf8')).toContain('name: Tom Evans');
    expect(await readFile(join(dir, 'f'), 'utf8')).toBe('a file\n');
    expect((await readdir(dir)).sort()).toEqual(['answers.yaml', 'f', target]);
  });

  it('without a terminal, ends with nothing written and says which option to change', async () => {
    await writeFile(join(dir, 'f'), 'a file\n');
    const context = { ...interactiveContext(), interactive: false };
    const run = runNew('one-to-one', { ...options, saveAnswers: 'f/answers.yaml' }, context);
    await expect(run).rejects.toThrow(/Cannot write .*\/f\/answers\.yaml: a part of the path is a file, not a folder/);
    await expect(run).rejects.toHaveProperty('hint', 'Give --save-answers another file name.');
    expect((await readdir(dir)).sort()).toEqual(['f']);
  });
});

describe('supervise new on a terminal, when --out is inside a file', () => {
  it('says so and offers the same file name in the current folder, not the place that failed', async () => {
    await writeFile(join(dir, 'f'), 'a file\n');
    const run = runNew('one-to-one', { ...options, out: 'f/tom.md' }, interactiveContext(), new Set(['format', 'out']));
    await screen.next();
    expect(screen.getScreen()).toContain('Save it as (tom.md)');
    screen.keypress('enter');
    await run;
    expect(stderr).toMatch(/Cannot write (into )?f(\/tom\.md)?: .*a file, not a folder\nChoose another place below\./);
    expect(await readFile(join(dir, 'tom.md'), 'utf8')).toContain('Tom Evans');
    expect((await readdir(dir)).sort()).toEqual(['f', 'tom.md']);
  });
});

describe('supervise new on a terminal, when --save-answers cannot be used as given', () => {
  // Someone answering questions is told what to do at the next one, not which option to run again with.
  it('says to give the answers a file name below when it names a folder', async () => {
    await mkdir(join(dir, 'saved'));
    const run = runNew('one-to-one', { ...options, saveAnswers: 'saved' }, interactiveContext(), new Set(['format', 'out']));
    // A YAML file inside the folder is offered, not "saved-2".
    await step('Save the answers as (saved/answers.yaml)', 'enter');
    await run;
    expect(await readFile(join(dir, 'saved', 'answers.yaml'), 'utf8')).toContain('name: Tom Evans');
  });

  it('offers a free YAML file name inside the folder when answers.yaml is taken there', async () => {
    await mkdir(join(dir, 'saved'));
    await writeFile(join(dir, 'saved', 'answers.yaml'), 'x: 1\n');
    const run = runNew('one-to-one', { ...options, saveAnswers: 'saved' }, interactiveContext(), new Set(['format', 'out']));
    await step('Save the answers as (saved/answers-2.yaml)', 'answers.yaml', 'enter');
    await run;
    expect(stderr).toContain('saved is a folder, not a file to write\nGive a file name for the answers below.\n');
    expect(stderr).not.toContain('--save-answers');
    expect(await readFile(join(dir, 'answers.yaml'), 'utf8')).toContain('name: Tom Evans');
  });

  it('without a terminal, still says which option to change', async () => {
    await mkdir(join(dir, 'saved'));
    const context = { ...interactiveContext(), interactive: false };
    await expect(runNew('one-to-one', { ...options, saveAnswers: 'saved' }, context)).rejects.toHaveProperty('hint', 'Give --save-answers a file name.');
  });

  it('says to give the answers their own name below when it names the agreement itself', async () => {
    const run = runNew('one-to-one', { ...options, out: 'same.md', saveAnswers: 'same.md' }, interactiveContext(), new Set(['format', 'out']));
    await step('Save the answers as', 'answers.yaml', 'enter');
    await run;
    expect(stderr).toContain('is where the agreement itself is to be written\nGive the answers their own file name below.\n');
    expect(stderr).not.toContain('e.g. --save-answers');
    expect((await readdir(dir)).sort()).toEqual(['answers.yaml', 'same.md']);
  });

  it('says to name a file below, not to change --out, when the agreement would be written over a folder', async () => {
    await mkdir(join(dir, 'tom.md'));
    const run = runNew('one-to-one', { ...options, out: 'tom.md' }, interactiveContext(), new Set(['format', 'out']));
    await step('Save it as', 'tom-evans.md', 'enter');
    await run;
    expect(stderr).toContain("tom.md is a folder, not a file to write\nName a file below, or end the folder's name with a slash (tom.md/) to write into it.\n");
    expect(await readFile(join(dir, 'tom-evans.md'), 'utf8')).toContain('Tom Evans');
  });
});

describe('what supervise new says between questions, on a terminal', () => {
  it('is wrapped at word boundaries as the questions are, not broken where the terminal\'s edge falls', async () => {
    const folder = 'the-agreement-for-tom-evans-and-priya-shah-2026.md';
    await mkdir(join(dir, folder));
    const run = runNew('one-to-one', { ...options, out: folder }, interactiveContext({ terminal: true }), new Set(['format', 'out']));
    await step('Save it as', 'tom-evans.md', 'enter');
    await run;
    const said = `${folder} is a folder, not a file to write\nName a file below, or end the folder's name with a slash (${folder}/) to write into it.`;
    // Coloured, as on a terminal: the colours are not what is measured.
    const shown = stripVTControlCharacters(stderr);
    const rows = shown.slice(0, shown.indexOf('\nWrote')).split('\n');
    // 80: the prompts' width where the terminal's is not known.
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
    expect(rows.join(' ')).toBe(`error: ${said.replace('\n', ' ')}`);
    expect(rows.length).toBe(4);
  });
});

describe('supervise new, when --save-answers names the agreement itself', () => {
  it('is refused before anything is written', async () => {
    const context = { ...interactiveContext(), interactive: false };
    await expect(runNew('one-to-one', { ...options, out: 'same.md', saveAnswers: 'same.md', force: true }, context)).rejects.toThrow(
      /--save-answers same\.md is where the agreement itself is to be written/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('supervise new on a terminal, with a custom pack that cannot render', () => {
  it.each([
    ['does not compile', '{{/if}}', ''],
    ['has errors in its templates', '{{agency}}', '{{agencyy}}'],
    ['has errors in its templates', '{{agency}}', '{{supervisor}}'],
  ])('refuses one that %s, with its file and line, before asking anything', async (what, from, to) => {
    const templates = join(dir, 'packs');
    await cp(resolve(import.meta.dirname, '../../../templates'), templates, { recursive: true });
    const entry = join(templates, 'one-to-one', 'agreement.md.hbs');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace(from, to));
    const run = runNew('one-to-one', { ...options, answers: undefined, templates }, interactiveContext(), new Set(['format', 'out']));
    await expect(run).rejects.toThrow(`The template "one-to-one" ${what}`);
    // Nothing was asked: the screen is still blank.
    expect(screen.getScreen()).toBe('');
  });
});

/** Waits for the next screen, checks it shows `expected`, then presses the keys (text is typed). */
async function step(expected: string, ...keys: string[]): Promise<void> {
  await screen.next();
  expect(screen.getScreen()).toContain(expected);
  for (const key of keys) {
    if (key === 'enter' || key === 'down') screen.keypress(key);
    else screen.type(key);
  }
}

/** What the interview says between its questions (to standard output, where the real prompts write it), from now on. */
function captureSaid(): () => string {
  let said = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    said += String(chunk);
    return true;
  });
  return () => said;
}

describe('supervise new on a terminal, when the PDF cannot print an answer', () => {
  it('offers to change the answer, back at the review, and then writes the agreement', async () => {
    const answers = join(dir, 'answers.yaml');
    await writeFile(answers, (await readFile(example, 'utf8')).replace('  name: Tom Evans', '  name: 李伟'));
    const said = captureSaid();
    const run = runNew('one-to-one', { ...options, answers, format: 'pdf', set: ['schedule.time=25:00'] }, interactiveContext(), new Set(['out']));
    await step('Start time', '15:00', 'enter');
    await step('Is everything right?', 'enter');
    await step('Which format?', 'enter');
    await step('Nothing was written. What now?', 'enter');
    // Named by its question, as the review names it, and wrapped to the terminal (80 columns here) under its text;
    // with what can be done here, at the question below, not an option to run again with.
    expect(said()).toContain(
      'This answer cannot be printed in a PDF:\n' +
        '  ! Supervisee: name: contains "李" (U+674E), "伟" (U+4F1F), which the PDF font\n' +
        '    cannot print\n' +
        'Change the answer, or choose another format (Markdown takes any text), at the\nquestion below.\n',
    );
    expect(stderr).toBe('');
    await step('Is everything right?', 'down', 'enter');
    await step('Which answer do you want to change?', 'Supervisee', 'enter');
    await step('Supervisee: name', 'Li Wei', 'enter');
    await step('Supervisee: role', 'enter');
    await step('Supervisee: email', 'enter');
    await step('Is everything right?', 'enter');
    await run;
    expect(await readdir(dir)).toEqual(['answers.yaml', 'one-to-one-li-wei-2026-12-01.pdf']);
  });
});

describe('answers the PDF cannot print, said in an interview', () => {
  it('are wrapped in the columns of the terminal, where the characters refused take two each', async () => {
    const { manifest } = findPack(await loadUsablePacks(undefined), 'one-to-one');
    const prompts = new FakePrompts([], 69);
    sayUnprintable(prompts, manifest, [{ path: 'supervisee.name', message: 'contains "李" (U+674E), "伟" (U+4F1F), which the PDF font cannot print' }]);
    // Counted in characters, the first line would take "the" too: 68 characters, but 70 columns, one too many.
    expect(prompts.said).toEqual([
      'This answer cannot be printed in a PDF:\n' +
        '  ! Supervisee: name: contains "李" (U+674E), "伟" (U+4F1F), which\n' +
        '    the PDF font cannot print\n' +
        'Change the answer, or choose another format (Markdown takes any text), at the question below.',
    ]);
  });
});

describe('supervise new --yes on a terminal, with answers missing', () => {
  it('says that leaving out --yes would ask for them, and where else to give them', async () => {
    const run = runNew('group', { ...options, answers: undefined, yes: true }, interactiveContext(), new Set());
    await expect(run).rejects.toMatchObject({
      hint: 'Nothing was written. Give them in an answers file (--answers FILE) or pass --set KEY=VALUE, or leave out --yes to be asked for them (`supervise templates show group` lists every field).',
    });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('"What now?" after a render that failed', () => {
  it('names the --save-answers file the answers will be saved in, on one row of a narrow terminal', async () => {
    const prompts = new FakePrompts([{ select: 'Nothing was written. What now?', answer: 'stop' }], 40);
    expect(await askAfterRenderFailure(prompts, { canChangeAnswers: true, keptIn: 'answers/for-tom-evans-2026/saved.yaml' })).toBe('stop');
    const shown = prompts.asked[0]!.shown!;
    expect(shown.slice(0, 2)).toEqual(['Change an answer', 'Choose another format']);
    expect(shown[2]).toMatch(/^Stop, saving the answers in.*…$/);
    expect(shown.every((row) => row.length <= 37)).toBe(true);
  });

  it('offers to save the answers before stopping when there is no --save-answers', async () => {
    const prompts = new FakePrompts([{ select: 'What now?', answer: 'keep' }], 80);
    expect(await askAfterRenderFailure(prompts, { canChangeAnswers: false, keptIn: undefined })).toBe('keep');
    expect(prompts.asked[0]!.shown).toEqual(['Choose another format', 'Save the answers to a file, then stop', 'Stop (your answers are not kept)']);
  });
});

describe('the name asked for the answers file', () => {
  it('is refused when it names a folder, rather than a file written under the name of the folder', async () => {
    await mkdir(join(dir, 'existing'));
    const prompts = new FakePrompts([
      { input: 'Save the answers as', answer: 'kept/' },
      { input: 'Save the answers as', answer: 'existing' },
      { input: 'Save the answers as', answer: 'existing/tom.yaml' },
    ]);
    expect(await askAnswersPath(prompts, { cwd: dir, suggested: join(dir, 'answers.yaml') })).toBe('existing/tom.yaml');
    expect(prompts.asked[0]!.errors).toEqual(['is a folder: name a file in it, e.g. kept/answers.yaml', 'is a folder: name a file in it, e.g. existing/answers.yaml']);
  });
});

describe('a path typed at a prompt', () => {
  it('is read as a shell would read it: quotes off, ~ the home folder, nothing else changed', () => {
    expect(readTypedPath('  ~/agreements/x.pdf ')).toBe(join(homedir(), 'agreements/x.pdf'));
    expect(readTypedPath('~')).toBe(homedir());
    expect(readTypedPath(`'/tmp/my agreement.pdf'`)).toBe('/tmp/my agreement.pdf');
    expect(readTypedPath('"notes/"')).toBe('notes/');
    expect(readTypedPath('~ana/x.pdf')).toBe('~ana/x.pdf');
    expect(readTypedPath(`it's.pdf`)).toBe(`it's.pdf`);
  });
});

describe('supervise new on a terminal, changing an answer after the PDF cannot print one', () => {
  it('goes back with the answers as given, so a review date left to be worked out still follows the start date', async () => {
    const answers = join(dir, 'answers.yaml');
    // The example gives no review date: it is worked out as the start date plus the interval.
    await writeFile(answers, (await readFile(example, 'utf8')).replace('venue: Meeting Room 3', 'venue: 🏢 Meeting Room 3'));
    const said = captureSaid();
    const run = runNew('one-to-one', { ...options, answers, format: 'pdf', set: ['schedule.time=25:00'] }, interactiveContext(), new Set(['out']));
    await step('Start time', '15:00', 'enter');
    await step('Is everything right?', 'enter');
    await step('Which format?', 'enter');
    await step('Nothing was written. What now?', 'enter');
    expect(said()).toContain('! Where (room or video platform): contains "🏢" (U+1F3E2), which the PDF font');
    await step('Is everything right?', 'down', 'enter');
    await step('Which answer do you want to change?', 'Date the agreement', 'enter');
    await step('Date the agreement starts', '1/2/2027', 'enter');
    await step('Is everything right?', 'down', 'enter');
    await step('Which answer do you want to change?', 'Date of the first', 'enter');
    // Six months after the new start date, not the 1 June 2027 worked out from the old one.
    await step('Date of the first review (1 August 2027)', 'enter');
    await step('Is everything right?', 'down', 'enter');
    await step('Which answer do you want to change?', 'Where', 'enter');
    await step('Where (room or video platform)', 'Meeting Room 3', 'enter');
    await step('Is everything right?', 'enter');
    await run;
    expect(await readdir(dir)).toEqual(['answers.yaml', 'one-to-one-tom-evans-2027-02-01.pdf']);
  });
});
