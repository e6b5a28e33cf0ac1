import { resolve } from 'node:path';
import { buildAnswersJsonSchema, buildRosterJsonSchema } from '../../packs/json-schema.js';
import { describeBrokenPacks, findUsablePack, loadPackFolder } from '../../packs/load-packs.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';

/** `supervise schema`: a JSON Schema on stdout, for editors and validators. */
export async function runSchema(target: string, options: { templates?: string }, context: CommandContext): Promise<void> {
  const folder = await loadPackFolder(options.templates && resolve(context.cwd, options.templates), (path) => displayPath(path, context.cwd));
  // "roster" is the roster, even if a pack were named so: `templates list` shows every other name.
  // A roster's schema covers the packs that can be used; one pack's is refused if that pack cannot be.
  const schema =
    target === 'roster'
      ? buildRosterJsonSchema(folder.packs.map((pack) => pack.manifest))
      : buildAnswersJsonSchema(findUsablePack(folder, target).manifest);
  // Said of a roster's schema, which leaves them out; one pack's has nothing to do with the others.
  const warning = target === 'roster' ? describeBrokenPacks(folder) : undefined;
  if (warning) context.reporter.warn(warning);
  context.reporter.data(JSON.stringify(schema, null, 2));
}
