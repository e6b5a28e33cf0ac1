import { beforeAll, describe, expect, it } from 'vitest';
import { makeSafeStem, planBatch, reserveUniqueStem, TakenStems, type BatchPlan, type InvalidEntry, type ValidEntry } from '../../../src/batch/plan-batch.js';
import { resolveEntryAnswers } from '../../../src/batch/entry-answers.js';
import { ValidationError } from '../../../src/errors.js';
import { parseRoster } from '../../../src/batch/read-roster.js';
import { loadUsablePacks } from '../../../src/packs/load-packs.js';
import type { Pack } from '../../../src/packs/pack-format.js';
import { oneToOneDefaults } from '../../fixtures/roster-defaults.js';

let packs: Pack[];
beforeAll(async () => {
  packs = await loadUsablePacks(undefined);
});

const sharedDefaults = oneToOneDefaults;

function plan(text: string, formats: ('md' | 'pdf')[] = ['md']): BatchPlan {
  return planBatch(parseRoster(text, 'roster.yaml'), packs, { formats });
}

function valid(result: BatchPlan, index: number): ValidEntry {
  const entry = result.entries[index - 1]!;
  if (!entry.ok) throw new Error(`entry ${index} is invalid: ${JSON.stringify(entry.problems)}`);
  return entry;
}

/** The answers an entry is rendered with. */
function answersOf(result: BatchPlan, index: number): Record<string, unknown> {
  const entry = valid(result, index);
  const resolved = resolveEntryAnswers(packs.find((pack) => pack.manifest.name === entry.template)!, result.defaults, entry.input!);
  if (!resolved.ok) throw new Error('answers do not validate');
  return resolved.answers;
}

function invalid(result: BatchPlan, index: number): InvalidEntry {
  const entry = result.entries[index - 1]!;
  if (entry.ok) throw new Error(`entry ${index} is valid`);
  return entry;
}

function rosterError(text: string): ValidationError {
  try {
    plan(text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('planBatch: merging defaults', () => {
  it('deep-merges defaults under each entry, the entry winning key by key', () => {
    const result = plan(`${sharedDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
    schedule: { time: "09:30" }
`);
    const answers = answersOf(result, 1);
    expect(valid(result, 1).input).not.toHaveProperty('agency');
    expect(answers.schedule).toMatchObject({ frequency: 'monthly', day: 'first Tuesday', time: '09:30', rebookedBy: 'the supervisor' });
    expect(answers.agency).toBe('Northshire County Council');
  });

  it("never merges one person's details under another's name: a default person is merged only into the same person", () => {
    const result = plan(`${sharedDefaults}  supervisor: { name: Priya Shah, role: Team Manager, email: priya.shah@example.org, registration: { body: Social Work England, number: SW1 } }
agreements:
  - template: one-to-one
    supervisor: { name: Ade Okafor }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
  - template: one-to-one
    supervisor: { name: " priya  SHAH", role: Practice Lead }
    supervisee: { name: Ann Lee }
    startDate: 2026-12-01
  - template: one-to-one
    supervisee: { name: Sam Reid }
    startDate: 2026-12-01
`);
    expect(answersOf(result, 1).supervisor).toEqual({ name: 'Ade Okafor' });
    expect(answersOf(result, 2).supervisor).toEqual({ name: 'priya  SHAH', role: 'Practice Lead', email: 'priya.shah@example.org', registration: { body: 'Social Work England', number: 'SW1' } });
    expect(answersOf(result, 3).supervisor).toMatchObject({ name: 'Priya Shah', email: 'priya.shah@example.org' });
  });

  it("points a problem in a person the entry names otherwise at the entry, not at the defaults person it did not take", () => {
    const result = plan(`${sharedDefaults}  supervisor: { name: Priya Shah, registration: { body: Social Work England, number: SW1 } }
agreements:
  - template: one-to-one
    supervisor: { name: Ade Okafor, registration: { body: HCPC } }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`);
    expect(invalid(result, 1).problems).toEqual([
      expect.objectContaining({ path: 'supervisor.registration.number', location: { file: 'roster.yaml', line: 10, column: 37 } }),
    ]);
  });

  it('still merges a default person with no name (a role for everyone) into each entry', () => {
    const result = plan(`${sharedDefaults}  supervisor: { role: Team Manager }
agreements:
  - template: one-to-one
    supervisor: { name: Ade Okafor }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`);
    expect(answersOf(result, 1).supervisor).toEqual({ name: 'Ade Okafor', role: 'Team Manager' });
  });

  it('replaces lists whole rather than merging them item by item', () => {
    const result = plan(`${sharedDefaults}  groundRules: [Phones off, Start on time]
agreements:
  - template: group
    supervisor: { name: Ade Okafor }
    members: [{ name: Ana Silva }, { name: Li Wei }, { name: Sam Reid }]
    startDate: 2027-01-05
    groundRules: [Confidentiality within the limits agreed]
`);
    expect(answersOf(result, 1).groundRules).toEqual(['Confidentiality within the limits agreed']);
  });

  it('applies a default only to entries whose template has that field', () => {
    const result = plan(`${sharedDefaults}  groundRules: [Phones off]
agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
  - template: group
    supervisor: { name: Ade Okafor }
    members: [{ name: Ana Silva }, { name: Li Wei }, { name: Sam Reid }]
    startDate: 2027-01-05
`);
    expect(answersOf(result, 1)).not.toHaveProperty('groundRules');
    expect(answersOf(result, 2).groundRules).toEqual(['Phones off']);
  });

  it('takes the template from defaults when the entry does not name one', () => {
    const result = plan(`${sharedDefaults}  template: one-to-one
agreements:
  - supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`);
    expect(valid(result, 1).template).toBe('one-to-one');
  });
});

describe('planBatch: naming', () => {
  it('derives readable ASCII names from template, supervisee or group, and start date', () => {
    const result = plan(
      `${sharedDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Łukasz Żółć }
    startDate: 2026-12-07
  - template: group
    groupName: Siân's Group / Ŵyn
    supervisor: { name: Ade Okafor }
    members: [{ name: Ana Silva }, { name: Li Wei }, { name: Sam Reid }]
    startDate: 2027-01-05
`,
      ['pdf', 'md'],
    );
    expect(valid(result, 1).files).toEqual([
      { format: 'pdf', name: 'one-to-one-lukasz-zolc-2026-12-07.pdf' },
      { format: 'md', name: 'one-to-one-lukasz-zolc-2026-12-07.md' },
    ]);
    expect(valid(result, 2).files.map((file) => file.name)).toEqual(['group-sian-s-group-wyn-2027-01-05.pdf', 'group-sian-s-group-wyn-2027-01-05.md']);
  });

  it('makes clashing names unique with -2, -3 in roster order, invalid entries keeping their place', () => {
    const entry = `  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`;
    const result = plan(`${sharedDefaults}agreements:
${entry}${entry}    schedule: { time: "25:00" }
${entry}${entry}`);
    expect(invalid(result, 2).problems.map((problem) => problem.path)).toEqual(['schedule.time']);
    expect([1, 3, 4].map((index) => valid(result, index).files[0]!.name)).toEqual([
      'one-to-one-tom-evans-2026-12-01.md',
      'one-to-one-tom-evans-2026-12-01-3.md',
      'one-to-one-tom-evans-2026-12-01-4.md',
    ]);
  });

  it('skips a suffix that another entry already has as its own name', () => {
    const taken = new TakenStems();
    expect(reserveUniqueStem(taken, 'a-2')).toBe('a-2');
    expect(reserveUniqueStem(taken, 'a')).toBe('a');
    expect(reserveUniqueStem(taken, 'a')).toBe('a-3');
    expect(reserveUniqueStem(taken, 'a-2')).toBe('a-2-2');
  });

  it('names thousands of entries that share one stem (a roster whose supervisee column is misnamed) without trying every suffix again for each', () => {
    const taken = new TakenStems();
    let tries = 0;
    const has = taken.names.has.bind(taken.names);
    taken.names.has = (name: string): boolean => {
      tries += 1;
      return has(name);
    };
    const given = Array.from({ length: 2000 }, () => reserveUniqueStem(taken, 'one-to-one'));
    expect(given.slice(0, 3)).toEqual(['one-to-one', 'one-to-one-2', 'one-to-one-3']);
    expect(given.at(-1)).toBe('one-to-one-2000');
    expect(new Set(given).size).toBe(2000);
    // Each name is tried about once: from 2 every time, it was two million tries.
    expect(tries).toBeLessThan(3 * 2000);
  });

  it('keeps only safe characters: no separators, no dots, never empty', () => {
    expect(makeSafeStem('../../etc/passwd', 1)).toBe('etc-passwd');
    expect(makeSafeStem('a\\b/c..d', 1)).toBe('a-b-c-d');
    expect(makeSafeStem('..', 7)).toBe('entry-7');
    expect(makeSafeStem('x'.repeat(300), 1)).toHaveLength(120);
  });
});

describe('planBatch: locating problems', () => {
  const text = `${sharedDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
  - template: one-to-one
    supervisor: { name: Priya Shah }
    startDate: 2026-13-01
    schedule:
      durationMinutes: 500
`;

  it('reports every problem of an entry with its line and column, entry number and who it is for', () => {
    const result = plan(text);
    valid(result, 1);
    const entry = invalid(result, 2);
    expect(entry.index).toBe(2);
    expect(entry.location).toEqual({ file: 'roster.yaml', line: 12, column: 5 });
    expect(entry.who).toBe('supervised by Priya Shah');
    const byPath = Object.fromEntries(entry.problems.map((problem) => [problem.path, problem.location]));
    // Missing: pointed at the entry, where it should be added.
    expect(byPath.supervisee).toEqual({ file: 'roster.yaml', line: 12, column: 5 });
    expect(byPath.startDate).toEqual({ file: 'roster.yaml', line: 14, column: 5 });
    expect(byPath['schedule.durationMinutes']).toEqual({ file: 'roster.yaml', line: 16, column: 7 });
  });

  it('says which member a problem is about, counted from 1 and by name, beside the path that counts from 0', () => {
    const result = plan(`${sharedDefaults}agreements:
  - template: group
    supervisor: { name: Ade Okafor }
    members: [{ name: Ana Silva }, { role: Family Support Worker }, { name: Sam Reid, registration: { body: Social Work England } }]
    startDate: 2027-01-05
`);
    expect(invalid(result, 1).problems.map(({ path, message }) => `${path}: ${message}`)).toEqual([
      'members.1.name: is required (member 2)',
      'members.2.registration.number: is required (member 3, Sam Reid)',
    ]);
  });

  it("names the other template that has a field an entry gives, as the entry's template is the likelier mistake", () => {
    const result = plan(`${sharedDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Ade Okafor }
    members: [{ name: Ana Silva }, { name: Li Wei }, { name: Sam Reid }]
    startDate: 2027-01-05
  - template: one-to-one
    supervisor: { name: Ade Okafor }
    supervisee: { name: Tom Evans }
    startDate: 2027-01-05
    schedul: { time: "10:00" }
`);
    expect(invalid(result, 1).problems.map(({ path, message }) => `${path}: ${message}`)).toEqual([
      'supervisee: is required',
      'members: is not a field of one-to-one agreements, but of "group": check the entry\'s `template:`',
    ]);
    // A field no template has is still a typo, with its suggestion.
    expect(invalid(result, 2).problems.map(({ message }) => message)).toEqual(['is not a field of this template (did you mean "schedule"?)']);
  });

  it('tells a number where text belongs to be quoted as the roster writes it, so a leading 0 of a registration number is not lost', () => {
    const entry = `  - template: one-to-one
    supervisor: { name: Priya Shah, registration: { body: Social Work England, number: 012345 } }
    supervisee: { name: Tom Evans, role: 1.50 }
    startDate: 2026-12-01
`;
    const quoted = (result: BatchPlan) => invalid(result, 1).problems.map(({ path, message }) => `${path}: ${message}`);
    const expected = [
      'supervisor.registration.number: must be text, but 012345 is read as the number 12345: put it in quotes ("012345") to keep it as written',
      'supervisee.role: must be text, but 1.50 is read as the number 1.5: put it in quotes ("1.50") to keep it as written',
    ];
    // Entries cut out one by one, and a roster read whole (anchors, flow lists, JSON).
    expect(quoted(plan(`${sharedDefaults}agreements:\n${entry}`))).toEqual(expected);
    expect(quoted(planBatch(parseRoster(`${sharedDefaults}agreements:\n${entry}`, 'roster.yaml', { split: false }), packs, { formats: ['md'] }))).toEqual(expected);
    // From defaults, written there.
    const fromDefaults = plan(`${sharedDefaults}  supervisee: { registration: { body: Social Work England, number: 0042 } }
agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`);
    expect(quoted(fromDefaults)).toEqual(['supervisee.registration.number: must be text, but 0042 is read as the number 42: put it in quotes ("0042") to keep it as written']);
    // Written as YAML would print it, the advice is as before.
    expect(quoted(plan(`${sharedDefaults}agreements:\n${entry.replace('012345', '12345').replace('1.50', '1.5')}`))).toEqual([
      'supervisor.registration.number: must be text, but 12345 is read as a number: put it in quotes ("12345")',
      'supervisee.role: must be text, but 1.5 is read as a number: put it in quotes ("1.5")',
    ]);
  });

  it('says to nest a path written as one dotted key (a spreadsheet column heading), at that key', () => {
    const result = plan(`${sharedDefaults}agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee.name: Tom Evans
    startDate: 2026-12-01
`);
    const problem = invalid(result, 1).problems.find((candidate) => candidate.path === 'supervisee.name');
    expect(problem).toEqual({
      path: 'supervisee.name',
      message:
        'is not a field of this template: a key with a dot is not read as a path in a file, as --set reads one; write it nested, "supervisee:" with "name:" indented under it (or supervisee: { name: … })',
      location: { file: 'roster.yaml', line: 10, column: 5 },
    });
  });

  it('points at defaults when the bad value came from there', () => {
    const result = plan(`defaults:
  agency: Northshire County Council
  schedule: { frequency: fortnighly }
agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
`);
    const problem = invalid(result, 1).problems.find((candidate) => candidate.path === 'schedule.frequency');
    expect(problem?.location).toEqual({ file: 'roster.yaml', line: 3, column: 15 });
  });

  it('points at a bad answer to whom the practitioners safeguard, with the choices, in the entry or in defaults', () => {
    const result = plan(`defaults:
  agency: Northshire County Council Adult Social Care
  safeguarding: { for: adult }
agreements:
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Tom Evans }
    startDate: 2026-12-01
  - template: one-to-one
    supervisor: { name: Priya Shah }
    supervisee: { name: Sam Reid }
    startDate: 2026-12-01
    safeguarding:
      for: Adults at risk
`);
    const fromDefaults = invalid(result, 1).problems.find((candidate) => candidate.path === 'safeguarding.for');
    expect(fromDefaults).toMatchObject({ message: expect.stringContaining('must be one of: children, adults, both') as string, location: { file: 'roster.yaml', line: 3, column: 19 } });
    const inEntry = invalid(result, 2).problems.find((candidate) => candidate.path === 'safeguarding.for');
    expect(inEntry).toMatchObject({ message: expect.stringContaining('must be one of: children, adults, both') as string, location: { file: 'roster.yaml', line: 14, column: 7 } });
  });

  it('names an unknown template with a suggestion, and a missing one', () => {
    const result = plan(`agreements:
  - template: one-to-on
    supervisee: { name: Jo Bloggs }
  - supervisee: { name: Sam Reid }
`);
    const first = invalid(result, 1);
    expect(first.who).toBe('Jo Bloggs');
    expect(first.problems).toEqual([
      expect.objectContaining({ path: 'template', message: expect.stringContaining('did you mean "one-to-one"') as string, location: { file: 'roster.yaml', line: 2, column: 5 } }),
    ]);
    expect(invalid(result, 2).problems[0]).toMatchObject({ path: 'template', message: expect.stringContaining('is required') as string });
  });

  it('says what is wrong with a template given as a list, and that a merge key (<<) is not read', () => {
    const result = plan(`agreements:
  - &first
    template: [one-to-one]
    supervisee: { name: Jo Bloggs }
  - <<: *first
    supervisee: { name: Sam Reid }
`);
    expect(invalid(result, 1).problems).toEqual([
      expect.objectContaining({ path: 'template', message: 'must be the name of one template, one of group, one-to-one' }),
    ]);
    expect(invalid(result, 2).problems[0]).toMatchObject({
      path: 'template',
      message: 'is required: one of group, one-to-one; YAML merge keys (<<) are not read, so put what entries share under `defaults`',
    });
  });

  it('rejects an entry that is not answers, saying what an entry is', () => {
    const result = plan(`agreements:
  - just text
`);
    expect(invalid(result, 1).problems[0]).toMatchObject({
      path: '',
      location: { line: 2, column: 5 },
      message: 'must be the answers of one agreement, each written as field: answer (template: one-to-one)',
    });
  });
});

describe('planBatch: the roster itself', () => {
  it('refuses an empty file', () => {
    expect(rosterError('').problems[0]).toMatchObject({ message: expect.stringContaining('is empty') as string, location: { line: 1 } });
  });

  it('refuses a roster that is not one, saying what a roster and its defaults are', () => {
    expect(rosterError('- a\n- b\n').problems[0]?.message).toBe(
      'is a list of entries without `agreements:` above it: add a line `agreements:` before the first entry (and `defaults:`, if any, before that)',
    );
    expect(rosterError('just some text\n').problems[0]?.message).toBe(
      'must have `agreements:`, the list of entries, one per agreement (and `defaults:` above it, if any)',
    );
    expect(rosterError('defaults: hello\nagreements:\n  - template: one-to-one\n').problems[0]?.message).toBe(
      'must be answers shared by every entry, each written as field: answer beneath it (agency: Northshire County Council)',
    );
  });

  it('refuses missing, non-list and empty agreements', () => {
    expect(rosterError('defaults: { agency: X }\n').problems[0]).toMatchObject({ path: 'agreements', message: expect.stringContaining('is missing') as string });
    expect(rosterError('agreements:\n  template: group\n').problems[0]).toMatchObject({ path: 'agreements', message: expect.stringContaining('must be a list') as string });
    expect(rosterError('agreements: []\n').problems[0]).toMatchObject({ path: 'agreements', message: expect.stringContaining('is empty') as string });
  });

  it('says that `agreements:` written with every entry commented out has no entries, not that it is missing', () => {
    expect(rosterError('agreements:\n#  - template: group\n').problems[0]).toMatchObject({
      path: 'agreements',
      message: 'has no entries: list one entry per agreement under it, each starting with "- "',
      location: { file: 'roster.yaml', line: 1, column: 1 },
    });
  });

  it('locates unknown top-level keys and defaults no template has, with suggestions', () => {
    const error = rosterError('defaults:\n  agencee: X\nagreements:\n  - template: group\nagrements: []\n');
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'agrements', message: expect.stringContaining('did you mean "agreements"') as string, location: { file: 'roster.yaml', line: 5, column: 1 } }),
      expect.objectContaining({ path: 'defaults.agencee', message: expect.stringContaining('did you mean "agency"') as string, location: { file: 'roster.yaml', line: 2, column: 3 } }),
    ]);
  });
});

describe('planBatch: an entry listed twice', () => {
  const entry = (supervisee: string, startDate: string, extra = ''): string =>
    `  - template: one-to-one\n    supervisor: { name: Priya Shah }\n    supervisee: { name: ${supervisee} }\n    startDate: ${startDate}\n${extra}`;

  it('warns on the later of two entries with the same answers, however they are written, and only then', () => {
    const result = plan(
      `${sharedDefaults}agreements:\n${entry('Tom Evans', '2026-12-01')}${entry('Tom Evans', '2027-12-01')}${entry('Li Wei', '2026-12-01')}` +
        `  - { startDate: 2026-12-01, supervisee: { name: Tom Evans }, supervisor: { name: Priya Shah }, template: one-to-one }\n`,
    );
    expect(result.entries.map((planned) => (planned.ok ? planned.warnings.map((warning) => warning.message) : ['invalid']))).toEqual([
      [],
      [],
      [],
      ['has the same answers as entry 1 (Tom Evans), so its agreement would be a copy of that one; check it is not listed twice'],
    ]);
    expect(valid(result, 4).warnings[0]!.location).toMatchObject({ line: 20 });
    expect(valid(result, 4).files[0]!.name).toBe('one-to-one-tom-evans-2026-12-01-2.md');
  });
});

describe('planBatch: who an entry is for, in messages', () => {
  it('shows a control or text-direction character in a name as one, rather than passing it to the terminal', () => {
    const result = plan(`${sharedDefaults}agreements:\n  - template: one-to-one\n    supervisor: { name: Priya Shah }\n    supervisee: { name: "Jo\\u202eSmith\\u0007" }\n    startDate: 2026-12-01\n`);
    expect(invalid(result, 1).who).toBe('Jo\ufffdSmith\ufffd');
  });
});
