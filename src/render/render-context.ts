import { formatUkLongDate, withoutClosingStop } from '../packs/field-values.js';
import { getPath, isPlainObject, setOwn, setPath, type PlainObject } from '../packs/object-paths.js';
import type { FieldSpec, PackManifest } from '../packs/pack-format.js';
import type { Answers } from '../packs/validate-answers.js';
import { escapeMarkdownInline, escapeMarkdownLines } from './escape-markdown.js';

/** How text values are written into the context: escaped for Markdown, or as they are for metadata. */
export interface TextEncoder {
  inline(text: string): string;
  block(text: string): string;
}

/*
 * A long answer's lines are kept apart by ANSWER_LINE_BREAK, made a hard break or `<br>` once the template has
 * put the answer in its place (render-markdown.ts, answer-line-breaks.ts).
 * Text is composed (NFC) first: a name typed on a Mac, or pasted from one, may
 * arrive decomposed (`a` then a combining circumflex), which looks the same
 * but is extracted from the PDF, searched and read aloud as two characters.
 */
const markdownText: TextEncoder = {
  inline: (text) => escapeMarkdownInline(text.normalize('NFC')),
  block: (text) => escapeMarkdownLines(text.normalize('NFC')),
};
export const plainText: TextEncoder = { inline: (text) => text.normalize('NFC'), block: (text) => text.normalize('NFC') };

/** One person who signs, as printed in the signature section. */
export interface Signer {
  /** Stable id, used to name the PDF form fields: `supervisor`, `member-3`. */
  id: string;
  title: string;
  name: string;
  role: string | null;
  /** Printed under the signature, so that each party can be reached about the agreement. */
  email: string | null;
}

/**
 * The object templates render against. Every declared field is present,
 * `null` when unanswered, so strict Handlebars can tell a field that was not
 * answered (fine) from a name that is not a field at all (an error). Dates
 * are already in UK long form and choices already their labels.
 */
export function buildRenderContext(manifest: PackManifest, answers: Answers, encoder: TextEncoder = markdownText): PlainObject {
  const context: PlainObject = {};
  for (const field of manifest.fields) {
    setPath(context, field.key, toContextValue(field, getPath(answers, field.key), encoder));
  }
  setOwn(context, 'signers', buildSigners(manifest, answers, encoder));
  setOwn(context, 'template', { name: manifest.name, title: encoder.inline(manifest.title), version: manifest.version });
  return context;
}

function toContextValue(field: FieldSpec, value: unknown, encoder: TextEncoder): unknown {
  if (value === undefined || value === null) {
    if (field.type === 'person') return toPerson(undefined, encoder);
    if (field.type === 'persons' || field.type === 'textlist') return [];
    return null;
  }
  switch (field.type) {
    case 'text':
    case 'time':
      return encoder.inline(String(value));
    case 'longtext':
      return encoder.block(String(value));
    case 'date':
      return formatUkLongDate(String(value));
    case 'choice':
      return encoder.inline(field.choices.find((choice) => choice.value === value)?.label ?? String(value));
    case 'integer':
    case 'boolean':
      return value;
    case 'textlist':
      return Array.isArray(value) ? value.map((item) => encoder.inline(String(item))) : [];
    case 'person':
      return toPerson(value, encoder);
    case 'persons':
      return Array.isArray(value) ? value.map((item) => toPerson(item, encoder)) : [];
  }
}

/*
 * A person's name, role and registering body are always printed inside a sentence or a line ("Priya Shah, Team
 * Manager (Social Work England registration …), the supervisor"; "Supervisor: Priya Shah, Team Manager, …"), so a
 * full stop typed at the end of one is dropped, as {{clause}} drops it: "Team Manager., the supervisor" never.
 */
function personText(raw: unknown, encoder: TextEncoder): string | null {
  return typeof raw === 'string' && raw !== '' ? encoder.inline(withoutClosingStop(raw)) : null;
}

function toPerson(value: unknown, encoder: TextEncoder): PlainObject {
  const person = isPlainObject(value) ? value : {};
  const text = (raw: unknown): string | null => (typeof raw === 'string' && raw !== '' ? encoder.inline(raw) : null);
  const registration = isPlainObject(person.registration) ? person.registration : undefined;
  return {
    name: personText(person.name, encoder),
    role: personText(person.role, encoder),
    email: text(person.email),
    registration: registration ? { body: personText(registration.body, encoder), number: text(registration.number) } : null,
  };
}

/** Everyone who signs, in the pack's order, list members numbered from 1. */
export function buildSigners(manifest: PackManifest, answers: Answers, encoder: TextEncoder = plainText): Signer[] {
  const signers: Signer[] = [];
  for (const spec of manifest.signers) {
    const value = getPath(answers, spec.field);
    // An optional signer left out (a list not given, or a person asked only when a yes/no is yes and it is no)
    // has no one to sign: a block for them would be a titled blank in the agreement.
    if (value === undefined || value === null) continue;
    const id = spec.id ?? spec.field.replace(/\./g, '-');
    const people = Array.isArray(value) ? value : [value];
    people.forEach((person, index) => {
      const record = isPlainObject(person) ? person : {};
      const numbered = Array.isArray(value);
      signers.push({
        id: numbered ? `${id}-${index + 1}` : id,
        title: encoder.inline(numbered ? `${spec.title} ${index + 1}` : spec.title),
        name: personText(record.name, encoder) ?? '',
        role: personText(record.role, encoder),
        email: typeof record.email === 'string' && record.email !== '' ? encoder.inline(record.email) : null,
      });
    });
  }
  return signers;
}
