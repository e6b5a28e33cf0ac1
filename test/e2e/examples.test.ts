import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderHelpTexts } from '../../src/cli/help-texts.js';
import { keys, PtySession } from './pty-driver.js';
import { makeTempDir, projectRoot, runCli } from '../support/run-cli.js';

/**
 * Every example a user is shown (in README.md's `sh` blocks and in each command's --help) must run as written from
 * the root of a fresh clone: a user copies them before reading anything else. Each group of examples (one README
 * block, one command's help) runs in order in a fresh folder holding the clone's examples/ and templates/, as
 * later examples of a group may use what earlier ones made (`init my-templates`, then `check --templates
 * my-templates`). An example of `new` with no answers is an interview: those, named below, run on a terminal until
 * the first question, and are stopped there.
 */

interface Example {
  group: string;
  command: string;
}

const interviews = [
  'supervise new',
  'supervise new group --format md --save-answers group-2027.yaml',
  'supervise new one-to-one --templates my-templates',
  'supervise new --templates my-templates one-to-one',
];

function readmeExamples(): Example[] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const examples: Example[] = [];
  for (const [index, block] of [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].entries()) {
    for (const line of (block[1] ?? '').split('\n')) {
      // A comment starts at a # after a space, as the shell reads it. "Get going" runs the clone's own bin after npm ci.
      const command = line.replace(/\s+#.*$/, '').replace(/^npm ci && node bin\/supervise\.js /, 'supervise ').trim();
      if (command.startsWith('supervise ')) examples.push({ group: `README.md block ${index + 1}`, command });
    }
  }
  return examples;
}

function helpExamples(): Example[] {
  const examples: Example[] = [];
  for (const [topic, text] of Object.entries(renderHelpTexts('0.0.0'))) {
    for (const match of text.matchAll(/^ {2}\$ (supervise .*)$/gm)) {
      // What an example does is said after two spaces or more; the command itself never has two in a row.
      const command = (match[1] ?? '').split(/ {2,}/)[0]?.trim() ?? '';
      examples.push({ group: `supervise ${topic} --help`.replace('  ', ' '), command });
    }
  }
  return examples;
}

/** Splits a command as the shell would for these examples: words, quotes, and one `> FILE` at the end. */
function parseCommand(command: string): { args: string[]; stdoutTo?: string } {
  const words = [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  const redirect = words.indexOf('>');
  const stdoutTo = redirect === -1 ? undefined : words[redirect + 1];
  const args = (redirect === -1 ? words : words.slice(0, redirect)).slice(1);
  return stdoutTo === undefined ? { args } : { args, stdoutTo };
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function freshClone(): string {
  const folder = makeTempDir('supervise-examples-');
  folders.push(folder);
  for (const part of ['examples', 'templates']) cpSync(join(projectRoot, part), join(folder, part), { recursive: true });
  return folder;
}

function groups(examples: Example[]): [string, string[]][] {
  const byGroup = new Map<string, string[]>();
  for (const { group, command } of examples) byGroup.set(group, [...(byGroup.get(group) ?? []), command]);
  return [...byGroup];
}

const allExamples = [...readmeExamples(), ...helpExamples()];

describe('every example in README.md and --help runs as written from the root of a fresh clone', () => {
  it('finds the examples, and knows which are interviews, run on a terminal', () => {
    expect(readmeExamples().length).toBeGreaterThan(10);
    expect(helpExamples().length).toBeGreaterThan(10);
    const interviewed = allExamples.filter(({ command }) => interviews.includes(command));
    expect(new Set(interviewed.map(({ command }) => command))).toEqual(new Set(interviews));
    for (const { command } of interviewed) expect(command).not.toMatch(/ (-a|--answers) /);
  });

  it.each(groups(allExamples))('%s', async (_group, commands) => {
    const folder = freshClone();
    for (const command of commands) {
      const { args, stdoutTo } = parseCommand(command);
      if (interviews.includes(command)) {
        // On a terminal the interview starts: its first question is asked, and Ctrl-C leaves with nothing written.
        const before = readdirSync(folder).sort();
        const session = new PtySession(args, folder);
        try {
          await session.waitFor(/^\? /m);
          session.write(keys.ctrlC);
          expect({ command, code: await session.exited }).toEqual({ command, code: 130 });
        } finally {
          session.kill();
        }
        expect(readdirSync(folder).sort()).toEqual(before);
        continue;
      }
      const result = runCli(args, { cwd: folder });
      expect({ command, code: result.code, stderr: result.stderr }).toEqual({ command, code: 0, stderr: expect.not.stringMatching(/^error/m) as string });
      if (stdoutTo !== undefined) {
        writeFileSync(join(folder, stdoutTo), result.stdout);
        expect(statSync(join(folder, stdoutTo)).size, `${command} printed nothing`).toBeGreaterThan(0);
      }
    }
  });
});

describe('README.md', () => {
  it('"Get going" writes the file it names', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const getGoing = readme.slice(readme.indexOf('## Get going'), readme.indexOf('\n## ', readme.indexOf('## Get going') + 1));
    const named = /`([^`]+\.pdf)`/.exec(getGoing)?.[1];
    expect(named).toBeDefined();
    const folder = freshClone();
    expect(runCli(['new', 'one-to-one', '--answers', 'examples/one-to-one.yaml'], { cwd: folder }).code).toBe(0);
    expect(readdirSync(folder).filter((name) => name.endsWith('.pdf'))).toEqual([named]);
  });

  it('links only to headings it has, and to files that exist', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const outsideCode = readme.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
    // As GitHub makes a heading's anchor: lower case, punctuation but hyphens dropped, spaces as hyphens.
    const anchors = new Set(
      [...readme.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((heading) => (heading[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replaceAll(' ', '-')),
    );
    const links = [...outsideCode.matchAll(/\]\(([^)\s]+)\)/g)].map((link) => link[1] ?? '');
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      if (link.startsWith('#')) expect(anchors, link).toContain(link.slice(1));
      else if (!/^https?:/.test(link)) expect(statSync(join(projectRoot, link)).isFile(), link).toBe(true);
    }
  });
});
