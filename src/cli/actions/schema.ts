import { resolve } from 'node:path';
import { buildAnswersJsonSchema, buildRosterJsonSchema } from '../../packs/json-schema.js';
import { findPack, loadUsablePacks } from '../../packs/load-packs.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';

/** `supervise schema`: a JSON Schema on stdout, for editors and validators. */
export async function runSchema(target: string, options: { templates?: string }, context: CommandContext): Promise<void> {
  const packs = await loadUsablePacks(options.templates && resolve(context.cwd, options.templates), (path) => displayPath(path, context.cwd));
  // "roster" is the roster, even if a pack were named so: `templates list` shows every other name.
  const schema =
    target === 'roster'
      ? buildRosterJsonSchema(packs.map((pack) => pack.manifest))
      : buildAnswersJsonSchema(findPack(packs, target).manifest);
  context.reporter.data(JSON.stringify(schema, null, 2));
}
