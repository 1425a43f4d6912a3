/**
 * "Did you mean": the nearest of some names to what the user typed, for sheets, headers, scheme
 * ids and fields (SPEC §9). Names are compared normalised (full/half width, case, spaces,
 * punctuation and a header's point annotation ignored) by edit distance; a name that shares a
 * long enough run of characters counts too ("2026考评" → 考评表).
 */
import { normalizeHeader } from "../engine/headers";

const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

/** What two names are compared as. */
export function comparable(name: string): string {
  return normalizeHeader(name).key.replace(PUNCTUATION, "");
}

/**
 * Edit distance over code points, two neighbours swapped counting as one edit (optimal string
 * alignment): "socre" is one edit from "score", as a slip of the fingers is.
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, before[j - 2] + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[y.length];
}

/** Length of the longest run of characters both hold. */
function commonRun(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let best = 0;
  let previous = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const current = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++)
      if (x[i - 1] === y[j - 1]) {
        current[j] = previous[j - 1] + 1;
        best = Math.max(best, current[j]);
      }
    previous = current;
  }
  return best;
}

/** How far `typed` is from `name`, or null when they are too far apart to suggest one for the other. */
function closeness(typed: string, name: string): number | null {
  const a = comparable(typed);
  const b = comparable(name);
  if (a === "" || b === "") return null;
  const distance = editDistance(a, b);
  const longer = Math.max([...a].length, [...b].length);
  const shorter = Math.min([...a].length, [...b].length);
  if (distance <= Math.max(1, Math.floor(longer / 3))) return distance;
  const run = commonRun(a, b);
  // A shared run covering most of the shorter name: "2026考评" and 考评表, "服务型" and 五星级服务型党组织.
  // Ranked after near spellings: the more of the shorter name the run covers, then the shorter name.
  if (run >= 2 && run >= Math.ceil(shorter * 0.6)) return shorter - run + 0.5 + longer / 10_000;
  return null;
}

/**
 * The item whose names come nearest to `typed` (each item may be known by several names: an id, a
 * label, aliases), or undefined when none is near.
 */
export function nearest<T>(
  typed: string,
  items: readonly T[],
  names: (item: T) => readonly string[],
): T | undefined {
  let best: { item: T; score: number } | undefined;
  for (const item of items)
    for (const name of names(item)) {
      const score = closeness(typed, name);
      if (score !== null && (!best || score < best.score)) best = { item, score };
    }
  return best?.item;
}
