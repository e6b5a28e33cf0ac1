import Ajv2020Module from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseIsoDate } from '../../src/packs/field-values.js';
import { projectRoot as repoRoot, runCli } from '../support/run-cli.js';

const Ajv2020 = Ajv2020Module.default;
// Formats (date, email) are annotations here; dates also carry a pattern, which is checked.
const compile = (schema: object) => new Ajv2020({ strict: true, allErrors: true, validateFormats: false }).compile(schema);
const readYaml = (path: string): unknown => parse(readFileSync(join(repoRoot, path), 'utf8'));

async function schemaFor(target: string, extra: string[] = []): Promise<object> {
  const result = runCli(['schema', target, ...extra]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as object;
}

describe('supervise schema', () => {
  it('prints a draft 2020-12 roster schema that accepts a good roster and rejects a broken one', async () => {
    const schema = await schemaFor('roster');
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', required: ['agreements'] });
    const validate = compile(schema);

    expect(validate(readYaml('test/fixtures/rosters/good.yaml'))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);

    expect(validate(readYaml('test/fixtures/rosters/broken.yaml'))).toBe(false);
    const errors = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    const has = (pattern: RegExp): void => {
      expect(errors.some((error) => pattern.test(error)), `${pattern} in\n${errors.join('\n')}`).toBe(true);
    };
    has(/^\/defaults must NOT have additional properties {"additionalProperty":"agencyy"}/);
    has(/^\/agreements\/0\/startDate must match pattern/);
    has(/^\/agreements\/1\/members\/0 must have required property 'name'/);
    has(/^\/agreements\/1\/schedule\/frequency must be equal to one of the allowed values/);
    has(/^\/agreements\/2\/template must be equal to constant/);
    has(/^\/agreements\/3 must have required property 'template'/);
  });

  it('accepts the bundled example roster, and entries that take their template from defaults', async () => {
    const validate = compile(await schemaFor('roster'));
    // This once caught `venue: Room 1, Family Centre` in a flow mapping, which YAML reads as two keys.
    expect(validate(readYaml('examples/roster.yaml'))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);

    const entries = [{ supervisor: { name: 'A' }, supervisee: { name: 'B' } }];
    expect(validate({ defaults: { template: 'one-to-one' }, agreements: entries })).toBe(true);
    // The default template's fields only: members belong to the group template.
    expect(validate({ defaults: { template: 'one-to-one' }, agreements: [{ members: [{ name: 'C' }] }] })).toBe(false);
    // With several templates and no default one, each entry names its own.
    expect(validate({ agreements: entries })).toBe(false);
    expect((validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`)).toContain(
      "/agreements/0 must have required property 'template'",
    );
    expect(validate({ defaults: { template: 'three-way' }, agreements: entries })).toBe(false);
  });

  it('merges a group of fields the templates label differently into one, so an editor says what is wrong in it', async () => {
    const validate = compile(await schemaFor('roster'));
    const entries = [{ template: 'group', supervisor: { name: 'A' }, members: [{ name: 'C' }, { name: 'D' }] }];
    expect(validate({ defaults: { lineManager: { name: 5 } }, agreements: entries })).toBe(false);
    // Not "must match a schema in anyOf" at /defaults/lineManager.
    expect((validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`)).toEqual(['/defaults/lineManager/name must be string']);
  });

  it('prints a schema for one template that accepts its example and rejects wrong answers', async () => {
    const validate = compile(await schemaFor('one-to-one'));
    const example = readYaml('templates/one-to-one/example.yaml') as Record<string, unknown>;
    expect(validate(example)).toBe(true);
    // Groups whose fields all have defaults or conditions may be left out.
    const { review: _review, contractedOut: _contractedOut, ...withoutDefaults } = example;
    expect(validate(withoutDefaults)).toBe(true);

    expect(validate({ ...example, agency: undefined, scheduel: {} })).toBe(false);
    const errors = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
    expect(errors).toContain(" must have required property 'agency'");
    expect(errors).toContain(' must NOT have additional properties');

    expect(validate(readYaml('examples/one-to-one.yaml'))).toBe(true);
    // yes/no are accepted as supervise accepts them, but not any text.
    expect(validate({ ...example, contractedOut: 'No' })).toBe(true);
    expect(validate({ ...example, contractedOut: 'maybe' })).toBe(false);
    const group = compile(await schemaFor('group'));
    expect(group(readYaml('templates/group/example.yaml'))).toBe(true);
    expect(group(readYaml('examples/group.yaml'))).toBe(true);
  });

  it('refuses what supervise refuses though it has the right shape: a blank text, a date the calendar has not', async () => {
    const validate = compile(await schemaFor('one-to-one'));
    const example = readYaml('templates/one-to-one/example.yaml') as Record<string, unknown>;
    const supervisor = example.supervisor as Record<string, unknown>;
    for (const blank of [{ agency: '   ' }, { supervisor: { ...supervisor, name: ' \t ' } }, { schedule: { ...(example.schedule as object), day: '  ' } }]) {
      expect(validate({ ...example, ...blank }), JSON.stringify(blank)).toBe(false);
    }
    expect(validate({ ...example, agency: ' Northshire ' })).toBe(true);

    // Every date of these years, and impossible months and days, judged as supervise judges them.
    const { pattern } = (await schemaFor('one-to-one') as { properties: { startDate: { pattern: string } } }).properties.startDate;
    const datePattern = new RegExp(pattern, 'u');
    const pad = (value: number, width: number): string => String(value).padStart(width, '0');
    let checked = 0;
    for (const year of [1600, 1700, 1800, 1900, 1996, 2000, 2024, 2025, 2026, 2027, 2028, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(datePattern.test(text), text).toBe(parseIsoDate(text) !== undefined);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(14 * 14 * 33);
    expect(validate({ ...example, startDate: '2026-02-30' })).toBe(false);
    expect(validate({ ...example, startDate: '2028-02-29' })).toBe(true);
  });

  it('covers a custom templates folder', async () => {
    const schema = await schemaFor('roster', ['--templates', 'test/fixtures/packs/good']);
    expect(Object.keys((schema as { $defs: object }).$defs)).toEqual(['entry-mini']);
    const validate = compile(schema);
    // With one template installed, entries need not name it.
    expect(validate({ agreements: [{ supervisor: { name: 'A' } }, { template: 'mini' }] })).toBe(true);
    expect(validate({ agreements: [{ template: 'one-to-one' }] })).toBe(false);
    expect(validate({ agreements: [{ supervisee: { role: 'no name' } }] })).toBe(true);
    expect(validate({ agreements: [{ members: [] }] })).toBe(false);
  });

  it('names an unknown template with a suggestion', async () => {
    const result = runCli(['schema', 'one-to-on']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: There is no template called "one-to-on" (did you mean "one-to-one"?)');
  });

  it('suggests "roster" for a misspelt roster, and names it among what can be given', async () => {
    const result = runCli(['schema', 'rooster']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: There is no template called "rooster" (did you mean "roster"?)\n' +
        'Give roster, for a roster\'s schema, or a template: group, one-to-one. See `supervise templates list`.\n',
    );
  });
});

describe('the example roster', () => {
  it('points editors at a checked-in schema that matches what supervise prints now', () => {
    const roster = readFileSync(join(repoRoot, 'examples', 'roster.yaml'), 'utf8');
    expect(roster.split('\n')[0]).toBe('# yaml-language-server: $schema=./roster.schema.json');
    const printed = runCli(['schema', 'roster']).stdout;
    // After changing a pack: supervise schema roster > examples/roster.schema.json
    expect(readFileSync(join(repoRoot, 'examples', 'roster.schema.json'), 'utf8')).toBe(printed);
    expect(compile(JSON.parse(printed) as object)(readYaml('examples/roster.yaml'))).toBe(true);
  });
});
