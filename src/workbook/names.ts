/**
 * Branch names compared across files (申报汇总) and across years (上年星级): the normalisation
 * headers get (src/engine/headers.ts: full/half width, case, spaces and line breaks, a leading
 * "1." numbering), so "第一党支部", "第一 党支部" and "１.第一党支部" are one branch (docs/records.md).
 */
import { normalizeHeader } from "../engine";

export function branchKey(name: string): string {
  return normalizeHeader(name).key;
}

/**
 * Pairs the names of two lists by key; when a key occurs several times on a side, the copies pair
 * in order (the first with the first). Returns, for each index of `left`, the index in `right` or null.
 */
export function pairByName(left: readonly string[], right: readonly string[]): (number | null)[] {
  const queues = new Map<string, number[]>();
  right.forEach((name, i) => {
    const key = branchKey(name);
    if (key === "") return;
    const list = queues.get(key);
    if (list) list.push(i);
    else queues.set(key, [i]);
  });
  return left.map((name) => queues.get(branchKey(name))?.shift() ?? null);
}
