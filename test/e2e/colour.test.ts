import { describe, expect, it } from 'vitest';
import { PtySession } from './pty-driver.js';
import { projectRoot, runCli } from '../support/run-cli.js';

/** Any SGR sequence: what colours (or bolds) text on a terminal. */
const colourCode = /\u001b\[[\d;]*m/;

/** The error of a template that does not exist, said on a terminal with the environment given. */
async function errorOnATerminal(env: NodeJS.ProcessEnv): Promise<{ code: number; raw: string; text: string }> {
  // The driver's FORCE_COLOR=0, which keeps other tests' prompts colourless, is taken away unless env sets it.
  const session = new PtySession(['templates', 'show', 'nosuch'], projectRoot, 120, { FORCE_COLOR: undefined, ...env });
  const code = await session.exited;
  return { code, raw: session.rawOutput, text: session.text };
}

describe('colour: only on a terminal, never when NO_COLOR is set', () => {
  it('colours a message on a terminal, and not at all once NO_COLOR is set (to anything but empty, as no-color.org says)', async () => {
    const coloured = await errorOnATerminal({ NO_COLOR: undefined });
    expect(coloured.code).toBe(1);
    expect(coloured.text).toContain('error: ');
    expect(coloured.raw).toMatch(colourCode);

    for (const value of ['1', 'true', 'anything']) {
      const plain = await errorOnATerminal({ NO_COLOR: value });
      expect(plain.code).toBe(1);
      expect(plain.text).toBe(coloured.text);
      expect(plain.raw, `NO_COLOR=${value}`).not.toMatch(colourCode);
    }
    // Set but empty is as good as not set.
    expect((await errorOnATerminal({ NO_COLOR: '' })).raw).toMatch(colourCode);
    // NO_COLOR wins over FORCE_COLOR: the user's wish, over a tool's.
    expect((await errorOnATerminal({ NO_COLOR: '1', FORCE_COLOR: '1' })).raw).not.toMatch(colourCode);
  });

  it('does not colour a message on a terminal when FORCE_COLOR is 0 or false, as the interview does not', async () => {
    for (const value of ['0', 'false']) {
      const plain = await errorOnATerminal({ NO_COLOR: undefined, FORCE_COLOR: value });
      expect(plain.code).toBe(1);
      expect(plain.text).toContain('error: ');
      expect(plain.raw, `FORCE_COLOR=${value}`).not.toMatch(colourCode);
    }
    expect((await errorOnATerminal({ NO_COLOR: undefined, FORCE_COLOR: '1' })).raw).toMatch(colourCode);
  });

  it('never colours what is not a terminal', () => {
    const piped = runCli(['templates', 'show', 'nosuch'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain('error: ');
    expect(piped.stderr).not.toMatch(colourCode);
  });
});
