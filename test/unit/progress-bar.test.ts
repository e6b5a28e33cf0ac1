import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/progress-bar.js';

/** A terminal `columns` wide that keeps what was written to it. */
function fakeTerminal(columns: number | undefined): { stream: Writable & { columns?: number }; lines: () => string[] } {
  let written = '';
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString('utf8');
        done();
      },
    }),
    columns === undefined ? {} : { columns },
  );
  // Each redraw starts with a carriage return and clears the line: what follows is what is shown.
  return { stream, lines: () => written.split('\r\x1b[K').filter((line) => line !== '') };
}

describe('progress bar', () => {
  it('draws the bar, the count, the rate and the time left', () => {
    let time = 0;
    const { stream, lines } = fakeTerminal(100);
    const bar = createProgressBar(stream, 3000, () => time);
    time = 2000;
    bar.update(200, 0);
    expect(lines()).toEqual(['[##----------------------] 200/3,000  100.0/s  28s left']);
  });

  it('writes its counts as every batch message does, 30,000', () => {
    let time = 0;
    const { stream, lines } = fakeTerminal(100);
    const bar = createProgressBar(stream, 30_000, () => time);
    time = 20_000;
    bar.update(2000, 1500);
    expect(lines()).toEqual(['[##----------------------] 2,000/30,000  100.0/s  4m 40s left  1,500 failed']);
  });

  it('fits a terminal narrower than its line, so a redraw does not wrap and leave a row behind each time', () => {
    let time = 0;
    for (const columns of [40, 30, 12]) {
      const { stream, lines } = fakeTerminal(columns);
      const bar = createProgressBar(stream, 3000, () => time);
      time += 2000;
      bar.update(200, 3);
      const [line] = lines();
      expect(line!.length).toBeLessThan(columns);
      expect(line).toMatch(/^200\/3,000/);
    }
  });
});
