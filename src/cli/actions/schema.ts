import { resolve } from 'node:path';
import { buildAnswersJsonSchema, buildRosterJsonSchema } from '../../packs/json-schema.js';
import { describeBrokenPacks, findUsablePack, loadPackFolder, type PackFolder } from '../../packs/load-packs.js';
import { suggest } from '../../packs/validate-answers.js';
import { SuperviseError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';

/** `supervise schema`: a JSON Schema on stdout, for editors and validators. */
export async function runSchema(target: string, options: { templates?: string }, context: CommandContext): Promise<void> {
  const folder = await loadPackFolder(options.templates && resolve(context.cwd, options.templates), (path) => displayPath(path, context.cwd));
  // "roster" is the roster, even if a pack were named so: `templates list` shows every other name.
  // A roster's schema covers the packs that can be used; one pack's is refused if that pack cannot be.
  if (target !== 'roster') refuseUnknownTarget(folder, target);
  const schema =
    target === 'roster'
      ? buildRosterJsonSchema(folder.packs.map((pack) => pack.manifest))
      : buildAnswersJsonSchema(findUsablePack(folder, target).manifest);
  // Said of a roster's schema, which leaves them out; one pack's has nothing to do with the others.
  const warning = target === 'roster' ? describeBrokenPacks(folder) : undefined;
  if (warning) context.reporter.warn(warning);
  context.reporter.data(JSON.stringify(schema, null, 2));
}

/**
 * A name that is neither "roster" nor a pack's (broken packs are refused with their problems by findUsablePack):
 * "rooster" is most likely the roster, so it is among the names suggested and the ones listed.
 */
function refuseUnknownTarget(folder: PackFolder, target: string): void {
  const names = folder.packs.map((pack) => pack.manifest.name);
  if (names.includes(target) || folder.broken.some((pack) => pack.names.includes(target))) return;
  const suggestion = suggest(target, [...names, 'roster']);
  throw new SuperviseError(`There is no template called "${target}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, {
    hint: `Give roster, for a roster's schema, or a template: ${names.join(', ')}. See \`supervise templates list\`.`,
  });
}
