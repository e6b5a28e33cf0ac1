import { wrapAnsi } from 'fast-wrap-ansi';
import { formatUkLongDate } from '../packs/field-values.js';
import { getPath, isPlainObject, type PlainObject } from '../packs/object-paths.js';
import type { FieldSpec, PackManifest } from '../packs/pack-format.js';
import { paragraphMark } from './prompts.js';

/**
 * Answers in words, as the review screen shows them: dates in UK long form,
 * choices by their label, people as "name (role, email)".
 */

export function describePerson(value: unknown): string {
  if (!isPlainObject(value)) return String(value);
  const name = typeof value.name === 'string' ? value.name : '(no name)';
  const details = [value.role, value.email].filter((part): part is string => typeof part === 'string' && part !== '');
  const registration = value.registration;
  if (isPlainObject(registration) && typeof registration.body === 'string') {
    details.push(`${registration.body} ${String(registration.number ?? '')}`.trim());
  }
  return details.length > 0 ? `${name} (${details.join(', ')})` : name;
}

/** One answer as text; lists come back as several lines. */
export function describeAnswer(field: FieldSpec, value: unknown): string[] {
  if (value === undefined || value === '') return ['(not given)'];
  switch (field.type) {
    case 'date':
      return [typeof value === 'string' ? formatUkLongDate(value) : String(value)];
    case 'boolean':
      return [value === true ? 'yes' : 'no'];
    case 'choice':
      return [field.choices.find((choice) => choice.value === value)?.label ?? String(value)];
    case 'integer':
      return [`${String(value)}${field.unit ? ` ${field.unit}` : ''}`];
    case 'person':
      return [describePerson(value)];
    case 'persons':
      return Array.isArray(value) ? value.map((person, index) => `${index + 1}. ${describePerson(person)}`) : [String(value)];
    case 'textlist':
      return Array.isArray(value) ? (value.length === 0 ? ['(none)'] : value.map((item) => `- ${String(item)}`)) : [String(value)];
    default:
      return [String(value)];
  }
}

/**
 * A question and its answer on one line of the terminal (the list of answers
 * to change): a line the terminal wrapped would cut words and break the list.
 * The prompt's pointer takes two columns.
 */
export function describeChoice(field: FieldSpec, value: unknown, width: number): string {
  const room = choiceRoom(width, 2);
  // As much of the answer as the row has room for beside its question (an email cut short is no email), never
  // less than a summary's usual length: the question is cut first, below.
  const answer = summariseAnswer(field, value, Math.max(summaryWidth, room - field.label.length - 2));
  const whole = labelled(field.label, answer);
  if (whole.length <= room) return whole;
  // The answer is what this list is for: a long question ("Are any elements of supervision “contracted out”
  // (provided outside the line-management chain)?") is cut, down to half the row, before its "yes" is.
  const labelRoom = Math.max(Math.ceil(room / 2), room - answer.length - 1);
  return fitChoice(labelled(shortenLabel(field.label, labelRoom), answer), width);
}

/** A label cut to `room` characters, a question still ending in "?" (so it is still followed by its answer, not a colon). */
function shortenLabel(label: string, room: number): string {
  if (label.length <= room) return label;
  const ending = label.endsWith('?') ? '…?' : '…';
  // Room for the colon that follows a label that is not a question.
  const kept = room - ending.length - (label.endsWith('?') ? 0 : 1);
  return `${label.slice(0, Math.max(1, kept)).trimEnd()}${ending}`;
}

/** The columns a list's line may take: `columnsBefore` for the pointer (and a box to tick), one spare. */
function choiceRoom(width: number, columnsBefore: number): number {
  return Math.max(narrowestRow - columnsBefore, width - columnsBefore - 1);
}

/**
 * A line cut to fit one row of a list the prompt's pointer (two columns) points into, so the terminal never wraps
 * it mid-word. `columnsBefore`: 3 in a list to tick, whose box takes one more. A 500-character ground rule would
 * otherwise fill the list's twelve rows on its own.
 */
export function fitChoice(line: string, width: number, columnsBefore = 2): string {
  const room = choiceRoom(width, columnsBefore);
  // Measured in the terminal's columns, not in characters: "王" takes two, and a name of them wrapped the row.
  const rows = (columns: number): string[] => wrapAnsi(line, columns, { hard: true, wordWrap: false, trim: false }).split('\n');
  if (rows(room).length === 1) return line;
  return `${rows(room - 1)[0]!.trimEnd()}…`;
}

const summaryWidth = 48;

function summariseAnswer(field: FieldSpec, value: unknown, width = summaryWidth): string {
  const lines = describeAnswer(field, value);
  const text =
    field.type === 'persons' || field.type === 'textlist'
      ? countOf(Array.isArray(value) ? value.length : 0, field.type === 'persons' ? 'listed' : 'item')
      : onOneLine(lines.join(' '));
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Text with line breaks (a block from an answers file) on one line, each break a space: prompts and lists have one line. */
export function onOneLine(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t\r\n]*/g, ' ').trim();
}

/**
 * A long text on the prompt's one line, its paragraphs kept apart by ` ¶ `: offered back so, a text from an
 * answers file can be edited without its paragraphs running together. The lines of one paragraph are joined.
 */
export function paragraphsOnOneLine(text: string): string {
  return text
    .split(/\r?\n[ \t]*(?:\r?\n[ \t\r\n]*)+/)
    .map(onOneLine)
    .filter((paragraph) => paragraph !== '')
    .join(` ${paragraphMark} `);
}

/** An answer typed on one line, each ` ¶ ` in it the start of a new paragraph (as paragraphsOnOneLine writes it). */
export function paragraphsFromLine(line: string): string {
  return itemsFromLine(line).join('\n\n');
}

/** The parts of an answer on one line that ` ¶ ` keeps apart: a list's items, pasted one to a line. */
export function itemsFromLine(line: string): string[] {
  return line
    .split(paragraphMark)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** "1 item", "2 items"; "listed" stays as it is. */
function countOf(count: number, noun: 'listed' | 'item'): string {
  return `${count} ${noun === 'item' && count !== 1 ? 'items' : noun}`;
}

/**
 * Word-wraps one line to `width` columns of the terminal, continuing lines with `indent`. Measured in the
 * terminal's columns, not in characters: a name in Chinese ("王小明", two columns each) wrapped by its length
 * ran past the edge, where the terminal broke it again, out from under its indent. A word longer than a row
 * (a web address) is broken, here, rather than by the terminal at its edge.
 */
export function wrapLine(text: string, width: number, indent: string): string[] {
  const lead = fitIndent(/^ */.exec(text)![0], width);
  const body = text.trimStart();
  const rowIndent = fitIndent(indent, width);
  const rows = (room: number, words: string): string[] => wrapAnsi(words, room, { hard: true }).split('\n');
  // The first row has its own margin (the lead), the rest the indent: the first is filled, then the rest wrapped.
  const [first = '', ...others] = rows(width - lead.length, body);
  // What the first row leaves, rewrapped in the narrower room; the first row is always where the line starts.
  const rest = body.startsWith(first) ? body.slice(first.length).trimStart() : others.join(' ');
  return [`${lead}${first}`, ...(rest === '' ? [] : rows(width - rowIndent.length, rest).map((row) => `${rowIndent}${row}`))];
}

/** The fewest columns a wrapped row keeps for its text: fewer, and a word would rarely fit. */
export const narrowestRow = 10;

/**
 * An indent cut down, in a narrow terminal, to leave a row `narrowestRow` columns for its text: the review's
 * indent of eight in a terminal of twelve would leave four, or run past the edge.
 */
export function fitIndent(indent: string, width: number): string {
  return indent.slice(0, Math.max(0, width - narrowestRow));
}

/** `Label: answer`, or `Label? answer` for a question. */
function labelled(label: string, answer: string): string {
  return label.endsWith('?') ? `${label} ${answer}` : `${label}: ${answer}`;
}

/** The review: every field that applies, with its answer, wrapped to the terminal's width. */
export function formatReview(manifest: PackManifest, answers: PlainObject, isShown: (field: FieldSpec) => boolean, width = 80): string {
  const out = [`Your answers for the ${manifest.title}:`, ''];
  for (const field of manifest.fields) {
    if (!isShown(field)) continue;
    const value = getPath(answers, field.key);
    const lines = describeAnswer(field, value);
    if ((field.type === 'persons' || field.type === 'textlist') && Array.isArray(value)) {
      out.push(`  ${field.label}:`, ...lines.flatMap((line) => wrapLine(`      ${line}`, width, '        ')));
    } else {
      // A text given with line breaks (a block from an answers file) keeps them, each line under the first.
      const [first = '', ...more] = (lines[0] ?? '').split(/\r?\n/);
      out.push(...wrapLine(`  ${labelled(field.label, first)}`, width, '      '), ...more.flatMap((line) => wrapLine(`      ${line}`, width, '      ')));
    }
  }
  return out.join('\n');
}

/**
 * Where a problem is, in the words of the questions: `members.2` is
 * "Member 3", `supervisor.email` is "Supervisor: email". Dotted keys are for
 * files; someone being interviewed knows the questions.
 */
export function describeProblemPath(manifest: PackManifest, path: string): string {
  const field = manifest.fields.find((candidate) => path === candidate.key || path.startsWith(`${candidate.key}.`));
  if (!field) return path;
  const rest = path === field.key ? [] : path.slice(field.key.length + 1).split('.');
  if (field.type === 'persons' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
    const person = `${field.itemLabel} ${Number(rest[0]) + 1}`;
    return rest.length > 1 ? `${person}: ${rest.slice(1).join(' ')}` : person;
  }
  // Counted from 1, as the list's own questions count its items ("Ground rules of the group: item 1").
  if (field.type === 'textlist' && rest.length === 1 && /^\d+$/.test(rest[0]!)) return `${field.label}: item ${Number(rest[0]) + 1}`;
  return rest.length > 0 ? `${field.label}: ${rest.join(' ')}` : field.label;
}

/** A warning as the review shows it: what it concerns, then what looks wrong. */
export function describeWarning(manifest: PackManifest, warning: { path: string; message: string }): string {
  const where = describeProblemPath(manifest, warning.path);
  return warning.message.startsWith(where) ? warning.message : `${where}: ${warning.message}`;
}
