import type { z } from 'zod';
import type { Problem } from '../errors.js';
import { buildFieldValueSchema } from './answers-schema.js';
import { readYesNo } from './field-values.js';
import { fieldSpecSchema, packManifestSchema, signerSpecSchema, type FieldSpec, type PackManifest, type SignerSpec } from './pack-format.js';
import { suggest } from './validate-answers.js';

/** A plain value of template.yaml as its author wrote it (`1.10`, which YAML reads as the number 1.1), when known. */
export type WrittenText = (path: readonly (string | number)[]) => string | undefined;

/**
 * Validates a parsed `template.yaml`: its shape (zod), then the references
 * between fields that a shape alone cannot express. Pure: the caller adds
 * file positions, and (`written`) the text of a value as written.
 */
export function checkManifest(raw: unknown, written: WrittenText = () => undefined): { manifest?: PackManifest; problems: Problem[] } {
  // zod's own wording ("Invalid input: expected string, received number") is for programmers; a pack's
  // author gets what to write instead. Messages the schema words itself (a regex's) never reach the map.
  const parsed = packManifestSchema.safeParse(raw, { error: (issue) => describeManifestIssue(issue, raw, written) });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code !== 'unrecognized_keys') return [{ path, message: withKeyRewritten(withCurlyQuotesNamed(issue.message, valueAt(raw, issue.path)), valueAt(raw, issue.path)) }];
      // One problem per key, at the key itself, so its line is the one shown.
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: describeUnknownKey(key, issue.path, raw) }));
    });
    // The fields that are well formed are still checked, their defaults and what they name: a default of the
    // wrong kind ("ninety") or a misspelt type must not hide a default out of range (900), or a condition
    // naming no field, until the first is fixed and check is run again.
    return { problems: insertInFieldOrder(problems, checkWellFormedParts(raw)) };
  }
  const manifest = parsed.data;
  const problems = checkFieldReferences({
    fields: manifest.fields.map((field, index) => ({ field, index })),
    unreadKeys: new Set(),
    signers: manifest.signers,
    fileNameFrom: manifest.fileNameFrom,
  });
  return problems.length > 0 ? { problems } : { manifest, problems };
}

/**
 * `version: “1.0.6”`, as a word processor or a phone types quotes: YAML keeps
 * curly quotes as part of the text, so the value looks right and is still
 * refused ("must be a version such as 1.0.0"). Said, so the author sees why.
 */
function withCurlyQuotesNamed(message: string, value: unknown): string {
  if (typeof value !== 'string' || !/[“”‘’„«»]/u.test(value)) return message;
  return `${message}; ${JSON.stringify(value)} has curly quotes, which YAML keeps as part of the text: take them out, or use straight quotes (")`;
}

/** The pattern of a field's key (pack-format.ts), whose own message is the one an invalid key gets. */
const fieldKeyMessage = 'must be camelCase words joined by dots, e.g. schedule.time';
const fieldKeyPattern = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

/**
 * `key: placement dates`, as a label is written: the key it would be in
 * camelCase, so the author need not work it out (and every name for it in the
 * templates is then the one written here).
 */
function withKeyRewritten(message: string, value: unknown): string {
  if (message !== fieldKeyMessage || typeof value !== 'string') return message;
  const camel = value
    .split('.')
    .map((part) =>
      part
        .split(/[^A-Za-z0-9]+/)
        .filter((word) => word !== '')
        .map((word, index) => (index === 0 ? word[0]!.toLowerCase() + word.slice(1) : word[0]!.toUpperCase() + word.slice(1)))
        .join(''),
    )
    .join('.');
  return fieldKeyPattern.test(camel) && camel !== value ? `${message}: write ${camel}` : message;
}

/** What a required key of template.yaml holds, said when it is missing. */
const requiredKeyPurposes: Record<string, string> = {
  name: 'the template\'s name, lower-case words joined by hyphens, e.g. one-to-one',
  title: 'the agreement\'s title',
  version: 'a version such as 1.0.0',
  description: 'a sentence saying what the agreement is for',
  fileNameFrom: 'the answers that name the output file, e.g. [supervisee.name]',
  subject: 'a sentence naming the parties, for the PDF',
  fields: 'the list of fields the agreement asks for',
  signers: 'the list of who signs',
  'fields.key': 'the answer\'s key, e.g. schedule.time',
  'fields.label': 'the question shown for it',
  'fields.choices': 'the list of { value, label } to choose from',
  'fields.choices.value': 'the value an answer gives, e.g. in-person',
  'fields.choices.label': 'the words printed for this choice',
  'fields.default.from': 'the date field the computed date counts from',
  'fields.default.addMonths': 'the months to add: a whole number, or the key of an integer field',
  'signers.field': 'the person or persons field that signs',
  'signers.title': 'the heading printed above the signature',
};

/**
 * The one place zod's issues about template.yaml become plain words: what
 * the key must hold, and what the value written there was read as. Returns
 * undefined (zod's own wording) only for issue kinds the format cannot
 * raise.
 */
function describeManifestIssue(issue: z.core.$ZodRawIssue, raw: unknown, written: WrittenText): string | undefined {
  const path = issue.path ?? [];
  const value = valueAt(raw, path);
  const last = path.at(-1);
  // Issues inside a field name the field by its key as well: "fields.13" alone sends the author counting.
  const fieldKey = path[0] === 'fields' && typeof path[1] === 'number' ? valueAt(raw, ['fields', path[1], 'key']) : undefined;
  const named = typeof fieldKey === 'string' && path.length > 2 && last !== 'key';
  const inField = named ? ` (field "${fieldKey}")` : '';
  const forField = named ? ` for the field "${fieldKey}"` : '';
  const purpose = requiredKeyPurposes[path.filter((part) => typeof part === 'string').join('.')];

  switch (issue.code) {
    case 'invalid_type': {
      // An empty file (or one of comments only) is read as nothing at all: "give it a value" would name no key.
      if (path.length === 0 && (value === null || value === undefined)) return `template.yaml is empty: a pack's template.yaml needs ${listRequiredKeys()}`;
      if (value === undefined) return `is required${forField}${purpose ? `: ${purpose}` : ''}`;
      if (value === null) return `is empty${inField}; give it a value${purpose ? `: ${purpose}` : ''}, or leave the key out if it is optional`;
      // `choices: [office, home]`, as a list of words looks to write: each needs the value an answer gives as well.
      if (path.at(-2) === 'choices' && typeof value === 'string' && value.trim() !== '') {
        return `is only words${inField}; a choice is the value an answer gives and the words printed for it: { value: ${suggestChoiceValue(value)}, label: ${value} }`;
      }
      return `${describeExpected(issue.expected, value, path, written)}${inField}`;
    }
    case 'invalid_union': {
      if (typeof issue.discriminator === 'string' && Array.isArray(issue.options)) {
        const options = issue.options.map(String);
        // zod points at the discriminator itself (fields.6.type) when the field has one, else at the field.
        const given = last === issue.discriminator ? value : valueAt(value, [issue.discriminator]);
        if (given === undefined) return `is required${forField}: one of ${options.join(', ')}`;
        const likely = issue.discriminator === 'type' && typeof given === 'string' ? likelyFieldType(given, options) : undefined;
        const suggestion = likely ?? (typeof given === 'string' ? suggest(given, options) : undefined);
        const notes = [...(named ? [`field "${String(fieldKey)}"`] : []), ...(suggestion ? [`did you mean "${suggestion}"?`] : [])];
        return `must be one of ${options.join(', ')}, not ${JSON.stringify(given)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
      }
      if (last === 'default') return `must be a date as YYYY-MM-DD, or a date computed from another, such as { from: startDate, addMonths: 6 }${inField}`;
      if (last === 'addMonths') return `must be a whole number of months, or the key of an integer field${inField}`;
      return `is not one of the forms allowed here${inField}`;
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'string') {
        if (issue.code === 'too_small' && bound === 1) return `must not be empty${inField}${purpose ? `: ${purpose}` : ''}`;
        return `must be at ${issue.code === 'too_small' ? 'least' : 'most'} ${bound} characters long${inField}`;
      }
      if (issue.origin === 'array') {
        return `must list at ${issue.code === 'too_small' ? 'least' : 'most'} ${bound} item${bound === 1 ? '' : 's'}${inField}`;
      }
      if (!inclusive) return `must be ${issue.code === 'too_small' ? 'more' : 'less'} than ${bound}${inField}`;
      return `must be at ${issue.code === 'too_small' ? 'least' : 'most'} ${bound}${inField}`;
    }
    case 'invalid_format':
      if (issue.format === 'date') return `must be a date as YYYY-MM-DD, e.g. 2026-12-01${inField}`;
      return `is not in the form this key needs${issue.pattern ? ` (${issue.pattern})` : ''}${inField}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((option) => JSON.stringify(option)).join(', ')}${inField}`;
    default:
      return undefined;
  }
}

/**
 * The names other form builders, spreadsheets and programming languages give
 * the kinds of answer this format has: an author who writes `yesno` or
 * `dropdown` means a type it has under another name, which spelling distance
 * alone ("yesno" is nowhere near "boolean") would never find.
 */
const fieldTypeSynonyms: Readonly<Record<string, string>> = {
  yesno: 'boolean', bool: 'boolean', checkbox: 'boolean', tickbox: 'boolean', toggle: 'boolean', switch: 'boolean', flag: 'boolean',
  string: 'text', str: 'text', line: 'text', short: 'text', shorttext: 'text', input: 'text',
  textarea: 'longtext', paragraph: 'longtext', multiline: 'longtext', long: 'longtext', memo: 'longtext', note: 'longtext', notes: 'longtext',
  select: 'choice', dropdown: 'choice', radio: 'choice', enum: 'choice', option: 'choice', options: 'choice', choices: 'choice', pick: 'choice', menu: 'choice',
  int: 'integer', number: 'integer', num: 'integer', numeric: 'integer', count: 'integer', whole: 'integer', float: 'integer', decimal: 'integer',
  list: 'textlist', array: 'textlist', bullets: 'textlist', bulletlist: 'textlist', stringlist: 'textlist', strings: 'textlist', lines: 'textlist',
  people: 'persons', personlist: 'persons', group: 'persons',
  contact: 'person', signer: 'person', signatory: 'person',
  datetime: 'date', day: 'date', timestamp: 'date', hour: 'time', clock: 'time',
};

/** The type a field's unknown type most likely means (`Yes/No` → boolean), if it is one this format has. */
function likelyFieldType(given: string, options: readonly string[]): string | undefined {
  const meant = fieldTypeSynonyms[given.toLowerCase().replace(/[^a-z]/g, '')];
  return meant !== undefined && options.includes(meant) ? meant : undefined;
}

/** The keys template.yaml cannot do without, in the order the format lists them. */
function listRequiredKeys(): string {
  const keys = Object.entries(packManifestSchema.shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([key]) => key);
  return `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`;
}

/** "must be …" for a value of the wrong type, saying what YAML read it as when that is the surprise. */
function describeExpected(expected: string, value: unknown, path: readonly PropertyKey[], written: WrittenText): string {
  const read = describeValue(value);
  switch (expected) {
    case 'string':
      // YAML reads 1.1 as a number and yes-like words only as true/false; quotes make either text. As written: 1.0 is
      // read as 1, and 1.10 as 1.1, which is not the version meant.
      if (path.length === 1 && path[0] === 'version' && typeof value === 'number') {
        const text = written(['version']) ?? String(value);
        return `${text} is read as a number: write it in quotes, "${toVersion(text)}"`;
      }
      if (typeof value === 'number' || typeof value === 'boolean') return `${String(value)} is read as ${read}: write it in quotes to make it text`;
      return `must be text, not ${read}`;
    case 'number':
    case 'int':
      // Every number in the format counts something (characters, people, minutes, months).
      if (typeof value === 'string') return `must be a whole number, not the text ${JSON.stringify(value)}`;
      if (typeof value === 'number') return `must be a whole number, not ${value}`;
      return `must be a whole number, not ${read}`;
    case 'boolean': {
      if (typeof value !== 'string') return `must be true or false, not ${read}`;
      // `required: no`, as an answers file takes it: YAML reads only true and false as a yes or no, and `no` as the word.
      const meant = readYesNo(value);
      return `must be true or false, not ${JSON.stringify(value)}${meant === undefined ? '' : `: write ${String(meant)}, without quotes`}`;
    }
    case 'array':
      return `must be a list (lines starting "- ", or [a, b]), not ${read}`;
    case 'object':
      return `must be a mapping of keys to values, not ${read}`;
    default:
      return `must be ${expected}, not ${read}`;
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return 'nothing';
}

/** 1.1 → "1.1.0", 2 → "2.0.0": the version the author most likely meant. */
function toVersion(text: string): string {
  const parts = text.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/** The keys template.yaml allows where an unknown one was found, for "did you mean". */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(packManifestSchema.shape);
  if (path[0] === 'signers') return Object.keys(signerSpecSchema.shape);
  if (path[0] === 'fields' && path.length === 2) return [...new Set(fieldSpecSchema.options.flatMap((option) => Object.keys(option.shape)))];
  return [];
}

/**
 * A value for a choice written as words: only a suggestion, so the file
 * names' transliteration (any-ascii, which every pack load would then load)
 * is not needed; a word it cannot spell in ASCII gets a placeholder.
 */
function suggestChoiceValue(words: string): string {
  return words.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'a-value';
}

/**
 * A key template.yaml does not know. In a field of a known type, it is judged
 * by that type's keys: `min` is a key of an integer field, and suggesting
 * "min" for the `min` of a textlist would send its author in a circle.
 */
function describeUnknownKey(key: string, path: readonly PropertyKey[], raw: unknown): string {
  const type = path[0] === 'fields' && path.length === 2 ? valueAt(raw, [...path, 'type']) : undefined;
  const spec = fieldSpecSchema.options.find((option) => option.shape.type.value === type);
  if (spec) {
    const keys = Object.keys(spec.shape);
    // A key the field already has is no answer: `minLength` beside `maxLength` would be renamed to a second maxLength.
    const written = valueAt(raw, path);
    const unwritten = keys.filter((known) => typeof written !== 'object' || written === null || !(known in written));
    const suggestion = suggest(key, unwritten);
    if (suggestion) return `is not a key of a ${String(type)} field (did you mean "${suggestion}"?)`;
    return `is not a key of a ${String(type)} field, whose keys are ${keys.join(', ')}`;
  }
  const suggestion = suggest(key, knownKeysAt(path));
  return `is not a known key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

/**
 * A default is filled in where an answer is left out, then validated as the
 * answer: one outside the field's own rules would fail every answers file
 * that relies on it, at a line of that file. So it is checked here, by the
 * schema the answers get, and reported at the default.
 */
function checkDefault(field: FieldSpec, path: string): Problem[] {
  if (!('default' in field) || field.default === undefined) return [];
  // A computed date is worked out from the answers; only its references can be checked here.
  if (field.type === 'date' && typeof field.default === 'object') return [];
  const parsed = buildFieldValueSchema(field).safeParse(field.default);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    path: [`${path}.default`, ...issue.path.map(String)].join('.'),
    message: `is not a valid answer to "${field.key}": ${issue.message}`,
  }));
}

/** The defaults of the fields that parse on their own, in a template.yaml that as a whole does not. */
function checkWellFormedParts(raw: unknown): Problem[] {
  const items = valueAt(raw, ['fields']);
  if (!Array.isArray(items)) return [];
  const fields: { field: FieldSpec; index: number }[] = [];
  // The keys of fields that do not parse: what names them cannot be judged yet, but it names a field.
  const unreadKeys = new Set<string>();
  items.forEach((item: unknown, index) => {
    const field = fieldSpecSchema.safeParse(item);
    if (field.success) fields.push({ field: field.data, index });
    else if (typeof valueAt(item, ['key']) === 'string') unreadKeys.add(valueAt(item, ['key']) as string);
  });
  const signers = signerSpecSchema.array().safeParse(valueAt(raw, ['signers']));
  const fileNameFrom = packManifestSchema.shape.fileNameFrom.safeParse(valueAt(raw, ['fileNameFrom']));
  return checkFieldReferences({
    fields,
    unreadKeys,
    signers: signers.success ? signers.data : [],
    fileNameFrom: fileNameFrom.success ? fileNameFrom.data : [],
  });
}

/** Bounds that contradict each other are the one problem of their field; no default could meet them. */
function contradictsItsBounds(field: FieldSpec): boolean {
  return field.type === 'integer' && field.min !== undefined && field.max !== undefined && field.min > field.max;
}

/** The field a problem's path is in (`fields.7.default` → 7), if it is in one. */
function fieldIndexOf(path: string): number | undefined {
  const match = /^fields\.(\d+)(\.|$)/.exec(path);
  return match ? Number(match[1]) : undefined;
}

/** Adds each of `added` after the problems of the fields before it, so the report still reads down the file. */
function insertInFieldOrder(problems: readonly Problem[], added: readonly Problem[]): Problem[] {
  const merged = [...problems];
  for (const problem of added) {
    const index = fieldIndexOf(problem.path) ?? Infinity;
    const before = merged.findLastIndex((other) => (fieldIndexOf(other.path) ?? Infinity) <= index);
    const after = merged.findIndex((other) => (fieldIndexOf(other.path) ?? -1) > index);
    merged.splice(before >= 0 ? before + 1 : after >= 0 ? after : merged.length, 0, problem);
  }
  return merged;
}

/**
 * Names an answers file or a template already gives a meaning to. A field of
 * that name could never be answered, or never be printed: the template's
 * context has these in place of the answer.
 */
const reservedKeys: Partial<Record<string, string>> = {
  template: 'an answers file\'s template: names the template, and {{template}} in a template is the pack (its name, title and version)',
  signers: '{{signers}} in a template is the list of who signs, made from signers: in template.yaml',
};

/** The kinds of answer a file can be named after (fileNameFrom): those answered with a line of text. */
const namingTypes: readonly FieldSpec['type'][] = ['text', 'longtext', 'choice', 'date', 'time'];

/** What checkFieldReferences checks: the fields (by their place in template.yaml) and what names them. */
interface ManifestParts {
  fields: readonly { field: FieldSpec; index: number }[];
  /** Keys of fields that did not parse, so are not in `fields`: a reference to one is not judged. */
  unreadKeys: ReadonlySet<string>;
  signers: readonly SignerSpec[];
  fileNameFrom: readonly string[];
}

function checkFieldReferences(manifest: ManifestParts): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map<string, FieldSpec>();
  const keys = manifest.fields.map(({ field }) => field.key);

  const reference = (path: string, key: string, types: readonly FieldSpec['type'][], what: string): void => {
    if (manifest.unreadKeys.has(key)) return;
    const target = byKey.get(key) ?? manifest.fields.find(({ field }) => field.key === key)?.field;
    if (!target) {
      const suggestion = suggest(key, keys);
      problems.push({ path, message: `names "${key}", which is not a field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` });
    } else if (!types.includes(target.type)) {
      problems.push({ path, message: `names "${key}", ${/^[aeiou]/.test(target.type) ? 'an' : 'a'} ${target.type} field; ${what}` });
    }
  };

  manifest.fields.forEach(({ field, index }) => {
    const path = `fields.${index}`;
    const reserved = reservedKeys[field.key.split('.')[0]!];
    if (reserved) problems.push({ path: `${path}.key`, message: `"${field.key}" cannot be a field's key: ${reserved}; give the field another key` });
    if (byKey.has(field.key)) problems.push({ path: `${path}.key`, message: `"${field.key}" is declared twice` });
    const clash = [...keys, ...manifest.unreadKeys].find((other) => other.startsWith(`${field.key}.`));
    if (clash) problems.push({ path: `${path}.key`, message: `"${field.key}" is both a field and the group of "${clash}"` });
    byKey.set(field.key, field);
  });

  manifest.fields.forEach(({ field, index }) => {
    const path = `fields.${index}`;
    if (field.when !== undefined) reference(`${path}.when`, field.when, ['boolean'], 'a condition must be a boolean field');
    if (field.type === 'date') {
      if (field.after !== undefined) reference(`${path}.after`, field.after, ['date'], '"after" must name a date field');
      if (typeof field.default === 'object') {
        reference(`${path}.default.from`, field.default.from, ['date'], 'a computed date starts from a date field');
        if (typeof field.default.addMonths === 'string') {
          reference(`${path}.default.addMonths`, field.default.addMonths, ['integer'], 'months must come from an integer field');
        }
      }
    }
    if (field.type === 'persons' && field.min > field.max) {
      problems.push({ path: `${path}.min`, message: `is more than max (${field.max})` });
    }
    if (field.type === 'integer' && contradictsItsBounds(field)) {
      problems.push({ path: `${path}.min`, message: `is more than max (${field.max})` });
    } else {
      problems.push(...checkDefault(field, path));
    }
  });

  // A signer names who signs: the author who wrote a role ("student") needs the fields that could sign, not
  // only a spelling near some other field (a date or a choice could never sign).
  const signerKinds: readonly FieldSpec['type'][] = ['person', 'persons'];
  const possibleSigners = manifest.fields.filter(({ field }) => signerKinds.includes(field.type)).map(({ field }) => field.key);
  manifest.signers.forEach((signer, index) => {
    const path = `signers.${index}.field`;
    if (byKey.has(signer.field) || manifest.unreadKeys.has(signer.field)) {
      reference(path, signer.field, signerKinds, 'a signer must be a person or a list of persons');
      return;
    }
    // `practiceEducator` for the field `educator`: a role written out in full is far in spelling from its short key.
    const written = signer.field.toLowerCase();
    const within = possibleSigners.filter((key) => written.includes(key.toLowerCase()) || key.toLowerCase().includes(written));
    const suggestion = suggest(signer.field, possibleSigners) ?? (within.length === 1 ? within[0] : undefined);
    const candidates =
      possibleSigners.length === 0
        ? 'no field is a person or persons yet: declare one under fields (type: person) and name its key here'
        : `a signer names a person or persons field: ${possibleSigners.join(', ')}`;
    problems.push({ path, message: `names "${signer.field}", which is not a field; ${candidates}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` });
  });
  // A file is named after a text answer: any other (a person whole, a number, a list) names no file, and every
  // agreement of a batch would then be told apart by a number only (one-to-one-2026-12-01-2.md).
  manifest.fileNameFrom.forEach((key, index) => {
    const path = `fileNameFrom.${index}`;
    if (key.endsWith('.name') && byKey.get(key.slice(0, -'.name'.length))?.type === 'person') return;
    if (manifest.unreadKeys.has(key) || (key.endsWith('.name') && manifest.unreadKeys.has(key.slice(0, -'.name'.length)))) return;
    const field = byKey.get(key);
    if (!field) {
      const suggestion = suggest(key, [...keys, ...manifest.fields.filter(({ field: candidate }) => candidate.type === 'person').map(({ field: person }) => `${person.key}.name`)]);
      problems.push({ path, message: `names "${key}", which is not a field${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` });
    } else if (field.type === 'person') {
      problems.push({ path, message: `names "${key}", a person: write ${key}.name, as a file is named after a person's name` });
    } else if (!namingTypes.includes(field.type)) {
      problems.push({ path, message: `names "${key}", ${/^[aeiou]/.test(field.type) ? 'an' : 'a'} ${field.type} field; a file is named after a text answer or a person's name, such as supervisee.name` });
    }
  });
  return problems;
}
