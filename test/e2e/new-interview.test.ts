import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn as spawnPty } from '@lydell/node-pty';
import { binPath, keys, PtySession } from './pty-driver.js';
import { inspectPdf } from '../support/inspect-pdf.js';
import { cliRunLimitMs, runPrintedCommand } from '../support/run-cli.js';

// `supervise new` interviews through a real pseudo-terminal, on the built bin.

let dir: string;
let session: PtySession | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'supervise-interview-'));
});
afterEach(async () => {
  session?.kill();
  session = undefined;
  await rm(dir, { recursive: true, force: true });
});

function start(args: string[], columns?: number): PtySession {
  session = new PtySession(args, dir, columns);
  return session;
}

/** From the start date of a one-to-one interview to its review, with a wrong date typed first. */
async function answerOneToOne(pty: PtySession): Promise<void> {
  await pty.answer('? Name of agency', 'Northshire County Council');
  await pty.answer('Supervisor: name', 'Priya Shah');
  await pty.answer('Supervisor: role', 'Team Manager');
  await pty.answer('Supervisor: email', '');
  await pty.answer('Supervisee: name', 'Tom Evans');
  await pty.answer('Supervisee: role', 'Social Worker');
  await pty.answer('Supervisee: email', 'tom.evans@example.org');
  await pty.answer('Date the agreement starts', '31/02/2026');
  await pty.waitFor('must be a real date: February 2026 has 28 days');
  await pty.answer('Date the agreement starts', `${keys.ctrlU}1/12/2026`);
  await pty.waitFor('Date the agreement starts 1 December 2026');
  await pty.press('How often supervision takes place', keys.down, keys.down, keys.down, keys.enter);
  await pty.answer('Day of the sessions', 'the first Tuesday of each month');
  await pty.answer('Start time', '14:00');
  await pty.answer('Length of each session', '');
  await pty.answer('Who ensures cancelled sessions', 'Priya Shah');
  await pty.press('How you will meet', keys.enter);
  await pty.answer('Where (room', 'Meeting Room 3, County Hall');
  await pty.answer('Who will book it', 'Tom Evans');
  await pty.answer('What happens if it is unavailable', 'A private video call at the same time.');
  await pty.answer('Who writes the supervision record', 'Priya Shah');
  await pty.answer('How exactly recording', 'The supervisor writes it on the template during the session.');
  await pty.answer('Where the records are kept', 'the case management system');
  await pty.answer('policy on recording', '');
  await pty.press('Whom the practitioners safeguard', keys.enter);
  // The cursor starts on "(none: leave it out)", the last choice: five up to the first model.
  await pty.waitFor('Model of reflection used');
  await pty.press('❯ (none: leave it out)', keys.up, keys.up, keys.up, keys.up, keys.up, keys.enter);
  await pty.answer('What the supervisee wants', 'Protected time and honest feedback.');
  await pty.answer('What the supervisor wants', 'Preparation and an agenda.');
  await pty.answer('What each will contribute', 'Both bring agenda items.');
  await pty.answer('contracted out', '');
  await pty.answer('What supervision is not', '');
  await pty.answer('How the agreement will be reviewed', '');
  await pty.answer('How often the agreement is reviewed', '');
  await pty.answer('Date of the first review', '');
  await pty.waitFor('Date of the first review 1 June 2027');
}

describe('supervise new, interviewed on a terminal', () => {
  it('chooses the template, asks every question, re-asks an invalid date and writes the agreement', async () => {
    const pty = start(['new', '--format', 'md']);
    await pty.press('Which agreement do you want to write?', keys.down, keys.enter);
    await answerOneToOne(pty);
    await pty.waitFor('Your answers for the Agreement for 1:1 Safeguarding Supervision');
    await pty.waitFor('Date the agreement starts: 1 December 2026');
    await pty.press('Is everything right?', keys.enter);
    await pty.answer('Save it as (one-to-one-tom-evans-2026-12-01.md)', '');
    expect(await pty.exited).toBe(0);
    expect(await readdir(dir)).toEqual(['one-to-one-tom-evans-2026-12-01.md']);
    const text = await readFile(join(dir, 'one-to-one-tom-evans-2026-12-01.md'), 'utf8');
    expect(text).toContain('**Agency:** Northshire County Council');
    expect(text).toContain('between Priya Shah, Team Manager, the supervisor, and Tom Evans, Social Worker, the supervisee');
    expect(text).toContain('starts on 1 December 2026');
    expect(text).toContain('Meeting Room 3, County Hall');
    expect(text).toContain('Morrison’s 4x4x4 model');
    expect(text).toContain('1 June 2027');
  });

  it('adds three members to a group agreement', async () => {
    const pty = start(['new', 'group', '--format', 'md', '--out', 'group.md']);
    await pty.answer('? Name of agency', 'Northshire County Council');
    await pty.answer('Supervisor: name', 'Ade Okafor');
    await pty.answer('Supervisor: role', '');
    await pty.answer('Supervisor: email', '');
    await pty.answer('Name of the supervision group', 'Hillside Team');
    for (const [index, name] of ['Ana Silva', 'Li Wei', 'Sam Reid'].entries()) {
      if (index >= 2) await pty.answer(`Add another member? (${index} so far`, 'y');
      await pty.answer(`Member ${index + 1}: name`, name);
      await pty.answer(`Member ${index + 1}: role`, '');
      await pty.answer(`Member ${index + 1}: email`, '');
    }
    await pty.answer('Add another member? (3 so far', '');
    await pty.answer('Date the agreement starts', '2027-01-05');
    await pty.press('How often supervision takes place', keys.enter);
    await pty.answer('Day of the sessions', 'Tuesdays');
    await pty.answer('Start time', '10:00');
    await pty.answer('Length of each session', '');
    await pty.answer('Who ensures cancelled sessions', 'Ade Okafor');
    await pty.press('How you will meet', keys.enter);
    await pty.answer('Where (room', 'Room 1');
    await pty.answer('Who will book it', 'Ade Okafor');
    await pty.answer('What happens if it is unavailable', 'Room 2.');
    await pty.answer('Who writes the supervision record', 'Ade Okafor');
    await pty.answer('How exactly recording', 'Notes on the template.');
    await pty.answer('Where the records are kept', 'the shared drive');
    await pty.press('Whom the practitioners safeguard', keys.enter);
    await pty.press('Model of reflection used', keys.enter);
    await pty.press('Ground rules of the group: untick', keys.enter);
    await pty.waitFor('Ground rules of the group: untick any you do not want 5 chosen');
    // The first rule reworded where it stands: it is put on the line, and its last word is rubbed out and retyped.
    await pty.press('change the wording of any?', keys.down, keys.enter);
    await pty.press('item 1', '\u007f'.repeat('attend.'.length), 'come.', keys.enter);
    await pty.press('change the wording of any?', keys.enter);
    await pty.answer('Ground rules of the group: add another', 'Phones on silent.');
    await pty.waitFor('finish) Phones on silent.');
    await pty.answer('Ground rules of the group: add another', '');
    await pty.answer('What the members want', 'Time to think.');
    await pty.answer('What the supervisor wants', 'Preparation.');
    await pty.answer('What each will contribute', 'Cases and ideas.');
    await pty.answer('contracted out', '');
    await pty.answer('What supervision is not', '');
    await pty.answer('How the agreement will be reviewed', '');
    await pty.answer('How often the agreement is reviewed', '');
    await pty.answer('Date of the first review', '');
    await pty.waitFor(/Members of the group:\s+1\. Ana Silva\s+2\. Li Wei\s+3\. Sam Reid/);
    await pty.press('Is everything right?', keys.enter);
    expect(await pty.exited).toBe(0);
    const text = await readFile(join(dir, 'group.md'), 'utf8');
    for (const name of ['Ana Silva', 'Li Wei', 'Sam Reid', 'Hillside Team', 'Phones on silent.']) expect(text).toContain(name);
    expect(text).toContain('give apologies in advance if unable to come.');
    expect(text).not.toContain('unable to attend');
  });

  it.each([
    ['Ctrl-C', keys.ctrlC, 'Interrupted: nothing was written.'],
    // Ctrl-D ends the input: the prompt must not wait for ever for an Enter it can no longer hear.
    ['Ctrl-D', keys.ctrlD, 'Stopped: the input ended (Ctrl-D), so nothing was written.'],
  ])('stops on %s with its message, exit 130, and nothing on disk', async (_name, key, message) => {
    const pty = start(['new', 'one-to-one', '--format', 'md']);
    await pty.answer('? Name of agency', 'Northshire County Council');
    await pty.answer('Supervisor: name', 'Priya Shah');
    await pty.waitFor('Supervisor: role');
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    pty.write(key);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toContain(message);
    expect(pty.text).not.toMatch(/at .*\.js:\d+/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('fits a narrow terminal, breaking rows between words: a question, the answer given, the last message', async () => {
    const pty = start(['new', 'one-to-one', '--format', 'md'], 40);
    await pty.answer('Name of agency', 'Northshire Safeguarding Children Partnership');
    await pty.waitFor('Supervisor: name');
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    pty.write(keys.ctrlD);
    expect(await pty.exited).toBe(130);
    // 39 columns of text in 40: the answer moves to the next row whole, as does what the command says last.
    expect(pty.text).toMatch(/✔ Name of agency Northshire\r?\nSafeguarding Children Partnership\r?\n/);
    expect(pty.text).toMatch(/error: Stopped: the input ended\r?\n\(Ctrl-D\), so nothing was written\./);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops on Ctrl-D at a list too', async () => {
    const choosing = start(['new', '--format', 'md']);
    await choosing.waitFor('Which agreement do you want to write?');
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    choosing.write(keys.ctrlD);
    expect(await choosing.exited).toBe(130);
    expect(choosing.text).toContain('Stopped: the input ended (Ctrl-D)');
  });

  it('asks only for what an answers file leaves out', async () => {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8'))
        .replace(/supervisee:\n  name: Tom Evans\n  role: Social Worker\n/, '')
        .replace('time: "14:00"', 'time: "25:00"'),
    );
    const pty = start(['new', '--answers', 'partial.yaml', '--format', 'md', '--out', 'out.md', '--save-answers', 'next-year.yaml']);
    await pty.waitFor('2 answers are still needed');
    await pty.answer('Supervisee: name', 'Jo Bloggs');
    await pty.answer('Supervisee: role', '');
    await pty.answer('Supervisee: email', '');
    await pty.waitFor('was not accepted: must be a 24-hour time');
    await pty.answer('Start time', '15:30');
    await pty.press('Is everything right?', keys.enter);
    expect(await pty.exited).toBe(0);
    expect(pty.text).not.toContain('Name of agency (');
    expect(await readFile(join(dir, 'out.md'), 'utf8')).toContain('Jo Bloggs');
    const saved = await readFile(join(dir, 'next-year.yaml'), 'utf8');
    expect(saved).toContain('name: Jo Bloggs');
    // Quoted, so that a YAML 1.1 reader does not take it for 930 minutes.
    expect(saved).toContain('time: "15:30"');
  });

  it('keeps every line of a paste into an answer, its paragraphs apart, says so, and hands the terminal back as it was', async () => {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8')).replace(/\n  method: >-\n(?: {4}[^\n]*\n)+/, '\n'),
    );
    const pty = start(['new', '--answers', 'partial.yaml', '--format', 'md', '--out', 'out.md']);
    await pty.waitFor('How exactly recording will happen');
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    // As a terminal sends a paste once asked to mark them: each line break would otherwise be Enter.
    pty.write('\u001b[200~Notes go on the template.\r\nThe supervisee checks them.\r\n\r\nBoth sign.\u001b[201~');
    await pty.answer('¶ Both sign', '');
    await pty.waitFor('Kept as 2 paragraphs (¶); the line breaks inside them were made spaces.');
    await pty.press('Is everything right?', keys.enter);
    expect(await pty.exited).toBe(0);
    // As a text of two paragraphs from an answers file is written: the blank line between them kept.
    expect(await readFile(join(dir, 'out.md'), 'utf8')).toContain('Notes go on the template. The supervisee checks them.\\\n    \\\n    Both sign.');
    const raw = pty.rawOutput;
    expect(raw.indexOf('\u001b[?2004h')).toBeGreaterThan(-1);
    expect(raw.lastIndexOf('\u001b[?2004l')).toBeGreaterThan(raw.lastIndexOf('\u001b[?2004h'));
  });

  it('keeps answers typed ahead of their questions, every key in order, for the questions that follow', async () => {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8')).replace(/supervisee:\n  name: Tom Evans\n  role: Social Worker\n/, ''),
    );
    const pty = start(['new', '--answers', 'partial.yaml', '--format', 'md', '--out', 'out.md', '--save-answers', 'saved.yaml']);
    await pty.waitFor('Supervisee: name');
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    // In one write, as a fast typist, an autotype tool or a paste on a terminal without bracketed paste sends them:
    // three answers, then keys for the review's list, which is not even on screen yet.
    pty.write(`Jo Bloggs\rSenior Practitioner\rjo.bloggs@example.org\r${keys.down}${keys.up}\r`);
    await pty.waitFor('Supervisee: role (optional) Senior Practitioner');
    await pty.waitFor('Supervisee: email (optional) jo.bloggs@example.org');
    expect(await pty.exited).toBe(0);
    expect(await readFile(join(dir, 'out.md'), 'utf8')).toContain('and Jo Bloggs, Senior Practitioner, the supervisee');
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toMatch(/supervisee:\n  name: Jo Bloggs\n  role: Senior Practitioner\n  email: jo.bloggs@example.org\n/);
  });

  it('never prompts with --yes, even on a terminal', async () => {
    const pty = start(['new', 'one-to-one', '--yes', '--format', 'md']);
    expect(await pty.exited).toBe(1);
    expect(pty.text).toContain('answers are missing or invalid for the "one-to-one" template');
    expect(pty.text).not.toContain('? ');
    expect(await readdir(dir)).toEqual([]);
  });

  it('never prompts when only one of input and output is a terminal, failing at once with what is missing', async () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(binPath)} new one-to-one --format md`;
    // Input from a file or a pipe (a script), output on the terminal; then input on the terminal, output piped away,
    // where the questions would not be seen. Either way it is no interview.
    for (const line of [`${command} < /dev/null`, `set -o pipefail; ${command} | cat`]) {
      const pty = spawnPty('/bin/bash', ['-c', line], { cwd: dir, cols: 120, rows: 40, name: 'xterm-256color', env: { ...process.env, NO_COLOR: '1' } });
      let output = '';
      pty.onData((data) => (output += data));
      // Waiting for an answer that cannot come is the failure looked for: stopped, it shows as the wrong exit code.
      const stuck = setTimeout(() => pty.kill(), cliRunLimitMs);
      const code = await new Promise<number>((resolveExit) => pty.onExit(({ exitCode }) => resolveExit(exitCode)));
      clearTimeout(stuck);
      expect({ line, code }).toEqual({ line, code: 1 });
      expect(output).toContain('answers are missing or invalid for the "one-to-one" template');
      expect(output).toContain('supervisee: is required');
      expect(output).not.toContain('? ');
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('supervise new, interviewed, to PDF', () => {
  it('writes a PDF, whose text holds the answers, when the format question is answered with PDF', async () => {
    const pty = start(['new', 'one-to-one']);
    await answerOneToOne(pty);
    await pty.press('Is everything right?', keys.enter);
    await pty.press('Which format?', keys.enter);
    await pty.answer('Save it as (one-to-one-tom-evans-2026-12-01.pdf)', '');
    expect(await pty.exited).toBe(0);
    const pdf = await inspectPdf(await readFile(join(dir, 'one-to-one-tom-evans-2026-12-01.pdf')));
    const text = pdf.pages.map((page) => page.text).join(' ');
    expect(text).toContain('Agreement for 1:1 Safeguarding Supervision');
    expect(text).toContain('Priya Shah');
    expect(text).toContain('Tom Evans');
    expect(text).toContain('1 December 2026');
    expect(pdf.fieldNames).toContain('signature.supervisee');
  });
});

describe('supervise new, interviewed, with --format pdf given', () => {
  it('goes back to the review for an answer the PDF cannot print, rather than ending with every answer lost', async () => {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8')).replace(/^agency: .*\n/m, ''),
    );
    const pty = start(['new', '--answers', 'partial.yaml', '--format', 'pdf', '--out', 'out.pdf']);
    await pty.answer('? Name of agency', 'Northshire 🙂');
    await pty.press('Is everything right?', keys.enter);
    // Its first choice: change an answer.
    await pty.press('Nothing was written. What now?', keys.enter);
    expect(pty.text).toContain('agency: contains "🙂" (U+1F642), which the PDF font cannot print');
    await pty.press('Is everything right?', keys.down, keys.enter);
    await pty.press('Which answer do you want to change?', keys.enter);
    await pty.answer('? Name of agency (Northshire 🙂)', 'Northshire');
    await pty.press('Is everything right?', keys.enter);
    expect(await pty.exited).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['out.pdf', 'partial.yaml']);
  });
});

describe('supervise new, interviewed, when PDF is chosen for answers it cannot print', () => {
  it('says so before asking for the file name, which would be asked again once the answer is changed', async () => {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8')).replace(/^agency: .*\n/m, ''),
    );
    const pty = start(['new', '--answers', 'partial.yaml']);
    await pty.answer('? Name of agency', 'Northshire 🙂');
    await pty.press('Is everything right?', keys.enter);
    await pty.press('Which format?', keys.enter);
    // Its second choice: another format.
    await pty.press('Nothing was written. What now?', keys.down, keys.enter);
    expect(pty.text).not.toContain('Save it as');
    // Said once, by the question: not also as a line of its own above it.
    expect(pty.text).not.toMatch(/Nothing was written\.\r?\n/);
    expect(pty.text).toContain('agency: contains "🙂" (U+1F642), which the PDF font cannot print');
    // Markdown, which can hold the answer, is offered first this time.
    await pty.press('❯ Markdown, to edit or convert', keys.enter);
    await pty.answer('Save it as (one-to-one-tom-evans-2026-12-01.md)', '');
    expect(await pty.exited).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['one-to-one-tom-evans-2026-12-01.md', 'partial.yaml']);
  });
});

describe('supervise new, interviewed beside a broken template pack', () => {
  it('says the broken pack is left out, wrapped to the terminal, and which template it goes on with', async () => {
    await cp(join(import.meta.dirname, '../../templates'), join(dir, 'tpl'), { recursive: true });
    const manifest = join(dir, 'tpl', 'group', 'template.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('\nversion: ', '\nversoin: '));
    const pty = start(['new', '--templates', 'tpl'], 60);
    await pty.waitFor('? Name of agency');
    // Wrapped at a space by the interview, not cut at the terminal's edge.
    expect(pty.text).toMatch(/warning: the template pack tpl\/group \(2 problems\) cannot be\r?\nused and is left out;/);
    expect(pty.text).toMatch(/Going on with the one template that can be used: Agreement\s+for 1:1 Safeguarding Supervision \(one-to-one\)\./);
  });
});

describe('supervise new, interviewed, stopping after an answer the PDF cannot print', () => {
  async function stopAtWhatNow(args: string[], ...stopKeys: string[]): Promise<PtySession> {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8')).replace(/^agency: .*\n/m, ''),
    );
    const pty = start(['new', '--answers', 'partial.yaml', '--format', 'pdf', ...args]);
    await pty.answer('? Name of agency', 'Northshire 🙂');
    await pty.press('Is everything right?', keys.enter);
    await pty.press('Nothing was written. What now?', ...stopKeys);
    return pty;
  }

  it('keeps the typed answers in the --save-answers file on "Stop", and says where', async () => {
    const pty = await stopAtWhatNow(['--save-answers', 'saved.yaml'], keys.down, keys.down, keys.enter);
    expect(await pty.exited).toBe(1);
    expect(pty.text).toContain('Stop, saving the answers in saved.yaml');
    expect(pty.text).toMatch(/Stopped: the agreement was not written; your answers are saved in\s+saved\.yaml\./);
    expect(pty.text).toContain('supervise new --answers saved.yaml');
    expect((await readdir(dir)).sort()).toEqual(['partial.yaml', 'saved.yaml']);
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toContain('agency: Northshire 🙂');
  });

  it('keeps them in the --save-answers file on Ctrl-C too, exiting 130', async () => {
    const pty = await stopAtWhatNow(['--save-answers', 'saved.yaml'], keys.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toMatch(/Interrupted: the agreement was not written; your answers are saved in\s+saved\.yaml\./);
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toContain('agency: Northshire 🙂');
  });

  it('offers to save them without --save-answers, in a file named there', async () => {
    const pty = await stopAtWhatNow([], keys.down, keys.down, keys.enter);
    await pty.answer('Save the answers as (answers.yaml)', 'kept.yaml');
    expect(await pty.exited).toBe(1);
    expect(pty.text).toMatch(/your answers are saved in\s+kept\.yaml\./);
    expect((await readdir(dir)).sort()).toEqual(['kept.yaml', 'partial.yaml']);
    expect(await readFile(join(dir, 'kept.yaml'), 'utf8')).toContain('agency: Northshire 🙂');
  });

  it('keeps them in the --save-answers file on Ctrl-C at the review, where every answer was valid', async () => {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8')).replace(/^agency: .*\n/m, ''),
    );
    const pty = start(['new', '--answers', 'partial.yaml', '--save-answers', 'saved.yaml']);
    await pty.answer('? Name of agency', 'Northshire');
    await pty.press('Is everything right?', keys.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toMatch(/Interrupted: the agreement was not written; your answers are saved in\s+saved\.yaml\./);
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toContain('agency: Northshire');
  });

  it('saves nothing on Ctrl-C before anything is answered: the answers file given still holds all there is', async () => {
    await writeFile(join(dir, 'partial.yaml'), 'template: one-to-one\nagency: Northshire\n');
    const pty = start(['new', '--answers', 'partial.yaml', '--save-answers', 'saved.yaml']);
    await pty.press('Supervisor: name', keys.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toContain('Interrupted: nothing was written.');
    expect(await readdir(dir)).toEqual(['partial.yaml']);
  });

  it('keeps the answers typed so far on Ctrl-C before the review, members of a list half made included, to go on from', async () => {
    // Half a group's members typed, then Ctrl-C: every answer was lost, though --save-answers named where to keep them.
    const pty = start(['new', 'group', '--format', 'md', '--save-answers', 'saved.yaml'], 60);
    await pty.answer('? Name of agency', 'Northshire');
    await pty.answer('Supervisor: name', 'Ade Okafor');
    await pty.answer('Supervisor: role', '');
    await pty.answer('Supervisor: email', '');
    await pty.answer('Name of the supervision group', '');
    await pty.answer('Member 1: name', "Siân O'Connor");
    await pty.answer('Member 1: role', '');
    await pty.answer('Member 1: email', '');
    await pty.answer('Member 2: name', 'Łukasz Wróbel');
    await pty.answer('Member 2: role', '');
    await pty.answer('Member 2: email', '');
    await pty.press('Add another member? (2 so far', keys.ctrlC);
    expect(await pty.exited).toBe(130);
    const said = pty.text.replace(/\s+/g, ' ');
    expect(said).toContain('Interrupted: the agreement was not written; the answers given so far are saved in saved.yaml.');
    expect(said).toContain('To answer the rest: supervise new --answers saved.yaml');
    expect((await readdir(dir)).sort()).toEqual(['saved.yaml']);
    const saved = await readFile(join(dir, 'saved.yaml'), 'utf8');
    for (const answer of ['template: group', 'agency: Northshire', 'name: Ade Okafor', "name: Siân O'Connor", 'name: Łukasz Wróbel']) expect(saved).toContain(answer);

    // Read back, they are not asked again: the interview goes on from the first answer still needed.
    const again = start(['new', '--answers', 'saved.yaml', '--format', 'md']);
    await again.waitFor('answers are still needed');
    await again.waitFor('? Date the agreement starts');
    expect(again.text).not.toContain('Name of agency');
    expect(again.text).not.toContain('Member 1');
  });

  it('keeps a person half asked on Ctrl-C: the name and role typed before it, at their email', async () => {
    const pty = start(['new', 'one-to-one', '--format', 'md', '--save-answers', 'saved.yaml']);
    await pty.answer('? Name of agency', 'Maple Primary School');
    await pty.answer('Supervisor: name', 'Priya Shah');
    await pty.answer('Supervisor: role', 'Designated Safeguarding Lead');
    await pty.press('Supervisor: email', keys.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text.replace(/\s+/g, ' ')).toContain('the answers given so far are saved in saved.yaml.');
    const saved = await readFile(join(dir, 'saved.yaml'), 'utf8');
    for (const answer of ['agency: Maple Primary School', 'name: Priya Shah', 'role: Designated Safeguarding Lead']) expect(saved).toContain(answer);
  });

  it('says on Ctrl-C before the review without --save-answers how to keep typed answers next time', async () => {
    const pty = start(['new', 'one-to-one', '--format', 'md']);
    await pty.answer('? Name of agency', 'Northshire County Council');
    await pty.press('Supervisor: name', keys.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toContain('Interrupted: nothing was written.');
    expect(pty.text).toMatch(/To keep typed answers when the agreement is not written, give\s+--save-answers FILE\./);
    expect(await readdir(dir)).toEqual([]);
  });

  it('says on Ctrl-C without --save-answers how to keep typed answers next time', async () => {
    const pty = await stopAtWhatNow([], keys.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toContain('Interrupted: nothing was written.');
    expect(pty.text).toMatch(/To keep typed answers when the agreement is not written, give\s+--save-answers FILE\./);
    expect(await readdir(dir)).toEqual(['partial.yaml']);
  });

  it('does not replace a file already there without asking, and saves them beside it instead', async () => {
    await writeFile(join(dir, 'saved.yaml'), 'keep me\n');
    const pty = await stopAtWhatNow(['--save-answers', 'saved.yaml'], keys.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toMatch(/saved\.yaml already exists, so your answers are\s+saved in\s+saved-2\.yaml\./);
    expect(pty.text).toContain('supervise new --answers saved-2.yaml');
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toBe('keep me\n');
    expect(await readFile(join(dir, 'saved-2.yaml'), 'utf8')).toContain('agency: Northshire 🙂');
  });
});

describe('supervise new, Ctrl-C pressed outside a prompt', () => {
  it('starts its message on a clean line, not run on from the "^C" the terminal echoes', async () => {
    // The CLI's main module is held back while loading, when the terminal is not yet in raw mode and echoes Ctrl-C.
    await writeFile(
      join(dir, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {\n  if (specifier.endsWith('/cli/main.js')) {\n    process.stderr.write('loading slowly\\n');\n    await new Promise((done) => setTimeout(done, 5000));\n  }\n  return next(specifier, context);\n}\n`,
    );
    await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    session = new PtySession(['new', 'one-to-one'], dir, 80, { NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'register.mjs')).href}` });
    await session.press('loading slowly', keys.ctrlC);
    expect(await session.exited).toBe(130);
    const raw = session.rawOutput;
    const said = raw.indexOf('error: Interrupted (SIGINT): nothing was written.');
    expect(said).toBeGreaterThan(raw.indexOf('^C'));
    // Between the echoed "^C" and the message, the row is cleared and the cursor taken back to its start.
    expect(raw.slice(raw.indexOf('^C'), said)).toContain('\r\u001b[K');
  });
});

/**
 * Ctrl-C outside any prompt, while the agreement is rendered: a module hook sends SIGINT (twice, as an impatient
 * user would) at a known point, as the PDF renderer is loaded to render it.
 */
async function interruptWhileRendering(): Promise<NodeJS.ProcessEnv> {
  await writeFile(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {\n  if (specifier === './pdf/index.js') { process.kill(process.pid, 'SIGINT'); process.kill(process.pid, 'SIGINT'); }\n  return next(specifier, context);\n}\n`,
  );
  await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  return { NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'register.mjs')).href}` };
}

/** `supervise new` from the example's answers, without a terminal, saving them as `saveAs`, interrupted as it renders the PDF. */
async function newInterruptedWithoutTerminal(saveAs: string): Promise<{ code: number | null; stderr: string }> {
  const env = await interruptWhileRendering();
  const child = spawn(
    process.execPath,
    [binPath, 'new', '--answers', join(import.meta.dirname, '../../examples/one-to-one.yaml'), '--set', 'agency=Northshire', '--format', 'pdf', '--out', 'agreement.pdf', '--save-answers', saveAs],
    { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  return { code, stderr };
}

describe('supervise new, interrupted while the agreement is rendered', () => {
  async function interviewThenInterrupt(args: string[], columns = 120): Promise<PtySession> {
    await writeFile(
      join(dir, 'partial.yaml'),
      (await readFile(join(import.meta.dirname, '../../examples/one-to-one.yaml'), 'utf8')).replace(/^agency: .*\n/m, ''),
    );
    const env = await interruptWhileRendering();
    session = new PtySession(['new', '--answers', 'partial.yaml', '--format', 'pdf', '--out', 'agreement.pdf', ...args], dir, columns, env);
    await session.answer('? Name of agency', 'Northshire');
    await session.press('Is everything right?', keys.enter);
    return session;
  }

  it('keeps the typed answers in the --save-answers file, says how to go on, and exits 130', async () => {
    const pty = await interviewThenInterrupt(['--save-answers', 'saved.yaml']);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toMatch(/Interrupted \(SIGINT\): the agreement was not written; your answers are saved in\s+saved\.yaml\./);
    expect(pty.text).toContain('supervise new --answers saved.yaml');
    expect((await readdir(dir)).sort()).toEqual(['hooks.mjs', 'partial.yaml', 'register.mjs', 'saved.yaml']);
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toContain('agency: Northshire');
  });

  it('says so wrapped at a space on a narrow terminal, as the interview wrapped what it said', async () => {
    const pty = await interviewThenInterrupt(['--save-answers', 'saved.yaml'], 40);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toMatch(/To go on from them: supervise new\s*\n\s*--answers saved\.yaml/);
    const said = pty.text.slice(pty.text.indexOf('error: Interrupted'));
    for (const line of said.split(/\r?\n/)) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('says without --save-answers how to keep typed answers next time', async () => {
    const pty = await interviewThenInterrupt([]);
    expect(await pty.exited).toBe(130);
    expect(pty.text).toContain('Interrupted (SIGINT): nothing was written.');
    expect(pty.text).toMatch(/To keep typed answers when the agreement is not written, give\s+--save-answers FILE\./);
    expect((await readdir(dir)).sort()).toEqual(['hooks.mjs', 'partial.yaml', 'register.mjs']);
  });

  it('keeps them without a terminal too, when --save-answers asks for them', async () => {
    const { code, stderr } = await newInterruptedWithoutTerminal('saved.yaml');
    expect(code).toBe(130);
    expect(stderr).toContain('Interrupted (SIGINT): the agreement was not written; your answers are saved in saved.yaml.');
    expect(stderr).toContain('To go on from them: supervise new --answers saved.yaml');
    expect(await readFile(join(dir, 'saved.yaml'), 'utf8')).toContain('agency: Northshire');
    expect(await readdir(dir)).not.toContain('agreement.pdf');
  });
});

describe('supervise new, interrupted, with answers kept in a file whose name has an apostrophe and a space', () => {
  it('says how to go on from them in a command that can be pasted into a shell', async () => {
    const { code, stderr } = await newInterruptedWithoutTerminal("Siân's answers.yaml");
    expect(code).toBe(130);
    const goOn = /To go on from them: (supervise new .*)/.exec(stderr)?.[1];
    expect(goOn).toBeDefined();
    // Pasted as it is, with --yes for want of a terminal, it writes the agreement from the answers kept.
    const resumed = runPrintedCommand(`${goOn!} --yes --format md --out resumed.md`, dir);
    expect(resumed.stderr).toContain('Wrote resumed.md');
    expect(resumed.code).toBe(0);
    expect(await readFile(join(dir, 'resumed.md'), 'utf8')).toContain('Northshire');
  });
});

describe('supervise new at a terminal with its output redirected', () => {
  it('asks nothing, and says that the redirect is why, as well as how to give the answers', async () => {
    // stdin and stderr the terminal, stdout a file: `supervise new one-to-one > log.txt`, typed at a prompt.
    const pty = spawnPty('sh', ['-c', `exec "$0" "$1" new one-to-one > log.txt`, process.execPath, binPath], {
      cwd: dir,
      cols: 200,
      rows: 40,
      name: 'xterm-256color',
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color' } as Record<string, string>,
    });
    let shown = '';
    pty.onData((data) => (shown += data));
    const code = await new Promise<number>((resolveExit) => pty.onExit(({ exitCode }) => resolveExit(exitCode)));
    expect(code).toBe(1);
    expect(shown).toContain('missing or invalid for the "one-to-one" template');
    expect(shown.replace(/\s+/g, ' ')).toContain('or run it with its output not redirected or piped (no > or |) to be asked for them');
    expect(await readdir(dir)).toEqual(['log.txt']);
  });
});

describe('supervise new without a terminal', () => {
  it('fails at once listing every missing field, without waiting for input', async () => {
    await writeFile(join(dir, 'partial.yaml'), 'agency: Northshire\nsupervisor: { name: Priya Shah, email: nope }\n');
    const child = spawn(process.execPath, [binPath, 'new', 'one-to-one', '--answers', 'partial.yaml', '--format', 'md'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // stdin stays open: a CLI that tried to prompt would hang here until the guard below, which, on a busy
    // machine, must not take a slow start for a prompt.
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, cliRunLimitMs);
    const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
    clearTimeout(guard);
    expect(killed, `still running after ${cliRunLimitMs / 1000} s, waiting for input; stderr:\n${stderr}`).toBe(false);
    expect(code).toBe(1);
    expect(stderr).toContain('answers are missing or invalid for the "one-to-one" template');
    for (const path of ['supervisor.email', 'supervisee', 'startDate', 'schedule.frequency', 'schedule.time', 'recording.method', 'expectations.contributions']) {
      expect(stderr).toContain(`${path}: `);
    }
    expect(stderr).toContain('partial.yaml:2:');
    expect(await readdir(dir)).toEqual(['partial.yaml']);
  });
});
