import anyAscii from 'any-ascii';
import { basename, extname, join, sep } from 'node:path';
import { getPath } from '../packs/object-paths.js';
import type { Pack } from '../packs/pack-format.js';
import type { Answers } from '../packs/validate-answers.js';
import type { OutputFormat } from './render-agreement.js';

/**
 * The names an agreement's files are written under. Apart from rendering
 * (render-agreement.ts) because only the threads that plan names need them:
 * any-ascii's tables, which turn `Siân` into `sian`, stay out of the render
 * threads.
 */

/** Turns a name into a safe, readable file-name part: `Siân Ŵyn` → `sian-wyn`. */
export function slugify(text: string, maxLength = 60): string {
  const slug = anyAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/**
 * `one-to-one-tom-evans-2026-12-01`: template, the party the agreement is
 * for (first non-empty of the pack's `fileNameFrom`), and the start date.
 */
export function deriveFileStem(pack: Pack, answers: Answers): string {
  const parts = [pack.manifest.name];
  for (const key of pack.manifest.fileNameFrom) {
    const value = getPath(answers, key);
    const slug = typeof value === 'string' ? slugify(value) : '';
    if (slug) {
      parts.push(slug);
      break;
    }
  }
  const start = getPath(answers, 'startDate');
  if (typeof start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(start)) parts.push(start);
  return parts.join('-');
}

/** The format an `--out` path names by its extension (`agreement.md`), if it names one. */
export function formatNamedBy(out: string): OutputFormat | undefined {
  // `x.pdf/` is a folder, whatever its name ends in.
  if (namesFolder(out)) return undefined;
  const extension = extname(out).toLowerCase();
  return extension === '.md' ? 'md' : extension === '.pdf' ? 'pdf' : undefined;
}

/** A path typed with a slash at the end: a folder to write into. */
export function namesFolder(out: string): boolean {
  return out.endsWith('/') || out.endsWith(sep);
}

/**
 * Where `--out` sends each format. A path ending in `.md` or `.pdf` names the
 * file, spelt as typed (`REPORT.PDF` stays so); its sibling gets the other
 * extension with `--format both`. Anything else is a folder the derived name
 * is written into.
 */
export function planAgreementPaths(out: string, stem: string, formats: readonly OutputFormat[]): Map<OutputFormat, string> {
  const named = formatNamedBy(out);
  const base = named ? join(out, '..', basename(out, extname(out))) : join(out, stem);
  return new Map(formats.map((format) => [format, format === named ? join(out) : `${base}.${format}`]));
}
