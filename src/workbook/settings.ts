/**
 * The settings a workbook carries (SPEC §7): the rubric in use, the column mapping and what the
 * add-in owns. Stored as versioned JSON in a very hidden sheet so that the ribbon button, the task
 * pane and the command line apply the same rules to the same file.
 *
 * Reading is tolerant on purpose: a settings sheet someone edited by hand, or one written by a newer
 * version, must never stop a recompute. It produces a notice and the workbook is treated as if it
 * carried nothing (a newer version's settings are also left unwritten, so they are not downgraded).
 */
import { DIGESTED_KEYS, type DigestedKey } from "./text-digests";
import { parseRubric } from "../engine";
import type { Rubric } from "../engine/types";
import type { PlanOp, WriteValue } from "./model";
import { msg } from "../messages";
import type { Notice } from "./util";
import { readRecords, type CarriedRecords } from "./records";

export const SETTINGS_SHEET = "_星级评定";
export const SETTINGS_FORMAT = "star-rating-settings";
export const SETTINGS_VERSION = 1;
/** Excel holds at most 32,767 characters in a cell; chunks stay well under it. */
export const SETTINGS_CHUNK = 30000;

export type OutputKey = "total" | "stars" | "tier" | "eligibility" | "flags" | "explanation";
/** Left-to-right order of the result columns when they are created. */
export const OUTPUT_KEYS: readonly OutputKey[] = [
  "total",
  "stars",
  "tier",
  "eligibility",
  "flags",
  "explanation",
];

export interface CarriedMapping {
  sheet: string;
  headerRow: number;
  /** field id → column letter. */
  columns: Record<string, string>;
  /**
   * field id → header text as it was when the mapping was stored (additive). Lets the next run notice
   * that a column was inserted or moved, instead of reading the wrong column silently.
   */
  headers?: Record<string, string>;
}

export interface OwnedRanges {
  sheet: string;
  /** output key → column letter of the result column. */
  resultColumns: Partial<Record<OutputKey, string>>;
  summarySheet: string;
  /** Last sheet row the result columns were written to (additive): stale cells below are cleared. */
  lastRow?: number;
  /** The 评定核查 and 公示名单 sheets (additive: settings of earlier versions name only the summary). */
  reviewSheet?: string;
  noticeSheet?: string;
  /**
   * The block each owned sheet's cells were written in (additive): a value found outside it on a
   * re-run is the user's, and that sheet is then kept as it is (recompute.ts recogniseOwned).
   */
  written?: Partial<Record<OwnedSheetKind, WrittenExtent>>;
  /**
   * Digests of the 评定标记 and 评定说明 texts the run wrote, by output key (additive; text-digests.ts):
   * a text there that is none of them was typed by hand, and the next run stops rather than write
   * over it (hand-edits.ts).
   */
  texts?: Partial<Record<DigestedKey, string>>;
}

/** The three owned sheets, as the settings key them (owned.ts OwnedKind). */
export type OwnedSheetKind = "summary" | "review" | "notice";

/** Rows 1..lastRow and columns 1..lastCol: where the tool wrote an owned sheet's values. */
export interface WrittenExtent {
  lastRow: number;
  lastCol: number;
}

/** What the settings say this tool wrote on `sheet` (its result columns, last row): null for another sheet. */
export function ownedOn(owned: OwnedRanges | null | undefined, sheet: string): OwnedRanges | null {
  return owned && owned.sheet === sheet ? owned : null;
}

/**
 * The 公示名单's adjustable texts (SPEC §6), carried in the workbook and settable in the pane and by
 * CLI options. Every field is optional: what is absent takes its default (a blank line to fill in
 * for 监督电话/联系人; 5 working days from the run's date for the 公示期).
 */
export interface NoticeTexts {
  title?: string;
  /** The lead paragraph above the list. */
  body?: string;
  /** 公示期, ISO dates "2026-12-03". */
  periodStart?: string;
  periodEnd?: string;
  /** 监督电话 */
  phone?: string;
  /** 联系人 */
  contact?: string;
  /** 落款: the committee's name. */
  issuer?: string;
  /** 落款 date, ISO. */
  date?: string;
}

/** The records (merge, prior, 定稿, history; src/workbook/records.ts) are additive fields. */
export interface CarriedSettings extends CarriedRecords {
  format: typeof SETTINGS_FORMAT;
  version: typeof SETTINGS_VERSION;
  rubric: Rubric;
  mapping: CarriedMapping;
  owned: OwnedRanges;
  /** ISO time of the run that wrote it. */
  updatedAt: string;
  /**
   * Set when the workbook was written apart from the one it was made from (the command line's
   * output, a merge, the page's download), the command line setting its file's modification time
   * to `updatedAt` (src/xlsx/written-stamp.ts): while that time holds, nothing was typed into it.
   * Absent when a workbook itself was scored (the add-in, --in-place): that file is the user's,
   * whatever its time. Never carried to the next run.
   */
  stamped?: true;
  /** The 公示名单's texts (additive). */
  notice?: NoticeTexts;
}

export interface SettingsRead {
  /** The complete settings, or null when absent or unusable. */
  settings: CarriedSettings | null;
  /** The carried rubric when it was valid, even if other parts were not. */
  rubric: Rubric | null;
  /** The parts that were readable even when the rubric was not (ownership still matters). */
  mapping: CarriedMapping | null;
  owned: OwnedRanges | null;
  /** True when the sheet holds settings of a newer format version: they must not be overwritten. */
  newerVersion: boolean;
  notices: Notice[];
  /** Merge, last year's results, 定稿 and history, whatever else was readable (records.ts). */
  records: CarriedRecords;
  /** The 公示名单's texts, readable even when other parts were not. */
  notice?: NoticeTexts;
}

const EMPTY: SettingsRead = {
  settings: null,
  rubric: null,
  mapping: null,
  owned: null,
  newerVersion: false,
  notices: [],
  records: {},
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> | null {
  if (!isRecord(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== "string") return null;
    out[k] = x;
  }
  return out;
}

const LETTERS = /^[A-Z]{1,3}$/;

function readMapping(v: unknown): CarriedMapping | null {
  if (!isRecord(v)) return null;
  const columns = stringRecord(v.columns);
  if (typeof v.sheet !== "string" || typeof v.headerRow !== "number" || !columns) return null;
  if (!Number.isInteger(v.headerRow) || v.headerRow < 1) return null;
  const cleanColumns: Record<string, string> = {};
  for (const [k, letter] of Object.entries(columns)) if (LETTERS.test(letter)) cleanColumns[k] = letter;
  const headers = v.headers === undefined ? undefined : (stringRecord(v.headers) ?? undefined);
  return { sheet: v.sheet, headerRow: v.headerRow, columns: cleanColumns, ...(headers ? { headers } : {}) };
}

function readOwned(v: unknown): OwnedRanges | null {
  if (!isRecord(v)) return null;
  const cols = stringRecord(v.resultColumns);
  if (typeof v.sheet !== "string" || typeof v.summarySheet !== "string" || !cols) return null;
  const resultColumns: Partial<Record<OutputKey, string>> = {};
  for (const key of OUTPUT_KEYS) {
    const letter = cols[key];
    if (letter !== undefined && LETTERS.test(letter)) resultColumns[key] = letter;
  }
  const lastRow =
    typeof v.lastRow === "number" && Number.isInteger(v.lastRow) && v.lastRow >= 1 ? v.lastRow : undefined;
  return {
    sheet: v.sheet,
    resultColumns,
    summarySheet: v.summarySheet,
    ...(lastRow !== undefined ? { lastRow } : {}),
    ...(typeof v.reviewSheet === "string" && v.reviewSheet !== "" ? { reviewSheet: v.reviewSheet } : {}),
    ...(typeof v.noticeSheet === "string" && v.noticeSheet !== "" ? { noticeSheet: v.noticeSheet } : {}),
    ...readWritten(v.written),
    ...readTexts(v.texts),
  };
}

/** The digests kept per column: strings only (a hand-edited entry is dropped: that column is then not checked). */
function readTexts(v: unknown): { texts?: Partial<Record<DigestedKey, string>> } {
  if (!isRecord(v)) return {};
  const texts: Partial<Record<DigestedKey, string>> = {};
  for (const key of DIGESTED_KEYS) {
    const digests = v[key];
    if (typeof digests === "string") texts[key] = digests;
  }
  return Object.keys(texts).length > 0 ? { texts } : {};
}

const OWNED_SHEET_KINDS: readonly OwnedSheetKind[] = ["summary", "review", "notice"];

function positiveInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1;
}

/** The written extents that are whole (a hand-edited one is dropped: that sheet is then judged as before). */
function readWritten(v: unknown): { written?: Partial<Record<OwnedSheetKind, WrittenExtent>> } {
  if (!isRecord(v)) return {};
  const written: Partial<Record<OwnedSheetKind, WrittenExtent>> = {};
  for (const kind of OWNED_SHEET_KINDS) {
    const e = v[kind];
    if (isRecord(e) && positiveInteger(e.lastRow) && positiveInteger(e.lastCol))
      written[kind] = { lastRow: e.lastRow, lastCol: e.lastCol };
  }
  return Object.keys(written).length > 0 ? { written } : {};
}

const NOTICE_KEYS: readonly (keyof NoticeTexts)[] = [
  "title",
  "body",
  "periodStart",
  "periodEnd",
  "phone",
  "contact",
  "issuer",
  "date",
];

/** The carried 公示名单 texts: string fields only; anything else is dropped (hand edits). */
export function readNotice(v: unknown): NoticeTexts | undefined {
  if (!isRecord(v)) return undefined;
  const out: NoticeTexts = {};
  for (const k of NOTICE_KEYS) {
    const x = v[k];
    if (typeof x === "string") out[k] = x;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Reads the settings sheet's JSON. Never throws; problems become notices. */
export function parseSettings(json: string | null): SettingsRead {
  if (json === null || json.trim() === "") return EMPTY;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return {
      ...EMPTY,
      notices: [msg("SETTINGS_UNREADABLE", { sheet: SETTINGS_SHEET, why: "unparsable" })],
    };
  }
  if (!isRecord(data) || data.format !== SETTINGS_FORMAT) {
    return {
      ...EMPTY,
      notices: [msg("SETTINGS_UNREADABLE", { sheet: SETTINGS_SHEET, why: "foreign" })],
    };
  }
  if (typeof data.version !== "number" || data.version > SETTINGS_VERSION) {
    return {
      ...EMPTY,
      newerVersion: true,
      notices: [msg("SETTINGS_NEWER", { version: String(data.version) })],
    };
  }
  const mapping = readMapping(data.mapping);
  const owned = readOwned(data.owned);
  const notice = readNotice(data.notice);
  const { records, notices } = readRecords(data);
  const parsed = parseRubric(data.rubric);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    notices.push(
      msg("SETTINGS_RUBRIC_INVALID", {
        problem: first ? { path: first.path, zh: first.message, en: first.messageEn } : null,
      }),
    );
    return { settings: null, rubric: null, mapping, owned, newerVersion: false, notices, records, notice };
  }
  if (!mapping || !owned) {
    notices.push(msg("SETTINGS_PARTIAL"));
  }
  const settings: CarriedSettings | null =
    mapping && owned
      ? {
          format: SETTINGS_FORMAT,
          version: SETTINGS_VERSION,
          rubric: parsed.rubric,
          mapping,
          owned,
          updatedAt: typeof data.updatedAt === "string" ? data.updatedAt : "",
          ...(notice ? { notice } : {}),
          ...records,
        }
      : null;
  return { settings, rubric: parsed.rubric, mapping, owned, newerVersion: false, notices, records, notice };
}

/** Stable JSON: key order as built, two-space indent so a curious user can read it in the sheet. */
export function serializeSettings(s: CarriedSettings): string {
  return JSON.stringify(s, null, 2);
}

/** Splits text into chunks of at most `size` characters without splitting a surrogate pair. */
export function chunkText(text: string, size: number = SETTINGS_CHUNK): string[] {
  const chunks: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(i, end));
    i = end;
  }
  return chunks.length > 0 ? chunks : [""];
}

/** Plan ops that (re)write the very hidden settings sheet: JSON chunks in A1, A2, … */
export function settingsOps(s: CarriedSettings): PlanOp[] {
  const chunks = chunkText(serializeSettings(s));
  const values: WriteValue[][] = chunks.map((c) => [c]);
  return [
    { kind: "ensureSheet", sheet: SETTINGS_SHEET, visibility: "veryHidden", clear: true },
    { kind: "values", sheet: SETTINGS_SHEET, row: 1, col: 1, values },
  ];
}
