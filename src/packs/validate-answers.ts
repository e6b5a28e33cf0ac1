import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { Problem } from '../errors.js';
import { answersShapeProblem, buildAnswersSchema, explainEmailSplitByComma, listKeysAt } from './answers-schema.js';
import { addMonths, formatUkLongDate, parseIsoDate, readYesNo } from './field-values.js';
import { cloneAnswers, deletePath, getPath, isPlainObject, setPath, type PlainObject } from './object-paths.js';
import type { FieldSpec, PackManifest } from './pack-format.js';
import { findServiceUserData } from './service-user-data.js';
import { formatCount } from '../format-count.js';

/** Answers that passed validation: plain nested objects keyed by field key. */
export type Answers = PlainObject;

export type AnswersResult =
  | { ok: true; answers: Answers; warnings: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[] };

const schemaCache = new WeakMap<PackManifest, z.ZodType>();

function answersSchemaFor(manifest: PackManifest): z.ZodType {
  let schema = schemaCache.get(manifest);
  if (!schema) {
    schema = buildAnswersSchema(manifest);
    schemaCache.set(manifest, schema);
  }
  return schema;
}

export interface ValidateOptions {
  /**
   * How a message names another field it depends on: "must be after
   * startDate", "when contractedOut is yes". By its key, as answers files and
   * rosters are written; the interview names it by its question instead.
   */
  nameField?: ((key: string) => string) | undefined;
}

/**
 * zod checks a list's length even when the value is not a list: a line of
 * names given for a list of people (`members: Ana Silva, Li Wei, …`) would
 * be told both that it must be a list and "allows at most 30 members (119
 * are given)", counting its characters. The length of a value of the wrong
 * type is no problem of its own.
 */
function withoutLengthOfWrongType(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const wrongType = new Set(issues.filter((issue) => issue.code === 'invalid_type').map((issue) => issue.path.join('\0')));
  return issues.filter((issue) => !((issue.code === 'too_big' || issue.code === 'too_small') && wrongType.has(issue.path.join('\0'))));
}

/**
 * Validates raw answers (parsed YAML/JSON, `--set` values, prompt results)
 * against a pack: fills defaults, checks types and bounds, conditions and
 * cross-field rules, and reports every problem at once by dotted path.
 */
export function validateAnswers(manifest: PackManifest, input: unknown, options: ValidateOptions = {}): AnswersResult {
  const nameField = options.nameField ?? ((key: string): string => key);
  const warnings: Problem[] = [];
  if (input !== undefined && input !== null && !isPlainObject(input)) {
    return { ok: false, problems: [{ path: '', message: answersShapeProblem }], warnings };
  }
  const draft: PlainObject = isPlainObject(input) ? cloneAnswers(input) : {};
  readYesNoAnswers(manifest, draft);
  applyDefaults(manifest, draft);

  const parsed = answersSchemaFor(manifest).safeParse(draft);
  const problems: Problem[] = parsed.success ? [] : joinEmailsSplitByComma(withoutLengthOfWrongType(parsed.error.issues).flatMap((issue) => toProblems(manifest, issue, draft)), draft);
  const answers = parsed.success ? (parsed.data as PlainObject) : draft;

  problems.push(...checkConditions(manifest, answers, nameField));
  problems.push(...checkDateOrder(manifest, answers, nameField));
  warnings.push(...checkRecommendedSizes(manifest, answers));

  if (problems.length > 0) return { ok: false, problems: sortProblems(manifest, problems), warnings };
  for (const field of manifest.fields) {
    if (field.when === undefined || getPath(answers, field.when) === true) continue;
    // Given, but not part of this agreement: said, so that it is not thought to be in it.
    const given = getPath(answers, field.key);
    if (given !== undefined && given !== '') {
      warnings.push({ path: field.key, severity: 'warning', message: `is left out of the agreement: it is asked only when ${nameField(field.when)} is yes` });
    }
    deletePath(answers, field.key);
  }
  warnings.push(...findServiceUserData(answers));
  warnings.push(...findRepeatedPeople(manifest, answers));
  warnings.push(...findReviewOutOfStep(manifest, answers));
  return { ok: true, answers, warnings };
}

/**
 * `{ email: a@b,org }` is read as the address `a@b` and a field `org` with no value: two problems that are one
 * slip, said once, at the address, with the address meant (explainEmailSplitByComma).
 */
function joinEmailsSplitByComma(problems: readonly Problem[], draft: PlainObject): Problem[] {
  const joined = new Set<Problem>();
  const said = problems.map((problem) => {
    if (!problem.path.endsWith('.email')) return problem;
    const ownerPath = problem.path.slice(0, -'.email'.length);
    const owner = getPath(draft, ownerPath);
    if (!isPlainObject(owner)) return problem;
    // The field read may have a dot in it (`a@example,org.uk`), which a path cannot be split at to find it.
    const stray = problems.find((other) => {
      const key = other.path.slice(ownerPath.length + 1);
      return other.path === `${ownerPath}.${key}` && key !== 'email' && Object.hasOwn(owner, key) && hasNoValue(owner[key]);
    });
    const message = stray && explainEmailSplitByComma(owner.email, stray.path.slice(ownerPath.length + 1));
    if (stray === undefined || message === undefined) return problem;
    joined.add(stray);
    return { ...problem, message };
  });
  return said.filter((problem) => !joined.has(problem));
}

/** A key given no value: YAML's null, which the answers being validated hold as undefined. */
function hasNoValue(value: unknown): boolean {
  return value === undefined || value === null;
}

/**
 * The same name for two of the people an agreement is between (the
 * supervisor typed again as the supervisee, a member listed twice) is most
 * likely a slip, and an agreement with it cannot be signed as meant. A
 * warning, not an error: two colleagues can share a name.
 */
function findRepeatedPeople(manifest: PackManifest, answers: PlainObject): Problem[] {
  const seen = new Map<string, string>();
  const warnings: Problem[] = [];
  const note = (path: string, description: string, person: unknown, itself = ''): void => {
    const name = isPlainObject(person) && typeof person.name === 'string' ? person.name : undefined;
    if (name === undefined) return;
    // toLowerCase, not toLocaleLowerCase('en-GB'): the same for English (every code point checked), and ~5× quicker per name.
    const key = name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, description);
    else warnings.push({ path, severity: 'warning', message: `${itself}names the same person as ${earlier} (${name}); check that both are meant` });
  };
  for (const field of manifest.fields) {
    if (field.type !== 'person' && field.type !== 'persons') continue;
    const value = getPath(answers, field.key);
    if (field.type === 'person') note(field.key, `the ${field.label.toLowerCase()}`, value);
    if (field.type === 'persons' && Array.isArray(value)) {
      // The path counts from 0, as every path does; the message names the person as a reader counts them.
      value.forEach((person, index) => {
        const label = `${field.itemLabel.toLowerCase()} ${index + 1}`;
        note(`${field.key}.${index}`, label, person, `${label.charAt(0).toUpperCase()}${label.slice(1)} `);
      });
    }
  }
  return warnings;
}

/**
 * A first review given far from what the review interval says (2 January
 * for a start on 1 January, reviewed every 6 months) is most likely a slip:
 * the date typed for the start, or the year of the next one. Warned about
 * when it is less than a month after the start, or less than half the
 * interval (rounded down), or more than a month later than the interval: an
 * early first review of a new agreement is often meant, a review put off is
 * not. A warning, not an error. Any date worked out as months after another
 * (`default: { from, addMonths }`) is a review date to the built-in packs.
 */
function findReviewOutOfStep(manifest: PackManifest, answers: PlainObject): Problem[] {
  const warnings: Problem[] = [];
  for (const field of manifest.fields) {
    if (field.type !== 'date' || typeof field.default !== 'object') continue;
    const review = getPath(answers, field.key);
    const start = getPath(answers, field.default.from);
    const months = typeof field.default.addMonths === 'number' ? field.default.addMonths : getPath(answers, field.default.addMonths);
    if (typeof review !== 'string' || typeof start !== 'string' || typeof months !== 'number' || !Number.isInteger(months) || months < 1) continue;
    const earliest = addMonths(start, Math.max(1, Math.floor(months / 2)));
    const latest = addMonths(start, months + 1);
    if (earliest === undefined || latest === undefined || !parseIsoDate(review)) continue;
    if (review >= earliest && review <= latest) continue;
    // Before or on the start only in a pack without `after`, which lets such a date through.
    const gap = review > start ? `${describeGap(start, review)} after the start` : review < start ? `${describeGap(review, start)} before the start` : 'the start date itself';
    warnings.push({
      path: field.key,
      severity: 'warning',
      message: `is ${formatUkLongDate(review)}, ${gap}, though the agreement is reviewed every ${months} month${months === 1 ? '' : 's'}; check that this date is meant`,
    });
  }
  return warnings;
}

/** How long after `from` a later date is, in words: "one day", "12 days", "2 months", "14 months and 3 days". */
function describeGap(from: string, to: string): string {
  let months = 0;
  for (let next = addMonths(from, 1); next !== undefined && next <= to; next = addMonths(from, months + 1)) months += 1;
  const reached = addMonths(from, months) ?? from;
  const day = (iso: string): number => {
    const date = parseIsoDate(iso);
    return date ? Date.UTC(date.year, date.month - 1, date.day) / 86_400_000 : 0;
  };
  const days = Math.round(day(to) - day(reached));
  const dayWords = days === 1 ? 'one day' : `${days} days`;
  if (months === 0) return dayWords;
  const monthWords = months === 1 ? 'one month' : `${months} months`;
  return days === 0 ? monthWords : `${monthWords} and ${dayWords}`;
}

/**
 * `contractedOut: yes` in a YAML file is text to YAML 1.2; it is read as the
 * yes it plainly means (before conditions look at it), as `--set` reads it.
 */
function readYesNoAnswers(manifest: PackManifest, draft: PlainObject): void {
  for (const field of manifest.fields) {
    if (field.type !== 'boolean') continue;
    const value = getPath(draft, field.key);
    const answer = typeof value === 'string' ? readYesNo(value) : undefined;
    if (answer !== undefined) setPath(draft, field.key, answer);
  }
}

/** Fills static defaults and dates computed from other answers, where no answer was given. */
export function applyDefaults(manifest: PackManifest, draft: PlainObject): void {
  for (const field of manifest.fields) {
    if (!('default' in field) || field.default === undefined) continue;
    if (getPath(draft, field.key) !== undefined) continue;
    if (field.when !== undefined && getPath(draft, field.when) !== true) continue;
    const value = resolveDefault(field, draft);
    if (value !== undefined) setPath(draft, field.key, structuredClone(value));
  }
}

/** The default a field would take given the answers so far (undefined if none can be worked out yet). */
export function resolveDefault(field: FieldSpec, answers: PlainObject): unknown {
  if (!('default' in field) || field.default === undefined) return undefined;
  if (field.type === 'date' && typeof field.default === 'object') {
    const from = getPath(answers, field.default.from);
    const months =
      typeof field.default.addMonths === 'number' ? field.default.addMonths : getPath(answers, field.default.addMonths);
    if (typeof from !== 'string' || typeof months !== 'number' || !Number.isInteger(months)) return undefined;
    return addMonths(from, months);
  }
  return field.default;
}

function toProblems(manifest: PackManifest, issue: z.core.$ZodIssue, draft: PlainObject): Problem[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const suggestion = suggestFieldMeant(manifest, key, path, draft);
      const keyPath = path ? `${path}.${key}` : key;
      const explained = explainStrayPersonKey(manifest, key, path, draft) ?? explainUnknownKey(key, getPath(draft, keyPath), path, suggestion);
      return { path: keyPath, message: `is not a field of this template${explained}` };
    });
  }
  // zod checks a list's bounds on anything with a length: "3" given for a group's members was said to need "at
  // least 2 members" as well as to be a list, which reads as though three were too few. Its type is the problem.
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'string' && isListField(manifest, path)) return [];
  return [{ path, message: `${issue.message}${explainCurlyQuotes(getPath(draft, path))}` }];
}

/**
 * The field an unknown key most likely means. A person under a name the pack
 * no longer has (`supervisee:` in a copy of one-to-one whose field became
 * `student`) means the one person still unanswered there, however it is
 * spelt; and the nearest spelling is no answer when it is a person already
 * given ("did you mean "supervisor"?" would have it written twice).
 */
function suggestFieldMeant(manifest: PackManifest, key: string, path: string, draft: PlainObject): string | undefined {
  const prefix = path ? `${path}.` : '';
  const people = manifest.fields.filter((field) => field.type === 'person' && field.key.startsWith(prefix) && !field.key.slice(prefix.length).includes('.'));
  const answered = (field: FieldSpec): boolean => getPath(draft, field.key) !== undefined;
  const value = getPath(draft, `${prefix}${key}`);
  if (isPlainObject(value) && typeof value.name === 'string') {
    const unanswered = people.filter((field) => !answered(field));
    if (unanswered.length === 1) return unanswered[0]!.key.slice(prefix.length);
  }
  const suggestion = suggest(key, listKeysAt(manifest, path));
  const person = people.find((field) => field.key === `${prefix}${suggestion}`);
  return person && answered(person) ? undefined : suggestion;
}

/**
 * A value a word processor or spreadsheet wrapped in curly quotes (`time: “14:00”`) is text with those
 * quotes in it to YAML, so "must be a 24-hour time as HH:MM, e.g. 14:00" beside what reads as 14:00 would
 * leave the user looking for what is wrong. Said when the value is refused; empty otherwise.
 */
function explainCurlyQuotes(value: unknown): string {
  if (typeof value !== 'string') return '';
  const quoted = /^\s*[“‘„‚«]([^]*)[”’“‘»]\s*$/u.exec(value);
  if (!quoted) return '';
  return ` (${value.trim()} is in curly quotes, which YAML keeps as part of the text: write it in straight quotes, "${quoted[1]!.replaceAll('"', '\\"')}", or none)`;
}

function isListField(manifest: PackManifest, key: string): boolean {
  return manifest.fields.some((field) => field.key === key && (field.type === 'persons' || field.type === 'textlist'));
}

/**
 * Why a key that is not a field may be there: a typo (the whole path of the
 * field meant, as --set would name it), a path written as one dotted key (as
 * a spreadsheet's column headings give them), a YAML merge key, or, for a key with
 * no value and a space in it, the second half of an answer with a comma in it
 * (`{ venue: Room 1, Family Centre }` reads "Family Centre" as a key).
 */
function explainUnknownKey(key: string, value: unknown, parent: string, suggestion: string | undefined): string {
  const [head, ...rest] = key.split('.');
  if (rest.length > 0 && suggestion === head) {
    return `: a key with a dot is not read as a path in a file, as --set reads one; write it nested, "${head}:" with "${rest.join('.')}:" indented under it (or ${head}: { ${rest.join('.')}: … })`;
  }
  if (suggestion) return ` (did you mean "${parent ? `${parent}.` : ''}${suggestion}"?)`;
  if (key === '<<') return ': YAML merge keys (<<) are not read; write the answers out, or in a roster put what entries share under `defaults`';
  if ((value === null || value === undefined) && /\s/.test(key.trim())) {
    return '; if it is the end of the answer before it, put that whole answer in quotes (e.g. "Room 1, Family Centre"): inside { … } a comma starts a new field';
  }
  return '';
}

const personKeys = new Set(['name', 'role', 'email', 'registration']);

/**
 * `supervisee:` with `name: Tom Evans` below it at the same indent (a
 * hand-edited roster's commonest slip) leaves the person empty and reads the
 * name as a field of the agreement itself: say where it belongs. Said only
 * when exactly one person at that level has no answer, so it names the right one.
 */
function explainStrayPersonKey(manifest: PackManifest, key: string, parent: string, draft: PlainObject): string | undefined {
  if (!personKeys.has(key)) return undefined;
  const prefix = parent ? `${parent}.` : '';
  const empty = manifest.fields.filter((field) => {
    if (field.type !== 'person' || !field.key.startsWith(prefix) || field.key.slice(prefix.length).includes('.')) return false;
    const value = getPath(draft, field.key);
    return value === undefined || value === null;
  });
  const [person] = empty;
  if (!person || empty.length > 1) return undefined;
  const name = person.key.slice(prefix.length);
  return `; if it is part of ${name}, which has no answer, indent it under \`${name}:\`, two spaces further in`;
}

/** The closest known name, when it is close enough to be a plausible typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

function checkConditions(manifest: PackManifest, answers: PlainObject, nameField: (key: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const field of manifest.fields) {
    if (field.when === undefined || !field.required) continue;
    if (getPath(answers, field.when) !== true) continue;
    const value = getPath(answers, field.key);
    if (value === undefined || value === '') {
      problems.push({ path: field.key, message: `is required when ${nameField(field.when)} is yes` });
    }
  }
  return problems;
}

function checkDateOrder(manifest: PackManifest, answers: PlainObject, nameField: (key: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const field of manifest.fields) {
    if (field.type !== 'date' || field.after === undefined) continue;
    const value = getPath(answers, field.key);
    const earlier = getPath(answers, field.after);
    if (typeof value !== 'string' || typeof earlier !== 'string') continue;
    if (!parseIsoDate(value) || !parseIsoDate(earlier)) continue;
    if (value <= earlier) {
      problems.push({
        path: field.key,
        message: `must be after ${nameField(field.after)} (${formatUkLongDate(earlier)}), but is ${formatUkLongDate(value)}`,
      });
    }
  }
  return problems;
}

function checkRecommendedSizes(manifest: PackManifest, answers: PlainObject): Problem[] {
  const warnings: Problem[] = [];
  for (const field of manifest.fields) {
    if (field.type !== 'persons' || !field.recommended) continue;
    const value = getPath(answers, field.key);
    if (!Array.isArray(value)) continue;
    const { min, max } = field.recommended;
    if (value.length < min || value.length > max) {
      warnings.push({
        path: field.key,
        severity: 'warning',
        message: `has ${formatCount(value.length)} ${field.itemLabel.toLowerCase()}s; ${formatCount(min)} to ${formatCount(max)} is recommended`,
      });
    }
  }
  return warnings;
}

/** Problems in the order the pack asks its fields, so a list reads like the form. */
function sortProblems(manifest: PackManifest, problems: Problem[]): Problem[] {
  const order = (path: string): number => {
    const index = manifest.fields.findIndex((field) => path === field.key || path.startsWith(`${field.key}.`));
    return index === -1 ? manifest.fields.length : index;
  };
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => order(a.problem.path) - order(b.problem.path) || a.index - b.index)
    .map(({ problem }) => problem);
}
