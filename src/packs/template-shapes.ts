import type { SourceLocation } from '../errors.js';
import type { FieldSpec, PackManifest } from './pack-format.js';
import { buildFieldTree, type FieldTree } from './answers-schema.js';

/**
 * The shape of the render context (src/render/render-context.ts) as the
 * name check (template-names.ts) sees it: what each name a template may
 * write resolves to, and which declared fields reaching it counts as using.
 */

/** What a name resolves to at check time: the shape of the value rendering will see. */
export type Shape = (
  | { kind: 'scalar'; description: string }
  | { kind: 'list'; description: string; item: Shape }
  | { kind: 'object'; members: ReadonlyMap<string, Member>; missing: string; description: string }
  | { kind: 'any' }
) & {
  /** Set on a value given to a partial as its context, so what the partial prints of it is traced back to where it was given. */
  passed?: Passed;
  /** Set on the value of a declared field itself (not a part of one), so a helper can be held to the types it takes. */
  field?: FieldSpec;
};

export interface Member {
  shape: Shape;
  /** Field keys that count as used when a template reaches this member. */
  uses: readonly string[];
  /** Set on a `key=value` parameter given to a partial. */
  passedAt?: PassedAt;
}

/**
 * Where a value was given to a partial (`{{> person lineManager}}`,
 * `{{> named who=lineManager.name}}`). A conditional field the partial
 * prints from it is reported there: that include is what belongs inside
 * `{{#if}}`, and one include is one warning however often the partial
 * prints the value.
 */
export interface PassedAt {
  location: SourceLocation;
  /** Dotted manifest path of the template the include is in (the subject), or ''. */
  path: string;
  /** The value as written in the include. */
  text: string;
  /** The fields the value itself is (a field given whole), as opposed to ones reached inside it. */
  uses: readonly string[];
  partial: string;
  /** The parameter's name, for `key=value`. */
  param?: string | undefined;
  /** "partial "x" included from file:line", when the include is itself inside a partial. */
  via?: string | undefined;
}

export interface Passed {
  /** The fields the value is. */
  uses: readonly string[];
  at: PassedAt;
}


export const anyShape: Shape = { kind: 'any' };
export const notAField = 'is not a field of this pack';
const textShape: Shape = { kind: 'scalar', description: 'text' };

/** A partial called with `key=value` sees its context with those keys added. */
export function mergeWithParameters(base: Shape, parameters: ReadonlyMap<string, Member>): Shape {
  const names = [...parameters.keys()].join(', ');
  if (base.kind === 'any') return anyShape;
  const members = new Map(base.kind === 'object' ? base.members : []);
  for (const [name, member] of parameters) members.set(name, member);
  const missing =
    base.kind === 'object'
      ? `${base.missing}, nor a parameter given to the partial (${names})`
      : `is not a parameter given to the partial (${names})`;
  return {
    kind: 'object',
    members,
    missing,
    description: base.kind === 'object' ? `${base.description} and ${names}` : names,
    // What the partial prints of the context it was given still traces back to where it was given.
    ...(base.passed ? { passed: base.passed } : {}),
  };
}

/**
 * What `lookup` gives: an item of a list (whatever the position, as every
 * item has the same shape), or the member a literal name picks from an
 * object. Anything else cannot be told before rendering.
 */
export function lookedUp(shapes: readonly Shape[], key: hbs.AST.Expression | undefined): Shape {
  const [subject] = shapes;
  if (subject?.kind === 'list') {
    // A name, not a position: `length` is the count; any other name is not an item.
    const name = key?.type === 'StringLiteral' ? (key as hbs.AST.StringLiteral).value : undefined;
    if (name === undefined || /^\d+$/.test(name)) return itemOf(subject);
    return name === 'length' ? { kind: 'scalar', description: 'a count' } : anyShape;
  }
  if (subject?.kind === 'object' && key?.type === 'StringLiteral') return subject.members.get((key as hbs.AST.StringLiteral).value)?.shape ?? anyShape;
  return anyShape;
}

/** A list's item, which traces back to where the list was given to a partial, if it was. */
export function itemOf(list: Extract<Shape, { kind: 'list' }>): Shape {
  return list.passed ? { ...list.item, passed: list.passed } : list.item;
}

export function resolvesAtRoot(root: Shape, parts: readonly string[]): boolean {
  let shape = root;
  for (const part of parts) {
    if (shape.kind !== 'object') return false;
    const member = shape.members.get(part);
    if (!member) return false;
    shape = member.shape;
  }
  return parts.length > 0;
}

/** Dotted names reachable from a shape without entering lists, for "did you mean". */
export function listPaths(shape: Shape, prefix = '', depth = 0): string[] {
  if (shape.kind !== 'object' || depth > 3) return [];
  const paths: string[] = [];
  for (const [name, member] of shape.members) {
    const path = prefix ? `${prefix}.${name}` : name;
    paths.push(path, ...listPaths(member.shape, path, depth + 1));
  }
  return paths;
}

function objectShape(entries: readonly [string, Member][], description: string, missing?: string): Shape {
  return {
    kind: 'object',
    members: new Map(entries),
    description,
    missing: missing ?? `is not available here, where the context is ${description}`,
  };
}

function personShape(key: string): Shape {
  const text = (name: string): [string, Member] => [name, { shape: textShape, uses: [key] }];
  const registration = objectShape([text('body'), text('number')], 'a registration (body, number)');
  return objectShape(
    [text('name'), text('role'), text('email'), ['registration', { shape: registration, uses: [key] }]],
    'a person (name, role, email, registration)',
  );
}

const fieldTypeWords: Record<FieldSpec['type'], string> = {
  text: 'text',
  longtext: 'long text',
  person: 'a person',
  persons: 'a list of persons',
  date: 'a date',
  time: 'a time',
  integer: 'a number',
  choice: 'a choice',
  boolean: 'yes/no',
  textlist: 'a list of text',
};

function fieldShape(field: FieldSpec): Shape {
  switch (field.type) {
    case 'person':
      return { ...personShape(field.key), field };
    case 'persons':
      return { kind: 'list', description: `"${field.key}", a list of persons`, item: personShape(field.key), field };
    case 'textlist':
      return { kind: 'list', description: `"${field.key}", a list of text`, item: textShape, field };
    default:
      return { kind: 'scalar', description: `"${field.key}", ${fieldTypeWords[field.type]}`, field };
  }
}

function groupShape(node: FieldTree, prefix: string): Shape {
  const entries: [string, Member][] = [];
  for (const [name, field] of node.fields) entries.push([name, { shape: fieldShape(field), uses: [field.key] }]);
  for (const [name, group] of node.groups) entries.push([name, { shape: groupShape(group, `${prefix}${name}.`), uses: [] }]);
  const names = entries.map(([name]) => name).join(', ');
  return objectShape(entries, `the group "${prefix.slice(0, -1)}" (${names})`, notAField);
}

export function buildRootShape(manifest: PackManifest): Shape {
  const tree = buildFieldTree(manifest.fields);
  const entries: [string, Member][] = [];
  for (const [name, field] of tree.fields) entries.push([name, { shape: fieldShape(field), uses: [field.key] }]);
  for (const [name, group] of tree.groups) entries.push([name, { shape: groupShape(group, `${name}.`), uses: [] }]);

  const signer = objectShape(
    ['id', 'title', 'name', 'role', 'email'].map((name): [string, Member] => [name, { shape: textShape, uses: [] }]),
    'a signer (id, title, name, role)',
  );
  // Printing the signers prints the people who sign, so it uses their fields.
  const signerFields = manifest.signers.map((spec) => spec.field);
  entries.push(['signers', { shape: { kind: 'list', description: 'the list of signers', item: signer }, uses: signerFields }]);
  entries.push([
    'template',
    {
      shape: objectShape(
        ['name', 'title', 'version'].map((name): [string, Member] => [name, { shape: textShape, uses: [] }]),
        'the template (name, title, version)',
      ),
      uses: [],
    },
  ]);
  return objectShape(entries, "the pack's fields", notAField);
}
