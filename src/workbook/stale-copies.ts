/**
 * Sheets that look like an earlier run's output but are not this run's: the user renamed 评定汇总 to
 * hand it up ("汇总（上报）"), or copied the scored sheet with its result columns (Excel's "move or
 * copy"). Nothing updates them, and a stale summary handed up is worse than none: the run says so.
 * Only where the adapter reads a sheet's top cheaply (WorkbookAdapter.readTop); never written.
 */
import type { RawCell, Rubric } from "../engine/types";
import { msg, type StaleOwnedKind } from "../messages";
import { HEADER_SEARCH_ROWS } from "./layout";
import type { WorkbookAdapter, WorkbookSnapshot } from "./model";
import { isOurNotice } from "./notice";
import { SETTINGS_SHEET } from "./settings";
import { isOurSummary } from "./summary";
import { cellText, type Notice } from "./util";

/** Sheets looked at, at most: a workbook of many sheets is not read through for a warning. */
const MAX_SHEETS_LOOKED_AT = 30;

/** What an earlier run's sheet this is, by its top: one of ours, or a table with our result columns. */
function looksLike(
  top: readonly (readonly RawCell[])[],
  rubric: Rubric,
  noticeTitle: string | undefined,
): StaleOwnedKind | "scored" | null {
  if (isOurSummary(top)) return "summary";
  if (isOurSummary(top, "review")) return "review";
  if (isOurNotice(top, noticeTitle)) return "notice";
  const headers = [rubric.output.tier, rubric.output.total];
  const scored = top.some((line) => headers.every((h) => line.some((v) => cellText(v ?? null).trim() === h)));
  return scored ? "scored" : null;
}

/** Notices naming the visible sheets that look like an earlier run's output and are not this run's. */
export async function staleCopies(
  adapter: WorkbookAdapter,
  snapshot: WorkbookSnapshot,
  rubric: Rubric,
  thisRun: { sheet: string; owned: readonly string[]; noticeTitle?: string },
): Promise<Notice[]> {
  if (!adapter.readTop) return [];
  const current = new Set([thisRun.sheet, ...thisRun.owned, SETTINGS_SHEET]);
  const others = snapshot.sheets.filter((s) => s.visibility === "visible" && !current.has(s.name));
  const notices: Notice[] = [];
  for (const info of others.slice(0, MAX_SHEETS_LOOKED_AT)) {
    let top: RawCell[][] | null;
    try {
      top = await adapter.readTop(info.name, HEADER_SEARCH_ROWS);
    } catch {
      continue;
    }
    const kind = top ? looksLike(top, rubric, thisRun.noticeTitle) : null;
    if (kind === "scored")
      notices.push(msg("STALE_RESULT_COPY", { sheet: info.name, scored: thisRun.sheet }));
    else if (kind) notices.push(msg("STALE_OWNED_COPY", { sheet: info.name, kind }));
  }
  return notices;
}
