import { describe, expect, it, vi } from 'vitest';
import { describeRenderThreadFailure, isEnvironmentFailure } from '../../../src/batch/render-failure.js';
import { renderAgreement } from '../../../src/render/render-agreement.js';
import { createEntryRenderContext, renderEntry } from '../../../src/batch/render-entry.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import { SuperviseError } from '../../../src/errors.js';

vi.mock('../../../src/render/render-agreement.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/render/render-agreement.js')>();
  return { ...actual, renderAgreement: vi.fn(actual.renderAgreement) };
});

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('a render failure that is the environment’s, not the entry’s', () => {
  it('is told apart from the entry’s own failures', () => {
    expect(isEnvironmentFailure(withCode("EMFILE: too many open files, open '/x.js'", 'EMFILE'))).toBe(true);
    expect(isEnvironmentFailure(withCode('Cannot find package', 'ERR_MODULE_NOT_FOUND'))).toBe(true);
    expect(isEnvironmentFailure(withCode('bad', 'ERR_INVALID_ARG_TYPE'))).toBe(false);
    expect(isEnvironmentFailure(new SuperviseError('a template problem'))).toBe(false);
    expect(isEnvironmentFailure(new Error('plain'))).toBe(false);
  });

  it('says a module that would not load (as Node reports a file it could not open) in words, with what to do', () => {
    const failure = describeRenderThreadFailure(withCode("Cannot find package '/x/node_modules/fastest-levenshtein/index.js'", 'ERR_MODULE_NOT_FOUND'));
    expect(failure.message).toMatch(/^a render thread could not load supervise's own modules \(Cannot find package .*\); most often because too many files are open at once$/);
    expect(failure.remedy).toContain('ulimit -n');
    expect(failure.remedy).toContain('--jobs 1');
  });

  it('comes back from renderEntry marked as such, so that the batch stops instead of failing the entry', async () => {
    const packs = await loadUsablePacks(undefined);
    const context = createEntryRenderContext({ packs, defaults: {}, formats: ['md'], paper: 'a4', formFields: true, creationDate: 0 });
    const emfile = "EMFILE: too many open files, open '/opt/supervise/dist/render/pdf/metadata.js'";
    vi.mocked(renderAgreement).mockRejectedValueOnce(withCode(emfile, 'EMFILE'));
    const reply = await renderEntry(context, { id: 1, template: 'one-to-one', input: {} }, { supervisor: { name: 'A' } });
    expect(reply).toMatchObject({ ok: false, environment: { code: 'EMFILE', message: emfile } });
  });
});
