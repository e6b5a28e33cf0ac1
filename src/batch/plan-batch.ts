import type { OutputFormat } from '../render/render-agreement.js';
import { deriveFileStem } from '../render/file-names.js';
import { hashAnswers, isManifestShaped } from './batch-manifest.js';
import { findUnprintableAnswers, findUnprintableCharacters, type PrintableCharacters } from '../render/printable-characters.js';
import { ValidationError, type Problem, type SourceLocation } from '../errors.js';
import type { RosterItem, RosterSource } from './read-roster.js';
import type { WrittenValue } from '../io/yaml-source.js';
import { listKeysAt, restateAsWritten } from '../packs/answers-schema.js';
import { cloneAnswers, detachStrings, getPath, isPlainObject, type PlainObject } from '../packs/object-paths.js';
import type { Pack } from '../packs/pack-format.js';
import { suggest, validateAnswers, type Answers } from '../packs/validate-answers.js';
import { mergeEntry, selectDefaults } from './entry-answers.js';

/**
 * Planning a batch: roster → validated entries with their output names. Pure
 * (no disk, no terminal), so every rule about merging, naming and locating
 * problems is tested without running anything. Applying the plan lives in
 * `run-batch.ts`.
 */

const rosterTopLevelKeys = ['defaults', 'agreements'] as const;

export interface PlannedFile {
  format: OutputFormat;
  /** A bare file name (no folder), safe and unique within the batch. */
  name: string;
}

interface EntryBase {
  /** 1-based position in `agreements`. */
  index: number;
  /** Where the entry starts in the roster. */
  location: SourceLocation;
  /** Who the agreement is for, for messages: the supervisee, the group, or the supervisor. */
  who: string;
  /** The template name, when the entry names one that exists. */
  template: string | undefined;
}

export interface ValidEntry extends EntryBase {
  ok: true;
  template: string;
  /**
   * The entry's own answers, without defaults. The validated answers are
   * worked out again from these when the entry is rendered
   * (`resolveEntryAnswers` in entry-answers.ts), so a plan of ten thousand entries holds ten
   * thousand small objects rather than ten thousand full agreements.
   * Undefined once handed to the renderer, whose task holds them until rendered.
   */
  input: PlainObject | undefined;
  files: PlannedFile[];
  /** The validated answers' hash (`hashAnswers`), recorded with the files made from them. */
  answersSha256: string;
  warnings: Problem[];
  /**
   * The validated answers, kept only when asked for (`keepAnswers`): a batch
   * rendered in this thread uses them instead of validating twice, and lets
   * them go once the entry is written.
   */
  answers?: Answers | undefined;
}

export interface InvalidEntry extends EntryBase {
  ok: false;
  problems: Problem[];
}

export type PlannedEntry = ValidEntry | InvalidEntry;

export interface BatchPlan {
  rosterFile: string;
  /** The SHA-256 of the roster's bytes, when it was read from a file (RosterSource.sha256). */
  rosterSha256: string | undefined;
  /** The roster as manifest.json names it (RosterSource.recordedName). */
  rosterName: string;
  /** The roster's `defaults`, without nulls. */
  defaults: PlainObject;
  entries: PlannedEntry[];
  /** The packs the valid entries use, in name order. */
  templates: string[];
}

export interface PlanBatchOptions {
  formats: readonly OutputFormat[];
  /**
   * The characters a PDF can print (loadPrintableCharacters): with PDF among
   * the formats, an answer holding others makes its entry invalid, at its
   * line, instead of failing when rendered.
   */
  printable?: PrintableCharacters | undefined;
  /** Keep each valid entry's validated answers on it (see ValidEntry.answers). */
  keepAnswers?: boolean;
}

/** A plan under way: the roster's shape is checked, and its entries are planned one at a time as they are pulled. */
export interface PlanInProgress {
  defaults: PlainObject;
  /** How many entries the roster has. */
  count: number;
  entries: Generator<PlannedEntry, void, undefined>;
}

/**
 * Validates the whole roster and plans every output file. A roster whose
 * shape is wrong (not a mapping, no `agreements` list, unknown top-level
 * keys, defaults no template knows) throws a located ValidationError; a bad
 * entry does not throw but comes back as an InvalidEntry with every problem.
 */
export function planBatch(source: RosterSource, packs: readonly Pack[], options: PlanBatchOptions): BatchPlan {
  const started = startPlan(source, packs, options);
  return finishPlan(source, started.defaults, [...started.entries]);
}

/**
 * The same plan, entry by entry, so a caller can start rendering the first
 * entries while the rest are still being planned. Throws (like planBatch)
 * when the roster's shape is wrong, before any entry is planned.
 */
export function startPlan(source: RosterSource, packs: readonly Pack[], options: PlanBatchOptions): PlanInProgress {
  const { defaults, count } = checkRosterShape(source, packs);
  return { defaults, count, entries: planEntries(source, packs, defaults, count, options) };
}

export function finishPlan(source: RosterSource, defaults: PlainObject, entries: PlannedEntry[]): BatchPlan {
  noteRepeatedEntries(entries);
  const templates = [...new Set(entries.filter((entry): entry is ValidEntry => entry.ok).map((entry) => entry.template))].sort();
  return { rosterFile: source.file, rosterSha256: source.sha256, rosterName: source.recordedName, defaults, entries, templates };
}

/**
 * An entry with exactly the answers of an earlier one (pasted twice) would
 * give the same agreement again under a `-2` name: most likely a slip, so
 * the later entry carries a warning. A warning, not an error: the batch
 * does what the roster says.
 */
function noteRepeatedEntries(entries: readonly PlannedEntry[]): void {
  const first = new Map<string, ValidEntry>();
  for (const entry of entries) {
    if (!entry.ok) continue;
    const key = `${entry.template}\0${entry.answersSha256}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, entry);
      continue;
    }
    entry.warnings.push({
      path: '',
      severity: 'warning',
      location: entry.location,
      message: `has the same answers as entry ${earlier.index} (${earlier.who}), so its agreement would be a copy of that one; check it is not listed twice`,
    });
  }
}

function* planEntries(source: RosterSource, packs: readonly Pack[], defaults: PlainObject, count: number, options: PlanBatchOptions): Generator<PlannedEntry, void, undefined> {
  const names = new TakenStems();
  for (let position = 0; position < count; position += 1) {
    yield nameEntry(names, planEntryAt(source, packs, defaults, position, options), options);
  }
}

/** An entry planned but not yet named; entries can be planned in any thread, then named in roster order. */
export type UnnamedEntry = { ok: true; result: Omit<ValidEntry, 'files'>; stem: string } | { ok: false; result: InvalidEntry; stem: string };

export function planEntryAt(source: RosterSource, packs: readonly Pack[], defaults: PlainObject, position: number, options: PlanBatchOptions): UnnamedEntry {
  // Read one entry at a time, so only its parsed form is alive while it is planned.
  if (!source.entries) throw new Error(`planEntryAt: the roster has no agreements list to read entry ${position} from`);
  return planEntry(source, packs, defaults, source.entries.read(position), position, options);
}

/** Names must be given in roster order: the first of two same-named entries keeps the plain name. */
export function nameEntry(names: TakenStems, entry: UnnamedEntry, options: PlanBatchOptions): PlannedEntry {
  // Every entry reserves its name, valid or not, so fixing one entry later
  // never shifts the names of the others (and `--skip-existing` stays true).
  const stem = reserveUniqueStem(names, entry.stem);
  if (!entry.ok) return entry.result;
  // Added to the planned entry rather than spread into a copy, which V8 (Node 20) would give a hidden
  // class of its own: ~300 bytes for each entry a plan keeps (see initialManifestEntry in run-batch.ts).
  return Object.assign(entry.result, { files: options.formats.map((format) => ({ format, name: `${stem}.${format}` })) });
}

function checkRosterShape(source: RosterSource, packs: readonly Pack[]): { defaults: PlainObject; count: number } {
  const at = (path: (string | number)[]): SourceLocation => source.locate(path);
  const roster = rosterMapping(source, at);
  const defaults = cloneAnswers(roster.defaults ?? {});
  const problems = [...findUnknownTopLevelKeys(roster, at), ...findAgreementsProblems(source, roster.agreements, at), ...findDefaultsProblems(defaults, packs, at)];
  // Defaults that are not a mapping have a problem listed above.
  if (problems.length > 0 || !isPlainObject(defaults)) return failRoster(source, problems);
  return { defaults, count: source.entries?.count ?? 0 };
}

function failRoster(source: RosterSource, problems: Problem[]): never {
  throw new ValidationError(`The roster ${source.file} cannot be used`, problems, rosterHint);
}

/** The roster's top level as a mapping; anything else (nothing, a bare list, a batch's manifest.json) is refused at once, with one problem. */
function rosterMapping(source: RosterSource, at: (path: (string | number)[]) => SourceLocation): PlainObject {
  const value = source.top.value;
  if (value === undefined || value === null) {
    return failRoster(source, [{ path: '', location: { file: source.file, line: 1, column: 1 }, message: 'is empty: a roster needs an `agreements:` list' }]);
  }
  if (Array.isArray(value)) {
    // The entries alone, as a spreadsheet export or a copy of one part of a roster gives them.
    return failRoster(source, [{ path: '', location: at([]), message: 'is a list of entries without `agreements:` above it: add a line `agreements:` before the first entry (and `defaults:`, if any, before that)' }]);
  }
  if (!isPlainObject(value)) {
    return failRoster(source, [{ path: '', location: at([]), message: 'must have `agreements:`, the list of entries, one per agreement (and `defaults:` above it, if any)' }]);
  }
  // A batch's record given where its roster belongs (agreements/manifest.json, as a shell completes it): one
  // problem saying so, not one per key of the manifest that is not a roster key.
  if (isManifestShaped(value) && !('agreements' in value)) {
    const made = typeof value.roster === 'string' ? ` (this one was made from ${value.roster})` : '';
    return failRoster(source, [
      { path: '', location: at([]), message: `is the manifest.json a batch writes into its output folder, not a roster: give the roster the batch was made from${made}` },
    ]);
  }
  return value;
}

function findUnknownTopLevelKeys(roster: PlainObject, at: (path: (string | number)[]) => SourceLocation): Problem[] {
  return Object.keys(roster)
    .filter((key) => !(rosterTopLevelKeys as readonly string[]).includes(key))
    .map((key) => {
      const guess = suggest(key, [...rosterTopLevelKeys]);
      return {
        path: key,
        location: at([key]),
        message: `is not a roster key${guess ? ` (did you mean "${guess}"?)` : ''}; a roster has only \`defaults:\` and \`agreements:\``,
      };
    });
}

/** `agreements` as written: a list with entries (no problem), an empty one, or missing, null or not a list. */
function findAgreementsProblems(source: RosterSource, agreements: unknown, at: (path: (string | number)[]) => SourceLocation): Problem[] {
  const problem = (message: string): Problem[] => [{ path: 'agreements', location: at(['agreements']), message }];
  if (source.entries) return source.entries.count === 0 ? problem('is empty: add at least one entry') : [];
  if (agreements === undefined) return problem('is missing: list one entry per agreement under `agreements:`');
  // `agreements:` with every entry commented out, or not yet written.
  if (agreements === null) return problem('has no entries: list one entry per agreement under it, each starting with "- "');
  return problem('must be a list (each entry starts with "- ")');
}

function findDefaultsProblems(defaults: unknown, packs: readonly Pack[], at: (path: (string | number)[]) => SourceLocation): Problem[] {
  if (!isPlainObject(defaults)) {
    return [{ path: 'defaults', location: at(['defaults']), message: 'must be answers shared by every entry, each written as field: answer beneath it (agency: Northshire County Council)' }];
  }
  // A default no template has is a typo, not something to skip silently.
  const known = new Set(packs.flatMap((pack) => listKeysAt(pack.manifest, '')));
  return Object.keys(defaults)
    .filter((key) => !known.has(key))
    .map((key) => {
      const guess = suggest(key, [...known]);
      return { path: `defaults.${key}`, location: at(['defaults', key]), message: `is not a field of any template${guess ? ` (did you mean "${guess}"?)` : ''}` };
    });
}

const rosterHint = 'Fix the roster at the lines shown; nothing was written. See `examples/roster.yaml` for the format.';

function planEntry(
  source: RosterSource,
  packs: readonly Pack[],
  defaults: PlainObject,
  item: RosterItem,
  position: number,
  options: PlanBatchOptions,
): UnnamedEntry {
  const index = position + 1;
  const location = item.locate([]);
  const invalid = (problems: Problem[], who: string, template: string | undefined, stem: string) => ({
    ok: false as const,
    result: { ok: false as const, index, location, who, template, problems },
    stem,
  });

  const entry = cloneAnswers(item.value);
  if (!isPlainObject(entry)) {
    return invalid([{ path: '', location, message: 'must be the answers of one agreement, each written as field: answer (template: one-to-one)' }], `entry ${index}`, undefined, `entry-${index}`);
  }

  const templateName = entry.template ?? defaults.template ?? (packs.length === 1 ? packs[0]!.manifest.name : undefined);
  const pack = typeof templateName === 'string' ? packs.find((candidate) => candidate.manifest.name === templateName) : undefined;
  if (!pack) {
    const templateLocation = Object.hasOwn(entry, 'template') ? item.locate(['template']) : defaults.template !== undefined ? source.locate(['defaults', 'template']) : location;
    const problem = { path: 'template', location: templateLocation, message: explainNoTemplate(templateName, entry, packs) };
    return invalid([problem], describeWho(undefined, entry, index), undefined, `entry-${index}`);
  }

  const merged = mergeEntry(pack, defaults, entry);
  // Kept with the plan, and in the manifest, to the end of the batch.
  const who = detachStrings(describeWho(pack, merged, index));
  // Names come from the raw answers too, so an invalid entry still holds its place.
  const stem = makeSafeStem(deriveFileStem(pack, merged), index);
  const result = validateAnswers(pack.manifest, merged);
  const { printable } = options;
  const problems = !result.ok
    ? result.problems
    : printable && options.formats.includes('pdf')
      ? findUnprintableAnswers(result.answers, (text) => findUnprintableCharacters(printable, text))
      : [];
  // Against the defaults this entry took: a person it names otherwise is not pointed at in `defaults`.
  const taken = selectDefaults(pack, defaults, entry);
  if (!result.ok || problems.length > 0) {
    const located = problems.map((problem) => ({
      ...nameListedPerson(pack, merged, explainOtherTemplatesField(packs, pack, restateAsWritten(problem, () => writtenValue(source, item, entry, taken, problem.path)))),
      location: problem.location ?? locateValue(source, item, entry, taken, problem.path),
    }));
    return invalid(located, who, pack.manifest.name, stem);
  }
  const warnings = result.warnings.map((warning) => ({
    ...warning,
    location: warning.location ?? locateValue(source, item, entry, taken, warning.path),
  }));
  return {
    ok: true,
    result: {
      ok: true,
      index,
      location,
      who,
      template: pack.manifest.name,
      // Kept until the renderer has it: for a long roster, from planning until late in the run.
      input: detachStrings(entry),
      answersSha256: hashAnswers(result.answers),
      warnings,
      ...(options.keepAnswers === true ? { answers: result.answers } : {}),
    },
    stem,
  };
}

/** Why an entry has no template to render with: none named (nor a default, nor only one pack), not a name, or no such template. */
function explainNoTemplate(templateName: unknown, entry: PlainObject, packs: readonly Pack[]): string {
  const names = packs.map((candidate) => candidate.manifest.name);
  if (templateName === undefined) {
    return Object.hasOwn(entry, '<<')
      ? `is required: one of ${names.join(', ')}; YAML merge keys (<<) are not read, so put what entries share under \`defaults\``
      : `is required: one of ${names.join(', ')} (or set it under defaults)`;
  }
  if (typeof templateName !== 'string') return `must be the name of one template, one of ${names.join(', ')}`;
  const guess = suggest(templateName, names);
  return `"${templateName}" is not a template${guess ? ` (did you mean "${guess}"?)` : ''}; templates: ${names.join(', ')}`;
}

const unknownField = 'is not a field of this template';

/**
 * `members:` in an entry whose `template:` says one-to-one (a group copied
 * from the 1:1 above it, say) is most likely the template being wrong, not
 * the field: a roster mixes templates, so the other template that has the
 * field is named rather than a near spelling of one this template has.
 */
function explainOtherTemplatesField(packs: readonly Pack[], pack: Pack, problem: Problem): Problem {
  if (problem.path.includes('.') || !problem.message.startsWith(unknownField)) return problem;
  const owners = packs.filter((other) => other !== pack && listKeysAt(other.manifest, '').includes(problem.path)).map((other) => other.manifest.name);
  if (owners.length === 0) return problem;
  const named = owners.map((name) => `"${name}"`).join(' or ');
  return { ...problem, message: `is not a field of ${pack.manifest.name} agreements, but of ${named}: check the entry's \`template:\`` };
}

/**
 * `members.2.registration.number` counts from 0, as every path does (a
 * script reads them, and the interview names the member its own way); a
 * reader of a roster's problems counts from 1 and knows people by name, so
 * the message says which member it is: "(member 3, Sam Reid)".
 */
function nameListedPerson(pack: Pack, answers: PlainObject, problem: Problem): Problem {
  for (const field of pack.manifest.fields) {
    if (field.type !== 'persons' || !problem.path.startsWith(`${field.key}.`)) continue;
    const position = /^(\d+)(?:\.|$)/.exec(problem.path.slice(field.key.length + 1));
    if (!position) continue;
    const index = Number(position[1]);
    const list = getPath(answers, field.key);
    const person: unknown = Array.isArray(list) ? list[index] : undefined;
    const name = isPlainObject(person) && typeof person.name === 'string' && person.name.trim() !== '' ? person.name.trim().replace(/\s+/g, ' ') : undefined;
    return { ...problem, message: `${problem.message} (${field.itemLabel.toLowerCase()} ${index + 1}${name === undefined ? '' : `, ${name}`})` };
  }
  return problem;
}

/**
 * A problem points at the value that caused it: in the entry when the entry
 * reaches deeper along the path than `defaults` does (or neither has it, so
 * the entry is where to add it), otherwise in `defaults`.
 */
function locateValue(source: RosterSource, item: RosterItem, entry: PlainObject, defaults: PlainObject, path: string): SourceLocation {
  const segments = toSegments(path);
  return isFromDefaults(entry, defaults, segments) ? source.locate(['defaults', ...segments]) : item.locate(segments);
}

/** The value a problem is about as the roster writes it, where locateValue points (restateAsWritten). */
function writtenValue(source: RosterSource, item: RosterItem, entry: PlainObject, defaults: PlainObject, path: string): WrittenValue | undefined {
  const segments = toSegments(path);
  return isFromDefaults(entry, defaults, segments) ? source.written(['defaults', ...segments]) : item.written(segments);
}

function toSegments(path: string): (string | number)[] {
  return path === '' ? [] : path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function isFromDefaults(entry: PlainObject, defaults: PlainObject, segments: readonly (string | number)[]): boolean {
  return countPresent(defaults, segments) > countPresent(entry, segments);
}

function countPresent(value: unknown, segments: readonly (string | number)[]): number {
  let current = value;
  let depth = 0;
  for (const segment of segments) {
    if (Array.isArray(current) && typeof segment === 'number' && segment < current.length) current = current[segment];
    else if (isPlainObject(current) && Object.hasOwn(current, String(segment))) current = current[String(segment)];
    else break;
    depth += 1;
  }
  return depth;
}

function describeWho(pack: Pack | undefined, answers: PlainObject, index: number): string {
  const keys = pack ? [...pack.manifest.fileNameFrom, 'supervisor.name'] : ['supervisee.name', 'groupName', 'supervisor.name'];
  for (const key of keys) {
    const value = getPath(answers, key);
    if (typeof value === 'string' && value.trim() !== '') {
      // Shown in messages on a terminal: a control or direction-changing character is shown as one, not obeyed.
      const name = value.trim().replace(/\s+/g, ' ').replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '\ufffd');
      const short = name.length > 60 ? `${name.slice(0, 59)}…` : name;
      return key === 'supervisor.name' ? `supervised by ${short}` : short;
    }
  }
  return `entry ${index}`;
}

/** Longest stem kept, so a name plus suffix and extension stays well under file-system limits. */
const maxStemLength = 120;

/**
 * Keeps only readable ASCII that is safe in every file system: lower-case
 * letters, digits and single hyphens. `deriveFileStem` already slugifies; this
 * is the guard that holds whatever a custom pack's name or fields produce.
 */
export function makeSafeStem(stem: string, index: number): string {
  const safe = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxStemLength)
    .replace(/-+$/, '');
  return safe === '' ? `entry-${index}` : safe;
}

/** The names a batch has given so far, in roster order. */
export class TakenStems {
  readonly names = new Set<string>();
  /**
   * Per stem, the suffix to try first: those below it were taken when last
   * tried, and a name once given stays given. Trying from 2 each time made a
   * roster whose entries share one stem quadratic: 16,000 entries with the
   * supervisee's column misnamed all derive `one-to-one`, and took 1m40s more.
   */
  readonly nextSuffix = new Map<string, number>();
}

/** `name`, then `name-2`, `name-3`… in roster order: the first free one is taken. */
export function reserveUniqueStem(taken: TakenStems, stem: string): string {
  let candidate = stem;
  if (taken.names.has(stem)) {
    let suffix = taken.nextSuffix.get(stem) ?? 2;
    while (taken.names.has(`${stem}-${suffix}`)) suffix += 1;
    candidate = `${stem}-${suffix}`;
    taken.nextSuffix.set(stem, suffix + 1);
  }
  taken.names.add(candidate);
  return candidate;
}

export function countEntries(plan: BatchPlan): { valid: number; invalid: number } {
  const valid = plan.entries.filter((entry) => entry.ok).length;
  return { valid, invalid: plan.entries.length - valid };
}
