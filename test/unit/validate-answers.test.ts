import { describe, expect, it } from 'vitest';
import type { PackManifest } from '../../src/packs/pack-format.js';
import { packManifestSchema } from '../../src/packs/pack-format.js';
import { validateAnswers } from '../../src/packs/validate-answers.js';
import { loadBuiltInPack, readExampleAnswers } from '../support/packs.js';

/** A small pack exercising every field type, conditions and computed dates. */
const manifest: PackManifest = packManifestSchema.parse({
  name: 'every-type',
  title: 'Every type',
  version: '1.0.0',
  description: 'A pack with one field of each type.',
  fileNameFrom: ['lead.name'],
  subject: 'Test',
  signers: [{ field: 'lead', title: 'Lead' }, { field: 'team', title: 'Member', id: 'member' }],
  fields: [
    { key: 'title', type: 'text', label: 'Title', maxLength: 20 },
    { key: 'notes', type: 'longtext', label: 'Notes', required: false },
    { key: 'lead', type: 'person', label: 'Lead' },
    { key: 'team', type: 'persons', label: 'Team', min: 2, max: 4, recommended: { min: 3, max: 4 } },
    { key: 'start', type: 'date', label: 'Start' },
    { key: 'meeting.time', type: 'time', label: 'Time' },
    { key: 'meeting.minutes', type: 'integer', label: 'Minutes', min: 30, max: 180, default: 60 },
    { key: 'meeting.mode', type: 'choice', label: 'Mode', choices: [{ value: 'in-person', label: 'in person' }, { value: 'remote', label: 'remotely' }] },
    { key: 'outside', type: 'boolean', label: 'Outside?', default: false },
    { key: 'manager', type: 'text', label: 'Manager', when: 'outside' },
    { key: 'rules', type: 'textlist', label: 'Rules', default: ['Be on time'] },
    { key: 'months', type: 'integer', label: 'Months', min: 6, max: 12, default: 6 },
    { key: 'reviewOn', type: 'date', label: 'Review', after: 'start', default: { from: 'start', addMonths: 'months' } },
  ],
});

const valid = {
  title: 'Agreement',
  lead: { name: 'Priya Shah', role: 'Team Manager' },
  team: [{ name: 'Ana Silva' }, { name: 'Li Wei' }, { name: 'Sam Reid' }],
  start: '2026-12-01',
  meeting: { time: '14:00', mode: 'remote' },
};

function problemsOf(input: unknown): Record<string, string> {
  const result = validateAnswers(manifest, input);
  if (result.ok) return {};
  return Object.fromEntries(result.problems.map((problem) => [problem.path, problem.message]));
}

describe('validateAnswers', () => {
  it('accepts complete answers and fills static and computed defaults', () => {
    const result = validateAnswers(manifest, valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.answers.meeting).toMatchObject({ minutes: 60 });
    expect(result.answers.rules).toEqual(['Be on time']);
    expect(result.answers.reviewOn).toBe('2027-06-01');
    expect(result.warnings).toEqual([]);
  });

  it('computes the default date from another answer', () => {
    const result = validateAnswers(manifest, { ...valid, months: 12 });
    expect(result.ok && result.answers.reviewOn).toBe('2027-12-01');
  });

  it('lists every missing required field by its full path, not the group', () => {
    expect(problemsOf({})).toEqual({
      title: 'is required',
      lead: expect.stringContaining('is required') as string,
      team: 'is required',
      start: 'is required',
      'meeting.time': 'is required',
      'meeting.mode': 'is required',
    });
  });

  it('refuses an empty list for a required list, which would drop its section without a word, but not for an optional one', () => {
    expect(problemsOf({ ...valid, rules: [] })).toEqual({ rules: 'must have at least one item' });
    const optional: PackManifest = { ...manifest, fields: manifest.fields.map((field) => (field.key === 'rules' ? { ...field, required: false } : field)) };
    expect(validateAnswers(optional, { ...valid, rules: [] }).ok).toBe(true);
  });

  it('reports each type and bound by field path', () => {
    const problems = problemsOf({
      ...valid,
      title: 'x'.repeat(21),
      lead: { name: '' },
      team: [{ name: 'Only one' }],
      start: '2026-02-30',
      meeting: { time: 'after lunch', minutes: 200, mode: 'phone' },
      outside: 'maybe',
    });
    expect(problems).toMatchObject({
      title: 'must be at most 20 characters (it has 21)',
      'lead.name': 'must not be empty',
      team: 'needs at least 2 persons',
      // Written as a file stores a date, but not in the calendar: told why, as the interview and --set tell it.
      start: 'must be a real date: February 2026 has 28 days (e.g. 2026-02-28)',
      'meeting.time': 'must be a 24-hour time as HH:MM, e.g. 14:00',
      'meeting.minutes': 'must be at most 180',
      'meeting.mode': 'must be one of: in-person, remote',
      outside: 'must be yes or no (or true or false)',
    });
  });

  it('says what a group of answers, or a registration, given one value holds, in words without YAML jargon', () => {
    const problems = problemsOf({ ...valid, meeting: 'Tuesdays', lead: { name: 'Priya Shah', registration: 'SW104233' } });
    expect(problems).toMatchObject({
      meeting: 'holds answers, not a value of its own: give meeting.time, meeting.minutes… (in a file, each indented under meeting:)',
      'lead.registration': 'must be given as its body and its number (in a file, registration: { body: Social Work England, number: SW104233 })',
    });
    for (const message of Object.values(problems)) expect(message).not.toContain('mapping');
  });

  it('says a list given as text is not a list, and nothing of its length: "3" for a team is not "too few"', () => {
    for (const given of ['3', 'Ana Silva, Li Wei, Sam Reid and Siân Ŵyn']) {
      const result = validateAnswers(manifest, { ...valid, team: given, rules: given });
      const problems = result.ok ? [] : result.problems;
      const said = problems.filter((problem) => problem.path === 'team' || problem.path === 'rules').map(({ path, message }) => `${path}: ${message}`);
      // Names are said back as the list they stand for (below); a number is no name, and is not.
      expect(said).toEqual([given === '3' ? 'team: must be a list of people' : expect.stringMatching(/^team: must be a list of people, each with the name under "name" \(\[\{ name: Ana Silva \}, /), 'rules: must be a list of text, not one text: in a file, write each item on a line of its own starting "- ", indented under the key']);
    }
    // A text field keeps its own bound on length.
    expect(problemsOf({ ...valid, title: 'x'.repeat(21) })).toEqual({ title: 'must be at most 20 characters (it has 21)' });
  });

  it('says how far past its limit a list is: a whole team given as one group', () => {
    const team = Array.from({ length: 7 }, (_, index) => ({ name: `Member ${index + 1}` }));
    expect(problemsOf({ ...valid, team, rules: Array.from({ length: 51 }, () => 'Be on time') })).toEqual({
      team: 'allows at most 4 persons (7 are given)',
      rules: 'allows at most 50 items (51 are given)',
    });
  });

  it('says how to write a value YAML read as another type (a spreadsheet export quotes numbers and leaves registration numbers bare)', () => {
    const problems = problemsOf({
      ...valid,
      title: 118402,
      lead: { name: true },
      start: '01/12/2026',
      meeting: { time: '9:30', minutes: '90', mode: 'remote' },
    });
    expect(problems).toMatchObject({
      title: 'must be text, but 118402 is read as a number: put it in quotes ("118402")',
      'lead.name': 'must be text, but true is read as a yes/no answer: put it in quotes ("true")',
      start: 'must be a real date as YYYY-MM-DD: write 01/12/2026 (1 December 2026) as 2026-12-01',
      'meeting.time': 'must be a 24-hour time as HH:MM: write 9:30 as 09:30',
      'meeting.minutes': 'must be a whole number, but "90" is in quotes, so it is read as text: write it without the quotes',
    });
    // A spreadsheet's date cell exported as its day number is read as that date; a number no spreadsheet would give for a date is not.
    expect(problemsOf({ ...valid, start: 46357 })).toMatchObject({
      start: "must be a date as YYYY-MM-DD, but 46357 is a number: if it is a spreadsheet's day number, that is 1 December 2026, written 2026-12-01 (format the column as text before exporting)",
    });
    expect(problemsOf({ ...valid, start: 20261201 })).toMatchObject({ start: 'must be a date as YYYY-MM-DD, e.g. 2026-12-01' });
    // A time as a spreadsheet or a person writes it, or as YAML reads a bare 14.00 or 1400 (a number): what it stands for is said.
    const timeOf = (time: unknown): unknown => problemsOf({ ...valid, meeting: { time, mode: 'remote' } })['meeting.time'];
    expect(timeOf(14)).toBe('must be a 24-hour time as HH:MM, but 14 is read as a number (so is 14.00): write 14:00');
    expect(timeOf(930)).toBe('must be a 24-hour time as HH:MM, but 930 is read as a number: write 09:30');
    expect(timeOf('2:30 p.m.')).toBe('must be a 24-hour time as HH:MM: write 2:30 p.m. as 14:30');
    expect(timeOf('12am')).toBe('must be a 24-hour time as HH:MM: write 12am as 00:00');
    expect(timeOf('14:00:00')).toBe('must be a 24-hour time as HH:MM: write 14:00:00 as 14:00');
    // No such hour or minute, as a number too: which, as for "25:00".
    expect(timeOf(25)).toBe('must be a 24-hour time as HH:MM: there is no hour 25');
    expect(timeOf(1475)).toBe('must be a 24-hour time as HH:MM: there is no minute 75');
    expect(timeOf(2400)).toBe('must be a 24-hour time as HH:MM: midnight is 00:00');
    for (const notATime of [-5, 12345, '13pm']) expect(timeOf(notATime)).toBe('must be a 24-hour time as HH:MM, e.g. 14:00');
    // Curly quotes a word processor typed are text to YAML, not quotes: said, where "e.g. 14:00" beside “14:00” would puzzle.
    expect(timeOf('“14:00”')).toBe('must be a 24-hour time as HH:MM, e.g. 14:00 (“14:00” is in curly quotes, which YAML keeps as part of the text: write it in straight quotes, "14:00", or none)');
    expect(problemsOf({ ...valid, start: '‘2026-12-01’' }).start).toMatch(/ \(‘2026-12-01’ is in curly quotes, which YAML keeps as part of the text: write it in straight quotes, "2026-12-01", or none\)$/);
    expect(problemsOf({ ...valid, meeting: { time: '14:00', mode: '“remote”' } })['meeting.mode']).toContain('(“remote” is in curly quotes');
    // A number with its unit: the number alone is said.
    expect(problemsOf({ ...valid, meeting: { time: '14:00', minutes: '90 mins', mode: 'remote' } })['meeting.minutes']).toBe('must be a whole number alone: write 90 mins as 90');
    expect(problemsOf({ ...valid, months: '6 months' }).months).toBe('must be a whole number alone: write 6 months as 6');
    // In a field with a unit, a number written in a larger one is said in the field's; one in another unit is not guessed.
    const withUnits = { ...manifest, fields: manifest.fields.map((field) => (field.key === 'months' ? { ...field, unit: 'months' } : field)) };
    const monthsOf = (months: string): string | undefined => {
      const result = validateAnswers(withUnits, { ...valid, months });
      return result.ok ? undefined : result.problems.find((problem) => problem.path === 'months')?.message;
    };
    expect(monthsOf('1 year')).toBe('must be a whole number of months alone: write 1 year as 12');
    expect(monthsOf('6 mths')).toBe('must be a whole number of months alone: write 6 mths as 6');
    expect(monthsOf('26 weeks')).toBe('must be a whole number of months');
    // A choice written with capitals, or as the label the agreement prints, as a spreadsheet column holds it: its value is said.
    const modeOf = (mode: unknown): unknown => problemsOf({ ...valid, meeting: { time: '14:00', mode } })['meeting.mode'];
    expect(modeOf('Remote')).toBe('must be one of: in-person, remote: write Remote as remote');
    expect(modeOf('In Person')).toBe('must be one of: in-person, remote: write In Person as in-person');
    expect(modeOf('by phone')).toBe('must be one of: in-person, remote');
    // A date cell a JSON export wrote with its time: the date is said, except where it may be the day after (UK summer time's midnight, in UTC).
    expect(problemsOf({ ...valid, start: '2026-12-01T00:00:00.000Z' })).toMatchObject({
      start: 'must be a date alone, as YYYY-MM-DD, without a time: write 2026-12-01T00:00:00.000Z as 2026-12-01',
    });
    expect(problemsOf({ ...valid, start: '2026-05-31T23:00:00.000Z' })).toMatchObject({
      start: 'must be a date alone, as YYYY-MM-DD, without a time: write the date 2026-05-31T23:00:00.000Z stands for (2026-05-31, or the day after if it was midnight in UK summer time)',
    });
    expect(problemsOf({ ...valid, start: '2027-13-01' })).toMatchObject({ start: 'must be a real date: there is no month 13 (e.g. 2027-12-01)' });
    expect(problemsOf({ ...valid, start: '2026-11-31' })).toMatchObject({ start: 'must be a real date: November 2026 has 30 days (e.g. 2026-11-30)' });
    expect(problemsOf({ ...valid, start: '2026-12-00' })).toMatchObject({ start: 'must be a real date: there is no day 0 (e.g. 2026-12-01)' });
    // Spaces around a value are what is wrong with it: shown in quotes, so the advice does not read "write 14:00 as 14:00".
    expect(problemsOf({ ...valid, start: '2026-12-01 ', meeting: { time: ' 14:00', mode: 'remote' } })).toMatchObject({
      start: 'must be a real date as YYYY-MM-DD: write "2026-12-01 " (1 December 2026) as 2026-12-01',
      'meeting.time': 'must be a 24-hour time as HH:MM: write " 14:00" as 14:00',
    });
    expect(problemsOf({ ...valid, start: '31/02/2026', meeting: { time: '9:75', minutes: 'ninety', mode: 'remote' } })).toMatchObject({
      start: 'must be a real date as YYYY-MM-DD: February 2026 has 28 days (e.g. 2026-02-28)',
      'meeting.time': 'must be a 24-hour time as HH:MM: there is no minute 75',
      'meeting.minutes': 'must be a whole number',
    });
  });

  it("says where a person's name belongs when it was written beside the person's empty field rather than under it", () => {
    // `lead:` left empty, `name: Priya Shah` below it at the same indent.
    const { lead: _lead, ...withoutLead } = valid;
    expect(problemsOf({ ...withoutLead, lead: null, name: 'Priya Shah', role: 'Team Manager' })).toMatchObject({
      name: 'is not a field of this template; if it is part of lead, which has no answer, indent it under `lead:`, two spaces further in',
      role: 'is not a field of this template; if it is part of lead, which has no answer, indent it under `lead:`, two spaces further in',
    });
    // With the person given, a stray name is just not a field.
    expect(problemsOf({ ...valid, name: 'Priya Shah' })).toEqual({ name: 'is not a field of this template' });
  });

  it('says a person written as the name alone back in the form a person takes, and a list of people written as one line of names', () => {
    expect(problemsOf({ ...valid, lead: 'Priya Shah', team: 'Ana Silva, Li Wei; Sam: Reid' })).toEqual({
      lead: 'must be a person, not a name alone: put the name under "name" ({ name: Priya Shah })',
      team: 'must be a list of people, each with the name under "name" ([{ name: Ana Silva }, { name: Li Wei }, { name: "Sam: Reid" }])',
    });
    // And only that: not also "allows at most 4 persons (28 are given)", counting the characters of the line.
    const result = validateAnswers(manifest, { ...valid, team: 'Ana Silva, Li Wei; Sam: Reid' });
    expect(result.ok ? [] : result.problems.filter((problem) => problem.path === 'team')).toHaveLength(1);
    expect(problemsOf({ ...valid, team: ['Ana Silva', { name: 'Li Wei' }, 'Sam Reid'] })).toMatchObject({
      'team.0': 'must be a person, not a name alone: put the name under "name" ({ name: Ana Silva })',
      'team.2': 'must be a person, not a name alone: put the name under "name" ({ name: Sam Reid })',
    });
    // Anything else is told what a person is.
    expect(problemsOf({ ...valid, lead: 42 })).toEqual({ lead: 'must be a person, given with at least a name ({ name: Priya Shah })' });
  });

  it('reads yes and no (any case) as a yes/no answer, as YAML 1.2 does not, so conditions see them too', () => {
    expect(problemsOf({ ...valid, outside: 'Yes' })).toEqual({ manager: 'is required when outside is yes' });
    for (const [written, meant] of [['yes', true], [' Y ', true], ['TRUE', true], ['no', false], ['N', false], ['False', false]] as const) {
      const result = validateAnswers(manifest, { ...valid, outside: written, manager: 'Jordan' });
      expect(result.ok && result.answers.outside).toBe(meant);
    }
    expect(problemsOf({ ...valid, outside: 'yes please' })).toEqual({ outside: 'must be yes or no (or true or false)' });
  });

  it('explains an unknown key that is half of an answer with a comma in it, or a YAML merge key', () => {
    const problems = problemsOf({ ...valid, meeting: { ...(valid.meeting as object), 'Family Centre': null }, '<<': { title: 'x' } });
    expect(problems['meeting.Family Centre']).toBe(
      'is not a field of this template; if it is the end of the answer before it, put that whole answer in quotes (e.g. "Room 1, Family Centre"): inside { … } a comma starts a new field',
    );
    expect(problems['<<']).toMatch(/^is not a field of this template: YAML merge keys \(<<\) are not read/);
  });

  it('rejects unknown keys with a suggestion when one is close', () => {
    const problems = problemsOf({ ...valid, titel: 'x', lead: { name: 'A', rol: 'B' }, zzzzzz: 1 });
    expect(problems.titel).toBe('is not a field of this template (did you mean "title"?)');
    expect(problems['lead.rol']).toBe('is not a field of this template (did you mean "lead.role"?)');
    expect(problems.zzzzzz).toBe('is not a field of this template');
  });

  it('names the one person still unanswered for a person under another name, never a person already given', () => {
    // A copy of one-to-one whose supervisee became student: its example still says supervisee.
    const placement = packManifestSchema.parse({
      ...manifest,
      fileNameFrom: ['student.name'],
      signers: [{ field: 'supervisor', title: 'Supervisor' }, { field: 'student', title: 'Student' }],
      fields: [
        { key: 'supervisor', type: 'person', label: 'Supervisor' },
        { key: 'student', type: 'person', label: 'Student' },
      ],
    });
    const problems = (input: unknown): Record<string, string> => {
      const result = validateAnswers(placement, input);
      return result.ok ? {} : Object.fromEntries(result.problems.map((problem) => [problem.path, problem.message]));
    };
    const supervisor = { name: 'Priya Shah' };
    expect(problems({ supervisor, supervisee: { name: 'Tom Evans' } })).toEqual({
      student: 'is required',
      supervisee: 'is not a field of this template (did you mean "student"?)',
    });
    expect(problems({ supervisor, student: { name: 'Tom Evans' }, supervisee: 'Tom Evans' })).toEqual({ supervisee: 'is not a field of this template' });
    expect(problems({ supervisr: supervisor, student: { name: 'Tom Evans' } })).toMatchObject({ supervisr: 'is not a field of this template (did you mean "supervisor"?)' });
  });

  it('asks for conditional fields only when their condition holds, and drops them otherwise', () => {
    expect(problemsOf({ ...valid, outside: true })).toEqual({ manager: 'is required when outside is yes' });
    const off = validateAnswers(manifest, { ...valid, outside: false, manager: 'Jordan' });
    expect(off.ok && off.answers.manager).toBeUndefined();
    // Dropped, but not silently: whoever wrote it learns it is not in the agreement.
    expect(off.warnings).toEqual([{ path: 'manager', severity: 'warning', message: 'is left out of the agreement: it is asked only when outside is yes' }]);
    expect(validateAnswers(manifest, { ...valid, outside: false }).warnings).toEqual([]);
    const builtIn = validateAnswers(manifest, { ...valid, outside: false });
    expect(builtIn.ok && Object.keys(builtIn.answers)).not.toContain('manager');
    const on = validateAnswers(manifest, { ...valid, outside: true, manager: 'Jordan' });
    expect(on.ok && on.answers.manager).toBe('Jordan');
  });

  it('requires a date to come after the one it names', () => {
    expect(problemsOf({ ...valid, reviewOn: '2026-12-01' }).reviewOn).toBe(
      'must be after start (1 December 2026), but is 1 December 2026',
    );
  });

  it('warns, without failing, when a list is outside its recommended size', () => {
    const result = validateAnswers(manifest, { ...valid, team: [{ name: 'A' }, { name: 'B' }] });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'team', severity: 'warning' })]);
  });

  it('reads an email address with spaces around it (a quoted answer, a --set) as the address, as the interview does', () => {
    const result = validateAnswers(manifest, { ...valid, lead: { name: 'Priya Shah', email: ' Priya.Shah@Example.org ' } });
    expect(result.ok && result.answers.lead).toEqual({ name: 'Priya Shah', email: 'Priya.Shah@Example.org' });
    const wrong = validateAnswers(manifest, { ...valid, lead: { name: 'Priya Shah', email: ' priya at home ' } });
    expect(!wrong.ok && wrong.problems).toEqual([{ path: 'lead.email', message: 'must be an email address such as name@example.org' }]);
  });

  it('says that an email address has no comma, with the address it would be with a full stop', () => {
    expect(problemsOf({ ...valid, lead: { name: 'Priya Shah', email: 'priya@example,org' } })).toEqual({
      'lead.email': 'must be an email address such as name@example.org, with no comma: did you mean priya@example.org?',
    });
    expect(problemsOf({ ...valid, lead: { name: 'Priya Shah', email: 'priya@example.org, tom@example.org' } })).toEqual({
      'lead.email': 'must be an email address such as name@example.org, with no comma',
    });
  });

  it('says that the part after the @ has no ending, where that is all that is missing', () => {
    // "jo@mapleschool" looks like an address to whoever typed it: the form alone did not show what was missing.
    expect(problemsOf({ ...valid, lead: { name: 'Priya Shah', email: 'jo@mapleschool' } })).toEqual({
      'lead.email': 'must be an email address such as name@example.org: the part after the @ ("mapleschool") has no ending, such as .org.uk or .com',
    });
    // Where more than the ending is wrong, the form is said alone.
    expect(problemsOf({ ...valid, lead: { name: 'Priya Shah', email: 'jo@maple school' } })).toEqual({ 'lead.email': 'must be an email address such as name@example.org' });
    expect(problemsOf({ ...valid, lead: { name: 'Priya Shah', email: 'jo@@mapleschool' } })).toEqual({ 'lead.email': 'must be an email address such as name@example.org' });
  });

  it('says once, at the address, that a comma in { email: a@b,org } started a field, as YAML reads it', () => {
    // YAML reads `{ name: Priya Shah, email: priya@example,org.uk }` as the address priya@example and a field "org.uk".
    const split = { name: 'Priya Shah', email: 'priya@example', 'org.uk': null };
    expect(problemsOf({ ...valid, lead: split })).toEqual({
      'lead.email': 'must be an email address such as name@example.org: inside { … } a comma starts a new field, so "org.uk" was read as one; did you mean priya@example.org.uk?',
    });
  });

  it('treats empty YAML values (null) as unanswered', () => {
    expect(problemsOf({ ...valid, title: null })).toEqual({ title: 'is required' });
  });

  it('refuses invisible and bidi characters in names with the field named', () => {
    expect(problemsOf({ ...valid, lead: { name: 'Priya\u202EShah' } })['lead.name']).toContain('U+202E');
  });

  it('cannot be used to reach a prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown;
    const problems = problemsOf({ ...valid, ...(input as object) });
    expect(Object.keys(problems)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('warns when a value looks like service-user data', () => {
    const result = validateAnswers(manifest, { ...valid, notes: 'Discussed NHS 943 476 5919 at length', lead: { name: 'Priya Shah SW1A 1AA' } });
    expect(result.ok).toBe(true);
    const paths = result.warnings.map((warning) => `${warning.path}: ${warning.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([expect.stringMatching(/^notes: looks like an NHS number/), expect.stringMatching(/^lead\.name: .*postcode/)]),
    );
  });

  it('warns, without failing, when two of the people named are the same name', () => {
    const team = [{ name: 'Ana Silva' }, { name: 'Li Wei' }, { name: 'li  wei ' }, { name: 'Jordan Lee' }];
    const result = validateAnswers(manifest, { ...valid, lead: { name: 'Jordan Lee' }, team });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((warning) => `${warning.path}: ${warning.message}`)).toEqual([
      'team.2: Person 3 names the same person as person 2 (li  wei); check that both are meant',
      'team.3: Person 4 names the same person as the lead (Jordan Lee); check that both are meant',
    ]);
    expect(validateAnswers(manifest, valid).warnings).toEqual([]);
    // Letters outside English, in another case and another Unicode form, are still the same name.
    const polish = validateAnswers(manifest, { ...valid, lead: { name: 'Łukasz Żółć' }, team: [{ name: 'Ana Silva' }, { name: 'Li Wei' }, { name: 'ŁUKASZ Z\u0307O\u0301ŁĆ' }] });
    expect(polish.warnings.map((warning) => warning.path)).toEqual(['team.2']);
  });

  it('warns, without failing, when the first review is out of step with the review interval', () => {
    const warningsFor = (answers: object): string[] => {
      const result = validateAnswers(manifest, { ...valid, start: '2027-01-01', ...answers });
      expect(result.ok).toBe(true);
      return result.warnings.map((warning) => `${warning.path} (${warning.severity ?? 'error'}): ${warning.message}`);
    };
    expect(warningsFor({ reviewOn: '2027-01-02' })).toEqual([
      'reviewOn (warning): is 2 January 2027, one day after the start, though the agreement is reviewed every 6 months; check that this date is meant',
    ]);
    // Earlier than half the interval, or more than a month after it: said with how long after the start it is.
    expect(warningsFor({ reviewOn: '2027-03-31' })).toEqual([expect.stringContaining('is 31 March 2027, 2 months and 30 days after the start, though')]);
    expect(warningsFor({ reviewOn: '2027-08-02' })).toEqual([expect.stringContaining('is 2 August 2027, 7 months and one day after the start, though')]);
    expect(warningsFor({ months: 12, reviewOn: '2028-02-02' })).toEqual([
      expect.stringContaining('is 2 February 2028, 13 months and one day after the start, though the agreement is reviewed every 12 months'),
    ]);
    // At the default, at half the interval (an early first review is often meant), or up to a month late: nothing to say.
    expect(warningsFor({})).toEqual([]);
    expect(warningsFor({ reviewOn: '2027-04-01' })).toEqual([]);
    expect(warningsFor({ reviewOn: '2027-08-01' })).toEqual([]);
    expect(warningsFor({ months: 12, reviewOn: '2027-07-01' })).toEqual([]);
    // Before the start it is an error as ever, not a warning too.
    const before = validateAnswers(manifest, { ...valid, reviewOn: '2026-11-01' });
    expect(before.ok).toBe(false);
    expect(before.warnings).toEqual([]);
  });

  it('does not warn for ten digits that fail the NHS check digit', () => {
    const result = validateAnswers(manifest, { ...valid, notes: 'Call 0123456780' });
    expect(result.warnings).toEqual([]);
  });
});

describe('built-in packs', () => {
  it.each(['one-to-one', 'group'])('accept their own example answers (%s)', async (name) => {
    const pack = await loadBuiltInPack(name);
    const result = validateAnswers(pack.manifest, readExampleAnswers(name));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('declare the field keys of the design contract', async () => {
    const shared = [
      'agency', 'supervisor', 'startDate', 'schedule.frequency', 'schedule.day', 'schedule.time', 'schedule.durationMinutes',
      'schedule.rebookedBy', 'location.mode', 'location.venue', 'location.bookedBy', 'location.contingency',
      'recording.recordedBy', 'recording.method', 'recording.storedIn', 'reflectiveModel', 'expectations.fromSupervisor',
      'expectations.fromSupervisee', 'expectations.contributions', 'contractedOut', 'lineManager.name',
      'lineManager.arrangement', 'notSupervision', 'review.intervalMonths', 'review.date',
      // Beyond the contract's table: the group seed asks "How and When this agreement will be reviewed".
      'review.method',
      // Beyond the contract's table: whom the practitioners safeguard (children, adults at risk or both) sets whom the safeguarding sentences name.
      'safeguarding.for',
    ];
    const oneToOne = (await loadBuiltInPack('one-to-one')).manifest.fields.map((field) => field.key);
    const group = (await loadBuiltInPack('group')).manifest.fields.map((field) => field.key);
    expect(oneToOne.sort()).toEqual([...shared, 'supervisee', 'recording.policy'].sort());
    expect(group.sort()).toEqual([...shared, 'groupName', 'members', 'groundRules'].sort());
  });

  it('default the review date to start plus the interval and require it after the start', async () => {
    const pack = await loadBuiltInPack('one-to-one');
    const answers = { ...readExampleAnswers('one-to-one'), review: { intervalMonths: 9 } };
    const result = validateAnswers(pack.manifest, answers);
    expect(result.ok && result.answers.review).toEqual({ method: 'together by everyone who signs it, at a supervision session', intervalMonths: 9, date: '2027-09-01' });
    const early = validateAnswers(pack.manifest, { ...answers, review: { date: '2026-11-30' } });
    expect(early.ok).toBe(false);
  });
});

describe('conditional groups', () => {
  it('leave no empty group behind when their condition is off', async () => {
    const pack = await loadBuiltInPack('one-to-one');
    const result = validateAnswers(pack.manifest, { ...readExampleAnswers('one-to-one'), contractedOut: false, lineManager: { name: 'Jordan' } });
    expect(result.ok && Object.keys(result.answers)).not.toContain('lineManager');
  });
});

describe('empty values', () => {
  it('still report a misspelt key whose value was left empty', () => {
    const result = validateAnswers(manifest, { ...valid, titel: null, meeting: { time: '14:00', mode: 'remote', tme: null } });
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['titel', 'meeting.tme']));
  });
});
