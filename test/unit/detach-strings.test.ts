import { describe, expect, it } from 'vitest';
import { detachStrings } from '../../src/packs/object-paths.js';

describe('detachStrings (answers a plan keeps for long)', () => {
  it('copies every value as it was, strings cut from a longer text included', () => {
    const text = 'supervisee: Siân Ó Briain, Social Worker; members: Ζωή, Анна';
    const answers = {
      supervisee: { name: text.slice(12, 25), role: text.slice(27, 40) },
      members: [text.slice(51, 54), text.slice(56)],
      contractedOut: false,
      maxMembers: 8,
      notes: undefined,
    };
    const copy = detachStrings(answers);
    expect(copy).toStrictEqual(answers);
    expect(copy.supervisee).not.toBe(answers.supervisee);
    expect(copy.members).not.toBe(answers.members);
    expect(copy.supervisee.name).toBe('Siân Ó Briain');
    expect(Object.hasOwn(copy, 'notes')).toBe(true);
  });

  it('keeps a `__proto__` key an own property, never the prototype', () => {
    const answers = JSON.parse('{"__proto__": {"polluted": "yes"}, "name": "Ewa"}') as Record<string, unknown>;
    const copy = detachStrings(answers);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
