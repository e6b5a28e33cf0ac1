import { formatCount } from '../format-count.js';

/**
 * A one-line progress bar for terminals: done/total, rate and time left,
 * redrawn in place on stderr at most ten times a second. Hand-rolled because
 * it is twenty lines and needs none of a library's options.
 */
export interface ProgressBar {
  update(done: number, failed: number): void;
  /** Clears the line so a message can be printed above it; the next update redraws it. */
  clear(): void;
  finish(): void;
}

const redrawEveryMs = 100;
const barWidth = 24;

/**
 * A line as wide as the terminal or wider wraps, and `\r` then goes back to
 * the start of its last row only: every redraw would leave a row behind and
 * fill the screen. So the line is made to fit: without the bar if need be,
 * then cut. `columns` is read at each redraw, as the window may be resized.
 */
function fitLine(parts: { bar: string; count: string; rest: string }, columns: number | undefined): string {
  const full = `${parts.bar} ${parts.count}${parts.rest}`;
  if (columns === undefined || columns <= 0 || full.length < columns) return full;
  const compact = `${parts.count}${parts.rest}`;
  return compact.length < columns ? compact : compact.slice(0, Math.max(1, columns - 1));
}

export function createProgressBar(stream: NodeJS.WritableStream & { columns?: number }, total: number, now: () => number = Date.now): ProgressBar {
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  const draw = (done: number, failed: number): void => {
    const elapsedSeconds = Math.max(0.001, (now() - started) / 1000);
    const rate = done / elapsedSeconds;
    const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
    const left = rate > 0 ? formatDuration((total - done) / rate) : '…';
    const failures = failed > 0 ? `  ${formatCount(failed)} failed` : '';
    const line = fitLine(
      { bar: `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`, count: `${formatCount(done)}/${formatCount(total)}`, rest: `  ${formatRate(rate)}/s  ${left} left${failures}` },
      stream.columns,
    );
    stream.write(`\r\x1b[K${line}`);
    drawn = true;
  };
  return {
    update(done, failed) {
      const time = now();
      // Cleared for a message, it is drawn again at once: the next update may be a while coming.
      if (drawn && done < total && time - lastDraw < redrawEveryMs) return;
      lastDraw = time;
      draw(done, failed);
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/**
 * Agreements a second as the counts beside it are written: "1,000", "91".
 * A tenth tells something only while the rate is small (2.5/s or 3/s moves
 * the time left by a fifth); above ten it is noise that flickers.
 */
function formatRate(perSecond: number): string {
  const tenths = perSecond.toFixed(1);
  if (Number(tenths) < 10) return tenths;
  return formatCount(Math.round(perSecond));
}

function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
