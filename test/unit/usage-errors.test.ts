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
  it('`supervise help bach` and `supervise bach --help` say bach is not a command, suggest batch, and exit 2, as `supervise bach` does', async () => {
    const asHelp = await runCapturingStderr(['help', 'bach']);
    const asCommand = await runCapturingStderr(['bach']);
    const asHelpFlag = await runCapturingStderr(['bach', '--help']);
    for (const result of [asHelp, asCommand, asHelpFlag]) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain("error: unknown command 'bach'");
      expect(result.stderr).toContain('(Did you mean batch?)');
      expect(result.stderr).not.toContain('Usage:');
    }
  });
});

describe('a usage error commander reports', () => {
  it.each([
    ['new --forse', "error: unknown option '--forse'", '(Did you mean --force?)', 'Run `supervise new --help` for its arguments and options.'],
    ['batch roster.yaml --jsn', "error: unknown option '--jsn'", '(Did you mean --json?)', 'Run `supervise batch --help` for its arguments and options.'],
    ['check --strikt', "error: unknown option '--strikt'", '(Did you mean --strict?)', 'Run `supervise check --help` for its arguments and options.'],
    ['templates show', "error: missing required argument 'name'", '', 'Run `supervise templates show --help` for its arguments and options.'],
    ['batch roster.yaml --paper a5', "argument 'a5' is invalid. Allowed choices are a4, letter.", '', 'Run `supervise batch --help` for its arguments and options.'],
    ['bach', "error: unknown command 'bach'", '(Did you mean batch?)', 'Run `supervise --help` for the list of commands.'],
  ])('`supervise %s` says what is wrong, the likely fix, and where the options are listed, and exits 2', async (args: string, what, suggestion, hint) => {
    const result = await runCapturingStderr(args.split(' '));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(what);
    expect(result.stderr).toContain(suggestion);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(hint);
  });
});

describe('a bad --jobs', () => {
  it.each(['0', '257', 'abc', '1.5'])('`--jobs %s` is refused in the words its help uses, render threads, and exits 2', async (jobs) => {
    const result = await runCapturingStderr(['batch', 'roster.yaml', '--jobs', jobs]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`argument '${jobs}' is invalid. Give a whole number of PDF render threads from 1 to 256.`);
  });
});

describe('`supervise help help`', () => {
  it("prints the program's help on stdout, as `supervise help` does, and exits 0", async () => {
    let written = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += chunk.toString();
      return true;
    });
    try {
      const result = await runCapturingStderr(['help', 'help']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(written).toMatch(/^Usage: supervise \[options\] \[command\]\n/);
    } finally {
      spy.mockRestore();
    }
  });
});
