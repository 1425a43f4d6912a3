/**
 * The first rows of other sheets (WorkbookAdapter.readTop), for the workbook layer to tell its own
 * sheets from a sheet the user made under the same name (which a recompute would otherwise clear:
 * src/workbook/recompute.ts `ownedTop`) and to name stale copies of its output (stale-copies.ts).
 * One round trip reads the tops of every sheet the last read listed, the used cells of rows 1–12;
 * later calls are answered from it until the next read or write. A recompute that asks for no top
 * (a first run: no owned sheets, no other sheets) makes no extra round trip.
 */
import type { RawCell } from "../../engine/types";
import { HEADER_SEARCH_ROWS } from "../../workbook/layout";
import { SETTINGS_SHEET } from "../../workbook/settings";
import { toModel } from "./read";
import type { AdapterEnv } from "./shared";

/** Rows read of each sheet: what the layer asks for at most (HEADER_SEARCH_ROWS ≥ its TOP_ROWS). */
const ROWS_READ = HEADER_SEARCH_ROWS;
/** Sheets read in the one round trip, at most; the layer looks at no more than 30 others. */
const SHEETS_AT_ONCE = 40;

type Tops = Map<string, RawCell[][]>;

/**
 * Each named sheet's first `rows` rows (from A1, blanks null), in one round trip. The names are
 * sheets the last read listed (no navigation from a null object, which some hosts fail); one
 * deleted since fails the call, and the layer then takes its settings at their word.
 */
async function readTops(env: AdapterEnv, names: readonly string[], rows: number): Promise<Tops> {
  return env.run(async (context) => {
    const used = names.map((name) => {
      const range = context.workbook.worksheets.getItem(name).getRange(`1:${rows}`);
      const values = range.getUsedRangeOrNullObject(true);
      values.load("values,rowIndex,columnIndex");
      return values;
    });
    await context.sync();
    return new Map(names.map((name, i) => [name.toLowerCase(), topOf(used[i]!, rows)]));
  });
}

/** A used range of the top rows as rows from A1 (blanks null), as the read models the table. */
function topOf(range: Excel.Range, rows: number): RawCell[][] {
  if (range.isNullObject) return [];
  return toModel("", range.values, [], range.rowIndex, range.columnIndex).slice(0, rows);
}

/** The sheets the last read listed, but the settings sheet (its JSON is read with the table). */
function namesKnown(env: AdapterEnv): string[] {
  const known = env.known ? [...env.known.sheets.values()].map((s) => s.name) : [];
  return known.filter((name) => name !== SETTINGS_SHEET);
}

export interface SheetTops {
  readTop(name: string, rows: number): Promise<RawCell[][] | null>;
  /** Forget what was read: after a read (the sheets may have changed) and after a write. */
  forget(): void;
}

export function sheetTops(env: AdapterEnv): SheetTops {
  let all: Promise<Tops> | null = null;
  return {
    async readTop(name, rows) {
      const known = namesKnown(env);
      const key = name.toLowerCase();
      if (!known.some((n) => n.toLowerCase() === key)) return null;
      // A sheet past the first SHEETS_AT_ONCE (the owned sheets come last in a workbook of a sheet
      // per branch) is read on its own: taken at the settings' word, a user's sheet of that name
      // would be cleared.
      const first = known.slice(0, SHEETS_AT_ONCE);
      if (rows > ROWS_READ || !first.some((n) => n.toLowerCase() === key))
        return (await readTops(env, [name], rows)).get(key) ?? null;
      all ??= readTops(env, first, ROWS_READ);
      return (await all).get(key)?.slice(0, rows) ?? null;
    },
    forget() {
      all = null;
    },
  };
}
