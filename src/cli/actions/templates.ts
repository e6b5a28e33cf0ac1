import { dirname, resolve } from 'node:path';
import { describeField, describeSigner } from '../../packs/describe-pack.js';
import { describeBrokenPacks, findUsablePack, loadPackFolder } from '../../packs/load-packs.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { formatCount } from '../../format-count.js';
import { formatProblem, quoteForShell, ValidationError } from '../../errors.js';
import type { Pack } from '../../packs/pack-format.js';
import { compilePacks } from '../../render/render-markdown.js';

/** Every pack, and each that cannot be used (its folder's name, as it may have no other), said to be broken. */
export async function listTemplates(templatesDir: string | undefined, context: CommandContext): Promise<void> {
  const folder = await loadPackFolder(templatesDir && resolve(context.cwd, templatesDir), (path) => displayPath(path, context.cwd));
  const { packs, broken } = folder;
  const width = Math.max(...packs.map((pack) => pack.manifest.name.length), ...broken.map((pack) => pack.name.length));
  const lines = packs.map(
    (pack) => `${pack.manifest.name.padEnd(width)}  ${pack.manifest.title} (v${pack.manifest.version})\n${' '.repeat(width + 2)}${pack.manifest.description}`,
  );
  for (const pack of broken) {
    const count = pack.problems.length;
    lines.push(`${pack.name.padEnd(width)}  (broken: ${formatCount(count)} problem${count === 1 ? '' : 's'}, in ${pack.folder})`);
  }
  context.reporter.data(lines.join('\n'));
  const warning = describeBrokenPacks(folder);
  if (warning) context.reporter.warn(warning);
  for (const pack of packs) warnIfItWillNotRender(pack, templatesDir, context);
}

export async function showTemplate(name: string, templatesDir: string | undefined, context: CommandContext): Promise<void> {
  const pack = findUsablePack(await loadPackFolder(templatesDir && resolve(context.cwd, templatesDir), (path) => displayPath(path, context.cwd)), name);
  const { manifest } = pack;
  const fields = manifest.fields.map(describeField);
  const keyWidth = Math.max(...fields.map((field) => field.key.length));
  const typeWidth = Math.max(...fields.map((field) => field.type.length));
  const out = [
    `${manifest.title} (${manifest.name} v${manifest.version})`,
    manifest.description,
    '',
    'Fields:',
    ...fields.map((field) => {
      const notes = [field.required, field.defaultText && `default ${field.defaultText}`, field.condition, field.constraints]
        .filter(Boolean)
        .join('; ');
      return `  ${field.key.padEnd(keyWidth)}  ${field.type.padEnd(typeWidth)}  ${field.label}${notes ? `  [${notes}]` : ''}`;
    }),
    '',
    'Signers:',
    ...manifest.signers.map((signer) => `  ${describeSigner(manifest, signer)}`),
  ];
  context.reporter.data(out.join('\n'));
  warnIfItWillNotRender(pack, templatesDir, context);
}

/**
 * A pack whose template.yaml loads is listed and shown, but one whose .hbs
 * files do not compile (or, in a folder of the user's own, name what its
 * fields do not declare) is refused by new and batch: said here, in one
 * line, so its author learns it before starting an interview.
 */
function warnIfItWillNotRender(pack: Pack, templatesDir: string | undefined, context: CommandContext): void {
  const display = (path: string): string => displayPath(path, context.cwd);
  try {
    compilePacks([pack], display, { checkNames: templatesDir !== undefined });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const [first, ...others] = error.problems;
    if (!first) throw error;
    const problem = formatProblem(first.location ? { ...first, location: { ...first.location, file: display(first.location.file) } } : first);
    const more = others.length > 0 ? ` (and ${formatCount(others.length)} more)` : '';
    context.reporter.warn(
      `the template "${pack.manifest.name}" cannot be used, as new and batch refuse it: ${problem}${more}; ` +
        `run \`supervise check --templates ${quoteForShell(display(dirname(pack.dir)))}\` to see every problem`,
    );
  }
}
