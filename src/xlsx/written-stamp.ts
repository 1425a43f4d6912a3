/**
 * Whether a workbook this tool wrote is still as it left it (SPEC §9, docs/xlsx-round-trip.md
 * "Replacing an output"). A re-run replaces its own earlier output, but not one the user has since opened, edited
 * and saved: their edits would be lost without a word. When the tool writes an output it sets the
 * file's modification time to the time its settings record (`updatedAt`); any later save, by
 * Excel, WPS or LibreOffice, writes a new file at the time of the save. Opening without saving
 * changes nothing, and a copy that keeps the file's time (Explorer, cp -p) still counts as unchanged.
 * Only a file whose settings say it was stamped so (`stamped`) is judged by its time: a workbook
 * scored in place (the add-in, --in-place) is the user's own, and is written at a real time that
 * may well fall within the tolerance of its settings' time.
 */
import { SETTINGS_SHEET } from "../workbook/settings";
import { XlsxAdapter, openXlsxToGlance, settingsText } from "./adapter";
import { readPackageWorkbook } from "./read-sheet";
import { unescapeXml } from "./xml";
import { entryText } from "./zip";
import {
  dataStartOf,
  directoryEntries,
  endRecord,
  endRecordAt,
  type DirectoryEntry,
  type ZipEntry,
} from "./zip-directory";

/** FAT and exFAT keep modification times to 2 seconds. */
export const STAMP_TOLERANCE_MS = 2000;

/** `"updatedAt": "…"` in the settings' JSON, its quotes as JSON writes them or as XML may escape them. */
const UPDATED_AT = /(?:"|&quot;)updatedAt(?:"|&quot;):\s*(?:"|&quot;)([0-9T:.Z+-]+)(?:"|&quot;)/;

/**
 * What follows `updatedAt` in the settings' JSON: the next key (`"stamped": true` when the file was
 * stamped: CarriedSettings.stamped, written right after it) or the JSON's end.
 */
const AFTER_TIME = /^\s*(?:,\s*(?:"|&quot;)(\w+)(?:"|&quot;):\s*(true\b)?|\})/;

/**
 * What the settings' text says of the file: undefined when it cannot tell (no settings time in it,
 * or the text ends right after it: the JSON goes on in the next cell), else the time the file was
 * stamped with, or null when it was not stamped (a workbook scored in place).
 */
function stampIn(text: string): Date | null | undefined {
  const found = UPDATED_AT.exec(text);
  const at = found ? new Date(found[1]!) : null;
  if (!found || !at || Number.isNaN(at.getTime())) return undefined;
  const next = AFTER_TIME.exec(text.slice(found.index + found[0].length));
  if (!next) return undefined;
  return next[1] === "stamped" && next[2] ? at : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What a settings JSON says an earlier output carries: the time of its 定稿 (CarriedSettings.final.at;
 * null when none, undefined when the JSON cannot be read) and the file its last year's results came
 * from (CarriedSettings.prior.source; null when none). Parsed once for both.
 */
function recordsIn(json: string | null): {
  finalizedAt: string | null | undefined;
  priorSource: string | null;
} {
  if (json === null) return { finalizedAt: undefined, priorSource: null };
  try {
    const data: unknown = JSON.parse(json);
    if (!isRecord(data)) return { finalizedAt: undefined, priorSource: null };
    const { final, prior } = data;
    return {
      finalizedAt: isRecord(final) && typeof final.at === "string" ? final.at : null,
      priorSource: isRecord(prior) && typeof prior.source === "string" ? prior.source : null,
    };
  } catch {
    return { finalizedAt: undefined, priorSource: null };
  }
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const TEXT = /<t\b[^>]*>([\s\S]*?)<\/t>/g;

/**
 * The settings' JSON from the settings sheet's XML as this tool writes it: column A's inline
 * strings, top down, up to the first empty cell. Undefined for anything else (shared strings: the
 * caller reads the file the long way).
 */
function settingsJsonInPart(xml: string): string | null | undefined {
  const chunks: string[] = [];
  for (const [, attrs = "", body = ""] of xml.matchAll(CELL)) {
    if (!/\br="A\d+"/.test(attrs)) continue;
    if (!/\bt="inlineStr"/.test(attrs))
      return body === "" ? (chunks.length ? chunks.join("") : null) : undefined;
    const text = [...body.matchAll(TEXT)].map((m) => unescapeXml(m[1] ?? "")).join("");
    if (text === "") break;
    chunks.push(text);
  }
  return chunks.length ? chunks.join("") : null;
}

/**
 * What an earlier output's settings say, read from the whole file when the glance below cannot
 * (the ExcelJS writer keeps the settings in shared strings): the time it was stamped with (null:
 * not stamped, or unreadable) and its 定稿's time (null: none; undefined: unreadable). The package
 * is opened once and the settings read whole, since a 定稿 follows the rest of them.
 */
export async function earlierSettings(
  bytes: Uint8Array,
  file: string,
): Promise<{ writtenAt: Date | null; finalizedAt: string | null | undefined; priorSource: string | null }> {
  try {
    const opened = openXlsxToGlance(bytes, file);
    if (!opened?.book?.sheets.some((s) => s.name === SETTINGS_SHEET))
      return { writtenAt: null, finalizedAt: undefined, priorSource: null };
    const rows = await new XlsxAdapter(opened).readTop(SETTINGS_SHEET, Number.MAX_SAFE_INTEGER);
    const json = rows ? settingsText(rows.map((row) => row[0] ?? null)) : null;
    return {
      writtenAt: stampIn(json ?? "") ?? null,
      ...recordsIn(json),
    };
  } catch {
    return { writtenAt: null, finalizedAt: undefined, priorSource: null };
  }
}

/** Bytes of a file at an offset (a file handle's read): the glance below reads no more than it needs. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

/** What an existing output says of itself: written by this tool, and the time it was stamped with. */
export interface EarlierOutput {
  ours: boolean;
  /** The settings' time when the file was stamped with it (CarriedSettings.stamped); else null. */
  writtenAt: Date | null;
  /**
   * The time of the 定稿 its settings hold (CarriedSettings.final.at): a run that does not carry it
   * must not replace the file. Null for none; undefined when it could not be read.
   */
  finalizedAt?: string | null;
  /** The file its settings say last year's results came from (--prior), when they carry them. */
  priorSource?: string | null;
}

/** The end of a zip file and its central directory, read from the file's tail. */
async function glanceDirectory(size: number, readAt: ReadAt): Promise<DirectoryEntry[] | null> {
  const tailStart = Math.max(0, size - 22 - 0xffff);
  const tail = await readAt(tailStart, size - tailStart);
  const end = endRecordAt(tail);
  const record = end < 0 ? null : endRecord(tail, end);
  if (!record) return null;
  const inTail = record.offset >= tailStart && record.offset + record.size <= size;
  const directory = inTail
    ? tail.subarray(record.offset - tailStart)
    : await readAt(record.offset, record.size);
  return directoryEntries(directory, 0, record.count);
}

async function glanceEntry(entry: DirectoryEntry, readAt: ReadAt): Promise<ZipEntry | null> {
  const start = dataStartOf(await readAt(entry.localOffset, 30), entry.localOffset);
  if (start === null) return null;
  const raw = await readAt(start, entry.compressedSize);
  return raw.length === entry.compressedSize ? { ...entry, raw } : null;
}

/** The parts that say which sheets a workbook has and where (its relationships and workbook part). */
const isStructurePart = (name: string) => name.endsWith(".rels") || /(^|\/)workbook\.xml$/i.test(name);

/**
 * What an existing output says of itself, from its central directory, its workbook and
 * relationship parts and its settings part alone: a 100,000-row output is 12 MB, of which this
 * reads a few KB (reading the whole file took ~70–180 ms of each re-run). Null when the glance
 * cannot tell (another layout, the settings in shared strings): the caller reads the whole file.
 */
export async function glanceEarlierOutput(size: number, readAt: ReadAt): Promise<EarlierOutput | null> {
  try {
    const listed = await glanceDirectory(size, readAt);
    if (!listed) return null;
    const texts = new Map<string, string>();
    for (const entry of listed.filter((e) => isStructurePart(e.name))) {
      const loaded = await glanceEntry(entry, readAt);
      if (!loaded) return null;
      texts.set(entry.name, entryText(loaded));
    }
    const book = readPackageWorkbook((part) => texts.get(part));
    if (!book) return null;
    const part = book.sheets.find((s) => s.name === SETTINGS_SHEET)?.part;
    if (!part) return { ours: false, writtenAt: null };
    const settings = listed.find((e) => e.name === part);
    const loaded = settings && (await glanceEntry(settings, readAt));
    const text = loaded ? entryText(loaded) : "";
    const writtenAt = loaded ? stampIn(text) : undefined;
    const json = settingsJsonInPart(text) ?? null;
    const { finalizedAt, priorSource } = recordsIn(json);
    if (writtenAt === undefined || finalizedAt === undefined) return null;
    return { ours: true, writtenAt, finalizedAt, priorSource };
  } catch {
    return null;
  }
}

/** Whether a file's modification time is the one the tool gave it when it wrote the file. */
export function unchangedSinceWritten(modifiedMs: number, writtenAt: Date | null): boolean {
  return writtenAt !== null && Math.abs(modifiedMs - writtenAt.getTime()) <= STAMP_TOLERANCE_MS;
}
