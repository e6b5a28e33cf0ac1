import { z } from 'zod';
import { buildAnswersSchema, isStructurallyOptional } from './answers-schema.js';
import { yesNoWords } from './field-values.js';
import type { PackManifest } from './pack-format.js';

/**
 * JSON Schema (draft 2020-12) for answers files and rosters, generated from
 * the same zod schema that validates them, so an editor's autocompletion and
 * the tool never disagree about a field's name, type, choices or bounds.
 * The JSON Schema is a help for editors, not the judge: rules that relate
 * one answer to another (conditions, "after" dates) are checked by supervise.
 */

export type JsonSchema = Record<string, unknown>;

const draft = 'https://json-schema.org/draft/2020-12/schema';
/**
 * A real calendar date, as supervise reads one (field-values.ts): a day the
 * month has, and 29 February only in a leap year. A plain NNNN-NN-NN would let
 * an editor pass 2026-02-30, which supervise then refuses.
 */
const isoDatePattern = [
  '^(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))',
  '|(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$',
].join('');
/** At least one character that is not a space: supervise trims an answer before it counts its length, so "  " is empty. */
const notBlankPattern = '\\S';

/** The schema of one complete answers file for a pack (`supervise new --answers`). */
export function buildAnswersJsonSchema(manifest: PackManifest): JsonSchema {
  // Input, not output: a file is checked before defaults are filled in, so a field with a default may be left out.
  const schema = z.toJSONSchema(buildAnswersSchema(manifest), { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
  decorateFields(manifest, schema);
  refuseBlankText(schema);
  relaxOptionalGroups(manifest, schema);
  return {
    $schema: draft,
    title: `${manifest.title}: answers for the "${manifest.name}" template (v${manifest.version})`,
    description: manifest.description,
    ...withoutKey(schema, '$schema'),
  };
}

/**
 * The schema of a roster, matching what `supervise batch` accepts:
 * `defaults` (answers shared by every entry; each template takes the ones it
 * has) and `agreements`, each entry matching exactly one template by its
 * `template`, or by `defaults.template` when it names none (or the only
 * template installed). Because `defaults` is merged under every entry, an
 * entry may leave out any answer, so no other field is required there; a
 * field missing from both is reported by `supervise batch`, with its line.
 */
export function buildRosterJsonSchema(manifests: readonly PackManifest[]): JsonSchema {
  const names = manifests.map((manifest) => manifest.name);
  const { $defs, defaultProperties } = buildEntryDefinitions(manifests);
  // An entry that names its template is checked against that template alone.
  const items: JsonSchema = {
    type: 'object',
    if: namesTemplate(),
    then: { oneOf: names.map(entryRef) },
  };
  const allOf = entryTemplateRules(names);

  return {
    $schema: draft,
    title: 'supervise roster',
    description: 'One agreement per entry of `agreements`; `defaults` are merged under every entry, and the entry wins.',
    type: 'object',
    properties: {
      defaults: {
        description: "Answers shared by every entry; each template takes the fields it has, and an entry's own answers win.",
        type: 'object',
        properties: { template: { description: 'The template of entries that name none', enum: names }, ...defaultProperties },
        additionalProperties: false,
      },
      agreements: {
        description: 'One entry per agreement. `template` names the template; the other keys are its fields.',
        type: 'array',
        minItems: 1,
        items,
      },
    },
    required: ['agreements'],
    additionalProperties: false,
    allOf,
    $defs,
  };
}

/** Each template's entry, as a definition to refer to, and every answer any of them takes, for `defaults`. */
function buildEntryDefinitions(manifests: readonly PackManifest[]): { $defs: JsonSchema; defaultProperties: JsonSchema } {
  const $defs: JsonSchema = {};
  let defaultProperties: JsonSchema = {};
  for (const manifest of manifests) {
    const answers = withoutKey(buildAnswersJsonSchema(manifest), '$schema');
    const entry = stripRequired(answers) as JsonSchema;
    $defs[entryDefinition(manifest.name)] = { ...entry, title: `${manifest.title} (${manifest.name})` };
    defaultProperties = mergeProperties(defaultProperties, withoutKey((entry.properties ?? {}) as JsonSchema, 'template'));
  }
  return { $defs, defaultProperties };
}

/**
 * An entry that names no template takes the one in defaults, or the only one
 * installed; with several installed and none in defaults, it must name one.
 */
function entryTemplateRules(names: readonly string[]): JsonSchema[] {
  const defaultTemplate = (name: string): JsonSchema => ({
    type: 'object',
    required: ['defaults'],
    properties: { defaults: { type: 'object', required: ['template'], properties: { template: { const: name } } } },
  });
  const eachEntry = (schema: JsonSchema): JsonSchema => ({ type: 'object', properties: { agreements: { type: 'array', items: schema } } });
  const rules: JsonSchema[] = names.map((name) => ({
    if: defaultTemplate(name),
    then: eachEntry({ if: { not: namesTemplate() }, then: entryRef(name) }),
  }));
  if (names.length === 1) {
    rules.push(eachEntry(entryRef(names[0]!)));
  } else {
    rules.push({
      if: { not: { type: 'object', required: ['defaults'], properties: { defaults: namesTemplate() } } },
      then: eachEntry(namesTemplate()),
    });
  }
  return rules;
}

/** An object with a `template` key: an entry (or `defaults`) that names its template. */
function namesTemplate(): JsonSchema {
  return { type: 'object', properties: { template: true }, required: ['template'] };
}

function entryRef(name: string): JsonSchema {
  return { $ref: `#/$defs/${entryDefinition(name)}` };
}

function entryDefinition(name: string): string {
  return `entry-${name}`;
}

function withoutKey(schema: JsonSchema, key: string): JsonSchema {
  const copy = { ...schema };
  delete copy[key];
  return copy;
}

/** The node of a dotted field key inside an object schema, if present. */
function nodeAt(schema: JsonSchema, key: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const part of key.split('.')) {
    const properties = node?.properties as Record<string, JsonSchema> | undefined;
    node = properties?.[part];
  }
  return node;
}

/** Each yes/no word as people write it: lower case, capitalised, upper case. */
function yesNoSpellings(): string[] {
  const words = [...yesNoWords.yes, ...yesNoWords.no];
  return words.flatMap((word) => [...new Set([word, word.charAt(0).toUpperCase() + word.slice(1), word.toUpperCase()])]);
}

/** What zod cannot say from its schema alone: date formats, yes/no words and static defaults, which editors show. */
function decorateFields(manifest: PackManifest, schema: JsonSchema): void {
  for (const field of manifest.fields) {
    const node = nodeAt(schema, field.key);
    if (!node) continue;
    if (field.type === 'date') {
      node.format = 'date';
      node.pattern = isoDatePattern;
    }
    // supervise reads yes/no as well as true/false (validate-answers.ts); so must the editor.
    if (field.type === 'boolean') {
      delete node.type;
      node.enum = [true, false, ...yesNoSpellings()];
    }
    if ('default' in field && field.default !== undefined && typeof field.default !== 'object') node.default = field.default;
    if ('default' in field && Array.isArray(field.default)) node.default = field.default;
  }
}

/** Every text that may not be empty (a name, a required answer) may not be only spaces either, as supervise reads it. */
function refuseBlankText(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) refuseBlankText(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as JsonSchema;
  if (schema.type === 'string' && typeof schema.minLength === 'number' && schema.minLength >= 1 && schema.pattern === undefined) {
    schema.pattern = notBlankPattern;
  }
  for (const value of Object.values(schema)) refuseBlankText(value);
}

/**
 * zod lists every group (`review`, `lineManager`) as required, because a
 * missing group becomes `{}` before validation. A group is required only if
 * a field inside it is.
 */
function relaxOptionalGroups(manifest: PackManifest, schema: JsonSchema): void {
  const groups = new Set<string>();
  for (const field of manifest.fields) {
    const parts = field.key.split('.');
    for (let length = 1; length < parts.length; length += 1) groups.add(parts.slice(0, length).join('.'));
  }
  for (const group of groups) {
    const needed = manifest.fields.some((field) => field.key.startsWith(`${group}.`) && !isStructurallyOptional(field));
    if (needed) continue;
    const parentKey = group.includes('.') ? group.slice(0, group.lastIndexOf('.')) : '';
    const parent = parentKey ? nodeAt(schema, parentKey) : schema;
    const name = group.slice(group.lastIndexOf('.') + 1);
    if (parent && Array.isArray(parent.required)) {
      parent.required = (parent.required as string[]).filter((key) => key !== name);
      if ((parent.required as string[]).length === 0) delete parent.required;
    }
  }
}

/**
 * Every object may leave out any key, except inside list items: a roster's
 * defaults are merged object by object, but a list (the members of a group)
 * is replaced whole, so each person in it still needs a name.
 */
function stripRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripRequired);
  if (typeof node !== 'object' || node === null) return node;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(node as JsonSchema)) {
    if (key === 'required') continue;
    copy[key] = key === 'items' || key === 'prefixItems' ? value : stripRequired(value);
  }
  return copy;
}

/** Merges two `properties` maps: the same field in two templates appears once, groups merge key by key. */
function mergeProperties(into: JsonSchema, from: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...into };
  for (const [key, schema] of Object.entries(from)) {
    const existing = merged[key] as JsonSchema | undefined;
    merged[key] = existing === undefined ? schema : mergeSchemas(existing, schema as JsonSchema);
  }
  return merged;
}

function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  // A group of fields or a person: either merges key by key, as a roster's defaults do.
  const isGroup = (schema: JsonSchema): boolean => schema.type === 'object' && typeof schema.properties === 'object';
  if (isGroup(a) && isGroup(b)) {
    return { ...a, properties: mergeProperties(a.properties as JsonSchema, b.properties as JsonSchema) };
  }
  // Labels differ between templates ("what the supervisee wants" / "what the members want"); the value rules may not.
  if (JSON.stringify(withoutKey(a, 'description')) === JSON.stringify(withoutKey(b, 'description'))) return a;
  const options = Array.isArray(a.anyOf) ? (a.anyOf as JsonSchema[]) : [a];
  return { anyOf: [...options, b] };
}
