/** Helpers for engine tests: a table with the given field ids in columns B, C, … and data from row 3. */
import { columnLetter, evaluateTable, getPreset } from "../../src/engine";
import type {
  EvaluateOptions,
  Flag,
  InputTable,
  MappedField,
  RawCell,
  RowResult,
  Rubric,
} from "../../src/engine/types";

export function preset(id: string): Rubric {
  const r = getPreset(id);
  if (!r) throw new Error(`no preset ${id}`);
  return r;
}

export function makeTable(ids: string[], rows: Record<string, RawCell>[], firstRow = 3): InputTable {
  const fields: Record<string, MappedField> = {};
  ids.forEach((id, i) => (fields[id] = { column: columnLetter(i + 2), header: id }));
  return { fields, rows: rows.map((cells, i) => ({ row: firstRow + i, cells })) };
}

export const SERVICE_CRITERIA = ["system", "team", "mechanism", "support", "performance"];

/** One service-org row from five scores plus extra cells; columns: name B, criteria C–G, then extras. */
export function serviceRow(
  scores: RawCell[],
  extra: Record<string, RawCell> = {},
  name = "第一党支部",
): Record<string, RawCell> {
  const cells: Record<string, RawCell> = { name };
  SERVICE_CRITERIA.forEach((id, i) => (cells[id] = scores[i]));
  return { ...cells, ...extra };
}

export function evalService(
  scores: RawCell[],
  extra: Record<string, RawCell> = {},
  extraIds: string[] = Object.keys(extra),
  opts?: EvaluateOptions,
): RowResult {
  const ids = ["name", ...SERVICE_CRITERIA, ...extraIds];
  return evaluateTable(preset("service-org"), makeTable(ids, [serviceRow(scores, extra)]), opts).rows[0]!;
}

/** Five scores summing to `total` exactly (decimal text split so no float noise sneaks in). */
export function scoresFor(total: number): number[] {
  const per = Math.floor((total / 5) * 100) / 100;
  const rest = Math.round((total - per * 4) * 100) / 100;
  return [per, per, per, per, rest];
}

export function codes(r: RowResult): string[] {
  return r.flags.map((f) => f.code);
}

/** Flags as their text reads in the run's language (without the catalogue message they are rendered from). */
export function plainFlags(flags: readonly Flag[]): Omit<Flag, "text">[] {
  return flags.map(({ text: _text, ...rest }) => rest);
}

export function plainFlag(flag: Flag | undefined): Omit<Flag, "text"> | undefined {
  return flag && plainFlags([flag])[0];
}
