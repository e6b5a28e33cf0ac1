import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/progress-bar.js';

/** A terminal `columns` wide that keeps what was written to it. */
function fakeTerminal(columns: number | undefined): { stream: Writable & { columns?: number }; lines: () => string[]; raw: () => string } {
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
  return { stream, lines: () => written.split('\r\x1b[K').filter((line) => line !== ''), raw: () => written };
}

describe('progress bar', () => {
  it('draws the bar, the count, the rate and the time left', () => {
    let time = 0;
    const { stream, lines } = fakeTerminal(100);
    const bar = createProgressBar(stream, 3000, () => time);
    time = 2000;
    bar.update(200, 0);
    expect(lines()).toEqual(['[##----------------------] 200/3,000  100/s  28s left']);
  });

  it('writes its counts as every batch message does, 30,000', () => {
    let time = 0;
    const { stream, lines } = fakeTerminal(100);
    const bar = createProgressBar(stream, 30_000, () => time);
    time = 20_000;
    bar.update(2000, 1500);
    expect(lines()).toEqual(['[##----------------------] 2,000/30,000  100/s  4m 40s left  1,500 failed']);
  });

  it('groups a rate in thousands like the counts beside it, and keeps a tenth only below 10/s', () => {
    const rateOf = (done: number, seconds: number): string => {
      const { stream, lines } = fakeTerminal(120);
      let time = 0;
      const bar = createProgressBar(stream, 100_000, () => time);
      time = seconds * 1000;
      bar.update(done, 0);
      return /  (\S+)\/s  /.exec(lines()[0]!)![1]!;
    };
    expect(rateOf(12_000, 12)).toBe('1,000');
    expect(rateOf(2345, 2)).toBe('1,173');
    expect(rateOf(91, 1)).toBe('91');
    expect(rateOf(5, 2)).toBe('2.5');
    expect(rateOf(999, 100)).toBe('10');
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

  it('redraws at most ten times a second, yet draws the last count at once', () => {
    let time = 0;
    const { stream, lines } = fakeTerminal(100);
    const bar = createProgressBar(stream, 3, () => time);
    time = 1000;
    bar.update(1, 0);
    time = 1050;
    bar.update(2, 0);
    time = 1060;
    bar.update(3, 0);
    expect(lines().map((line) => /\d\/3/.exec(line)?.[0])).toEqual(['1/3', '3/3']);
  });

  it('leaves out the bar from a line exactly as wide as the terminal, which would wrap', () => {
    const at = (times: number[]) => () => times.shift() ?? 2000;
    const wide = fakeTerminal(200);
    createProgressBar(wide.stream, 3000, at([0])).update(200, 0);
    const full = wide.lines()[0]!;
    const { stream, lines } = fakeTerminal(full.length);
    createProgressBar(stream, 3000, at([0])).update(200, 0);
    expect(lines()[0]!.length).toBeLessThan(full.length);
    expect(lines()[0]).toMatch(/^200\/3,000/);
  });

  it('clears its line for a message, and only once it has drawn one', () => {
    let time = 0;
    const { stream, raw } = fakeTerminal(100);
    const bar = createProgressBar(stream, 3, () => time);
    bar.clear();
    expect(raw()).toBe('');
    time = 1000;
    bar.update(1, 0);
    const drawn = raw();
    bar.clear();
    expect(raw()).toBe(`${drawn}\r\x1b[K`);
  });

  it('draws itself again at the first update after it was cleared for a message, however soon', () => {
    let time = 0;
    const { stream, raw } = fakeTerminal(100);
    const bar = createProgressBar(stream, 10, () => time);
    time = 1000;
    bar.update(1, 0);
    bar.clear();
    const cleared = raw();
    // A warning printed between two updates a few milliseconds apart must not leave the bar off the screen.
    time += 5;
    bar.update(2, 0);
    expect(raw().slice(cleared.length)).toBe('\r\x1b[K[#####-------------------] 2/10  2.0/s  5s left');
    // Not cleared, it still redraws at most ten times a second.
    time += 5;
    bar.update(3, 0);
    expect(raw().endsWith('2/10  2.0/s  5s left')).toBe(true);
  });
});
