/** The Office.js adapter's failures as catalogue messages (SPEC §11; docs/office-host.md). */
import { AppError, type Message, type SheetRows, msg, render } from "../../messages";
import type { Step } from "./shared";

/** An Office.js failure as a catalogue message, for the command and the task pane to render. */
export class OfficeAdapterError extends AppError {
  constructor(message: Message, code: string) {
    super(message, { code });
    this.name = "OfficeAdapterError";
  }
}

export function timeoutError(what: "read" | "write", ms: number): OfficeAdapterError {
  const seconds = Math.round(ms / 1000);
  const code = what === "read" ? "OFFICE_READ_TIMEOUT" : "OFFICE_WRITE_TIMEOUT";
  return new OfficeAdapterError(msg(code, { seconds }), "TIMEOUT");
}

export function tooManyCells(dims: { rowCount: number; columnCount: number }): OfficeAdapterError {
  return new OfficeAdapterError(
    msg("OFFICE_TOO_MANY_CELLS", { rows: dims.rowCount, columns: dims.columnCount }),
    "TOO_MANY_CELLS",
  );
}

export function sheetProtected(names: string[]): OfficeAdapterError {
  return new OfficeAdapterError(msg("OFFICE_SHEET_PROTECTED", { sheets: names }), "SHEET_PROTECTED");
}

export function workbookProtected(names: string[]): OfficeAdapterError {
  return new OfficeAdapterError(msg("OFFICE_WORKBOOK_PROTECTED", { sheets: names }), "WORKBOOK_PROTECTED");
}

export function isSizeRefusal(error: unknown): boolean {
  const code = errorCode(error);
  return code === "RequestPayloadSizeLimitExceeded" || code === "PayloadTooLarge";
}

/** What some steps write: per sheet, its rows when they are result rows (contiguous runs joined). */
export function describeSteps(steps: Step[]): SheetRows[] {
  const bySheet = new Map<string, Array<{ first: number; last: number }>>();
  for (const step of steps) {
    const runs = bySheet.get(step.op.sheet) ?? [];
    if (step.rows) runs.push({ ...step.rows });
    bySheet.set(step.op.sheet, runs);
  }
  const out: SheetRows[] = [];
  for (const [sheet, runs] of bySheet) {
    runs.sort((a, b) => a.first - b.first);
    const joined: Array<{ first: number; last: number }> = [];
    for (const run of runs) {
      const last = joined[joined.length - 1];
      if (last && run.first <= last.last + 1) last.last = Math.max(last.last, run.last);
      else joined.push(run);
    }
    out.push({ sheet, rows: joined });
  }
  return out;
}

/**
 * A write that failed: nothing written is said so; otherwise the message lists what was written
 * (committed requests), what may be half-written (the failing request: Excel does not roll back
 * the actions before the one that failed) and what was not written.
 */
export function partialWrite(
  error: unknown,
  written: Step[],
  failing: Step[],
  all: Step[],
): OfficeAdapterError {
  const reason = officeErrorMessage(error);
  const code = errorCode(error) ?? "WRITE_FAILED";
  if (written.length === 0 && failing.length === all.length)
    return new OfficeAdapterError(msg("OFFICE_WRITE_NOT_DONE", { reason }), code);
  const rest = all.filter((s) => !written.includes(s) && !failing.includes(s));
  return new OfficeAdapterError(
    msg("OFFICE_PARTIAL_WRITE", {
      reason,
      written: describeSteps(written),
      maybe: describeSteps(failing),
      notWritten: describeSteps(rest),
    }),
    "PARTIAL_WRITE",
  );
}

export function noSheet(name: string): OfficeAdapterError {
  return new OfficeAdapterError(msg("OFFICE_NO_SHEET", { sheet: name }), "NO_SHEET");
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** What an Office.js failure means for the user, as a catalogue message. */
export function officeErrorMessage(error: unknown): Message {
  if (error instanceof AppError) return error.msg;
  switch (errorCode(error)) {
    case "RequestPayloadSizeLimitExceeded":
    case "ResponsePayloadSizeLimitExceeded":
      return msg("OFFICE_PAYLOAD_TOO_LARGE");
    case "InvalidOperationInCellEditMode":
      return msg("OFFICE_CELL_EDIT_MODE");
    case "AccessDenied":
      return msg("OFFICE_ACCESS_DENIED");
    default:
      return msg("OFFICE_ERROR", { detail: error instanceof Error ? error.message : String(error) });
  }
}

/** A user-facing explanation of an Office.js failure, in the UI language. */
export function describeOfficeError(error: unknown, lang: "zh" | "en"): string {
  return render(officeErrorMessage(error), lang);
}
