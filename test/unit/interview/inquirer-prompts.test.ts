import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { PassThrough } from 'node:stream';
import { WriteStream } from 'node:tty';
import { describe, expect, it, vi } from 'vitest';
import { buildCheckboxConfig, buildConfirmConfig, buildInputConfig, buildSelectConfig, createInquirerPrompts, withLineEditing } from '../../../src/interview/inquirer-prompts.js';
import { formatUkLongDate, normaliseTypedDate } from '../../../src/packs/field-values.js';

// Real @inquirer/prompts renders of the configs the interview builds.

/** Every row within `width` columns, and no word broken: the words of `text`, in their order, each on one row. */
function expectWrapped(rows: readonly string[], text: string, width: number): void {
  for (const row of rows) expect(row.length).toBeLessThanOrEqual(width);
  expect(rows.join(' ').split(/ +/)).toEqual(text.split(' '));
}

describe('the input prompt as the interview configures it', () => {
  const dateQuestion = {
    message: 'Date the agreement starts',
    validate: (text: string) => (normaliseTypedDate(text) ? undefined : 'must be a real date, typed as YYYY-MM-DD or DD/MM/YYYY'),
    echo: (text: string) => formatUkLongDate(normaliseTypedDate(text) ?? text),
  };

  it('shows a bad answer under the prompt, keeps asking, then echoes the date in long form', async () => {
    const { answer, events, getScreen } = await render(input, buildInputConfig(dateQuestion));
    events.type('31/02/2026');
    events.keypress('enter');
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(getScreen()).toContain('> must be a real date, typed as YYYY-MM-DD or DD/MM/YYYY');
    expect(getScreen()).toContain('? Date the agreement starts 31/02/2026');
    for (let index = 0; index < '31/02/2026'.length; index += 1) events.keypress('backspace');
    events.type('1/12/2026');
    events.keypress('enter');
    await expect(answer).resolves.toBe('1/12/2026');
    expect(getScreen()).toContain('Date the agreement starts 1 December 2026');
  });

  it('wraps a long error under the answer at word boundaries, keeping it indented', async () => {
    const message = 'must be a real date, typed as YYYY-MM-DD or DD/MM/YYYY (e.g. 2026-12-01 or 1/12/2026)';
    // Refusing every answer, the prompt would still be open when the test process exits, and be rejected there, unhandled.
    const stop = new AbortController();
    const { answer, events, getScreen } = await render(input, buildInputConfig({ message: 'Date', validate: () => message }, 40), { signal: stop.signal });
    events.type('soon');
    events.keypress('enter');
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    const lines = getScreen().split('\n');
    const first = lines.findIndex((line) => line.startsWith('> '));
    const errorLines = [lines[first]!, ...lines.slice(first + 1).filter((line) => line.startsWith('  '))];
    expect(errorLines.length).toBeGreaterThan(1);
    for (const line of errorLines) expect(line.length).toBeLessThanOrEqual(40);
    expect(errorLines.map((line) => line.slice(2)).join(' ')).toBe(message);
    stop.abort();
    await expect(answer).rejects.toThrow();
  });

  it('echoes an answer as it is kept, without the spaces typed or pasted around it', async () => {
    const { answer, events, getScreen } = await render(input, buildInputConfig({ message: 'Supervisor: email (optional)', validate: () => undefined }));
    events.type('  jane@example.org ');
    events.keypress('enter');
    await expect(answer).resolves.toBe('  jane@example.org ');
    expect(getScreen()).toBe('✔ Supervisor: email (optional) jane@example.org');
  });

  it('offers the default in brackets and takes it on Enter', async () => {
    const { answer, events, getScreen } = await render(
      input,
      buildInputConfig({ message: 'Length of each session in minutes', default: '90', validate: () => undefined }),
    );
    expect(getScreen()).toContain('Length of each session in minutes (90)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('90');
  });

  it('offers a long answer back in brackets cut to two rows, keeping the question on screen, and takes it whole on Enter or Tab', async () => {
    const message = 'How exactly recording will happen (who will do what)';
    const method = Array.from({ length: 400 }, (_, index) => `step${index + 1}`).join(' ');
    const { answer, events, getScreen } = await render(input, buildInputConfig({ message, default: method, validate: () => undefined }, 80));
    const shown = getScreen().split('\n');
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatch(/^\? How exactly recording will happen \(who will do what\) \(step1 step2 /);
    expect(shown[1]).toMatch(/ step\d+…\)$/);
    for (const row of shown) expect(row.length).toBeLessThanOrEqual(80);
    // Wrapped and cut at word boundaries: every step shown is whole, and the first ones in their order.
    const steps = shown.join(' ').replace(/^.*\(step1/, 'step1').replace(/…\)$/, '').split(' ');
    expect(steps).toEqual(steps.map((_, index) => `step${index + 1}`));
    events.keypress('enter');
    await expect(answer).resolves.toBe(method);

    const tabbed = await render(input, buildInputConfig({ message, default: method, validate: () => undefined }, 80));
    tabbed.events.keypress('tab');
    tabbed.events.keypress('enter');
    await expect(tabbed.answer).resolves.toBe(method);
  });

  it('wraps a question, the answer in brackets and the answer given at word boundaries, never where the terminal\'s edge falls', async () => {
    const message = 'How supervision will link back to the line manager';
    const offered = 'The facilitator sends each line manager a note';
    const { answer, events, getScreen } = await render(input, buildInputConfig({ message, default: offered, validate: () => undefined }, 40));
    expectWrapped(getScreen().split('\n'), `? ${message} (${offered})`, 40);
    events.keypress('enter');
    await expect(answer).resolves.toBe(offered);
    expectWrapped(getScreen().split('\n'), `✔ ${message} ${offered}`, 40);

    // A long answer in brackets is cut to two rows after the question's, at a word.
    const long = Array.from({ length: 40 }, (_, index) => `word${index + 1}`).join(' ');
    const cut = await render(input, buildInputConfig({ message, default: long, validate: () => undefined }, 40));
    const rows = cut.getScreen().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/ word\d+…\)$/);
    expectWrapped(rows, `? ${message} (${rows.join(' ').replace(/^.*\(/, '').replace(/…\)$/, '')}…)`, 40);
    cut.events.keypress('enter');
    await expect(cut.answer).resolves.toBe(long);
  });

  // What the interview tells the user under an optional question with an answer: "Backspace then Enter leaves it out".
  it('drops the default on Backspace at the empty line, so Enter then gives nothing', async () => {
    const { answer, events, getScreen } = await render(
      input,
      buildInputConfig({ message: 'Supervisor: role (optional)', default: 'Team Manager', validate: () => undefined }),
    );
    expect(getScreen()).toContain('Supervisor: role (optional) (Team Manager)');
    events.keypress('backspace');
    expect(getScreen()).not.toContain('(Team Manager)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('');
  });
});

describe('the confirm prompt as the interview configures it', () => {
  it('defaults to no when asked to replace a file', async () => {
    const { answer, events, getScreen } = await render(confirm, buildConfirmConfig({ message: 'a.md already exists. Replace it?', default: false }));
    expect(getScreen()).toContain('a.md already exists. Replace it? (y/N)');
    events.keypress('enter');
    await expect(answer).resolves.toBe(false);
  });

  it('gives up room for "(y/N)" on the last row only, so a file\'s path is not broken to make room for it', async () => {
    const message = 'sub/one-to-one-tom-evans-2027-03-01.pdf already exists. Replace it?';
    // 41 columns for "? " and the path, of 42.
    const { answer, events, getScreen } = await render(confirm, buildConfirmConfig({ message, default: false }, 42));
    expectWrapped(getScreen().split('\n'), `? ${message} (y/N)`, 42);
    events.keypress('enter');
    await expect(answer).resolves.toBe(false);
    expectWrapped(getScreen().split('\n'), `✔ ${message} No`, 42);
  });

  it('wraps a question longer than the terminal at word boundaries, keeping "(y/N)" whole on its last row', async () => {
    const message = 'Are any elements of supervision “contracted out” (provided outside the line-management chain)?';
    const { answer, events, getScreen } = await render(confirm, buildConfirmConfig({ message, default: false }, 100));
    const lines = getScreen().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(lines.at(-1)).toMatch(/chain\)\? \(y\/N\)$/);
    expect(lines.join(' ')).toBe(`? ${message} (y/N)`);
    events.keypress('enter');
    await expect(answer).resolves.toBe(false);
  });
});

describe('text the interview prints between questions', () => {
  /** A terminal `columns` wide that records what is written to it. */
  function terminal(columns: number): { output: PassThrough & { columns: number }; written: () => string } {
    const output = Object.assign(new PassThrough(), { columns });
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return { output, written: () => text.replace(/\u001b\[[0-9;]*m/g, '') };
  }

  const description =
    'The organisation whose safeguarding supervision policy this agreement follows, as written on its letterhead.';

  it('wraps at word boundaries to the terminal, never cutting a word', () => {
    const { output, written } = terminal(41);
    createInquirerPrompts({ output }).say(description);
    const lines = written().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines.join(' ')).toBe(description);
  });

  it('wraps to a narrow terminal at its own width, not at 80 columns', async () => {
    for (const columns of [20, 16]) {
      const { output, written } = terminal(columns);
      const prompts = createInquirerPrompts({ output });
      expect(prompts.width).toBe(columns - 1);
      prompts.say(description);
      const lines = written().trimEnd().split('\n');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns - 1);
      expect(lines.join(' ')).toBe(description);
      // The review's answers, under an indent of six or eight, fit too: the indent gives way before the text does.
      const { formatReview } = await import('../../../src/interview/describe-answers.js');
      const { findPack, loadUsablePacks } = await import('../../../src/packs/load-packs.js');
      const group = findPack(await loadUsablePacks(undefined), 'group');
      const review = formatReview(group.manifest, { agency: description, members: [{ name: 'Ana Silva', role: 'Occupational Therapist' }, { name: 'Li' }] }, (field) => ['agency', 'members'].includes(field.key), prompts.width);
      prompts.say(review);
      for (const line of written().trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(columns - 1);
      if (columns === 20) expect(written()).toContain('\n      1. Ana Silva\n        (Occupation\n');
    }
    // Where the width is not known (not a terminal), 80; narrower than twelve, no wrapping would help.
    expect(createInquirerPrompts({ output: new PassThrough() }).width).toBe(80);
    expect(createInquirerPrompts({ output: terminal(8).output }).width).toBe(12);
  });

  it('keeps a field\'s help indented on every line it wraps onto', async () => {
    const { output, written } = terminal(41);
    // Its own input, so the prompt left waiting never touches the test runner's stdin.
    const input = new PassThrough();
    const prompts = createInquirerPrompts({ input, output });
    // The help is shown as the question is asked; the question itself is not answered here.
    const asked = prompts.input({ message: 'Name of agency', help: description, validate: () => undefined });
    const help = written().split('\n').filter((line) => line.startsWith('  '));
    expect(help.length).toBeGreaterThan(2);
    for (const line of help) expect(line.length).toBeLessThanOrEqual(40);
    expect(help.map((line) => line.trim()).join(' ')).toBe(description);
    // Its input ends, which stops it: a prompt still open when the test process exits is rejected there, unhandled.
    input.end();
    await expect(asked).rejects.toThrow('Stopped: the input ended');
  });
});

describe('the select prompt as the interview configures it', () => {
  it('wraps a choice too long for its row under its own text, and the choice made after the question', async () => {
    const choices = [
      { value: 'in-person', name: 'in person' },
      { value: 'hybrid', name: 'in person or by video call, as agreed for each session' },
    ];
    const { answer, events, getScreen } = await render(select, buildSelectConfig({ message: 'How you will meet', choices }, 30));
    events.keypress('down');
    const rows = getScreen().split('\n');
    const first = rows.findIndex((row) => row.includes('in person or'));
    const listed = rows.slice(first, rows.findIndex((row, index) => index > first && !row.startsWith('  ')));
    expect(listed[0]).toMatch(/^❯ in person or/);
    expect(listed.length).toBeGreaterThan(1);
    expectWrapped(listed.map((row) => row.slice(2)), choices[1]!.name, 28);
    events.keypress('enter');
    await expect(answer).resolves.toBe('hybrid');
    expectWrapped(getScreen().split('\n'), `✔ How you will meet ${choices[1]!.name}`, 30);
  });

  it('echoes a choice cut to fit its row whole, as its `short` says, wrapped at word boundaries', async () => {
    const message = 'Which answer do you want to change?';
    const short = 'What the supervisee wants from the supervisor';
    const choices = [{ value: 'expectations', name: 'What the supervisee wants from the s…: Protected…', short }];
    const { answer, events, getScreen } = await render(select, buildSelectConfig({ message, choices }, 60));
    events.keypress('enter');
    await expect(answer).resolves.toBe('expectations');
    expectWrapped(getScreen().split('\n'), `✔ ${message} ${short}`, 60);
  });

  it('wraps the description of the chosen item at word boundaries, as the prompt itself would cut words', async () => {
    const description = 'One supervisor (facilitator) and a supervision group of practitioners. (template "group")';
    const stop = new AbortController();
    const { answer, getScreen } = await render(
      select,
      buildSelectConfig({ message: 'Which agreement do you want to write?', choices: [{ value: 'group', name: 'Supervision Agreement / Contract', description }] }, 50),
      { signal: stop.signal },
    );
    const lines = getScreen().split('\n');
    const first = lines.findIndex((line) => line.startsWith('One supervisor'));
    const shown = lines.slice(first, lines.findIndex((line, index) => index > first && line.includes('navigate')));
    expect(shown.length).toBeGreaterThan(1);
    for (const line of shown) expect(line.length).toBeLessThanOrEqual(50);
    expect(shown.join(' ')).toBe(description);
    stop.abort();
    await expect(answer).rejects.toThrow();
  });
});

describe('the select prompt\'s keys, for a list that is long to walk', () => {
  const frequencies = ['weekly', 'fortnightly', 'every four weeks', 'monthly', 'every six weeks', 'every eight weeks', 'quarterly'];
  const choices = frequencies.map((name) => ({ value: name, name }));

  it('says under the list that typing the start of a choice jumps to it, and it does, with no arrow key pressed', async () => {
    // Said nowhere, typing was found by no one who avoids the arrow keys (a screen reader's user): only "↑↓ navigate".
    const { answer, events, getScreen } = await render(select, buildSelectConfig({ message: 'How often supervision takes place', choices }, 60));
    const keysShown = getScreen().split('\n').filter((row) => row.trim() !== '' && !row.startsWith('  ') && !row.startsWith('❯') && !row.startsWith('?')).join(' ').replaceAll('\u00a0', ' ');
    expect(keysShown).toContain("↑↓ navigate • ⏎ select • type a choice's first letters to jump to it");
    for (const row of getScreen().split('\n')) expect(row.length).toBeLessThanOrEqual(60);
    events.type('every s');
    events.keypress('enter');
    await expect(answer).resolves.toBe('every six weeks');
  });

  it('says nothing of typing under a short list, seen whole at a glance', async () => {
    const stop = new AbortController();
    const { answer, getScreen } = await render(select, buildSelectConfig({ message: 'Is everything right?', choices: choices.slice(0, 2) }, 60), { signal: stop.signal });
    expect(getScreen()).not.toContain('first letters');
    stop.abort();
    await expect(answer).rejects.toThrow();
  });
});

describe('the checkbox prompt as the interview configures it', () => {
  it('wraps its question and the keys it takes at word boundaries, each key beside what it does', async () => {
    const stop = new AbortController();
    const message = 'Ground rules of the group: untick any you do not want';
    const choices = [{ value: '0', name: 'Start on time.', checked: true }];
    const { answer, getScreen } = await render(checkbox, buildCheckboxConfig({ message, choices }, 30), { signal: stop.signal });
    const rows = getScreen().split('\n');
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(30);
    const question = rows.slice(0, rows.findIndex((row) => row.includes('Start on time.')));
    expect(question.join(' ')).toBe(`? ${message}`);
    const keysShown = rows.slice(rows.findIndex((row) => row.includes('navigate'))).join(' ').replaceAll('\u00a0', ' ');
    expect(keysShown).toBe('↑↓ navigate • space select • a all • i invert • ⏎ submit');
    stop.abort();
    await expect(answer).rejects.toThrow();
  });

  it('echoes how many were chosen after the question, wrapped at word boundaries, never where the terminal\'s edge falls', async () => {
    // At 60 columns the count was cut where the edge fell: "… untick any you do not want 1 ch" / "osen".
    const message = 'Ground rules of the group: untick any you do not want';
    const choices = [{ value: '0', name: 'Start on time.', checked: true }];
    const { answer, events, getScreen } = await render(checkbox, buildCheckboxConfig({ message, choices }, 60));
    events.keypress('enter');
    await expect(answer).resolves.toEqual(['0']);
    expectWrapped(getScreen().split('\n'), `✔ ${message} 1 chosen`, 60);
  });
});

describe('line editing on a terminal that says it is dumb (TERM=dumb)', () => {
  // Node's readline gives up every editing key on TERM=dumb: Backspace and Ctrl-U went into the answer as
  // characters (refused as "control characters (found U+007F)"), and nothing could take them out again.
  it('takes Backspace, Ctrl-U and the arrow keys as edits, as on any terminal, and colours nothing', async () => {
    vi.stubEnv('TERM', 'dumb');
    vi.stubEnv('FORCE_COLOR', undefined);
    vi.stubEnv('NO_COLOR', undefined);
    try {
      const input = new PassThrough();
      const output = Object.assign(new PassThrough(), { columns: 80, isTTY: true });
      let written = '';
      output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
      const prompts = createInquirerPrompts({ input, output });
      const asked = prompts.input({ message: 'Name of agency', validate: () => undefined });
      // A typo mended with Backspace; a false start cleared with Ctrl-U; a letter put in with the arrow keys.
      input.write('Wrong start\u0015Acme Trusx\u007ft Fund\u001b[D\u001b[D\u001b[D\u001b[D\u001b[Ds\r');
      await expect(asked).resolves.toBe('Acme Trusts Fund');
      expect(process.env.TERM).toBe('dumb');
      expect(written).not.toMatch(/\u001b\[3[0-9]m/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('keeps the terminal colourless while the prompt is created, as TERM=dumb keeps it', () => {
    // What node:util's styleText asks of a terminal, read from the environment at that moment.
    const colourDepth = (): number => WriteStream.prototype.getColorDepth();
    vi.stubEnv('TERM', 'dumb');
    vi.stubEnv('FORCE_COLOR', undefined);
    vi.stubEnv('NO_COLOR', undefined);
    vi.stubEnv('TMUX', '/tmp/tmux-1000/default,1,0');
    try {
      expect(colourDepth()).toBe(1);
      expect(withLineEditing(colourDepth)).toBe(1);
      expect(process.env.FORCE_COLOR).toBeUndefined();
      // Colour asked for, it is kept.
      vi.stubEnv('FORCE_COLOR', '3');
      expect(withLineEditing(colourDepth)).toBe(24);
      expect(process.env.FORCE_COLOR).toBe('3');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
