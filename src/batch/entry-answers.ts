import { listKeysAt } from '../packs/answers-schema.js';
import { cloneAnswers, deepMerge, deletePath, getPath, isPlainObject, setOwn, type PlainObject } from '../packs/object-paths.js';
import type { Pack } from '../packs/pack-format.js';
import { validateAnswers, type AnswersResult } from '../packs/validate-answers.js';

/**
 * An entry's answers: the roster's defaults merged under the entry's own,
 * then validated. Planning and the render threads both work them out, so
 * this is apart from planning (plan-batch.ts), which render threads do not
 * load.
 */

/** An entry's answers as validated for rendering: defaults merged under it, then checked. */
export function resolveEntryAnswers(pack: Pack, defaults: PlainObject, entry: PlainObject): AnswersResult {
  return validateAnswers(pack.manifest, mergeEntry(pack, defaults, entry));
}

export function mergeEntry(pack: Pack, defaults: PlainObject, entry: PlainObject): PlainObject {
  const merged = deepMerge(selectDefaults(pack, defaults, entry), entry);
  setOwn(merged, 'template', pack.manifest.name);
  return merged;
}

/**
 * The defaults merged under one entry: those its template has a field for,
 * less any person the entry names otherwise. A person is one whole: when an
 * entry names someone other than the person in `defaults`, none of that
 * person's role, email or registration is merged under the entry's, or an
 * agreement would give one supervisor another's registration number. A
 * default person with no name (a role for everyone, say), or the same name,
 * still merges key by key. Problems are located against these too, so one
 * is never pointed at a default the entry did not take.
 */
export function selectDefaults(pack: Pack, defaults: PlainObject, entry: PlainObject): PlainObject {
  let selected = applicableDefaults(pack, defaults);
  for (const field of pack.manifest.fields) {
    if (field.type !== 'person') continue;
    const own = getPath(entry, field.key);
    const fallback = getPath(selected, field.key);
    if (!isPlainObject(own) || !isPlainObject(fallback)) continue;
    const ownName = comparableName(own.name);
    const fallbackName = comparableName(fallback.name);
    if (ownName === undefined || fallbackName === undefined || ownName === fallbackName) continue;
    // The top level is this entry's own; a group on the way to a nested person is the roster's, so it is copied first.
    if (field.key.includes('.')) selected = cloneAnswers(selected);
    deletePath(selected, field.key);
  }
  return selected;
}

function comparableName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * One `defaults:` block serves 1:1 and group entries alike: a default only
 * reaches the entries whose template has that field (members and ground
 * rules are group-only, the supervisee is 1:1-only).
 */
function applicableDefaults(pack: Pack, defaults: PlainObject): PlainObject {
  const known = topLevelKeys(pack);
  const applicable: PlainObject = {};
  for (const [key, value] of Object.entries(defaults)) if (known.has(key)) setOwn(applicable, key, value);
  return applicable;
}

/** A pack's top-level answer keys, worked out once per pack rather than once per entry. */
const topLevelKeysByPack = new WeakMap<Pack, ReadonlySet<string>>();

function topLevelKeys(pack: Pack): ReadonlySet<string> {
  let keys = topLevelKeysByPack.get(pack);
  if (!keys) {
    keys = new Set(listKeysAt(pack.manifest, ''));
    topLevelKeysByPack.set(pack, keys);
  }
  return keys;
}
