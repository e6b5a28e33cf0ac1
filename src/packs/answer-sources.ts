import { parseDocument, visit } from 'yaml';
import { messageOf, UsageError, type Problem } from '../errors.js';
import { locateProblems, problemPath, type YamlSource } from '../io/yaml-source.js';
import { personNameOnlyProblem, restateAsWritten } from './answers-schema.js';
import { explainTypedDate, normaliseTypedDate, normaliseTypedTime, readYesNo } from './field-values.js';
import { cloneAnswers, deletePath, getPath, isPlainObject, setPath, type PlainObject } from './object-paths.js';
import type { FieldSpec, PackManifest } from './pack-format.js';

/**
 * Answers can come from a file (`--answers`) and from the command line
 * (`--set key=value`). Both end up in one plain object that goes through the
 * same validation as typed answers; each problem is then traced back to
 * where its value came from.
 */

export interface SetAssignment {
  key: string;
  /** The text after `=`, as typed. */
  text: string;
}

/** Parses `--set` arguments; a malformed one is a usage error. */
export function parseSetAssignments(values: readonly string[]): SetAssignment[] {
  return values.map((value) => {
    const separator = value.indexOf('=');
    const key = separator === -1 ? '' : value.slice(0, separator).trim();
    if (!/^[A-Za-z_$][\w$]*(\.[\w$]+)*$/.test(key)) {
      throw new UsageError(`--set "${value}" is not KEY=VALUE`, 'Write it as --set schedule.time=14:00 (dotted field key, then =, then the value).');
    }
    return { key, text: value.slice(separator + 1) };
  });
}

/**
 * Turns typed text into the value a field expects: numbers for integers,
 * yes/no for booleans, YAML flow syntax for lists. Anything else stays text,
 * and validation judges it.
 */
export function coerceTypedValue(field: FieldSpec | undefined, text: string): unknown {
  const trimmed = text.trim();
  switch (field?.type) {
    case 'integer':
      return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    // As typed in the interview, so `--set startDate=1/12/2026` is read as it would be there.
    case 'date':
      return normaliseTypedDate(trimmed) ?? text;
    case 'time':
      return normaliseTypedTime(trimmed) ?? text;
    case 'boolean':
      return readYesNo(trimmed) ?? trimmed;
    case 'persons':
    case 'textlist':
    case 'person':
      try {
        return cloneAnswers(parseTypedYaml(trimmed));
      } catch (error) {
        // Judged as text, a list cut short would only be told it is not a list (and too long for one).
        if (/^[[{]/.test(trimmed)) {
          const reason = (messageOf(error).split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
          throw new UsageError(`--set ${field.key}: ${trimmed} is not valid YAML (${reason})`, `Write it in YAML flow style, brackets and braces closed: --set '${field.type === 'person' ? `${field.key}={ name: Ana Silva, role: Social Worker }` : `${field.key}=[{ name: Ana Silva }, { name: Li Wei }]`}'.`);
        }
        return trimmed;
      }
    default:
      return text;
  }
}

/**
 * A list or person typed in YAML flow style. Every value inside one is text,
 * so a number or yes/no is kept as it was typed (`[Be on time, 5]` is two
 * rules, a registration number `012345` keeps its 0), while an empty value
 * or `~` is still none (`{ name: Ana, role: }` has no role). Throws the first
 * syntax error.
 */
function parseTypedYaml(text: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw document.errors[0];
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' || typeof node.value === 'boolean') node.value = node.source ?? String(node.value);
    },
  });
  return document.toJS();
}

/** The answers file's content (if any) with every `--set` applied on top. */
export function mergeAnswerSources(manifest: PackManifest, file: YamlSource | undefined, sets: readonly SetAssignment[]): unknown {
  const base = cloneAnswers(file?.value ?? {});
  if (!isPlainObject(base)) return base;
  const merged: PlainObject = base;
  for (const assignment of sets) {
    const field = manifest.fields.find((candidate) => candidate.key === assignment.key);
    if (assignment.text.trim() === '' && mayBeLeftOut(manifest, field, assignment.key)) {
      deletePath(merged, assignment.key);
      continue;
    }
    if (!setPath(merged, assignment.key, coerceTypedValue(field, assignment.text))) throw unreachableSet(manifest, merged, assignment.key);
  }
  return merged;
}

/**
 * Whether an empty `--set KEY=` may leave the answer out, as Backspace then
 * Enter does in the interview and an empty value does inside a list or
 * person: an optional field (`groupName=`), or a person's role, email or
 * registration (`supervisor.email=`). So an answer from the file can be taken
 * away without editing it. A required answer given empty is still refused.
 */
function mayBeLeftOut(manifest: PackManifest, field: FieldSpec | undefined, key: string): boolean {
  if (field) return !field.required;
  const dot = key.lastIndexOf('.');
  const owner = manifest.fields.find((candidate) => candidate.key === key.slice(0, dot));
  return owner?.type === 'person' && ['role', 'email', 'registration'].includes(key.slice(dot + 1));
}

/**
 * A `--set` whose dotted key runs through a value that is not a group of
 * fields (`members.0.name`, where `members` is a list) would otherwise be
 * dropped without a word.
 */
function unreachableSet(manifest: PackManifest, answers: PlainObject, key: string): UsageError {
  const parts = key.split('.');
  const depth = parts.findIndex((_, index) => {
    const value = getPath(answers, parts.slice(0, index + 1).join('.'));
    return value !== undefined && !isPlainObject(value);
  });
  const blocking = parts.slice(0, depth + 1).join('.');
  const blockingValue = getPath(answers, blocking);
  if (typeof blockingValue === 'string' && manifest.fields.find((field) => field.key === blocking)?.type === 'person') {
    // `supervisor: Priya Shah` in the file: a name alone where a person ({ name, role, … }) belongs.
    return new UsageError(
      `--set ${key}: ${blocking} is given as a name alone (${JSON.stringify(blockingValue)}), not as a person with fields, so nothing can be set inside it`,
      `Set the whole person instead, e.g. --set ${shellWord(`${blocking}={ name: ${blockingValue} }`)} (a --set ${blocking}.role=… after it then works), or write it in the file as ${blocking}: { name: ${blockingValue} }.`,
    );
  }
  if (!Array.isArray(blockingValue)) {
    return new UsageError(`--set ${key}: ${blocking} is a single value, so nothing can be set inside it`, `Set ${blocking} itself.`);
  }
  const example = manifest.fields.find((field) => field.key === blocking)?.type === 'persons' ? '[{name: Ana Silva}, {name: Li Wei}]' : '[first, second]';
  return new UsageError(`--set ${key}: ${blocking} is a list, so nothing can be set inside it`, `Give the whole list instead, e.g. --set '${blocking}=${example}'.`);
}

/** A command-line word as it is typed into a shell: in quotes when it holds anything but letters, digits and `.=@_-`. */
function shellWord(word: string): string {
  if (/^[\w.=@-]+$/.test(word)) return word;
  return word.includes("'") ? `"${word.replace(/(["\\$`])/g, '\\$1')}"` : `'${word}'`;
}

/**
 * Gives each problem the place its value came from: a `--set`, or the file's
 * line and column. An answer that is missing has no place of its own; one
 * needed only because another is yes (`when:`) is shown where that answer
 * was given, the line or the `--set` that made it needed.
 */
export function locateAnswerProblems(
  manifest: PackManifest,
  problems: readonly Problem[],
  file: YamlSource | undefined,
  sets: readonly SetAssignment[],
): Problem[] {
  /** The last --set that gave this path, a value inside it, or (`--set a.b=1` makes `a`) the value holding it. */
  const setFor = (path: string): SetAssignment | undefined =>
    [...sets].reverse().find((assignment) => path === assignment.key || path.startsWith(`${assignment.key}.`) || assignment.key.startsWith(`${path}.`));
  return problems.map((problem) => {
    const set = setFor(problem.path);
    // A date given by --set is read as typed in the interview, so one not read is told what is wrong with it as
    // typed there (the validation, which saw only the text, judged it as a file's YYYY-MM-DD).
    const field = manifest.fields.find((candidate) => candidate.key === problem.path);
    const unread = set?.key === problem.path && field?.type === 'date' && normaliseTypedDate(set.text) === undefined;
    // A person given only a name on the command line: told the --set that gives it as the person's name.
    const bareName = set?.key === problem.path && field?.type === 'person' && problem.message.startsWith(personNameOnlyProblem);
    const message = unread
      ? explainTypedDate(set.text)
      : bareName
        ? `${personNameOnlyProblem}: give it with ${shellWord(`--set`)} ${shellWord(`${set.key}.name=${set.text.trim()}`)}`
        : problem.message;
    if (set) return { ...problem, message, location: { file: `--set ${set.key}` } };
    const located = file ? locateProblems(file, [restateAsWritten(problem, () => file.written(problemPath(problem)))])[0]! : problem;
    if (located.location?.line !== undefined) return located;
    const condition = manifest.fields.find((field) => field.key === problem.path)?.when;
    if (condition === undefined) return located;
    const conditionSet = setFor(condition);
    if (conditionSet) return { ...problem, location: { file: `--set ${conditionSet.key}` } };
    const conditionLocation = file?.locate(condition.split('.'));
    return conditionLocation?.line !== undefined ? { ...problem, location: conditionLocation } : located;
  });
}
