/**
 * A workbook carries its own copy of the rubric (SPEC §7), so a colleague who opens it gets the same
 * result; but then a preset corrected in a later version of this tool never reaches it. When the
 * copy is of a preset whose bundled version is newer, and differs in more than its version, the run
 * says so and how to take the update (docs/schemes.md "Preset versions"). Nothing changes by itself.
 */
import { parseRubric } from "../engine";
import type { Rubric } from "../engine/types";
import { msg } from "../messages";
import type { Notice } from "./util";

/** "1.10.0" > "1.9.2": numeric parts compared in order; a missing part is 0. */
export function newerVersion(a: string, b: string): boolean {
  const pa = a.split(".").map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(".").map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/** JSON with object keys sorted: a carried rubric is stored in the schema's key order, a preset in its own. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const withoutVersion = (r: Rubric) => canonical({ ...r, version: "" });

/** The notice for a carried copy of an older version of a bundled preset, or null. */
export function presetUpdateNotice(carried: Rubric, presets: readonly Rubric[]): Notice | null {
  const bundled = presets.find((p) => p.id === carried.id);
  if (!bundled || !newerVersion(bundled.version, carried.version)) return null;
  // The preset as the schema fills it in, as the carried copy was stored (writeplan.ts).
  const normalized = parseRubric(bundled);
  const current = normalized.ok ? normalized.rubric : bundled;
  if (withoutVersion(current) === withoutVersion(carried)) return null;
  return msg("PRESET_UPDATED", {
    name: carried.name,
    nameEn: carried.nameEn ?? carried.name,
    id: carried.id,
    carried: carried.version,
    bundled: bundled.version,
  });
}
