import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readYamlFast } from '../../src/io/fast-yaml.js';

/**
 * A roster entry read quickly (js-yaml) must mean exactly what `yaml`, which
 * reads it when there is a problem to locate, makes of it: the same value,
 * and never a value where `yaml` sees an error. Each case below was found
 * by generated texts (these tests', or a comparison of whole batches run
 * with and without the quick reading) before the guard for it was added.
 */

/** `yaml`'s reading, as the roster is read everywhere else (yaml-source.ts). */
function readWithYaml(text: string): { value: unknown } | { error: string } {
  const document = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) return { error: document.errors[0]!.code };
  return { value: document.toJS({ maxAliasCount: 1000 }) };
}

/** Fails with both readings shown when the quick one is taken and differs. */
function expectSameReading(text: string): boolean {
  const quick = readYamlFast(text);
  if (!quick) return false;
  const slow = readWithYaml(text);
  if ('error' in slow || !isDeepStrictEqual(quick.value, slow.value)) {
    expect.fail(`read differently:\n${text}\n=> quick ${JSON.stringify(quick.value)}\n=> yaml ${JSON.stringify(slow)}`);
  }
  return true;
}

describe('reading roster entries quickly', () => {
  it('resolves plain scalars as YAML 1.2 core, as yaml does', () => {
    const scalars = [
      '1_000', '0b101', '0o17', '017', '0x1F', '+12', '-0', '1e3', '1E3', '.5', '5.', '+.5', '-.5', '+0o7', '.inf', '-.Inf', '.NaN',
      'NaN', '~', 'null', 'Null', 'NULL', '', 'true', 'True', 'TRUE', 'yes', 'on', 'y', 'off', '2027-01-04', '14:00', '1:20:30', '00',
      '08', '0o', '0x', '+', '.', '1.2.3', '0B1', '0X1', '"x"', "'x'", 'a # c', 'a#b', '"a\\x41"', '"\\u00e9"', '"\\N"', "'it''s'",
    ];
    // js-yaml's own core schema reads 0b101 as 5 and +.5 as a string; checked, so a schema slip cannot pass.
    expect(readYamlFast('v: 0b101')).toEqual({ value: { v: '0b101' } });
    expect(readYamlFast('v: +.5')).toEqual({ value: { v: 0.5 } });
    for (const scalar of scalars) expect(expectSameReading(`v: ${scalar}`), scalar).toBe(true);
  });

  it('reads a usual entry quickly: nested mappings, flow mappings, folded text, comments', () => {
    const entry = [
      '  - template: one-to-one',
      '    supervisor: { name: Priya Shah, role: Team Manager, email: priya.shah@northshire.example.org }',
      '    supervisee:',
      '      name: Siân Ŵyn',
      '      registration: { body: Social Work England, number: SW118402 }',
      '    # Fortnightly in the first year.',
      '    schedule: { frequency: fortnightly, time: "09:30" }',
      '    recording:',
      '      method: >-',
      '        Written during the session',
      '        and read back at the end.',
      '    members:',
      '      - { name: Zoë Shah, role: Social Worker }',
      '      - name: José Shah',
      '        role: Health Visitor',
      '',
    ].join('\n');
    expect(expectSameReading(entry)).toBe(true);
  });

  it('leaves to yaml what js-yaml forgives or reads otherwise', () => {
    const leftToYaml = {
      'a quoted value continued on a line indented too little': '- a: "x\ny"',
      'a list continued on the next line': '- a: [1,\n  2]',
      'a comment straight after a quoted value': '- ",}{"#',
      'an explicit key': '- a: 1\n  ?',
      'a null key': '- ~: 1',
      'an empty key': '- : 1',
      'a list as a key': '- [a]: 1',
      'the non-specific tag': '- a: !\n',
      'an item between two levels': '- template: x\n  true:\n   - \n - |2',
      'an item among mapping keys': '- template: x\n  k:\n      - a: 1\n      - # c\n  - b',
      'kept trailing lines': '- a: |+\n   x\n ',
      'a key over 1,024 characters': `- ${'k'.repeat(1100)}: 1`,
      'a quoted key over 1,024 characters': `- "${'k'.repeat(1100)}": 1`,
      'a colon over 1,024 characters after its key': `- k${' '.repeat(1100)}: 1`,
      'a comment without a space between a key and its value': '- a:\n  #TODO\n    N C',
      'a comment left of the entry': '  - t: x\n    a:\n#c\n      N C',
      'an empty item in an item': '- m:\n    - -\n    - { name: Ana }',
      'an empty item before an outer item (js-yaml put Ben in Ana\'s notes)': '- template: group\n  members:\n    - name: Ana\n      notes:\n        - x\n        -\n    - name: Ben',
      'an empty item with a comment before an outer item': '- m:\n    - b:\n        - x\n        - # c\n    - d: 1',
      'a carriage return inside a line': '- a: "x\ry"',
      'indentation by a no-break space': '- a: 1\n\u00a0 b: 2',
      'an indentation indicator': '- a: |1-\n   x',
      'a line of spaces in block text': '- a: |-\n        \n     x',
      'an anchor': '- a: &x 1',
      'a tab': '- a:\t1',
    };
    for (const [what, text] of Object.entries(leftToYaml)) expect(readYamlFast(text), what).toBeUndefined();
  });

  it('never reads generated text otherwise than yaml', () => {
    const character = fc.constantFrom(...' abc:-#?[]{},"\'|>!&*%@`\\.0123xoe+~é'.split(''));
    const raw = fc.string({ unit: character, maxLength: 14 });
    const key = fc.oneof(fc.constantFrom('k', 'name', '"q k"', "'s k'", '1', 'true', '__proto__', 'null', '"null"', 'a b', '0x1'), raw);
    const line = fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.nat(2), fc.option(key), raw)
      .map(([indent, dashes, name, value]) => ' '.repeat(indent) + '- '.repeat(dashes) + (name === null ? '' : `${name}: `) + value);
    let quick = 0;
    fc.assert(
      // An entry, as the roster is cut (read-roster.ts: every line after its first is indented further), or a whole file.
      fc.property(fc.boolean(), fc.array(line, { maxLength: 5 }), (isEntry, lines) => {
        const text = isEntry ? ['- template: x', ...lines.map((line) => ` ${line}`)].join('\n') : lines.join('\n');
        if (expectSameReading(text)) quick += 1;
      }),
      { numRuns: 20_000 },
    );
    // Most of these texts are broken; enough must be read quickly for the comparison to mean something.
    expect(quick).toBeGreaterThan(2_000);
  });

  it('reads generated well-formed entries quickly, and as yaml does', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab :#-"\'é!&*?{}[],|>%@`0123456789.+~\\'.split('')), maxLength: 12 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 3 }),
      map: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('node'), { maxKeys: 3 }),
    })).map;
    const style = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_FOLDED', 'BLOCK_LITERAL'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      indentSeq: fc.boolean(),
    } as const);
    let quick = 0;
    fc.assert(
      fc.property(fc.boolean(), value, style, (isEntry, entry, options) => {
        // One entry of a roster, or a whole file, as written by a person or a script: `yaml`'s output in its styles, not wrapped.
        const written = stringify(isEntry ? [{ template: 'one-to-one', ...entry }] : entry, { ...options, lineWidth: 0 });
        if (expectSameReading(written)) quick += 1;
      }),
      { numRuns: 3_000 },
    );
    expect(quick).toBeGreaterThan(1_000);
  });

  it('never reads an edited roster or pack file otherwise than yaml', () => {
    // The files people start from, with a few characters added, removed or replaced: how real mistakes look.
    const files = ['examples/roster.yaml', 'templates/one-to-one/template.yaml', 'templates/group/template.yaml', 'templates/group/example.yaml'];
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    for (const text of texts) expect(expectSameReading(text)).toBe(true);
    const insert = fc.constantFrom(...' abc:-#?[]{},"\'|>!&*%@`\\.0é'.split(''), '\n', '\n  ', '\n- ', ': ', ' #', '- ', '');
    const edit = fc.tuple(fc.nat(), fc.nat(3), insert);
    let quick = 0;
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (which, edits) => {
        let text = texts[which]!;
        for (const [at, removed, inserted] of edits) {
          const position = at % (text.length + 1);
          text = text.slice(0, position) + inserted + text.slice(position + removed);
        }
        if (expectSameReading(text)) quick += 1;
      }),
      { numRuns: 800 },
    );
    expect(quick).toBeGreaterThan(200);
  });
});
