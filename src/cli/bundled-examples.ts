import { existsSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSuperviseError, quoteForShell, SuperviseError } from '../errors.js';
import { errnoCodeOf } from '../io/fs-reasons.js';

/** The examples/ folder shipped in the package, beside bin/ and dist/. */
export const bundledExamplesDir = fileURLToPath(new URL('../../examples', import.meta.url));

/**
 * `--help` and the README name `examples/one-to-one.yaml` and `examples/roster.yaml`, which are found only from
 * the folder supervise was unpacked in. Installed with `npm install -g`, they are elsewhere, and "it does not
 * exist" left the user to guess where: when the file typed is one of the examples that come with supervise, the
 * hint gives the path it is at, ready to paste.
 */
export function pointAtBundledExample(error: unknown, typedPath: string, exampleCommand: (path: string) => string): unknown {
  if (!isSuperviseError(error) || errnoCodeOf(error.cause) !== 'ENOENT' || isAbsolute(typedPath)) return error;
  const typed = normalize(typedPath);
  const prefix = `examples${sep}`;
  if (!typed.startsWith(prefix)) return error;
  const bundled = join(bundledExamplesDir, typed.slice(prefix.length));
  if (!existsSync(bundled)) return error;
  return new SuperviseError(error.message, {
    hint: `That example comes with supervise, in ${bundledExamplesDir}: ${exampleCommand(quoteForShell(bundled))}`,
    cause: error.cause,
    file: error.file,
    exitCode: error.exitCode,
  });
}
