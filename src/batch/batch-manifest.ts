import { createHash } from 'node:crypto';
import type { OutputFormat } from '../render/render-agreement.js';
import type { Pack } from '../packs/pack-format.js';

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
  /** `complete`: every entry was dealt with; `stopped`: --fail-fast stopped it, or the output folder could not be written to; `interrupted`: Ctrl-C or SIGTERM. */
  status: 'complete' | 'stopped' | 'interrupted';
  formats: OutputFormat[];
  templates: ManifestTemplate[];
  summary: Record<EntryStatus, number> & { total: number };
  entries: ManifestEntry[];
}

/**
 * SHA-256 over a pack's sources in a fixed order: template.yaml, the entry
 * template, then every partial by name. Each part is framed by its name and
 * length, so moving text from one file to another changes the hash.
 */
export function hashPackSources(pack: Pack, templateYaml: string): string {
  const hash = createHash('sha256');
  const add = (label: string, text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    hash.update(`${label}\0${bytes.length}\0`);
    hash.update(bytes);
  };
  add('template.yaml', templateYaml);
  add(`entry:${pack.manifest.entry}`, pack.entry.source);
  for (const name of [...pack.partials.keys()].sort()) add(`partial:${name}`, pack.partials.get(name)!.source);
  return hash.digest('hex');
}

export function hashBytes(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function summariseEntries(entries: readonly ManifestEntry[]): BatchManifest['summary'] {
  const summary = { total: entries.length, rendered: 0, failed: 0, skipped: 0, pending: 0 };
  for (const entry of entries) summary[entry.status] += 1;
  return summary;
}

export function serialiseManifest(manifest: BatchManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
