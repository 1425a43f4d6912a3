/**
 * Reading and writing workbook files on disk: Node only. The package reader and patcher are given
 * bytes and return bytes, so they stay free of Node's file system (and can run in a browser).
 *
 * Writing follows SPEC §9 "Writing files": the output keeps the mode of the file it replaces,
 * a symbolic link is followed to the real file (the link stays a link), a read-only file or one
 * Excel has open (its `~$name` lock file beside it) is refused, and the bytes go through a
 * temporary file created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW: a link planted at its name is
 * never followed) and renamed over the target, so the target is either the old file or the new one.
 */
import { randomBytes } from "node:crypto";
import { constants, promises as fs, type Stats } from "node:fs";
import path from "node:path";
import { AppError, isAppError, msg } from "../messages";
import { SETTINGS_SHEET } from "../workbook/settings";
import { MAX_FILE_BYTES } from "./limits";
import { formatLocalTime } from "../workbook/util";
import {
  glanceEarlierOutput,
  earlierSettings,
  unchangedSinceWritten,
  type EarlierOutput,
} from "./written-stamp";
import { entryText, readZip } from "./zip";

/** Temporary files being written right now, for an interrupted process to remove. */
export const pendingTempFiles = new Set<string>();

function errnoCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

function detailOf(error: unknown): string {
  return errnoCode(error) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * An input file's bytes. Only a regular file is read: opening a named pipe waits for a writer, so
 * it is opened non-blocking and refused once its type is known. Larger than MAX_FILE_BYTES: refused.
 */
export async function readInputFile(file: string): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK has no effect on a regular file (and is 0 where the platform lacks it).
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (errnoCode(error) === "ENOENT") throw new AppError(msg("FILE_NOT_FOUND", { file }));
    throw new AppError(msg("UNREADABLE", { file, detail: detailOf(error) }));
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError(msg("NOT_REGULAR_FILE", { file, folder: stat.isDirectory() }));
    if (stat.size > MAX_FILE_BYTES)
      throw new AppError(msg("TOO_LARGE_FILE", { file, size: stat.size, limit: MAX_FILE_BYTES }));
    return await handle.readFile();
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError(msg("UNREADABLE", { file, detail: detailOf(error) }));
  } finally {
    await handle.close();
  }
}

/** Pieces a writev call takes: IOV_MAX is 1,024 on Linux, and a package of many parts has more. */
const WRITEV_PIECES = 512;

/** Pieces written one after the other (a zip's entries as they are: never joined into one copy). */
async function writeAll(handle: fs.FileHandle, pieces: readonly Uint8Array[]): Promise<void> {
  for (let at = 0; at < pieces.length; at += WRITEV_PIECES) {
    const batch = pieces.slice(at, at + WRITEV_PIECES);
    const expected = batch.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await handle.writev(batch);
    if (bytesWritten !== expected) throw new Error(`short write (${bytesWritten} of ${expected} bytes)`);
  }
}

/** Which file is at a path, as far as a later look can tell whether it was saved or replaced since. */
export interface FileSeen {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** Where writing a path lands, and what is there now. */
export interface OutputTarget {
  /** The real file: the path itself, or the file a symbolic link at the path points to. */
  path: string;
  /** Permission bits of the file being replaced; undefined for a new file. */
  mode?: number;
  /** The file there when checked; null when there was none. */
  seen: FileSeen | null;
}

const seenOf = (stat: Stats): FileSeen => ({ ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs });

async function resolveTarget(file: string): Promise<{ real: string; stat: Stats | null }> {
  let link: Stats;
  try {
    link = await fs.lstat(file);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return { real: path.resolve(file), stat: null };
    throw new AppError(msg("WRITE_FAILED", { file, detail: detailOf(error) }));
  }
  if (!link.isSymbolicLink()) return { real: path.resolve(file), stat: link };
  try {
    const real = await fs.realpath(file);
    return { real, stat: await fs.stat(real) };
  } catch (error) {
    if (errnoCode(error) === "ENOENT") throw new AppError(msg("DANGLING_LINK", { file }));
    throw new AppError(msg("WRITE_FAILED", { file, detail: detailOf(error) }));
  }
}

/** The lock files a spreadsheet program keeps beside a file it has open: Excel's, and LibreOffice's. */
function lockFileNames(base: string): string[] {
  return [`~$${base}`, `.~lock.${base}#`];
}

async function findLockFile(paths: readonly string[]): Promise<string | undefined> {
  for (const file of paths) {
    for (const name of lockFileNames(path.basename(file))) {
      const lock = path.join(path.dirname(file), name);
      try {
        await fs.lstat(lock);
        return lock;
      } catch {
        // No such lock file.
      }
    }
  }
  return undefined;
}

async function isWritable(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Check that `file` can be written as SPEC §9 asks, before any work is done and again just before
 * writing: its directory is writable; an existing file is a regular one, not read-only (for root
 * too: the mode bits decide) and not open in Excel. Throws an AppError (exit 3) otherwise.
 */
export async function checkOutputTarget(file: string): Promise<OutputTarget> {
  const { real, stat } = await resolveTarget(file);
  const dir = path.dirname(real);
  const dirStat = await fs.stat(dir).catch(() => null);
  if (!dirStat?.isDirectory() || !(await isWritable(dir)))
    throw new AppError(msg("OUTPUT_DIR_UNWRITABLE", { file, dir }));
  if (!stat) return { path: real, seen: null };
  if (!stat.isFile()) throw new AppError(msg("NOT_REGULAR_FILE", { file, folder: stat.isDirectory() }));
  const lock = await findLockFile([...new Set([path.resolve(file), real])]);
  if (lock) throw new AppError(msg("FILE_OPEN_IN_EXCEL", { file, lock: path.basename(lock) }));
  if ((stat.mode & 0o222) === 0 || !(await isWritable(real)))
    throw new AppError(msg("FILE_READ_ONLY", { file }));
  return { path: real, mode: stat.mode & 0o7777, seen: seenOf(stat) };
}

/**
 * Refuses when the file at `real` is no longer the one the run's first check found: saved in
 * Excel or WPS, or brought by a sync folder, while the run worked. A file gone since is no loss.
 */
async function refuseIfChangedSince(file: string, real: string, seen: FileSeen | null): Promise<void> {
  const now = await fs.lstat(real).catch(() => null);
  if (!now) return;
  const was = seen && seenOf(now);
  if (!was || was.ino !== seen.ino || was.size !== seen.size || was.mtimeMs !== seen.mtimeMs)
    throw new AppError(msg("FILE_CHANGED_DURING_RUN", { file }));
}

/**
 * Whether a workbook file was written by this tool: it holds the settings sheet. A file that is not
 * a readable package at all is not. Only the zip's directory and the workbook part are looked at.
 */
function writtenByThisTool(bytes: Uint8Array): boolean {
  try {
    const workbook = readZip(bytes)?.find((e) => e.name === "xl/workbook.xml");
    return workbook !== undefined && entryText(workbook).includes(`name="${SETTINGS_SHEET}"`);
  } catch {
    return false;
  }
}

/** `length` bytes of an open file from `offset` (fewer at its end). */
async function readAt(handle: fs.FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  while (at < length) {
    const { bytesRead } = await handle.read(bytes, at, length - at, offset + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return bytes.subarray(0, at);
}

/**
 * Whether an existing file was written by this tool, and when its settings say: a glance at a few
 * of its parts (written-stamp.ts), the whole file read only when the glance cannot tell.
 */
async function earlierOutput(real: string, size: number): Promise<EarlierOutput> {
  if (size > MAX_FILE_BYTES) return { ours: false, writtenAt: null };
  const handle = await fs.open(real, constants.O_RDONLY);
  try {
    const glanced = await glanceEarlierOutput(size, (offset, length) => readAt(handle, offset, length));
    if (glanced) return glanced;
    const bytes = await readAt(handle, 0, size);
    if (!writtenByThisTool(bytes)) return { ours: false, writtenAt: null };
    return { ours: true, ...(await earlierSettings(bytes, real)) };
  } finally {
    await handle.close();
  }
}

/** "2026-12-05 08:10:31": a save in the minute of the run must not read as the same time. */
function timeToSecond(d: Date): string {
  return `${formatLocalTime(d)}:${String(d.getSeconds()).padStart(2, "0")}`;
}

/**
 * What `score` and `merge` may replace (checked before any work): a file this tool wrote and nobody
 * saved since (a re-run replaces its own earlier output; written-stamp.ts) or an empty one. Never a
 * workbook of someone's own, which a mistyped or reused name would destroy without a word, nor an
 * output the user has edited and saved, whose edits would be lost. `template` (`anyFile`) makes a
 * blank sheet, so it replaces nothing that holds anything: an earlier output holds the user's data.
 */
export async function refuseToReplace(
  file: string,
  options: { anyFile?: boolean } = {},
): Promise<EarlierOutput | null> {
  const { real, stat } = await resolveTarget(file);
  if (!stat?.isFile() || stat.size === 0) return null;
  if (options.anyFile) throw new AppError(msg("OUTPUT_EXISTS", { file }));
  const earlier = await earlierOutput(real, stat.size);
  const { ours, writtenAt } = earlier;
  if (!ours) throw new AppError(msg("OUTPUT_EXISTS_NOT_OURS", { file }));
  // Scored in place (the add-in, --in-place) or by a version before the stamp: the user's own file.
  if (!writtenAt) throw new AppError(msg("OUTPUT_SCORED_WORKBOOK", { file }));
  if (!unchangedSinceWritten(stat.mtimeMs, writtenAt))
    throw new AppError(
      msg("OUTPUT_CHANGED_SINCE_WRITTEN", {
        file,
        written: timeToSecond(writtenAt),
        saved: timeToSecond(stat.mtime),
      }),
    );
  return earlier;
}

/**
 * An earlier output holding a 定稿 is replaced only by a run that carries the same one (the output
 * scored again), or with --unfinalize: scoring the original again would drop the frozen results,
 * which live only in that output (docs/records.md). A 定稿 that cannot be read is not claimed.
 */
export function refuseToDropFinal(
  file: string,
  earlier: EarlierOutput | null,
  carried: string | undefined,
  unfinalize: boolean,
): void {
  const at = earlier?.finalizedAt;
  if (typeof at !== "string" || at === carried || unfinalize) return;
  throw new AppError(msg("OUTPUT_HOLDS_FINAL", { file, at: formatLocalTime(new Date(at)) }));
}

/** A name for the temporary file beside `real`; hidden, random, so no other run picks the same. */
function tempNameBeside(real: string): string {
  return path.join(path.dirname(real), `.${path.basename(real)}.${randomBytes(6).toString("hex")}.tmp`);
}

const EXCLUSIVE_CREATE =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Write `bytes` (or the pieces they are made of, in order) to `file` (SPEC §9): checked as
 * checkOutputTarget says, written to an exclusively created temporary file beside the real target
 * with the replaced file's mode, synced, then renamed over it. On any failure the target is unchanged and the temporary file removed.
 */
export async function writeFileReplacing(
  file: string,
  bytes: Uint8Array | readonly Uint8Array[],
  options: {
    tempName?: (real: string) => string;
    /** The file's modification time: the time its settings record (an output; written-stamp.ts). */
    stamp?: Date;
    /** The target as the run found it before its work: replaced only if it is still that file. */
    unchangedSince?: OutputTarget;
  } = {},
): Promise<void> {
  const target = await checkOutputTarget(file);
  // `tempName` lets a test plant a link at the name the temporary file will take.
  const temp = (options.tempName ?? tempNameBeside)(target.path);
  let created = false;
  pendingTempFiles.add(temp);
  try {
    // A new file gets 0666 less the umask, as any new file; a replaced one its own mode, set below.
    const handle = await fs.open(temp, EXCLUSIVE_CREATE, target.mode === undefined ? 0o666 : 0o600);
    created = true;
    try {
      await writeAll(handle, bytes instanceof Uint8Array ? [bytes] : bytes);
      if (target.mode !== undefined) await handle.chmod(target.mode);
      if (options.stamp) await handle.utimes(options.stamp, options.stamp);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.unchangedSince) await refuseIfChangedSince(file, target.path, options.unchangedSince.seen);
    await fs.rename(temp, target.path);
    created = false;
  } catch (error) {
    // Only what this run created is removed: never a file someone planted at the temporary name.
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    if (isAppError(error)) throw error;
    throw new AppError(msg("WRITE_FAILED", { file, detail: detailOf(error) }));
  } finally {
    pendingTempFiles.delete(temp);
  }
}
