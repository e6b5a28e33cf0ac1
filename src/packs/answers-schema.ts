import { z } from 'zod';
import type { FieldSpec, PackManifest } from './pack-format.js';
import { explainStoredDate, explainTime, findForbiddenCharacters, formatUkLongDate, parseIsoDate, timePattern, timeProblem } from './field-values.js';
import { formatCount } from '../format-count.js';
import type { WrittenValue } from '../io/yaml-source.js';

/**
 * Derives the zod schema of a pack's answers from its field spec. The schema
 * is structural (types, bounds, unknown keys); rules that relate one answer
 * to another (conditions, "after" dates) live in `validate-answers.ts`.
 */

const missingOr =
  (otherwise: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : otherwise;

/*
 * A roster exported from a spreadsheet, or written by hand, gives numbers in
 * quotes and registration numbers without: YAML then reads the value as
 * another type than the field's, and "must be text" beside 118402 is no help
 * to someone who sees text. These say what was read and how to write it.
 */
const textProblem = (issue: { input?: unknown }): string => {
  const { input } = issue;
  if (input === undefined) return 'is required';
  if (typeof input === 'number') return numberForTextProblem(input);
  if (typeof input === 'boolean') return `must be text, but ${String(input)} is read as a yes/no answer: put it in quotes ("${String(input)}")`;
  return 'must be text';
};

/**
 * "Put it in quotes" must name what the file says, not what YAML made of it:
 * a registration number `012345` is read as 12345, and quoting "12345" as
 * told would drop its leading 0 from the agreement for good. The schema sees
 * only the number; where the file is at hand, restateAsWritten gives the
 * message the text as written.
 */
function numberForTextProblem(value: number, written?: string): string {
  if (written === undefined || written === String(value)) return `must be text, but ${String(value)} is read as a number: put it in quotes ("${String(value)}")`;
  return `must be text, but ${written} is read as the number ${String(value)}: put it in quotes ("${written}") to keep it as written`;
}

/**
 * A problem about a number where text belongs, saying the number as the file writes it. `written` is
 * asked only for such a problem: it may have to read the file again, with positions.
 */
export function restateAsWritten<P extends { message: string }>(problem: P, written: () => WrittenValue | undefined): P {
  if (!problem.message.startsWith('must be text, but ')) return problem;
  const value = written();
  if (value === undefined || typeof value.value !== 'number' || problem.message !== numberForTextProblem(value.value)) return problem;
  return { ...problem, message: numberForTextProblem(value.value, value.text) };
}

/**
 * Why a whole number is not one. `unit` is the field's (minutes, months), in which a number written with a
 * larger unit is said: "2 hours" is 120 minutes, and "write 2 hours as 2" would have made it two.
 */
const integerProblem = (unit: string | undefined) => (issue: { input?: unknown }): string => {
  const { input } = issue;
  if (input === undefined) return 'is required';
  if (typeof input === 'string' && /^\s*[+-]?\d+\s*$/.test(input)) {
    return `must be a whole number, but "${input}" is in quotes, so it is read as text: write it without the quotes`;
  }
  const wholeNumber = unit === undefined ? 'a whole number' : `a whole number of ${unit}`;
  const inFieldUnit = typeof input === 'string' ? readNumberWithUnit(input, unit) : undefined;
  if (inFieldUnit !== undefined) return `must be ${wholeNumber} alone: write ${showWritten(input as string)} as ${inFieldUnit}`;
  return `must be ${wholeNumber}`;
};

/**
 * `90 mins`, `6 months`, `1.5 hours`: a number with its unit, as a spreadsheet cell or a person writes it, as the
 * whole number of `unit` it stands for; undefined when that cannot be said for sure.
 */
export function readNumberWithUnit(text: string, unit: string | undefined): number | undefined {
  const withUnit = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z][A-Za-z. ]*?)\.?\s*$/.exec(text);
  return withUnit ? convertToUnit(Number(withUnit[1]), withUnit[2]!, unit) : undefined;
}

/** Units a number may be written with, each as so many of the one below it (an hour is 60 minutes). */
const unitWords: readonly { unit: string; words: RegExp; of?: { unit: string; times: number } }[] = [
  { unit: 'minutes', words: /^(?:m|mins?|minutes?)$/i },
  { unit: 'hours', words: /^(?:h|hrs?|hours?)$/i, of: { unit: 'minutes', times: 60 } },
  { unit: 'months', words: /^(?:mo|mths?|months?)$/i },
  { unit: 'years', words: /^(?:y|yrs?|years?)$/i, of: { unit: 'months', times: 12 } },
];

/**
 * `count` of `written` (a unit's word) in the field's `unit`, when it is a whole number of them: 2 hours as 120
 * minutes. Undefined when it cannot be said for sure (an unknown word, a unit that is not the field's); a field
 * with no unit takes the number as it is, its word being the field's own.
 */
function convertToUnit(count: number, written: string, unit: string | undefined): number | undefined {
  const known = unitWords.find((candidate) => candidate.words.test(written.trim()));
  let inUnit: number | undefined;
  if (unit === undefined || known?.unit === unit) inUnit = count;
  else if (known?.of?.unit === unit) inUnit = count * known.of.times;
  return inUnit !== undefined && Number.isInteger(inUnit) ? inUnit : undefined;
}

/** A value as written, in quotes when spaces around it are what is wrong with it. */
const showWritten = (value: string): string => (value.trim() === value ? value : JSON.stringify(value));

const dateProblem = 'must be a date as YYYY-MM-DD, e.g. 2026-12-01';

/**
 * A roster exported from a spreadsheet (as JSON, or pasted) gives a date cell
 * as the spreadsheet's day number, 46357 for 1 December 2026: "must be a
 * date" beside it leaves its reader to work out which date that is.
 */
const dateTypeProblem = (issue: { input?: unknown }): string => {
  const { input } = issue;
  if (input === undefined) return 'is required';
  const meant = typeof input === 'number' ? spreadsheetDayToIsoDate(input) : undefined;
  if (meant === undefined) return dateProblem;
  return `must be a date as YYYY-MM-DD, but ${String(input)} is a number: if it is a spreadsheet's day number, that is ${formatUkLongDate(meant)}, written ${meant} (format the column as text before exporting)`;
};

/** Spreadsheets count days from 30 December 1899 (1 is 1 January 1900, past their leap day that never was): years 1990 to 2100 only. */
function spreadsheetDayToIsoDate(day: number): string | undefined {
  if (!Number.isInteger(day) || day < 32874 || day > 73415) return undefined;
  return new Date(Date.UTC(1899, 11, 30) + day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A time YAML read as a number: `14.00` (read as 14) or `1400`. What it
 * stands for is said, with why it was not read as a time.
 */
function describeTimeTypeProblem(input: unknown): string {
  if (typeof input !== 'number' || !Number.isInteger(input)) return missingOr(timeProblem)({ input });
  // An hour alone (14, as 14.00 is read), or hours and minutes run together (1400, 930).
  const [hour, minute] = input >= 0 && input <= 23 ? [input, 0] : input >= 100 ? [Math.floor(input / 100), input % 100] : [-1, -1];
  // No such hour or minute (`time: 25`, `time: 2400`): which, as for a time written as text.
  if (hour < 0 || hour > 23 || minute > 59) return explainTime(String(input));
  const meant = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return `must be a 24-hour time as HH:MM, but ${input} is read as a number${input <= 23 ? ` (so is ${input}.00)` : ''}: write ${meant}`;
}

/**
 * A choice written another way than its value: `Monthly`, or its label as the
 * agreement prints it (`every four weeks`), as a spreadsheet column holds it.
 * The value it stands for is said.
 */
function describeChoiceProblem(input: unknown, choices: readonly { value: string; label: string }[]): string {
  if (input === undefined) return 'is required';
  const listed = `must be one of: ${choices.map((choice) => choice.value).join(', ')}`;
  if (typeof input !== 'string') return listed;
  const wanted = input.trim().toLowerCase();
  const meant = choices.find((choice) => choice.value.toLowerCase() === wanted || choice.label.toLowerCase() === wanted);
  return meant ? `${listed}: write ${showWritten(input)} as ${meant.value}` : listed;
}

/**
 * A limit's message saying how far past it the answer is: "must be at most
 * 200 characters (it has 259)". A paragraph pasted into a name, or a roster
 * listing a whole team as one group, is then cut knowing by how much.
 */
function pastLimit(limit: string, input: unknown, count: (length: number) => string): string {
  return typeof input === 'string' || Array.isArray(input) ? `${limit} (${count(input.length)})` : limit;
}

function textSchema(options: { maxLength: number; required: boolean; multiline: boolean }) {
  let schema = z.string({ error: textProblem }).trim();
  if (options.required) schema = schema.min(1, 'must not be empty');
  const tooLong = `must be at most ${formatCount(options.maxLength)} character${options.maxLength === 1 ? '' : 's'}`;
  return schema.max(options.maxLength, { error: (issue) => pastLimit(tooLong, issue.input, (length) => `it has ${formatCount(length)}`) }).superRefine((value, context) => {
    const problem = findForbiddenCharacters(value, options.multiline);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}

const emailProblem = 'must be an email address such as name@example.org';

/**
 * Why an email address is not one. A comma is the likeliest slip beside the full stop (`a@b,org`), and an
 * address has none: said so, with the address it would be with a full stop, where that is one. An address cut
 * short after its domain's name (`jo@mapleschool`) looks whole to whoever typed it: the ending missing is said.
 */
function explainEmail(input: unknown): string {
  if (typeof input !== 'string') return emailProblem;
  if (!input.includes(',')) {
    const domain = /^[^@]+@([^@.]+)$/.exec(input.trim())?.[1];
    return domain !== undefined && z.regexes.email.test(`${input.trim()}.org`) ? `${emailProblem}: the part after the @ ("${domain}") has no ending, such as .org.uk or .com` : emailProblem;
  }
  const withDots = input.trim().replaceAll(',', '.');
  return z.regexes.email.test(withDots) ? `${emailProblem}, with no comma: did you mean ${withDots}?` : `${emailProblem}, with no comma`;
}

/**
 * `{ email: a@b,org }`: inside { … } a comma starts a new field, so YAML reads the address `a@b` and a field
 * `org` with no value. The address it stands for, when `key` (the field read) is the rest of one; else undefined.
 */
export function explainEmailSplitByComma(email: unknown, key: string): string | undefined {
  if (typeof email !== 'string' || !/^[A-Za-z0-9.-]+$/.test(key)) return undefined;
  const meant = `${email.trim()},${key}`.replaceAll(',', '.');
  if (!z.regexes.email.test(meant)) return undefined;
  return `${emailProblem}: inside { … } a comma starts a new field, so "${key}" was read as one; did you mean ${meant}?`;
}

/** The start of what a person written as a bare name is told, so that `--set` can say its own way of writing it. */
export const personNameOnlyProblem = 'must be a person, not a name alone';

function buildPersonSchema() {
  const optionalText = textSchema({ maxLength: 200, required: false, multiline: false }).optional();
  return z.strictObject(
    {
      name: textSchema({ maxLength: 200, required: true, multiline: false }),
      role: optionalText,
      // Trimmed first, as every other answer is (and as the interview reads it): "name@example.org " from an
      // answers file or a --set is the address, not a wrong one. The check is the same email format, so the
      // JSON Schema still tells editors it is one.
      email: z
        .string({ error: missingOr(emailProblem) })
        .trim()
        .check(z.email({ error: (issue) => explainEmail(issue.input) }))
        .max(254)
        .optional(),
      registration: z
        .strictObject({
          body: textSchema({ maxLength: 200, required: true, multiline: false }).describe(
            'Registering body, e.g. Social Work England',
          ),
          number: textSchema({ maxLength: 50, required: true, multiline: false }),
        }, { error: missingOr('must be given as its body and its number (in a file, registration: { body: Social Work England, number: SW104233 })') })
        .optional(),
    },
    { error: (issue) => describePersonTypeProblem(issue.input) },
  );
}

/**
 * A person written as the name alone (`supervisor: Priya Shah`, a roster's
 * most likely slip, or `members: [Ana Silva, Li Wei]`): the name is said
 * back in the form a person takes, so it can be copied.
 */
function describePersonTypeProblem(input: unknown): string {
  if (input === undefined) return 'is required';
  if (typeof input === 'string' && input.trim() !== '' && !input.includes('\n')) {
    return `${personNameOnlyProblem}: put the name under "name" ({ name: ${writeName(input.trim())} })`;
  }
  return 'must be a person, given with at least a name ({ name: Priya Shah })';
}

/** People written as their names in one line of text (`members: Ana Silva, Li Wei`): said back as the list they stand for. */
function describePersonsTypeProblem(input: unknown): string {
  if (input === undefined) return 'is required';
  const names = typeof input === 'string' && !input.includes('\n') ? input.split(/[,;]/).map((name) => name.trim()).filter((name) => name !== '') : [];
  // Only what reads as names is said back: `members: 3` (a count, not the people) is not made into `{ name: 3 }`.
  if (names.length === 0 || !names.every((name) => /\p{L}/u.test(name))) return 'must be a list of people';
  return `must be a list of people, each with the name under "name" ([${names.map((name) => `{ name: ${writeName(name)} }`).join(', ')}])`;
}

/**
 * A list of text given as one text: the commonest form of it a block of lines
 * (`goals: |`), as a long text is written, where a list's items each start
 * with "- ". Said how to write it, as "must be a list" alone does not.
 */
function describeTextListTypeProblem(input: unknown): string {
  if (input === undefined) return 'is required';
  if (typeof input !== 'string') return 'must be a list of text';
  return 'must be a list of text, not one text: in a file, write each item on a line of its own starting "- ", indented under the key';
}

/** A name as YAML reads it back: as it is, or in quotes when a character in it means something to YAML. */
function writeName(name: string): string {
  return /^[\w .'’-]+$/u.test(name) ? name : JSON.stringify(name);
}

/** The schema of one field's value, before deciding whether it may be left out. */
export function buildFieldValueSchema(field: FieldSpec): z.ZodType {
  switch (field.type) {
    case 'text':
      return textSchema({ maxLength: field.maxLength, required: true, multiline: false });
    case 'longtext':
      return textSchema({ maxLength: field.maxLength, required: true, multiline: true });
    case 'person':
      return buildPersonSchema();
    case 'persons': {
      const noun = field.itemLabel.toLowerCase();
      return z
        .array(buildPersonSchema(), { error: (issue) => describePersonsTypeProblem(issue.input) })
        .min(field.min, `needs at least ${formatCount(field.min)} ${noun}${field.min === 1 ? '' : 's'}`)
        .max(field.max, { error: (issue) => pastLimit(`allows at most ${formatCount(field.max)} ${noun}${field.max === 1 ? '' : 's'}`, issue.input, (length) => `${formatCount(length)} are given`) });
    }
    case 'date':
      return z
        .string({ error: dateTypeProblem })
        .superRefine((value, context) => {
          if (parseIsoDate(value) === undefined) context.addIssue({ code: 'custom', message: explainStoredDate(value) });
        });
    case 'time':
      // `.regex`, not a refinement: the JSON Schema (`supervise schema`) carries its pattern.
      return z
        .string({ error: (issue) => describeTimeTypeProblem(issue.input) })
        .regex(timePattern, { error: (issue) => (typeof issue.input === 'string' ? explainTime(issue.input) : timeProblem) });
    case 'integer': {
      let schema = z.number({ error: integerProblem(field.unit) }).int(field.unit === undefined ? 'must be a whole number' : `must be a whole number of ${field.unit}`);
      if (field.min !== undefined) schema = schema.min(field.min, `must be at least ${field.min}`);
      if (field.max !== undefined) schema = schema.max(field.max, `must be at most ${field.max}`);
      return schema;
    }
    case 'choice': {
      const values = field.choices.map((choice) => choice.value);
      return z.enum(values as [string, ...string[]], { error: (issue) => describeChoiceProblem(issue.input, field.choices) });
    }
    case 'boolean':
      return z.boolean({ error: missingOr('must be yes or no (or true or false)') });
    case 'textlist': {
      const list = z
        .array(textSchema({ maxLength: field.maxLength, required: true, multiline: false }), {
          error: (issue) => describeTextListTypeProblem(issue.input),
        })
        .max(field.maxItems, { error: (issue) => pastLimit(`allows at most ${formatCount(field.maxItems)} item${field.maxItems === 1 ? '' : 's'}`, issue.input, (length) => `${formatCount(length)} are given`) });
      // A required list left empty would drop its section from the agreement without a word.
      return field.required ? list.min(1, 'must have at least one item') : list;
    }
  }
}

/**
 * A field may be absent from the structural schema when it is optional, has
 * a default (filled in before validation) or depends on a condition (checked
 * after it).
 */
export function isStructurallyOptional(field: FieldSpec): boolean {
  return !field.required || field.when !== undefined || ('default' in field && field.default !== undefined);
}

/** Dotted field keys as a tree: `schedule.time` is field `time` in group `schedule`. */
export interface FieldTree {
  fields: Map<string, FieldSpec>;
  groups: Map<string, FieldTree>;
}

export function buildFieldTree(fields: readonly FieldSpec[]): FieldTree {
  const root: FieldTree = { fields: new Map(), groups: new Map() };
  for (const field of fields) {
    const parts = field.key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let child = node.groups.get(part);
      if (!child) {
        child = { fields: new Map(), groups: new Map() };
        node.groups.set(part, child);
      }
      node = child;
    }
    node.fields.set(parts[parts.length - 1]!, field);
  }
  return root;
}

function treeToSchema(tree: FieldTree, extra: Record<string, z.ZodType> = {}, groupKey = ''): z.ZodType {
  const shape: Record<string, z.ZodType> = { ...extra };
  for (const [name, field] of tree.fields) {
    let schema = buildFieldValueSchema(field);
    if (field.help) schema = schema.describe(`${field.label}. ${field.help}`);
    else schema = schema.describe(field.label);
    shape[name] = isStructurallyOptional(field) ? schema.optional() : schema;
  }
  for (const [name, group] of tree.groups) {
    // A missing group becomes {}, so each required field inside it is
    // reported by name rather than the group as a whole.
    const key = groupKey === '' ? name : `${groupKey}.${name}`;
    shape[name] = z.preprocess((value) => (value === undefined ? {} : value), treeToSchema(group, {}, key));
  }
  return z.strictObject(shape, { error: missingOr(groupKey === '' ? answersShapeProblem : describeGroupGivenOneValue(tree, groupKey)) });
}

/** Answers as a whole given as something else: what they look like, as a reader of YAML jargon would not know "mapping". */
export const answersShapeProblem = "must be answers, one to a line, each a field's key and its answer (agency: Northshire County Council)";

/**
 * A group of answers (`schedule`) given a value of its own (`schedule: monthly`): the keys it holds, so that
 * what was meant can be written under one of them.
 */
function describeGroupGivenOneValue(tree: FieldTree, groupKey: string): string {
  const keys = [...tree.fields.keys(), ...tree.groups.keys()].map((name) => `${groupKey}.${name}`);
  const named = keys.length > 2 ? `${keys.slice(0, 2).join(', ')}…` : keys.join(' and ');
  return `holds answers, not a value of its own: give ${named} (in a file, each indented under ${groupKey.split('.').pop() ?? groupKey}:)`;
}

/** The structural schema of one pack's answers (also one roster entry of that pack). */
export function buildAnswersSchema(manifest: PackManifest): z.ZodType {
  return treeToSchema(buildFieldTree(manifest.fields), {
    template: z.literal(manifest.name, { error: `must be "${manifest.name}", the template these answers are used with` }).optional().describe('The template these answers are for'),
  });
}

/** The keys allowed at a dotted object path, for "did you mean" suggestions. */
export function listKeysAt(manifest: PackManifest, objectPath: string): string[] {
  const depth = objectPath === '' ? 0 : objectPath.split('.').length;
  const prefix = objectPath === '' ? '' : `${objectPath}.`;
  const keys = new Set<string>(depth === 0 ? ['template'] : []);
  for (const field of manifest.fields) {
    if (field.key.startsWith(prefix)) {
      const next = field.key.split('.')[depth];
      if (next) keys.add(next);
    }
    if (field.type === 'person' || field.type === 'persons') {
      const personPrefix = field.key;
      if (objectPath === personPrefix || new RegExp(`^${personPrefix.replace(/\./g, '\\.')}\\.\\d+$`).test(objectPath)) {
        for (const key of ['name', 'role', 'email', 'registration']) keys.add(key);
      }
      if (objectPath.startsWith(personPrefix) && objectPath.endsWith('.registration')) {
        keys.add('body');
        keys.add('number');
      }
    }
  }
  return [...keys];
}
