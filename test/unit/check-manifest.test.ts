import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../src/packs/check-manifest.js';

/** A valid template.yaml, parsed, with `change` applied to a copy. */
function manifestWith(change: (manifest: Record<string, unknown> & { fields: Record<string, unknown>[] }) => void): unknown {
  const manifest = {
    name: 'test',
    title: 'Test',
    version: '1.0.0',
    description: 'A pack for tests.',
    fileNameFrom: ['supervisee.name'],
    subject: 'Agreement with {{supervisee.name}}',
    signers: [{ field: 'supervisee', title: 'Supervisee' }],
    fields: [
      { key: 'supervisee', type: 'person', label: 'Supervisee' },
      { key: 'startDate', type: 'date', label: 'Start' },
      { key: 'minutes', type: 'integer', label: 'Minutes', default: 90 },
      { key: 'remote', type: 'boolean', label: 'Remote?' },
      { key: 'rules', type: 'textlist', label: 'Rules', required: false },
    ],
  };
  change(manifest);
  return manifest;
}

const messages = (raw: unknown): string[] => checkManifest(raw).problems.map((problem) => `${problem.path}: ${problem.message}`);

describe('checkManifest wording', () => {
  it('accepts the base manifest', () => {
    expect(checkManifest(manifestWith(() => undefined)).problems).toEqual([]);
  });

  it('says what a value was read as and what to write instead, never zod\'s wording', () => {
    const cases: [(manifest: Record<string, unknown> & { fields: Record<string, unknown>[] }) => void, string][] = [
      [(m) => (m.version = 2), 'version: 2 is read as a number: write it in quotes, "2.0.0"'],
      [(m) => (m.version = 'two'), 'version: must be a version such as 1.0.0'],
      [(m) => (m.title = 2026), 'title: 2026 is read as a number: write it in quotes to make it text'],
      [(m) => (m.title = ''), 'title: must not be empty: the agreement\'s title'],
      [(m) => delete m.subject, 'subject: is required: a sentence naming the parties, for the PDF'],
      [(m) => (m.fileNameFrom = []), 'fileNameFrom: must list at least 1 item'],
      [(m) => (m.signers = 'supervisee'), 'signers: must be a list (lines starting "- ", or [a, b]), not text'],
      [(m) => delete m.fields[0]!.label, 'fields.0.label: is required for the field "supervisee": the question shown for it'],
      [(m) => (m.fields[0]!.type = 'persn'), 'fields.0.type: must be one of text, longtext, person, persons, date, time, integer, choice, boolean, textlist, not "persn" (field "supervisee"; did you mean "person"?)'],
      [(m) => (m.fields[1]!.key = 'placement dates'), 'fields.1.key: must be camelCase words joined by dots, e.g. schedule.time: write placementDates'],
      [(m) => (m.fields[1]!.key = 'Review.first-date'), 'fields.1.key: must be camelCase words joined by dots, e.g. schedule.time: write review.firstDate'],
      [(m) => (m.fields[1]!.key = '1st review'), 'fields.1.key: must be camelCase words joined by dots, e.g. schedule.time'],
      [(m) => delete m.fields[0]!.type, 'fields.0.type: is required for the field "supervisee": one of text, longtext, person, persons, date, time, integer, choice, boolean, textlist'],
      [(m) => (m.fields[1]!.default = '2026-13-45'), 'fields.1.default: must be a date as YYYY-MM-DD, e.g. 2026-12-01 (field "startDate")'],
      [(m) => (m.fields[1]!.default = 5), 'fields.1.default: must be a date as YYYY-MM-DD, or a date computed from another, such as { from: startDate, addMonths: 6 } (field "startDate")'],
      [(m) => (m.fields[2]!.default = 'ninety'), 'fields.2.default: must be a whole number, not the text "ninety" (field "minutes")'],
      [(m) => (m.fields[2]!.default = 1.5), 'fields.2.default: must be a whole number, not 1.5 (field "minutes")'],
      [(m) => (m.fields[3]!.required = 'yes'), 'fields.3.required: must be true or false, not "yes": write true, without quotes (field "remote")'],
      // `default: no`, as an answers file takes it: YAML reads the word, not false.
      [(m) => (m.fields[3]!.default = 'no'), 'fields.3.default: must be true or false, not "no": write false, without quotes (field "remote")'],
      [(m) => (m.fields[3]!.default = 'maybe'), 'fields.3.default: must be true or false, not "maybe" (field "remote")'],
      [(m) => (m.fields[4]!.maxItems = 0), 'fields.4.maxItems: must be more than 0 (field "rules")'],
    ];
    for (const [change, expected] of cases) {
      const found = messages(manifestWith(change));
      expect(found, expected).toEqual([expected]);
    }
  });
});

describe('checkManifest of a field type another tool would use', () => {
  it('names the type of this format it most likely means, where spelling alone finds none', () => {
    const meant: [string, string][] = [
      ['yesno', 'boolean'], ['Yes/No', 'boolean'], ['bool', 'boolean'], ['checkbox', 'boolean'],
      ['string', 'text'], ['textarea', 'longtext'], ['select', 'choice'], ['dropdown', 'choice'],
      ['int', 'integer'], ['number', 'integer'], ['list', 'textlist'], ['people', 'persons'],
    ];
    for (const [written, type] of meant) {
      expect(messages(manifestWith((m) => (m.fields[3]!.type = written)))).toEqual([
        `fields.3.type: must be one of text, longtext, person, persons, date, time, integer, choice, boolean, textlist, not ${JSON.stringify(written)} (field "remote"; did you mean "${type}"?)`,
      ]);
    }
  });
});

describe('checkManifest of a signer that names no field', () => {
  it('lists the person fields a signer could name, and the nearest, not a near field that could never sign', () => {
    const raw = manifestWith((manifest) => {
      manifest.fields.push({ key: 'educator', type: 'person', label: 'Practice educator' }, { key: 'studentGroup', type: 'text', label: 'Cohort' });
      manifest.signers = [
        { field: 'supervisee', title: 'Supervisee' },
        { field: 'educater', title: 'Educator' },
        { field: 'student', title: 'Student' },
        { field: 'practiceEducator', title: 'Practice educator' },
      ];
    });
    expect(messages(raw)).toEqual([
      'signers.1.field: names "educater", which is not a field; a signer names a person or persons field: supervisee, educator (did you mean "educator"?)',
      'signers.2.field: names "student", which is not a field; a signer names a person or persons field: supervisee, educator',
      'signers.3.field: names "practiceEducator", which is not a field; a signer names a person or persons field: supervisee, educator (did you mean "educator"?)',
    ]);
  });

  it('says to declare a person field when there is none to name', () => {
    const raw = manifestWith((manifest) => {
      manifest.fields[0] = { key: 'supervisee', type: 'text', label: 'Supervisee' };
      manifest.fileNameFrom = ['supervisee'];
      manifest.signers = [{ field: 'student', title: 'Student' }];
    });
    expect(messages(raw)).toEqual([
      'signers.0.field: names "student", which is not a field; no field is a person or persons yet: declare one under fields (type: person) and name its key here',
    ]);
  });
});

describe('checkManifest of a key a field does not have', () => {
  it('reports what the well-formed fields name in the same run as a field that does not parse, not on the next', () => {
    const raw = manifestWith((manifest) => {
      manifest.fields.push(
        { key: 'offSite', type: 'yesno', label: 'Off site?' },
        { key: 'educator', type: 'text', label: 'Educator', when: 'offSite' },
        { key: 'venue', type: 'text', label: 'Venue', when: 'remotely' },
        { key: 'hours', type: 'integer', label: 'Hours', min: 10, max: 5 },
      );
      manifest.signers = [{ field: 'supervisee', title: 'Supervisee' }, { field: 'lead', title: 'Lead' }];
    });
    expect(messages(raw)).toEqual([
      'fields.5.type: must be one of text, longtext, person, persons, date, time, integer, choice, boolean, textlist, not "yesno" (field "offSite"; did you mean "boolean"?)',
      // Not "offSite is not a field": it is one, whose type is still to be mended.
      'fields.7.when: names "remotely", which is not a field (did you mean "remote"?)',
      'fields.8.min: is more than max (5)',
      'signers.1.field: names "lead", which is not a field; a signer names a person or persons field: supervisee',
    ]);
  });

  it('says a value typed with curly quotes, which YAML keeps as text, is refused for them', () => {
    const curly = manifestWith((manifest) => {
      manifest.version = '“1.0.6”';
      manifest.name = '‘student-placement’';
      manifest.fields[1]!.key = '“startDate”';
    });
    const because = (value: string): string => `; "${value}" has curly quotes, which YAML keeps as part of the text: take them out, or use straight quotes (")`;
    expect(messages(curly)).toEqual([
      `name: must be lower-case words joined by hyphens${because('‘student-placement’')}`,
      `version: must be a version such as 1.0.0${because('“1.0.6”')}`,
      `fields.1.key: must be camelCase words joined by dots, e.g. schedule.time${because('“startDate”')}`,
    ]);
    // Curly quotes inside words that are text anyway are the author's to keep.
    expect(messages(manifestWith((manifest) => void (manifest.title = '“Our” agreement')))).toEqual([]);
  });

  it('judges it by the keys of the field\'s own type, never suggesting the key itself', () => {
    // `min` belongs to integer and persons fields, not to a textlist.
    expect(messages(manifestWith((m) => (m.fields[4]!.min = 1)))).toEqual([
      'fields.4.min: is not a key of a textlist field, whose keys are key, label, help, required, when, type, maxItems, maxLength, default',
    ]);
    expect(messages(manifestWith((m) => (m.fields[4]!.maxitems = 5)))).toEqual(['fields.4.maxitems: is not a key of a textlist field (did you mean "maxItems"?)']);
  });

  it('never suggests a key the field already has, which would be written twice', () => {
    // A longtext has a maxLength but no minLength: "did you mean maxLength?" beside the maxLength written would be a duplicate key.
    const longtext = (extra: Record<string, unknown>) =>
      manifestWith((m) => void m.fields.push({ key: 'goals', type: 'longtext', label: 'Goals', ...extra }));
    expect(messages(longtext({ maxLength: 2000, minLength: 20 }))).toEqual([
      'fields.5.minLength: is not a key of a longtext field, whose keys are key, label, help, required, when, type, maxLength, default',
    ]);
    expect(messages(longtext({ minLength: 20 }))).toEqual(['fields.5.minLength: is not a key of a longtext field (did you mean "maxLength"?)']);
  });
});

describe('checkManifest of choices written as a list of words', () => {
  it('shows each as the { value, label } it needs to be', () => {
    const choices = manifestWith((m) => m.fields.push({ key: 'venue', type: 'choice', label: 'Venue', choices: ['office', 'Home visit'] }));
    expect(messages(choices)).toEqual([
      'fields.5.choices.0: is only words (field "venue"); a choice is the value an answer gives and the words printed for it: { value: office, label: office }',
      'fields.5.choices.1: is only words (field "venue"); a choice is the value an answer gives and the words printed for it: { value: home-visit, label: Home visit }',
    ]);
  });
});

describe('checkManifest of a field key that is taken', () => {
  it('refuses template and signers, which answers files and templates already use, as a field or a group', () => {
    expect(messages(manifestWith((m) => m.fields.push({ key: 'template', type: 'text', label: 'Template' })))).toEqual([
      'fields.5.key: "template" cannot be a field\'s key: an answers file\'s template: names the template, and {{template}} in a template is the pack (its name, title and version); give the field another key',
    ]);
    expect(messages(manifestWith((m) => m.fields.push({ key: 'signers.note', type: 'text', label: 'Note' })))).toEqual([
      'fields.5.key: "signers.note" cannot be a field\'s key: {{signers}} in a template is the list of who signs, made from signers: in template.yaml; give the field another key',
    ]);
    expect(messages(manifestWith((m) => m.fields.push({ key: 'templateName', type: 'text', label: 'Name' })))).toEqual([]);
  });
});

describe('checkManifest defaults', () => {
  it('holds a default to the rules its answers must pass, at the default', () => {
    const cases: [(manifest: Record<string, unknown> & { fields: Record<string, unknown>[] }) => void, string][] = [
      [(m) => Object.assign(m.fields[2]!, { min: 30, max: 60 }), 'fields.2.default: is not a valid answer to "minutes": must be at most 60'],
      [(m) => Object.assign(m.fields[2]!, { min: 120 }), 'fields.2.default: is not a valid answer to "minutes": must be at least 120'],
      [(m) => m.fields.push({ key: 'venue', type: 'text', label: 'Venue', maxLength: 5, default: 'Room 101' }), 'fields.5.default: is not a valid answer to "venue": must be at most 5 characters (it has 8)'],
      [(m) => m.fields.push({ key: 'venue', type: 'text', label: 'Venue', default: 'Room\t1' }), 'fields.5.default: is not a valid answer to "venue": must be a single line without control characters (found a tab, U+0009, as cells copied from a spreadsheet have between them): replace it with a space'],
      [(m) => Object.assign(m.fields[4]!, { maxLength: 10, default: ['Be on time', 'Switch phones off'] }), 'fields.4.default.1: is not a valid answer to "rules": must be at most 10 characters (it has 17)'],
      [(m) => Object.assign(m.fields[4]!, { maxItems: 1, default: ['One', 'Two'] }), 'fields.4.default: is not a valid answer to "rules": allows at most 1 item (2 are given)'],
      [
        (m) => m.fields.push({ key: 'mode', type: 'choice', label: 'Mode', choices: [{ value: 'in-person', label: 'In person' }, { value: 'video', label: 'Video' }], default: 'phone' }),
        'fields.5.default: is not a valid answer to "mode": must be one of: in-person, video',
      ],
      // Bounds that contradict each other are the one problem; no default could meet them.
      [(m) => Object.assign(m.fields[2]!, { min: 100, max: 60 }), 'fields.2.min: is more than max (60)'],
    ];
    for (const [change, expected] of cases) {
      expect(messages(manifestWith(change)), expected).toEqual([expected]);
    }
  });

  it('reports every bad default, in field order, those of the wrong kind and those outside their field\'s rules alike', () => {
    const manifest = manifestWith((m) => {
      m.version = 2;
      Object.assign(m.fields[2]!, { min: 120 });
      m.fields[3]!.default = 'maybe';
      m.fields.push({ key: 'venue', type: 'text', label: 'Venue', maxLength: 5, default: 'Room 101' });
      m.fields.push({ key: 'time', type: 'time', label: 'Time', default: '9am' });
    });
    expect(messages(manifest)).toEqual([
      'version: 2 is read as a number: write it in quotes, "2.0.0"',
      'fields.2.default: is not a valid answer to "minutes": must be at least 120',
      'fields.3.default: must be true or false, not "maybe" (field "remote")',
      'fields.5.default: is not a valid answer to "venue": must be at most 5 characters (it has 8)',
      'fields.6.default: must be a 24-hour time as HH:MM, e.g. 14:00',
    ]);
  });

  it('leaves a computed date to the answers it is computed from', () => {
    const manifest = manifestWith((m) => m.fields.push({ key: 'reviewDate', type: 'date', label: 'Review', default: { from: 'startDate', addMonths: 'minutes' } }));
    expect(messages(manifest)).toEqual([]);
  });
});

describe('checkManifest of a version YAML reads as a number', () => {
  it('says it as written, and the version meant: 1.0 is read as 1, and 1.10 as 1.1', () => {
    const asWritten = (text: string, value: number): string[] =>
      checkManifest(manifestWith((m) => (m.version = value)), (path) => (path.join('.') === 'version' ? text : undefined)).problems.map((problem) => problem.message);
    expect(asWritten('1.0', 1)).toEqual(['1.0 is read as a number: write it in quotes, "1.0.0"']);
    expect(asWritten('1.10', 1.1)).toEqual(['1.10 is read as a number: write it in quotes, "1.10.0"']);
  });
});

describe('checkManifest of fileNameFrom', () => {
  it('refuses an answer no file can be named after (a person whole, a number, a list), saying what to write', () => {
    const naming = (...keys: string[]): string[] => messages(manifestWith((m) => (m.fileNameFrom = keys)));
    expect(naming('supervisee')).toEqual(['fileNameFrom.0: names "supervisee", a person: write supervisee.name, as a file is named after a person\'s name']);
    expect(naming('supervisee.name', 'minutes', 'rules')).toEqual([
      'fileNameFrom.1: names "minutes", an integer field; a file is named after a text answer or a person\'s name, such as supervisee.name',
      'fileNameFrom.2: names "rules", a textlist field; a file is named after a text answer or a person\'s name, such as supervisee.name',
    ]);
    expect(naming('supervisee.nmae')).toEqual(['fileNameFrom.0: names "supervisee.nmae", which is not a field (did you mean "supervisee.name"?)']);
    // A text answer, or a date, names a file.
    expect(naming('startDate')).toEqual([]);
  });
});

describe('checkManifest of an empty template.yaml', () => {
  it('says what the file needs, not that a key needs a value', () => {
    // An empty file, or one of comments only, is read as null.
    expect(checkManifest(null).problems).toEqual([
      { path: '', message: "template.yaml is empty: a pack's template.yaml needs name, title, version, description, fileNameFrom, subject, fields and signers" },
    ]);
  });
});
