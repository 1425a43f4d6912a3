/**
 * Branch names compared across files (申报汇总) and across years (上年星级): the normalisation
 * headers get (src/engine/headers.ts: full/half width, case, spaces and line breaks, a leading
 * "1." numbering), so "第一党支部", "第一 党支部" and "１.第一党支部" are one branch (docs/records.md).
 */
import { normalizeHeader } from "../engine";

export function branchKey(name: string): string {
  return normalizeHeader(name).key;
}
