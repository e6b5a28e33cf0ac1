import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../support/in-process-cli.js';
import { makeTempDir } from '../support/run-cli.js';

/**
 * Mistyped commands and flags, as commander reports them: in the test process, as commander writes its usage
 * errors straight to process.stderr rather than through the reporter.
 */
async function runCapturingStderr(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let written = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += chunk.toString();
    return true;
  });
  try {
    const result = await runCliInProcess(args, makeTempDir());
    return { ...result, stderr: written + result.stderr };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a mistyped command', () => {
  it('`supervise help bach` says bach is not a command, suggests batch, and exits 2, as `supervise bach` does', async () => {
    const asHelp = await runCapturingStderr(['help', 'bach']);
    const asCommand = await runCapturingStderr(['bach']);
    for (const result of [asHelp, asCommand]) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain("error: unknown command 'bach'");
      expect(result.stderr).toContain('(Did you mean batch?)');
      expect(result.stderr).not.toContain('Usage:');
    }
  });
});
