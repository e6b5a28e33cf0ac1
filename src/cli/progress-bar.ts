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

export function createProgressBar(stream: NodeJS.WritableStream, total: number, now: () => number = Date.now): ProgressBar {
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  const draw = (done: number, failed: number): void => {
    const elapsedSeconds = Math.max(0.001, (now() - started) / 1000);
    const rate = done / elapsedSeconds;
    const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
    const left = rate > 0 ? formatDuration((total - done) / rate) : '…';
    const failures = failed > 0 ? `  ${failed} failed` : '';
    stream.write(
      `\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${done}/${total}  ${rate.toFixed(1)}/s  ${left} left${failures}`,
    );
    drawn = true;
  };
  return {
    update(done, failed) {
      const time = now();
      if (done < total && time - lastDraw < redrawEveryMs) return;
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

export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
