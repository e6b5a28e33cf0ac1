import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/cli/reporter.js';
import { SuperviseError, ValidationError } from '../../src/errors.js';

/**
 * What a command says on a terminal is broken at spaces to fit its width, as the interview's messages are;
 * a terminal would break it where its edge falls, in the middle of a word or a path.
 */

/** stderr as a terminal `columns` wide (or a pipe, without `columns`), and what was written to it. */
function stderrOf(columns: number | undefined, { tty = true } = {}): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream = Object.assign(new PassThrough(), tty ? { isTTY: true } : {}, columns === undefined ? {} : { columns });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

const noColour = { NO_COLOR: '1' };

const fileInTheWay = new SuperviseError('--out README.md/agreements is inside README.md, which is a file, not a folder', {
  hint: 'Name a folder with --out (it is made if it is not there), for example --out agreements; nothing was written.',
});

describe('messages to a terminal', () => {
  for (const columns of [60, 80]) {
    it(`are broken at spaces into rows that fit ${columns} columns, every word kept whole`, () => {
      const { stream, text } = stderrOf(columns);
      createReporter(stream, new PassThrough(), noColour).error(fileInTheWay);
      const rows = text().trimEnd().split('\n');
      expect(rows.length).toBeGreaterThan(2);
      for (const row of rows) expect(row.length).toBeLessThan(columns);
      // Nothing lost or cut: the rows, joined again at the breaks, are the message and the hint.
      expect(text().trimEnd()).toMatch(/^error: --out README\.md\/agreements is inside README\.md,(\n| )which/);
      expect(rows.join(' ')).toBe(`error: ${fileInTheWay.message} ${fileInTheWay.hint}`);
    });
  }

  it('keep a path that fits on a row together, spaces and all, and its problems indented on every row', () => {
    const path = '/home/sw/Safeguarding Team/Łukasz Żółć and Siân Ŵyn/answers.yaml';
    const { stream, text } = stderrOf(72);
    const error = new ValidationError('2 answers are missing or invalid for the "one-to-one" template', [
      { path: 'startDate', message: 'must be a real date: there is no month 13', location: { file: path, line: 3, column: 1 } },
    ], 'Nothing was written.');
    createReporter(stream, new PassThrough(), noColour).error(new SuperviseError(`Cannot read the answers file ${path}: permission denied`, { file: path }));
    createReporter(stream, new PassThrough(), noColour).error(error);
    // Each row at most 71 columns, counting Ł, ż, â and Ŵ one column each.
    expect(text()).toBe(
      [
        'error: Cannot read the answers file',
        `${path}:`,
        'permission denied',
        'error: 2 answers are missing or invalid for the "one-to-one" template',
        '  error',
        `  ${path}:3:1:`,
        '  startDate: must be a real date: there is no month 13',
        'Nothing was written.',
        '',
      ].join('\n'),
    );
  });

  it('leave a path longer than a row for the terminal to break, the words around it still at spaces', () => {
    const path = `/srv/${'very-long-folder-name/'.repeat(4)}agreement.pdf`;
    const { stream, text } = stderrOf(40);
    createReporter(stream, new PassThrough(), noColour).error(new SuperviseError(`Cannot write ${path}: the disk is full`, { file: path }));
    expect(text()).toBe(`error: Cannot write\n${path}:\nthe disk is full\n`);
  });

  it('do not count colour codes as columns', () => {
    const { stream, text } = stderrOf(60);
    createReporter(stream, new PassThrough(), { FORCE_COLOR: '1' }).error(fileInTheWay);
    const visible = text().replace(/\x1b\[[0-9;]*m/g, '');
    expect(visible.trimEnd().split('\n')[0]).toBe('error: --out README.md/agreements is inside README.md,');
  });

  it('stay whole lines when stderr is not a terminal, however wide the message', () => {
    const { stream, text } = stderrOf(40, { tty: false });
    createReporter(stream, new PassThrough(), noColour).error(fileInTheWay);
    expect(text()).toBe(`error: ${fileInTheWay.message}\n${fileInTheWay.hint}\n`);
  });

  it("are fitted by the interview's own wrapping once it hands one over", () => {
    const { stream, text } = stderrOf(60);
    const reporter = createReporter(stream, new PassThrough(), noColour);
    reporter.fitText((line) => `[${line}]`);
    reporter.error(fileInTheWay);
    expect(text()).toBe(`[error: ${fileInTheWay.message}]\n[${fileInTheWay.hint}]\n`);
  });
});
