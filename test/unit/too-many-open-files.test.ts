import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createReporter } from '../../src/cli/reporter.js';
import { SuperviseError } from '../../src/errors.js';
import { runCliInProcess } from '../support/in-process-cli.js';

/**
 * A process that has run out of file descriptors (`ulimit -n 30`) fails
 * wherever it next opens a file: often a module of supervise itself, or
 * picocolors, loaded on the first message. Both are simulated here.
 */
const emfile = (path: string): Error => Object.assign(new Error(`EMFILE: too many open files, open '${path}'`), { code: 'EMFILE', path });

vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:module')>();
  const createRequire = ((...args: Parameters<typeof actual.createRequire>) => {
    const real = actual.createRequire(...args);
    return Object.assign((id: string) => {
      if (id === 'picocolors') throw Object.assign(emfile('/x/node_modules/picocolors/picocolors.js'), { code: 'MODULE_NOT_FOUND' });
      return real(id) as unknown;
    }, real);
  }) as typeof actual.createRequire;
  return { ...actual, createRequire, default: { ...actual, createRequire } };
});
vi.mock('../../src/cli/actions/templates.js', () => ({
  listTemplates: () => Promise.reject(emfile('/x/dist/packs/load-packs.js')),
  showTemplate: () => Promise.reject(emfile('/x/dist/packs/load-packs.js')),
}));

class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('too many open files', () => {
  it('when picocolors cannot be loaded, the message is still said, without colour', () => {
    const stderr = new TextSink();
    createReporter(stderr, new TextSink(), { FORCE_COLOR: '1' }).error(new SuperviseError('Cannot write x: the disk is full', { hint: 'Free space.' }));
    expect(stderr.text).toBe('error: Cannot write x: the disk is full\nFree space.\n');
  });

  it('is said in words with what to do, not as a bug in supervise', async () => {
    const result = await runCliInProcess(['templates', 'list'], process.cwd());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: supervise could not open a file it needs: too many files are open at once (raise the limit with `ulimit -n 1024`)\n' +
        'Close other programs, or raise the limit, and run again.\n',
    );
  });
});
