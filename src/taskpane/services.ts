/**
 * Everything the pane needs from the engine, the workbook layer and Excel, behind one interface.
 * The UI is built and tested against fakes of this; `officeServices.ts` wires the real modules.
 * Types here are the pane's view of the world (plain data), so the UI does not depend on how the
 * workbook layer shapes its own results.
 */
import type { Flag, Lang, Rubric, Severity } from "../engine/types";
import type { NoticeTexts } from "../workbook/settings";
import { messages } from "./i18n";

/** field id → column letter(s). A field absent from the mapping is left to automatic detection. */
export type ColumnMapping = Record<string, string>;

export interface LocalizedText {
  message: string;
  messageEn: string;
}

export interface RubricError extends LocalizedText {
  /** Path inside the rubric, e.g. "tiers.bands[2].min" ("" for the whole document). */
  path: string;
}

export type RubricParse = { ok: true; rubric: Rubric } | { ok: false; errors: RubricError[] };

export interface PaneStart {
  /** The shipped read-only presets. */
  presets: Rubric[];
  /** The rubric the workbook carries (§7), or null. */
  carried: Rubric | null;
  /** The mapping the workbook carries, kept for the next recompute. */
  carriedMapping: ColumnMapping;
  /** With no carried rubric: the preset whose aliases best match the active sheet's headers, if any. */
  suggestedPresetId?: string;
  /** Problems reading the carried settings (shown, not fatal). */
  warnings: LocalizedText[];
  /** The 公示名单 texts the workbook carries (SPEC §6), the pane's starting values; {} when none. */
  carriedNotice: NoticeTexts;
  /** When the workbook's results were frozen (定稿, ISO time); absent when they are not. */
  finalizedAt?: string;
  /** The file last year's results are taken from (上年星级), when the workbook carries them. */
  priorSource?: string;
  /**
   * The sheets that can be scored, when there are several and the host lets the pane choose one
   * (the page: a file has no sheet on screen; in Excel the active sheet is the choice).
   */
  sheets?: string[];
}

export interface HeaderColumn {
  column: string;
  header: string;
}

export interface FieldPlacement {
  id: string;
  label: string;
  labelEn?: string;
  required: boolean;
  /** Column letter(s) it maps to, or null when not found. */
  column: string | null;
  header: string | null;
  /** How the column was found: by its header, a manual pick, or the mapping the workbook carries. */
  via?: "header" | "mapping" | "settings" | null;
}

export type TableInspection =
  | {
      ok: true;
      sheet: string;
      headerRow: number;
      /** Every non-empty header cell of the header row, left to right: the choices of the mapping picker. */
      headers: HeaderColumn[];
      fields: FieldPlacement[];
      warnings: LocalizedText[];
    }
  | { ok: false; error: LocalizedText };

export type RecomputeStage = "read" | "evaluate" | "plan" | "write";

export interface RecomputeProgress {
  stage: RecomputeStage;
  /** 0..1 within the whole run, when known. */
  fraction?: number;
}

export interface PaneFlag extends Flag {
  /** The sheet holding `cell`. */
  sheet: string;
  /** The branch (row name) the flag is about; absent for table-level flags. */
  branch?: string;
  /** 1-based sheet row of the branch, for row-level flags. */
  row?: number;
  /** The cell to select when the flag is clicked: `cell`, else the branch's name cell. */
  target?: string;
}

export interface RecomputeSuccess {
  ok: true;
  sheet: string;
  /** "已评定 128 个支部：五星级 12 …" in the pane's language. */
  resultLine: string;
  summarySheet: string;
  /** Every sheet the run cleared and rewrote besides the scored one (评定汇总, 评定核查, 公示名单), in order. */
  writtenSheets: string[];
  warnings: LocalizedText[];
  flags: PaneFlag[];
  /** When the results are frozen (定稿, ISO time), after this run; absent when they are not. */
  finalizedAt?: string;
  /** The file last year's results were taken from in this run, if any. */
  priorSource?: string;
}

export type RecomputeOutcome = RecomputeSuccess | { ok: false; error: LocalizedText };

export interface RecomputeRequest {
  rubric: Rubric;
  mapping: ColumnMapping;
  lang: Lang;
  /** 公示名单 texts set in the pane; they win over the carried ones and are stored with the run. */
  notice?: NoticeTexts;
  /** 定稿 / 解除定稿 with this run, or last year's scored workbook (上年星级) for it and later runs. */
  records?: RecordsRequest;
  onProgress?: (progress: RecomputeProgress) => void;
}

/** What a run asks of the records (docs/records.md): the CLI's --finalize, --unfinalize, --prior. */
export interface RecordsRequest {
  finalize?: boolean;
  unfinalize?: boolean;
  /** Last year's scored workbook as picked (its file name and bytes). */
  prior?: { name: string; bytes: Uint8Array };
}

export type TemplateOutcome = { ok: true; sheet: string } | { ok: false; error: LocalizedText };

export interface PaneServices {
  /** Presets and what the workbook carries; called once when the pane opens. */
  start(): Promise<PaneStart>;
  /** Detect the table of the active sheet for this rubric, honouring a mapping override. */
  inspect(request: { rubric: Rubric; mapping: ColumnMapping; lang: Lang }): Promise<TableInspection>;
  /**
   * Score this sheet from now on (inspect and recompute), of PaneStart.sheets. Optional: only a
   * host without a sheet on screen (the page) offers it.
   */
  chooseSheet?(sheet: string): void;
  /** Read, evaluate, plan, write; stores the rubric and mapping in the workbook as it goes. */
  recompute(request: RecomputeRequest): Promise<RecomputeOutcome>;
  /** A blank scoring sheet for the rubric, with sample rows when asked. */
  createTemplate(request: { rubric: Rubric; sample: boolean; lang: Lang }): Promise<TemplateOutcome>;
  /**
   * Select (and show) a cell in Excel. Optional: the page outside Excel has no cell to show, so its
   * flags are plain lines, not buttons that do nothing.
   */
  selectCell?(sheet: string, address: string): Promise<void>;
  /**
   * Call `onChange` whenever the user activates another worksheet, so that the detected table
   * follows the sheet on screen. Resolves to a function that stops watching. Optional: a host
   * that cannot tell leaves it out and the pane keeps its 重新识别 button only.
   */
  watchActiveSheet?(onChange: () => void): Promise<() => void>;
  /** Validate rubric JSON text (an imported file). */
  importRubric(text: string): RubricParse;
  /** Validate a rubric object (thresholds edited in the pane) through the same schema. */
  validateRubric(candidate: unknown): RubricParse;
  /** The JSON text and a file name for download. */
  exportRubric(rubric: Rubric): { fileName: string; text: string };
}

export type { NoticeTexts };

export const SEVERITIES: Severity[] = ["error", "warning", "info"];

/** Pick the language of a bilingual message. */
export function localize(text: LocalizedText, lang: Lang): string {
  return lang === "en" && text.messageEn ? text.messageEn : text.message;
}

/**
 * An error's own words in both languages: an AppError's message, or the `text` a page error carries
 * (the page's worker sends both). Null: an error with one text only (a bug, a browser's).
 */
function ownWords(error: unknown): LocalizedText | null {
  if (!(error instanceof Error) || !("text" in error)) return null;
  const text: unknown = error.text;
  // An AppError's text(lang), looked up rather than imported: the catalogue stays out of the pane's
  // first chunk (importing it there cost ~40 KB gzipped).
  if (typeof text === "function") return bothOf(text.call(error, "zh"), text.call(error, "en"));
  if (typeof text !== "object" || text === null || !("message" in text) || !("messageEn" in text))
    return null;
  return bothOf(text.message, text.messageEn);
}

function bothOf(message: unknown, messageEn: unknown): LocalizedText | null {
  return typeof message === "string" && typeof messageEn === "string" ? { message, messageEn } : null;
}

/** Anything thrown, as a message in both languages: the pane shows errors, it never swallows them. */
export function thrownText(error: unknown): LocalizedText {
  const own = ownWords(error);
  if (own)
    return {
      message: messages.zh.actionFailed(own.message),
      messageEn: messages.en.actionFailed(own.messageEn),
    };
  const detail = error instanceof Error ? error.message : String(error);
  return { message: messages.zh.actionFailed(detail), messageEn: messages.en.actionFailed(detail) };
}
