import { describe, expect, it, vi } from 'vitest';
import { checkTemplates } from '../../src/packs/check-templates.js';

/**
 * A bug in supervise itself, met while `check` checks packs side by side:
 * the first pack's check throws while the loop still reads the next pack's
 * template.yaml. It must come back as the one rejection the CLI turns into
 * "supervise failed unexpectedly", not as an unhandled rejection (Node's raw
 * stack trace, and a failed test run here).
 */
const bug = new Error('a bug in the name checker');

vi.mock('../../src/packs/template-names.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/packs/template-names.js')>();
  return {
    ...actual,
    checkTemplateNames: () => {
      throw bug;
    },
  };
});

describe('checkTemplates on a failure of its own', () => {
  it('rejects with it once, with no unhandled rejection on the way', async () => {
    const builtIn = new URL('../../templates', import.meta.url).pathname;
    await expect(checkTemplates(builtIn, { formats: ['md'] })).rejects.toBe(bug);
  });
});
