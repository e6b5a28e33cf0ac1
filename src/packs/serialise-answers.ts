import { stringify } from 'yaml';
import { quoteForShell } from '../errors.js';
import { cloneAnswers, deletePath, getPath, isPlainObject, setOwn, type PlainObject } from './object-paths.js';
import type { Pack } from './pack-format.js';
import { resolveDefault, type Answers } from './validate-answers.js';

/** What `supervise new --save-answers` writes: the answers as a file `--answers` reads back to the same agreement. */

/**
 * The answers without the dates still at the default worked out from other
 * answers (the review date: start date plus the review interval). Saved, such
 * a date would be taken for a typed one when the file is reused: next year's
 * agreement, with only the start date changed, would be refused (the review
 * before the start) or, with a start a month later, reviewed a month early.
 * Left out, it is worked out again, as the interview does when the start date
 * is changed at its review; the same answers still give the same agreement.
 */
function leaveOutComputedDates(pack: Pack, answers: Answers): Answers {
  const kept = cloneAnswers(answers);
  for (const field of pack.manifest.fields) {
    if (field.type !== 'date' || typeof field.default !== 'object') continue;
    const value = getPath(answers, field.key);
    if (value !== undefined && value === resolveDefault(field, answers)) deletePath(kept, field.key);
  }
  return kept;
}

/**
 * The answers with their keys in the order of the template's fields, so a
 * saved file reads like the form: a group (`schedule`) where its first field
 * is, its own fields in their order too. Validation puts single answers
 * before groups; a person's own keys are left as they are, and any key that
 * is not a field stays, after the fields.
 */
function inFieldOrder(answers: PlainObject, keys: readonly string[]): PlainObject {
  const below = new Map<string, string[]>();
  for (const key of keys) {
    const dot = key.indexOf('.');
    const head = dot === -1 ? key : key.slice(0, dot);
    const inner = below.get(head) ?? [];
    if (dot !== -1) inner.push(key.slice(dot + 1));
    below.set(head, inner);
  }
  const ordered: PlainObject = {};
  for (const head of [...below.keys(), ...Object.keys(answers)]) {
    if (!Object.hasOwn(answers, head) || Object.hasOwn(ordered, head)) continue;
    const value = answers[head];
    const inner = below.get(head) ?? [];
    setOwn(ordered, head, inner.length > 0 && isPlainObject(value) ? inFieldOrder(value, inner) : value);
  }
  return ordered;
}

/**
 * Validated answers as a YAML file that `--answers` reads back unchanged.
 * Written as YAML 1.1 would need it, so what older readers (PyYAML) take for
 * a number, a date or a yes/no is quoted: `time: "10:00"`, not `time: 10:00`
 * (600 to them). YAML 1.2 reads it the same.
 */
export function serialiseAnswers(pack: Pack, answers: Answers, templatesFolder?: string): string {
  const withTemplate: Record<string, unknown> = {};
  setOwn(withTemplate, 'template', pack.manifest.name);
  const kept = inFieldOrder(leaveOutComputedDates(pack, answers), pack.manifest.fields.map((field) => field.key));
  for (const [key, value] of Object.entries(kept)) if (key !== 'template') setOwn(withTemplate, key, value);
  // Answers for a pack from --templates read without it would meet the built-in pack of that name, or none.
  const templates = templatesFolder === undefined ? '' : ` --templates ${quoteForShell(templatesFolder)}`;
  return `# Answers for the "${pack.manifest.name}" template (${pack.manifest.title}).\n# Reuse with: supervise new --answers THIS_FILE${templates}\n${stringify(withTemplate, { lineWidth: 100, version: '1.1' })}`;
}
