/**
 * The scored sheet inflated on another thread while the CLI's bundle loads. Loading the bundle
 * (~110 ms) and inflating a 100,000-row sheet (~130 ms) each took the main thread in turn; the
 * loader (scripts/cli-loader.cjs) calls startEarlyInflate before it loads the bundle, so that zlib
 * inflates the input's largest sheet on libuv's thread pool meanwhile. It is only a guess, never
 * trusted: the reader takes the result for an entry stored with exactly the same bytes
 * (node-codec.ts) and inflates as before otherwise. Any doubt (not `score`, not a regular file,
 * a limit the reader would refuse, a small sheet) means nothing is started; nothing here reports
 * an error, as the run that follows reports its own.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from "node:fs";
import zlib from "node:zlib";
import { MAX_FILE_BYTES, limitBreach } from "../xlsx/limit-rules";
import { OPTIONS } from "./options";
import { readZip, type ZipEntry } from "../xlsx/zip-directory";

/** Below this a sheet inflates in a few milliseconds on the main thread: no thread is worth it. */
export const EARLY_INFLATE_FROM_BYTES = 1024 ** 2;

/** A sheet's stored bytes, its declared size and its content. */
export interface InflatedSheet {
  raw: Uint8Array;
  size: number;
  data: Uint8Array;
}

/** What the loader read: the input's bytes, and its largest sheet if it is being inflated. */
export interface EarlyInput {
  bytes: Uint8Array;
  sheet: InflatedSheet | null;
}

interface Started {
  file: string;
  /** The file as it was read: bytes read before a later save are not handed out. */
  seen: string;
  bytes: Uint8Array;
  sheet: { raw: Uint8Array; size: number; output: Promise<Uint8Array | null> } | null;
}

// The loader runs its own bundle of this module and the CLI another: they meet in one global slot.
const SLOT = Symbol.for("star-rating/early-inflate");
const slots = globalThis as typeof globalThis & { [SLOT]?: Started };

/**
 * The input file of a `score` command line (what parseArgs reads as `input`), or null. An option
 * takes the next word when the parser's table says so (an unknown one too: the run then refuses it).
 */
export function scoreInput(argv: readonly string[]): string | null {
  const words = argv[0] === "--" ? argv.slice(1) : argv;
  if (words[0] !== "score") return null;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith("-") || word === "-") return word;
    if (OPTIONS[word]?.takesValue !== false && !word.includes("=")) i++;
  }
  return null;
}

/** Which file a path held when looked at (inode, size, modification time). */
const seenOf = (stat: Stats) => `${stat.ino}:${stat.size}:${stat.mtimeMs}`;

/** A regular file's bytes (opened non-blocking: a named pipe is never waited on), or null. */
function regularFileBytes(file: string): { bytes: Buffer; seen: string } | null {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
    return { bytes: readFileSync(fd), seen: seenOf(stat) };
  } finally {
    closeSync(fd);
  }
}

/** The largest deflated worksheet of at least `fromBytes`, or null. */
function largestSheet(entries: readonly ZipEntry[], fromBytes: number): ZipEntry | null {
  let largest: ZipEntry | null = null;
  for (const entry of entries) {
    if (entry.method !== 8 || !/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) continue;
    if (entry.size >= fromBytes && entry.size > (largest?.size ?? 0)) largest = entry;
  }
  return largest;
}

/** The largest sheet inflating on libuv's thread pool (null: the inflate failed). */
function inflating(sheet: ZipEntry): Promise<Uint8Array | null> {
  const options = { maxOutputLength: sheet.size, chunkSize: sheet.size };
  return new Promise((resolve) =>
    zlib.inflateRaw(sheet.raw, options, (error, data) => resolve(error ? null : data)),
  );
}

/**
 * Read `score`'s input and start inflating its largest sheet, if there is one worth it. The bytes
 * are kept for the run too: reading a 6 MB file took ~20 ms, and it was read twice.
 */
export function startEarlyInflate(argv: readonly string[], fromBytes = EARLY_INFLATE_FROM_BYTES): void {
  try {
    const file = scoreInput(argv);
    const read = file === null ? null : regularFileBytes(file);
    if (file === null || read === null) return;
    const { bytes, seen } = read;
    const entries = readZip(bytes);
    const sheet = entries && !limitBreach(entries) ? largestSheet(entries, fromBytes) : null;
    slots[SLOT] = {
      file,
      seen,
      bytes,
      sheet: sheet && { raw: sheet.raw, size: sheet.size, output: inflating(sheet) },
    };
  } catch {
    // A file that cannot be opened or read: the run reports it in its own words.
  }
}

function currentlySeen(file: string): string | null {
  try {
    return seenOf(statSync(file));
  } catch {
    return null;
  }
}

/**
 * What the loader read of `file` (null: nothing, another file, or a file saved again since it was
 * read: the run then reads it itself, after checking it), once its sheet is inflated.
 * Taken once: it holds the whole sheet.
 */
export async function takeEarlyInput(file: string): Promise<EarlyInput | null> {
  const started = slots[SLOT];
  delete slots[SLOT];
  if (!started || started.file !== file || started.seen !== currentlySeen(file)) return null;
  const data = started.sheet && (await started.sheet.output);
  const sheet = started.sheet && data ? { raw: started.sheet.raw, size: started.sheet.size, data } : null;
  return { bytes: started.bytes, sheet };
}
