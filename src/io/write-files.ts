import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { constants } from 'node:fs';
import { access, lstat, link, mkdir, open, readdir, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InterruptedError, SuperviseError } from '../errors.js';
import { describeFsReason, describeNameTooLong, errnoCodeOf, maxNameBytes } from './fs-reasons.js';

/**
 * Writing agreements safely. They hold personal data, so files are owner-only
 * (0600) and folders we create are owner-only (0700). A file appears whole or
 * not at all: it is written to a temporary file in the same folder and then
 * moved into place, so a crash, a full disk or Ctrl-C never leaves half a
 * file under the real name.
 */

const fileMode = 0o600;
const folderMode = 0o700;

/** Temporary files being written right now, removed if the process is interrupted. */
const pendingTempFiles = new Set<string>();
/** Their `open` calls still under way (see removePendingTempFiles). */
const openingTempFiles = new Set<Promise<FileHandle>>();

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * Which of the paths already exist. A symbolic link counts as existing even
 * when it dangles, and is never followed.
 */
export async function findExistingPaths(paths: readonly string[]): Promise<string[]> {
  const { listed, toLookAt } = await readListings(paths);
  const found = new Array<boolean>(toLookAt.length);
  // A batch checks thousands of names: a few dozen lstat calls at a time, not one after another.
  for (let start = 0; start < toLookAt.length; start += lstatChunk) {
    const chunk = toLookAt.slice(start, start + lstatChunk);
    const results = await Promise.all(
      chunk.map((path) =>
        lstat(path).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return false;
            throw describeFsError(error, path);
          },
        ),
      ),
    );
    results.forEach((exists, offset) => (found[start + offset] = exists));
  }
  const lookedAtAndFound = new Set(toLookAt.filter((_, index) => found[index]));
  return paths.filter((path) => listed.has(path) || lookedAtAndFound.has(path));
}

const lstatChunk = 64;

/**
 * A batch's thousand names go in one folder, and one listing of it settles
 * most of them (a thousand lstat calls took ~40 ms of the main thread): a
 * name listed as it is spelt is there (`listed`), and a name not listed in
 * any case or Unicode form is not. The rest are left for lstat to decide
 * (`toLookAt`): a name listed only in another case or form (a
 * case-insensitive file system finds `Tom.md` as `tom.md`), a name too long
 * to be listed (lstat says why it cannot be), and every name in a folder
 * that cannot be listed but may still be looked in (lstat gives the same
 * reasons as ever for that).
 */
async function readListings(paths: readonly string[]): Promise<{ listed: Set<string>; toLookAt: string[] }> {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const folder = dirname(path);
    const inFolder = byFolder.get(folder);
    if (inFolder) inFolder.push(path);
    else byFolder.set(folder, [path]);
  }
  const listed = new Set<string>();
  const toLookAt: string[] = [];
  for (const [folder, inFolder] of byFolder) {
    const names =
      inFolder.length < listingWorthFrom
        ? undefined
        : await readdir(folder).then(
            (found) => new Set(found),
            (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? new Set<string>() : undefined),
          );
    if (names === undefined) {
      toLookAt.push(...inFolder);
      continue;
    }
    const folded = new Set([...names].map(foldName));
    for (const path of inFolder) {
      const name = basename(path);
      if (names.has(name)) listed.add(path);
      else if (folded.has(foldName(name)) || Buffer.byteLength(name) > maxNameBytes) toLookAt.push(path);
    }
  }
  return { listed, toLookAt };
}

/** Below this many names in one folder, looking at each costs less than listing the folder, which may be large. */
const listingWorthFrom = 16;

/** A name as a case-insensitive, normalising file system compares it, near enough that lstat settles the rest. */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Fails, as writing into it would, when files cannot be created in the
 * folder: it, or the nearest folder above it that exists (where it would be
 * made), is read-only or not ours to write. Checked before a batch renders
 * anything, so a folder that takes no files is one message, not a stopped run.
 */
export async function checkFolderWritable(path: string): Promise<void> {
  let folder = path;
  for (;;) {
    try {
      const info = await stat(folder);
      if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      await access(folder, constants.W_OK | constants.X_OK);
      return;
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      const parent = dirname(folder);
      if (failure.code !== 'ENOENT' || parent === folder) throw describeFsError(failure, path);
      folder = parent;
    }
  }
}

/** Whether two paths name one file (through links, `..` or another spelling); false if either is missing. */
export async function isSameFile(first: string, second: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(first).catch(() => undefined), stat(second).catch(() => undefined)]);
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/**
 * The first of `candidates`, all files in `folder`, that is the same file as
 * `path`, as isSameFile tells; undefined if none is. A file kept elsewhere
 * under one name only (no hard link) cannot be one of them, which is known
 * without looking at each.
 */
export async function findSameFile(path: string, folder: string, candidates: readonly string[]): Promise<string | undefined> {
  const target = await stat(path).catch(() => undefined);
  if (target === undefined) return undefined;
  if (target.nlink === 1) {
    const [home, here] = await Promise.all([realpath(path).then(dirname, () => undefined), realpath(folder).catch(() => undefined)]);
    if (home !== here) return undefined;
  }
  // A --force re-run has thousands of candidates: a few dozen stat calls at a time, as findExistingPaths does.
  for (let start = 0; start < candidates.length; start += lstatChunk) {
    const chunk = candidates.slice(start, start + lstatChunk);
    const found = await Promise.all(chunk.map((candidate) => stat(candidate).catch(() => undefined)));
    const index = found.findIndex((info) => info !== undefined && info.dev === target.dev && info.ino === target.ino);
    if (index !== -1) return chunk[index];
  }
  return undefined;
}

export async function ensureFolder(path: string): Promise<void> {
  await makeFolder(path).catch((error: NodeJS.ErrnoException) => {
    // mkdir says only "file already exists" when the folder to make is a file.
    if (error.code === 'EEXIST') {
      const described = describeFsError(error, path);
      throw new SuperviseError(`Cannot write into ${path}: it is a file, not a folder`, { hint: described.hint, cause: error, file: path });
    }
    if (error instanceof SuperviseError) throw error;
    throw describeFsError(error, path);
  });
}

/**
 * mkdir -p, one folder at a time from the nearest that exists, never with
 * Node's recursive mkdir. That one reports a failure it does not expect (a
 * read-only file system, a full quota, an input/output error) as ENOENT, "it
 * does not exist", of the very folder it was asked to make; and where mkdir
 * says ENOENT though the folder above exists (/proc, /sys), it asks again for
 * ever, on every one of libuv's threads: `--out /proc/x` spun at full CPU,
 * and not even Ctrl-C could end it. Here the folder that cannot be made gives
 * the real reason, once.
 */
async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { mode: folderMode });
  } catch (error) {
    const code = errnoCodeOf(error);
    const parent = dirname(path);
    // There already: a folder (or a link to one) will do; a file of that name is for ensureFolder to say.
    if (code === 'EEXIST' && (await isFolder(path))) return;
    if (code !== 'ENOENT' || parent === path) throw error;
    await makeFolder(parent);
    await mkdir(path, { mode: folderMode }).catch(async (failure: NodeJS.ErrnoException) => {
      // Made meanwhile by someone else: as good as made here.
      if (failure.code !== 'EEXIST' || !(await isFolder(path))) throw describeUnmakeableFolder(failure, path);
    });
  }
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isDirectory(), () => false);
}

/** makeFolder, synchronously, for the one write that cannot wait (writeFileAtomicSync). */
function makeFolderSync(path: string): void {
  try {
    mkdirSync(path, { mode: folderMode });
  } catch (error) {
    const code = errnoCodeOf(error);
    const parent = dirname(path);
    const isFolderSync = (): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
    if (code === 'EEXIST' && isFolderSync()) return;
    if (code !== 'ENOENT' || parent === path) throw error;
    makeFolderSync(parent);
    try {
      mkdirSync(path, { mode: folderMode });
    } catch (failure) {
      if (errnoCodeOf(failure) !== 'EEXIST' || !isFolderSync()) throw describeUnmakeableFolder(failure as NodeJS.ErrnoException, path);
    }
  }
}

/**
 * A folder that cannot be made though the one above it is there: "it does not exist", which mkdir's ENOENT
 * says, is no reason, where the folder above (/proc, /sys) takes no new folders.
 */
function describeUnmakeableFolder(failure: NodeJS.ErrnoException, path: string): NodeJS.ErrnoException | SuperviseError {
  if (failure.code !== 'ENOENT') return failure;
  return new SuperviseError(`Cannot write ${path}: no folder can be made in ${dirname(path)}`, {
    hint: 'Choose another output folder with --out and run again.',
    cause: failure,
    file: path,
  });
}

/** What a file is written from: text, bytes, or text in pieces (written as they come, never held whole). */
export type FileContent = string | Uint8Array | Iterable<string>;

/**
 * Writes one file atomically. Without `overwrite` the final step is a hard
 * link, which fails if anything (even a symlink) has appeared at the target
 * since it was checked; with it, a rename replaces the entry itself, never
 * the file a symlink points to.
 */
export async function writeFileAtomic(path: string, content: FileContent, options: { overwrite: boolean }): Promise<void> {
  await ensureFolder(dirname(path));
  await commitStagedFile(await stageFileAtomic(path, content), options);
}

/** Characters gathered before each write of text given in pieces. */
const pieceLength = 256 * 1024;

/** A handle's writeFile writes from where the last write ended, and all of it. */
async function writeInPieces(handle: FileHandle, pieces: Iterable<string>): Promise<void> {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length < pieceLength) continue;
    await handle.writeFile(pending);
    pending = '';
  }
  if (pending !== '') await handle.writeFile(pending);
}

/**
 * `.NAME.1f2e3d4c5b6a.tmp` beside `path`, NAME cut short where the whole
 * would pass maxNameBytes: a name the file system takes (a 240-byte `--out`)
 * must not be refused as too long because its temporary name is 18 bytes longer.
 */
function temporaryPathBeside(path: string): string {
  const suffix = `.${temporaryToken()}.tmp`;
  return join(dirname(path), `.${cutToBytes(basename(path), maxNameBytes - 1 - suffix.length)}${suffix}`);
}

/** `.NAME.1f2e3d4c5b6a.tmp`, as temporaryPathBeside names a file while it is written. */
const temporaryNamePattern = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Temporary files in `folder`, by name, sorted. A process killed outright
 * (kill -9, a power cut, the machine going down) cannot remove those it was
 * writing; they are never an agreement under its real name, but nothing else
 * would ever name them. None when the folder cannot be read (or is not there).
 */
export async function findTemporaryFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => temporaryNamePattern.test(name)).sort();
}

/**
 * Twelve hex digits, unique within this thread and different in each
 * process: a random start drawn once, then a count. A fresh randomBytes(6)
 * per file cost ~15 µs each, ~2% of a 1,000-file Markdown batch's main thread.
 * A name that is taken anyway fails the exclusive open, never overwrites.
 */
const temporaryPrefix = randomBytes(3).toString('hex');
let temporaryCount = 0;

function temporaryToken(): string {
  temporaryCount = (temporaryCount + 1) % 0x1000000;
  return `${temporaryPrefix}${temporaryCount.toString(16).padStart(6, '0')}`;
}

/** The longest start of `text` that takes at most `maxBytes` bytes in UTF-8, whole characters only. */
function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = '';
  for (const character of text) {
    if (Buffer.byteLength(cut + character) > maxBytes) break;
    cut += character;
  }
  return cut;
}

/** A file written and synced under a temporary name beside `path`, not yet in place. */
export interface StagedFile {
  path: string;
  temp: string;
}

/**
 * writeFileAtomic in two steps, for a batch that must know, when Ctrl-C
 * comes, exactly which files are in place: `stageFileAtomic` writes the
 * temporary file (the slow part), `commitStagedFile` moves it into place,
 * and `completeStagedFileSync` finishes a move already under way from a
 * signal handler.
 */
export async function stageFileAtomic(path: string, content: FileContent): Promise<StagedFile> {
  const temp = temporaryPathBeside(path);
  pendingTempFiles.add(temp);
  try {
    const handle = await openTempFile(temp);
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await handle.writeFile(content);
      else await writeInPieces(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await removeTempFile(temp).catch(() => undefined);
    pendingTempFiles.delete(temp);
    throw describeFsError(error as NodeJS.ErrnoException, path);
  }
  return { path, temp };
}

async function openTempFile(temp: string): Promise<FileHandle> {
  const opening = open(temp, 'wx', fileMode);
  openingTempFiles.add(opening);
  try {
    return await opening;
  } finally {
    openingTempFiles.delete(opening);
  }
}

/** Moves a staged file into place: a hard link (fails if anything is there) or, with `overwrite`, a rename. */
export async function commitStagedFile(staged: StagedFile, options: { overwrite: boolean }): Promise<void> {
  try {
    if (options.overwrite) {
      await rename(staged.temp, staged.path);
    } else {
      await placeWithoutReplacing(staged);
    }
  } catch (error) {
    await removeTempFile(staged.temp).catch(() => undefined);
    throw describeCommitError(error as NodeJS.ErrnoException, staged.path);
  } finally {
    pendingTempFiles.delete(staged.temp);
  }
}

/**
 * Why link() fails on a file system that has no hard links: FAT and exFAT
 * (most USB sticks and SD cards) say EPERM, some network and FUSE file
 * systems ENOTSUP or ENOSYS. On any of them a rename is tried instead; where
 * the reason is really permission, the rename fails the same way and says so.
 */
const noHardLinkCodes = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Moves a staged file into place unless something is already there. A hard
 * link does that in one step. Where hard links cannot be made, the target is
 * looked for and, if free, the file renamed into place: a rename replaces a
 * directory entry and never follows a symbolic link, so at worst an entry
 * made in the instant between the look and the rename is replaced.
 */
async function placeWithoutReplacing(staged: StagedFile): Promise<void> {
  try {
    await link(staged.temp, staged.path);
  } catch (error) {
    if (!noHardLinkCodes.has(errnoCodeOf(error) ?? '')) throw error;
    const there = await lstat(staged.path).then(
      () => true,
      (failure: NodeJS.ErrnoException) => {
        if (failure.code === 'ENOENT') return false;
        throw failure;
      },
    );
    if (there) throw Object.assign(new Error('file already exists'), { code: 'EEXIST' });
    await rename(staged.temp, staged.path);
    return;
  }
  await removeTempFile(staged.temp);
}

/**
 * Removes a temporary file, if it is still there. Not `rm`, which looks at
 * the file twice before it unlinks it: two thousand needless calls for a
 * batch of a thousand.
 */
async function removeTempFile(temp: string): Promise<void> {
  await unlink(temp).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/**
 * From a signal handler: makes sure a staged file is in place, whether or
 * not its own (asynchronous) move has happened yet. Either move may come
 * first; the other then finds the temporary file gone or the target there.
 */
export function completeStagedFileSync(staged: StagedFile, options: { overwrite: boolean }): void {
  try {
    if (options.overwrite) renameSync(staged.temp, staged.path);
    else linkSync(staged.temp, staged.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No hard links here (placeWithoutReplacing): renamed instead, unless it is in place already.
    if (!options.overwrite && noHardLinkCodes.has(code ?? '')) {
      if (lstatSync(staged.path, { throwIfNoEntry: false }) !== undefined) return;
      try {
        renameSync(staged.temp, staged.path);
        return;
      } catch (failure) {
        throw describeCommitError(failure as NodeJS.ErrnoException, staged.path);
      }
    }
    if ((code !== 'ENOENT' && code !== 'EEXIST') || lstatSync(staged.path, { throwIfNoEntry: false }) === undefined) {
      throw describeCommitError(error as NodeJS.ErrnoException, staged.path);
    }
  }
}

/**
 * Fails, as moving it there would, if any of `paths` is a folder. Files that
 * belong together and replace what is there (--force) are checked first, so
 * that a folder in the way of the last does not fail its move after the
 * first has replaced its file.
 */
export async function refuseFoldersInTheWay(paths: readonly string[]): Promise<void> {
  const folders = await Promise.all(paths.map((path) => lstat(path).then((info) => info.isDirectory(), () => false)));
  const folder = paths.find((_, index) => folders[index]);
  if (folder !== undefined) throw describeFsError(isDirectoryError(), folder);
}

function isDirectoryError(): NodeJS.ErrnoException {
  return Object.assign(new Error('is a directory'), { code: 'EISDIR' });
}

/**
 * What a failure to move one of several files into place says when others
 * were moved before it, replacing what was there: which are new, and which
 * are as they were.
 */
export function describePartlyReplaced(failure: SuperviseError, replaced: readonly string[], leftAsTheyWere: readonly string[]): SuperviseError {
  return new SuperviseError(
    `${failure.message}. ${replaced.join(', ')} ${replaced.length === 1 ? 'was' : 'were'} written all the same, replacing what was there; ` +
      `${leftAsTheyWere.join(', ')} ${leftAsTheyWere.length === 1 ? 'is as it was' : 'are as they were'}`,
    { hint: failure.hint, cause: failure.cause, file: failure.file },
  );
}

/** Removes a staged file that will not be moved into place. */
export async function discardStagedFile(staged: StagedFile): Promise<void> {
  await removeTempFile(staged.temp).catch(() => undefined);
  pendingTempFiles.delete(staged.temp);
}

function describeCommitError(error: NodeJS.ErrnoException, path: string): SuperviseError {
  if (error.code === 'EEXIST') return new SuperviseError(`${path} already exists; it was not overwritten`, { hint: 'Use --force to replace it.' });
  return describeFsError(error, path);
}

/**
 * Writes several files that belong together (an agreement in two formats and
 * its answers): every one is written and synced under a temporary name
 * first, so a full disk or a folder that takes no files leaves none of them
 * behind, and only then are they moved into place, all in one synchronous
 * step (placeStagedFilesSync). Returns what was written.
 */
export async function writeFilesAtomic(files: readonly OutputFile[], options: { overwrite: boolean; interrupted?: () => boolean }): Promise<string[]> {
  const paths = files.map((file) => file.path);
  const repeated = paths.find((path, index) => paths.indexOf(path) !== index);
  if (repeated !== undefined) throw new SuperviseError(`Two of the files to write are both ${repeated}; nothing was written`);
  const staged: StagedFile[] = [];
  try {
    for (const file of files) {
      await ensureFolder(dirname(file.path));
      staged.push(await stageFileAtomic(file.path, file.content));
    }
    // Ctrl-C while they were written: none is moved into place, so the message that nothing was written stays true.
    if (options.interrupted?.() === true) throw new InterruptedError();
  } catch (error) {
    await Promise.all(staged.map(discardStagedFile));
    throw error;
  }
  return placeStagedFilesSync(staged, options);
}

/**
 * Moves files staged together into place, synchronously on purpose. Ctrl-C
 * is answered by a handler that runs between the steps of asynchronous code,
 * never in the middle of synchronous code: moved one `await` at a time, an
 * interrupt between two moves left a new PDF beside the old Markdown (with
 * --force) while the message said nothing was written. Here the handler
 * finds every file in place or none; a few renames take microseconds.
 *
 * A move that fails takes back what it can: without `overwrite` the files
 * already moved are new, and are removed again; with it, a folder in the way
 * of any of them is found before the first is moved, and a file replaced
 * before a later move failed (a race, a file the folder's sticky bit
 * protects) is named in the message, with the one that was not.
 */
function placeStagedFilesSync(staged: readonly StagedFile[], { overwrite }: { overwrite: boolean }): string[] {
  const placed: string[] = [];
  let current: StagedFile | undefined;
  try {
    if (overwrite && staged.length > 1) {
      for (const file of staged) {
        current = file;
        if (lstatSync(file.path, { throwIfNoEntry: false })?.isDirectory() === true) throw isDirectoryError();
      }
    }
    for (const file of staged) {
      current = file;
      if (overwrite) renameSync(file.temp, file.path);
      else placeWithoutReplacingSync(file.temp, file.path);
      rmSync(file.temp, { force: true });
      pendingTempFiles.delete(file.temp);
      placed.push(file.path);
    }
  } catch (error) {
    // Clean-up that fails (the folder's permissions changed meanwhile) must not hide why the move failed.
    const remove = (path: string): boolean => {
      try {
        rmSync(path, { force: true });
        return true;
      } catch {
        return false;
      }
    };
    // A temporary file that cannot be removed stays listed, for removePendingTempFiles on Ctrl-C.
    for (const file of staged.slice(placed.length)) if (remove(file.temp)) pendingTempFiles.delete(file.temp);
    const failure = describeCommitError(error as NodeJS.ErrnoException, current?.path ?? staged[0]!.path);
    // Without overwrite, what was moved into place is new, so taking it away again leaves things as they were.
    if (!overwrite || placed.length === 0) {
      for (const path of placed) remove(path);
      throw failure;
    }
    throw describePartlyReplaced(failure, placed, staged.slice(placed.length).map((file) => file.path));
  }
  return placed;
}

/**
 * The same atomic replace, synchronously, for the one place that cannot wait:
 * recording a batch's progress on the way out of a signal handler.
 */
export function replaceFileAtomicSync(path: string, content: string): void {
  writeFileAtomicSync(path, content, { overwrite: true });
}

/**
 * A file written whole or not at all, synchronously, on the way out of a
 * signal handler (the answers of an interrupted `new`): without `overwrite`,
 * nothing already there is replaced (see completeStagedFileSync).
 */
export function writeFileAtomicSync(path: string, content: string, options: { overwrite: boolean }): void {
  const folder = dirname(path);
  makeFolderSync(folder);
  const temp = temporaryPathBeside(path);
  pendingTempFiles.add(temp);
  try {
    const descriptor = openSync(temp, 'wx', fileMode);
    try {
      writeSync(descriptor, content);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    if (options.overwrite) renameSync(temp, path);
    else placeWithoutReplacingSync(temp, path);
  } catch (error) {
    if (error instanceof SuperviseError) throw error;
    throw describeCommitError(error as NodeJS.ErrnoException, path);
  } finally {
    rmSync(temp, { force: true });
    pendingTempFiles.delete(temp);
  }
}

/** placeWithoutReplacing, synchronously; the temporary file is left for the caller to remove. */
function placeWithoutReplacingSync(temp: string, path: string): void {
  try {
    linkSync(temp, path);
  } catch (error) {
    if (!noHardLinkCodes.has(errnoCodeOf(error) ?? '')) throw error;
    if (lstatSync(path, { throwIfNoEntry: false }) !== undefined) throw Object.assign(new Error('file already exists'), { code: 'EEXIST' });
    renameSync(temp, path);
  }
}

/**
 * Removes temporary files still being written; called when the process is
 * interrupted. An `open` under way is waited for first: its file, removed
 * before the call lands, would be created after the clean-up and left behind.
 * Then the removal is synchronous, so no other `open` starts in between.
 */
export async function removePendingTempFiles(): Promise<void> {
  // Bounded: an interrupted command starts no new files, but a loop should not rely on that.
  for (let round = 0; openingTempFiles.size > 0 && round < 10; round += 1) await Promise.allSettled([...openingTempFiles]);
  for (const temp of pendingTempFiles) {
    try {
      // Synchronous on purpose: this runs on the way out of a signal handler.
      rmSync(temp);
    } catch {
      // Already gone.
    }
  }
  pendingTempFiles.clear();
}

/**
 * Failures that come from the folder or the disk rather than the one file:
 * full, over quota, read-only, not writable, gone. Every later write into
 * the same folder would fail the same way.
 */
const folderWideCodes = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EIO']);

/** Whether a write here failed for a reason that stops every later write into the same folder (see folderWideCodes). */
export function isFolderWideWriteFailure(error: unknown): error is SuperviseError {
  const code = fileSystemCodeOf(error);
  return code !== undefined && folderWideCodes.has(code);
}

/** Whether this is a file-system failure described by describeFsError (so its hint is the write hint). */
export function isFileSystemFailure(error: unknown): error is SuperviseError {
  return fileSystemCodeOf(error) !== undefined;
}

function fileSystemCodeOf(error: unknown): string | undefined {
  return error instanceof SuperviseError ? errnoCodeOf(error.cause) : undefined;
}

export function describeFsError(error: NodeJS.ErrnoException, path: string): SuperviseError {
  const closed = errnoCodeOf(error) === 'EACCES' ? findClosedFolderAbove(path) : undefined;
  if (closed !== undefined) {
    return new SuperviseError(`Cannot open the folder ${closed} to write in it: permission denied`, {
      hint: 'Choose another output folder with --out, or have that folder opened to you (it needs the x, search, permission), and run again.',
      cause: error,
      file: closed,
    });
  }
  const nameTooLong = errnoCodeOf(error) === 'ENAMETOOLONG';
  return new SuperviseError(`Cannot write ${path}: ${nameTooLong ? describeNameTooLong(path) : describeFsReason(error)}`, {
    hint: writeHints[errnoCodeOf(error) ?? ''] ?? 'Choose another output folder with --out, or free space or fix its permissions, and run again.',
    cause: error,
    file: path,
  });
}

/**
 * A folder above `path` that may not be opened (no search permission, as another user's `chmod 700` leaves it):
 * everything under it is refused as "permission denied", and naming the file (`locked/team/manifest.json`) sent
 * the user to a folder they could not even look into. The highest folder refused, below one that opens; undefined
 * where the folder the file goes in opens, and the refusal is its own (not writable).
 */
function findClosedFolderAbove(path: string): string | undefined {
  let closed: string | undefined;
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    const code = errnoCodeOf(tryAccess(folder));
    if (code === undefined) return closed;
    if (code === 'EACCES') closed = folder;
    else if (code !== 'ENOENT') return closed;
    if (dirname(folder) === folder) return closed;
  }
}

function tryAccess(folder: string): unknown {
  try {
    accessSync(folder, constants.X_OK);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** What to do about a write that failed, by its cause: a full disk needs space, not permissions. */
const writeHints: Record<string, string> = {
  ENAMETOOLONG: 'Choose a shorter name and run again.',
  ENOTDIR: 'Choose another output folder with --out and run again.',
  ENOSPC: 'Free some space on that disk, or choose another output folder with --out, and run again.',
  EDQUOT: 'Free some of your disk quota, or choose another output folder with --out, and run again.',
  EROFS: 'Choose an output folder with --out on a disk that can be written to, and run again.',
  EACCES: 'Choose another output folder with --out, or make that one writable for you, and run again.',
  EPERM: 'Choose another output folder with --out, or make that one writable for you, and run again.',
};
