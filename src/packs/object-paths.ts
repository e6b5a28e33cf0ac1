/**
 * Dotted-path access to plain answer objects. Writes use defineProperty so a
 * key such as `__proto__` becomes an ordinary own property (which validation
 * then rejects as unknown) and can never reach a prototype.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function getPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const part of splitPath(path)) {
    if (!isPlainObject(current) || !Object.hasOwn(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

export function setOwn(target: PlainObject, key: string, value: unknown): void {
  // Plain assignment for every other key: defineProperty gives each object a
  // hidden class of its own, which for a ten-thousand-entry roster costs
  // megabytes and slows every later read of the answers.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A dotted path's parts. The same few dozen field keys are looked up for every
 * answer of every entry of a roster, so each is split once; the cache is
 * emptied should it fill with other paths (a problem's `members.12.name`).
 */
const splitPaths = new Map<string, readonly string[]>();
const maxSplitPaths = 1000;

function splitPath(path: string): readonly string[] {
  let parts = splitPaths.get(path);
  if (parts === undefined) {
    if (splitPaths.size >= maxSplitPaths) splitPaths.clear();
    parts = path.split('.');
    splitPaths.set(path, parts);
  }
  return parts;
}

/** Sets a dotted path, creating plain objects on the way; refuses to walk through non-objects. */
export function setPath(target: PlainObject, path: string, value: unknown): boolean {
  const parts = splitPath(path);
  let current = target;
  for (let index = 0; index < parts.length - 1; index += 1) {
    const part = parts[index]!;
    const next = Object.hasOwn(current, part) ? current[part] : undefined;
    if (next === undefined) {
      const created: PlainObject = {};
      setOwn(current, part, created);
      current = created;
    } else if (isPlainObject(next)) {
      current = next;
    } else {
      return false;
    }
  }
  setOwn(current, parts[parts.length - 1]!, value);
  return true;
}

/** Deletes a dotted path, and any group it leaves empty (`lineManager: {}` means nothing). */
export function deletePath(target: PlainObject, path: string): void {
  const parts = path.split('.');
  const container = parts.length === 1 ? target : getPath(target, parts.slice(0, -1).join('.'));
  if (!isPlainObject(container)) return;
  delete container[parts[parts.length - 1]!];
  if (parts.length > 1 && Object.keys(container).length === 0) deletePath(target, parts.slice(0, -1).join('.'));
}

/**
 * A deep copy of parsed YAML/JSON using own properties only, where `null`
 * (an empty YAML value) becomes `undefined`: "not answered". The key itself
 * stays, so a misspelt key left empty is still reported as unknown. A plain
 * object copies to a plain object, which the first signature tells callers.
 */
export function cloneAnswers(value: PlainObject): PlainObject;
export function cloneAnswers(value: unknown): unknown;
export function cloneAnswers(value: unknown): unknown {
  return copyTree(value, (leaf) => (leaf === null ? undefined : leaf));
}

/**
 * A copy of parsed answers to keep for long, whose strings no longer point
 * into the text they were parsed from. V8 keeps a string cut from a longer
 * one as a view of it, so one answer kept from a roster entry holds that
 * entry's whole text alive (two bytes a character, when anything in the
 * roster is not Latin-1): a 10,000-entry plan held ~8 MB of roster text
 * that way. A JSON round trip is the copy V8 makes flat, and one byte a
 * character where it can. Everything but strings is kept as it is.
 */
export function detachStrings<T>(value: T): T;
export function detachStrings(value: unknown): unknown {
  return copyTree(value, (leaf) => (typeof leaf === 'string' ? (JSON.parse(JSON.stringify(leaf)) as string) : leaf));
}

/** A deep copy of lists and plain objects (own properties only), each other value given by `copyLeaf`. */
function copyTree(value: unknown, copyLeaf: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => copyTree(item, copyLeaf));
  if (isPlainObject(value)) {
    const copy: PlainObject = {};
    for (const [key, item] of Object.entries(value)) setOwn(copy, key, copyTree(item, copyLeaf));
    return copy;
  }
  return copyLeaf(value);
}

/**
 * Merges `over` onto `under`, objects key by key, everything else (lists
 * included) replaced whole: what a roster's `defaults` does under an entry.
 * Two plain objects merge into one, which the first signature tells callers.
 */
export function deepMerge(under: PlainObject, over: PlainObject): PlainObject;
export function deepMerge(under: unknown, over: unknown): unknown;
export function deepMerge(under: unknown, over: unknown): unknown {
  if (!isPlainObject(under) || !isPlainObject(over)) return over === undefined ? under : over;
  const merged: PlainObject = {};
  for (const [key, value] of Object.entries(under)) setOwn(merged, key, value);
  for (const [key, value] of Object.entries(over)) {
    setOwn(merged, key, Object.hasOwn(merged, key) ? deepMerge(merged[key], value) : value);
  }
  return merged;
}
