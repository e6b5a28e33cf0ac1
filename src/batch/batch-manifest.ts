import { createHash, hash } from 'node:crypto';
import { papers, type OutputFormat, type Paper } from '../render/render-agreement.js';
import type { Problem } from '../errors.js';
import { isPlainObject } from '../packs/object-paths.js';
import type { Pack } from '../packs/pack-format.js';
import type { Answers } from '../packs/validate-answers.js';

/**
 * `manifest.json`, the record a batch leaves in its output folder: what was
 * asked for, with which templates, and what became of every entry. Apart
 * from `createdAt` it depends only on the roster, the templates and the
 * options, so the same batch gives the same manifest.
 */

export const manifestFileName = 'manifest.json';
export const manifestFormatVersion = 1;

export type EntryStatus = 'rendered' | 'failed' | 'skipped' | 'pending';

export interface ManifestFile {
  name: string;
  /** Null only for an existing file that was kept but could not be read (e.g. a symbolic link). */
  bytes: number | null;
  sha256: string | null;
  /**
   * Which answers the file was made from (`hashAnswers`), so an audit can
   * tie it to its roster entry even after the roster's lines have moved.
   * A kept file (--skip-existing) carries what the previous manifest said of
   * it, or null when that manifest cannot vouch for the file as it is now.
   */
  answersSha256: string | null;
  /** The template it was made with (as `templates[].sha256`); for a kept file, as answersSha256 is. */
  templateSha256: string | null;
  /**
   * That template's version (as `templates[].version`), as answersSha256 is:
   * once a pack's version is raised, `templates` names only the new one, and
   * a kept file would otherwise not say which version it was made with.
   */
  templateVersion: string | null;
  /**
   * The PDF options it was made with, so --skip-existing can tell a Letter
   * PDF from an A4 one; null for Markdown, which they do not change, and for
   * a kept file, as answersSha256 is.
   */
  pdf: ManifestPdfOptions | null;
}

/** What --paper and --no-form-fields asked of a PDF. */
export interface ManifestPdfOptions {
  paper: Paper;
  formFields: boolean;
}

export interface ManifestError {
  path: string;
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

export interface ManifestEntry {
  index: number;
  line: number | null;
  for: string;
  template: string | null;
  status: EntryStatus;
  files: ManifestFile[];
  errors: ManifestError[];
  /** What was accepted but looks like a slip (a possible NHS number, the same person twice), as the batch warned. */
  warnings: ManifestError[];
}

/** A problem as the manifest and --json reports record it: where, when it is known, by line and column. */
export function toManifestError(problem: Problem): ManifestError {
  return { path: problem.path, message: problem.message, line: problem.location?.line, column: problem.location?.column };
}

export interface ManifestTemplate {
  name: string;
  version: string;
  sha256: string;
}

export interface BatchManifest {
  manifestVersion: number;
  tool: { name: 'supervise'; version: string };
  createdAt: string;
  roster: string;
  /** The SHA-256 of the roster file's bytes, as `sha256sum` prints it: which version of the roster this run was made from. */
  rosterSha256: string | null;
  /** `complete`: every entry was dealt with; `stopped`: --fail-fast stopped it, or the output folder could not be written to; `interrupted`: Ctrl-C or SIGTERM. */
  status: 'complete' | 'stopped' | 'interrupted';
  formats: OutputFormat[];
  /** The PDF options this run renders with; null when it makes no PDFs. */
  pdf: ManifestPdfOptions | null;
  templates: ManifestTemplate[];
  summary: Record<EntryStatus, number> & { total: number };
  entries: ManifestEntry[];
  /**
   * Files an earlier batch recorded that are still in the folder but that
   * this run neither rendered nor kept (an entry invalid, failed or not
   * reached this time, or gone from the roster), as it recorded them: so
   * that when --skip-existing keeps one later, it can still be checked.
   */
  earlierFiles: EarlierFile[];
}

/**
 * SHA-256 over a pack's sources in a fixed order: template.yaml, the entry
 * template, then every partial by name. Each part is framed by its name and
 * length, so moving text from one file to another changes the hash.
 */
export function hashPackSources(pack: Pack): string {
  const hash = createHash('sha256');
  const add = (label: string, text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    hash.update(`${label}\0${bytes.length}\0`);
    hash.update(bytes);
  };
  add('template.yaml', pack.manifestText);
  add(`entry:${pack.manifest.entry}`, pack.entry.source);
  for (const name of [...pack.partials.keys()].sort()) add(`partial:${name}`, pack.partials.get(name)!.source);
  return hash.digest('hex');
}

/**
 * SHA-256 of an entry's validated answers (defaults merged and filled in) as
 * JSON. Validation builds them in the template's field order, whatever order
 * the roster wrote them in, so the same answers always give the same hash.
 */
export function hashAnswers(answers: Answers): string {
  // crypto.hash, one call: a batch hashes every entry's answers and every file it writes.
  return hash('sha256', JSON.stringify(answers), 'hex');
}

/**
 * A file an earlier manifest records, as it records it, with who its entry
 * was for. A manifest carries these on in `earlierFiles` for files still in
 * the folder that its own run neither rendered nor kept.
 */
export interface EarlierFile extends ManifestFile {
  for: string;
}

/**
 * Every file an earlier `manifest.json` records, by name, as it records it:
 * its entries' files and those it carried on itself (`earlierFiles`). What a
 * record cannot vouch for (an older manifest without hashes, a hand-edited
 * one) is null, and judged by the caller; anything that is not a manifest
 * records nothing.
 */
export function readPreviousFileRecords(json: unknown): Map<string, EarlierFile> {
  const records = new Map<string, EarlierFile>();
  if (!isManifestShaped(json)) return records;
  const templateHashes = new Map<string, string>();
  const versionsByHash = new Map<string, string>();
  for (const template of json.templates) {
    if (!isPlainObject(template) || typeof template.sha256 !== 'string') continue;
    if (typeof template.name === 'string') templateHashes.set(template.name, template.sha256);
    if (typeof template.version === 'string') versionsByHash.set(template.sha256, template.version);
  }
  // Carried records first, so that an entry's own record of the same name wins.
  if (Array.isArray(json.earlierFiles)) {
    for (const file of json.earlierFiles) {
      const record = isPlainObject(file) ? readFileRecord(file, file.for, undefined, versionsByHash) : undefined;
      if (record) records.set(record.name, record);
    }
  }
  for (const entry of json.entries) {
    if (!isPlainObject(entry) || !Array.isArray(entry.files)) continue;
    const templateSha256 = typeof entry.template === 'string' ? templateHashes.get(entry.template) : undefined;
    for (const file of entry.files) {
      const record = readFileRecord(file, entry.for, templateSha256, versionsByHash);
      if (record) records.set(record.name, record);
    }
  }
  return records;
}

/**
 * One file's record. `templateSha256`: the hash of its entry's template in
 * that manifest, for a record older than the per-file hash; a record's own
 * hash wins, since a kept file was made with the template of its time. A
 * record older than the per-file version takes the version that manifest
 * gives the same hash (`versionsByHash`), if any.
 */
function readFileRecord(file: unknown, who: unknown, templateSha256: string | undefined, versionsByHash: ReadonlyMap<string, string>): EarlierFile | undefined {
  if (!isPlainObject(file) || typeof file.name !== 'string') return undefined;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const madeWith = file.templateSha256 === undefined ? (templateSha256 ?? null) : text(file.templateSha256);
  return {
    name: file.name,
    for: typeof who === 'string' ? who : '',
    bytes: typeof file.bytes === 'number' ? file.bytes : null,
    sha256: text(file.sha256),
    answersSha256: text(file.answersSha256),
    templateSha256: madeWith,
    templateVersion: file.templateVersion === undefined ? ((madeWith !== null && versionsByHash.get(madeWith)) || null) : text(file.templateVersion),
    pdf: readPdfOptions(file.pdf),
  };
}

/** Anything but the two options as this version writes them is no record of them, so it raises no warning. */
function readPdfOptions(value: unknown): ManifestPdfOptions | null {
  if (!isPlainObject(value) || typeof value.formFields !== 'boolean') return null;
  const paper = papers.find((candidate) => candidate === value.paper);
  return paper === undefined ? null : { paper, formFields: value.formFields };
}

/** Whether parsed JSON has a manifest's two lists, `entries` and `templates`: anything else records nothing. */
export function isManifestShaped(json: unknown): json is { entries: unknown[]; templates: unknown[] } & Record<string, unknown> {
  return isPlainObject(json) && Array.isArray(json.entries) && Array.isArray(json.templates);
}

export function hashBytes(content: Uint8Array): string {
  return hash('sha256', content, 'hex');
}

export function summariseEntries(entries: readonly ManifestEntry[]): BatchManifest['summary'] {
  const summary = { total: entries.length, rendered: 0, failed: 0, skipped: 0, pending: 0 };
  for (const entry of entries) summary[entry.status] += 1;
  return summary;
}

export function serialiseManifest(manifest: BatchManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * serialiseManifest's text, an entry at a time: a 10,000-entry manifest is
 * ~6 MB of UTF-8, and held whole as a string (two bytes a character once a
 * name is outside Latin-1) and then as bytes it was the batch's last peak
 * of memory. Joined, the pieces are exactly serialiseManifest's text.
 */
export function* serialiseManifestInPieces(manifest: BatchManifest): Generator<string> {
  const { entries } = manifest;
  if (entries.length === 0) {
    yield serialiseManifest(manifest);
    return;
  }
  // The entries' place in the text, marked by a value no manifest holds.
  const marker = '\u0000entries\u0000';
  const [head, tail] = JSON.stringify({ ...manifest, entries: marker }, null, 2).split(JSON.stringify(marker)) as [string, string];
  yield `${head}[\n`;
  const last = entries.length - 1;
  for (const [index, entry] of entries.entries()) {
    // An entry sits two levels deep; JSON text has no raw line breaks inside strings, so each line is indented.
    yield `    ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ')}${index === last ? '\n' : ',\n'}`;
  }
  yield `  ]${tail}\n`;
}
