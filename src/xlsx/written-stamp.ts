/**
 * Whether a workbook this tool wrote is still as it left it (SPEC §9, docs/cli.md "Replacing an
 * output"). A re-run replaces its own earlier output, but not one the user has since opened, edited
 * and saved: their edits would be lost without a word. When the tool writes an output it sets the
 * file's modification time to the time its settings record (`updatedAt`); any later save, by
 * Excel, WPS or LibreOffice, writes a new file at the time of the save. Opening without saving
 * changes nothing, and a copy that keeps the file's time (Explorer, cp -p) still counts as unchanged.
 */
import type { RawCell } from "../engine/types";
import { SETTINGS_SHEET } from "../workbook/settings";
import { XlsxAdapter, openXlsxBytes } from "./adapter";

/** FAT and exFAT keep modification times to 2 seconds. */
export const STAMP_TOLERANCE_MS = 2000;
/**
 * Rows of the settings sheet read for `updatedAt`: it follows the rubric, the mapping and the owned
 * ranges (a few KB to ~100 KB), long before 定稿's results (up to tens of MB), which need not be read.
 */
const SETTINGS_ROWS_READ = 64;

function chunksText(rows: readonly (readonly RawCell[])[]): string {
  const chunks: string[] = [];
  for (const row of rows) {
    const cell = row[0];
    if (cell === null || cell === undefined || cell === "") break;
    chunks.push(String(cell));
  }
  return chunks.join("");
}

/** The time the settings of a workbook this tool wrote record, or null when it cannot be read. */
export async function settingsUpdatedAt(bytes: Uint8Array, file: string): Promise<Date | null> {
  try {
    const adapter = new XlsxAdapter(await openXlsxBytes(bytes, file));
    const rows = await adapter.readTop(SETTINGS_SHEET, SETTINGS_ROWS_READ);
    const found = rows && /"updatedAt":\s*"([^"]+)"/.exec(chunksText(rows));
    const at = found ? new Date(found[1]!) : null;
    return at && !Number.isNaN(at.getTime()) ? at : null;
  } catch {
    return null;
  }
}

/** Whether a file's modification time is the one the tool gave it when it wrote the file. */
export function unchangedSinceWritten(modifiedMs: number, writtenAt: Date | null): boolean {
  return writtenAt !== null && Math.abs(modifiedMs - writtenAt.getTime()) <= STAMP_TOLERANCE_MS;
}
