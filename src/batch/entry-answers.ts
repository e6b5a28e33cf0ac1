import { listKeysAt } from '../packs/answers-schema.js';
import { deepMerge, setOwn, type PlainObject } from '../packs/object-paths.js';
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
  const merged = deepMerge(applicableDefaults(pack, defaults), entry) as PlainObject;
  setOwn(merged, 'template', pack.manifest.name);
  return merged;
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
