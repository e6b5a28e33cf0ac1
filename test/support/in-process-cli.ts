import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { createReporter } from '../../src/cli/reporter.js';

class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Runs the CLI inside the test process (fast, for property tests); never prompts. */
export async function runCliInProcess(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const env = { NO_COLOR: '1' };
  const code = await runCli(['node', 'supervise', ...args], {
    reporter: createReporter(stderr, stdout, env),
    env,
    cwd,
    interactive: false,
    version: '0.0.0-test',
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
