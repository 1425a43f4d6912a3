/**
 * What a plan changes that Excel's protection guards (SPEC §8: the add-in refuses a protected sheet
 * before writing; docs/xlsx-round-trip.md, "Protection"): the sheets it writes to, and the sheets
 * it adds, shows or hides, which a workbook with a protected structure (「保护工作簿」) does not
 * allow. Used by both adapters before they write. Pure.
 */
import type { PlanOp, SheetVisibility } from "./model";

/** The sheets a plan writes to (names as the plan gives them, each once, case-insensitively). */
export function touchedSheets(ops: readonly PlanOp[]): string[] {
  const seen = new Map<string, string>();
  for (const op of ops) if (!seen.has(op.sheet.toLowerCase())) seen.set(op.sheet.toLowerCase(), op.sheet);
  return [...seen.values()];
}

/** A sheet as the workbook has it before the plan. */
export interface ExistingSheet {
  name: string;
  visibility: SheetVisibility;
}

/**
 * The sheets a plan adds, shows or hides: what a workbook with a protected structure does not allow.
 * Named for the user: the visible ones when there are any (not the hidden settings sheet too).
 */
export function structureChanges(ops: readonly PlanOp[], existing: Iterable<ExistingSheet>): string[] {
  const byName = new Map([...existing].map((s) => [s.name.toLowerCase(), s]));
  const changed = new Map<string, SheetVisibility>();
  for (const op of ops) {
    if (op.kind !== "ensureSheet") continue;
    const sheet = byName.get(op.sheet.toLowerCase());
    if (!sheet || sheet.visibility !== op.visibility) changed.set(op.sheet, op.visibility);
  }
  const visible = [...changed].filter(([, visibility]) => visibility === "visible").map(([name]) => name);
  return visible.length > 0 ? visible : [...changed.keys()];
}
