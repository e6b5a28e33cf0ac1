import { spawnSync } from 'node:child_process';
import { constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInputText } from '../../src/io/read-input.js';
import { failureOf } from '../support/failures.js';

/**
 * The 8 MB limit on answers files and rosters is a size of text, as UTF-8
 * stores it: the same text passes or is refused alike when saved as UTF-16
 * (Windows Notepad's "Unicode"), which takes two bytes for a letter of English.
 */

const megabyte = 1024 * 1024;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supervise-size-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `text` as UTF-16 with its byte-order mark, little- or big-endian. */
function utf16(text: string, endian: 'le' | 'be' = 'le'): Buffer {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return endian === 'le' ? bytes : bytes.swap16();
}

/** A roster's worth of English text `megabytes` long, as UTF-8 takes it. */
const englishOf = (megabytes: number): string => `agreements: []\n${'# supervision agreements for the whole county\n'.repeat(Math.floor((megabytes * megabyte) / 46))}`;

describe('the size limit of an input', () => {
  it('reads the same 7 MB of text from UTF-8 and from UTF-16 (both byte orders), though UTF-16 takes 14 MB of it', async () => {
    const text = englishOf(7);
    writeFileSync(join(dir, 'utf8.yaml'), text);
    writeFileSync(join(dir, 'le.yaml'), utf16(text, 'le'));
    writeFileSync(join(dir, 'be.yaml'), utf16(text, 'be'));
    expect(await readInputText(join(dir, 'utf8.yaml'), 'roster')).toBe(text);
    expect(await readInputText(join(dir, 'le.yaml'), 'roster')).toBe(text);
    expect(await readInputText(join(dir, 'be.yaml'), 'roster')).toBe(text);
  });

  it('refuses more than 8 MB of text in UTF-16 as in UTF-8, though in UTF-16 it takes less room, saying both sizes', async () => {
    // 3 million Chinese characters: 9 MB as UTF-8, 6 MB as UTF-16.
    const text = `# ${'漢'.repeat(3 * megabyte)}\nagreements: []\n`;
    writeFileSync(join(dir, 'utf8.yaml'), text);
    writeFileSync(join(dir, 'utf16.yaml'), utf16(text));
    const asUtf8 = await failureOf(readInputText(join(dir, 'utf8.yaml'), 'roster', 'utf8.yaml'));
    expect(asUtf8.message).toBe('The roster utf8.yaml is 9.0 MB; at most 8.0 MB is read');
    const asUtf16 = await failureOf(readInputText(join(dir, 'utf16.yaml'), 'roster', 'utf16.yaml'));
    expect(asUtf16.message).toBe(
      `The roster utf16.yaml is 6.0 MB in UTF-16 (Windows Notepad's "Unicode"), which is 9.0 MB of text as UTF-8; at most 8.0 MB of text is read`,
    );
    expect(asUtf16.hint).toBe(asUtf8.hint);
  });

  /** Exactly `bytes` of YAML text, as UTF-8 takes it: one long comment after the roster. */
  const textOfSize = (bytes: number): string => {
    const roster = 'agreements: []\n# ';
    return `${roster}${'x'.repeat(bytes - roster.length - 1)}\n`;
  };

  it('reads a file holding exactly 8 MB of text: its byte-order mark, not being text, takes nothing of the allowance', async () => {
    const text = textOfSize(8 * megabyte);
    writeFileSync(join(dir, 'le.yaml'), utf16(text, 'le'));
    writeFileSync(join(dir, 'be.yaml'), utf16(text, 'be'));
    writeFileSync(join(dir, 'bom.yaml'), `\uFEFF${text}`);
    expect(await readInputText(join(dir, 'le.yaml'), 'roster')).toBe(text);
    expect(await readInputText(join(dir, 'be.yaml'), 'roster')).toBe(text);
    expect(await readInputText(join(dir, 'bom.yaml'), 'roster')).toBe(text);
    // A byte more of text is refused, in either encoding.
    const over = textOfSize(8 * megabyte + 1);
    writeFileSync(join(dir, 'le-over.yaml'), utf16(over, 'le'));
    writeFileSync(join(dir, 'bom-over.yaml'), `\uFEFF${over}`);
    expect((await failureOf(readInputText(join(dir, 'le-over.yaml'), 'roster', 'le-over.yaml'))).message).toMatch(/^The roster le-over.yaml is 16.0 MB in UTF-16/);
    // Just past the limit, where both sizes would read 8.0 MB, in bytes.
    expect((await failureOf(readInputText(join(dir, 'bom-over.yaml'), 'roster', 'bom-over.yaml'))).message).toBe(
      'The roster bom-over.yaml is 8,388,612 bytes; at most 8,388,608 bytes (8.0 MB) is read',
    );
  });

  it('refuses a UTF-16 file past twice the limit without reading it, however large', async () => {
    // 10 GB, sparse: read, it would take minutes and more memory than there is.
    const path = join(dir, 'huge.yaml');
    const handle = await open(path, 'w');
    await handle.write(utf16('agreements: []\n'));
    await handle.truncate(10 * 1024 * megabyte);
    await handle.close();
    const failure = await failureOf(readInputText(path, 'answers file', 'huge.yaml'));
    expect(failure.message).toBe(
      `The answers file huge.yaml is 10.0 GB in UTF-16 (Windows Notepad's "Unicode"), which is at least 5.0 GB of text as UTF-8; at most 8.0 MB of text is read`,
    );
  });

  const canMakePipes = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

  it.skipIf(!canMakePipes)('reads 7 MB of text in UTF-16 through a pipe whole, as from a file', async () => {
    const text = englishOf(7);
    const pipe = join(dir, 'roster.yaml');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    // A writer already there, as with `--answers <(…)`; its write waits (on a file-system thread) for the reader to make room.
    const writer = await open(pipe, constants.O_RDWR);
    const written = writer.write(utf16(text)).finally(() => writer.close());
    const reading = readInputText(pipe, 'roster');
    await written;
    expect(await reading).toBe(text);
  });

  it.skipIf(!canMakePipes)('reads exactly 8 MB of text in UTF-16 through a pipe, its byte-order mark not counted', async () => {
    const text = textOfSize(8 * megabyte);
    const pipe = join(dir, 'roster.yaml');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const writer = await open(pipe, constants.O_RDWR);
    const written = writer.write(utf16(text)).finally(() => writer.close());
    const reading = readInputText(pipe, 'roster');
    await written;
    expect(await reading).toBe(text);
  });
});
