import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInputText } from '../../src/io/read-input.js';
import { failureOf } from '../support/failures.js';

/**
 * A roster saved as UTF-16 by an export script that writes no byte-order
 * mark has a NUL beside every letter: it is text, and is to be called that,
 * not a binary file.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervise-encoding-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const roster = 'agreements:\n  - template: one-to-one\n    supervisee: { name: Siân Ŵyn }\n';

describe('an input in UTF-16 without a byte-order mark', () => {
  it('is named as that, in either byte order, with how to save it', async () => {
    for (const [order, bytes] of [
      ['little-endian', Buffer.from(roster, 'utf16le')],
      ['big-endian', Buffer.from(roster, 'utf16le').swap16()],
    ] as const) {
      const path = join(dir, `${order}.yaml`);
      writeFileSync(path, bytes);
      const failure = await failureOf(readInputText(path, 'roster', 'roster.yaml'));
      expect(failure.message).toBe(`The roster roster.yaml is UTF-16 text (${order}) without the byte-order mark that says so`);
      expect(failure.hint).toBe('Save it as UTF-8 (or as UTF-16 with a byte-order mark, as Windows Notepad\'s "Unicode" does) and run the command again.');
    }
  });

  it('is not confused with a file of other bytes that holds NULs', async () => {
    const path = join(dir, 'binary.yaml');
    writeFileSync(path, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x00, 0x01, 0x02, 0x00, 0x7f, 0x41, 0x00]));
    const failure = await failureOf(readInputText(path, 'roster', 'roster.yaml'));
    expect(failure.message).toBe('The roster roster.yaml is not a text file (a PDF, a Word document or a spreadsheet, perhaps)');
  });
});
