/**
 * The first rows of other sheets (WorkbookAdapter.readTop), for the workbook layer to tell its own
 * sheets from a sheet the user made under the same name (which a recompute would otherwise clear:
 * src/workbook/recompute.ts `ownedTop`) and to name stale copies of its output (stale-copies.ts).
 * One round trip reads the tops of every sheet the last read listed, the used cells of rows 1–12,
 * and where each sheet's values end (contentOutside: what the user added to an owned sheet); later
 * calls are answered from it until the next read or write. A recompute that asks for no top
 * (a first run: no owned sheets, no other sheets) makes no extra round trip.
 */
import type { RawCell } from "../../engine/types";
import { firstValueOutside } from "../../workbook/extent";
import { HEADER_SEARCH_ROWS } from "../../workbook/layout";
import type { FoundCell } from "../../workbook/model";
import { SETTINGS_SHEET, type WrittenExtent } from "../../workbook/settings";
import { toModel } from "./read";
import type { AdapterEnv } from "./shared";

/** Rows read of each sheet: what the layer asks for at most (HEADER_SEARCH_ROWS ≥ its TOP_ROWS). */
const ROWS_READ = HEADER_SEARCH_ROWS;
/** Sheets read in the one round trip, at most; the layer looks at no more than 30 others. */
const SHEETS_AT_ONCE = 40;

/** A sheet's cells that hold values (1-based, inclusive), as its used range of values says. */
interface Used {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface SheetRead {
  top: RawCell[][];
  /** Null for a sheet without a value. */
  used: Used | null;
}

type Tops = Map<string, SheetRead>;

/**
 * Each named sheet's first `rows` rows (from A1, blanks null) and where its values are, in one round
 * trip. The names are sheets the last read listed (no navigation from a null object, which some
 * hosts fail); one deleted since fails the call, and the layer then takes its settings at their word.
 */
async function readTops(env: AdapterEnv, names: readonly string[], rows: number): Promise<Tops> {
  return env.run(async (context) => {
    const loaded = names.map((name) => {
      const sheet = context.workbook.worksheets.getItem(name);
      const values = sheet.getRange(`1:${rows}`).getUsedRangeOrNullObject(true);
      values.load("values,rowIndex,columnIndex");
      // Values only: a cell the user merely formatted is nothing to lose (contentOutside).
      const used = sheet.getUsedRangeOrNullObject(true);
      used.load("rowIndex,columnIndex,rowCount,columnCount");
      return { values, used };
    });
    await context.sync();
    return new Map(
      names.map((name, i) => {
        const { values, used } = loaded[i]!;
        return [name.toLowerCase(), { top: topOf(values, rows), used: usedOf(used) }];
      }),
    );
  });
}

/** A used range of the top rows as rows from A1 (blanks null), as the read models the table. */
function topOf(range: Excel.Range, rows: number): RawCell[][] {
  if (range.isNullObject) return [];
  return toModel("", range.values, [], range.rowIndex, range.columnIndex).slice(0, rows);
}

function usedOf(range: Excel.Range): Used | null {
  if (range.isNullObject) return null;
  const top = range.rowIndex + 1;
  const left = range.columnIndex + 1;
  return { top, left, bottom: top + range.rowCount - 1, right: left + range.columnCount - 1 };
}

type Area = { row: number; col: number; rows: number; cols: number };

/** The first value outside `block` in `areas` (each wholly outside it), in one round trip. */
async function firstValueIn(
  env: AdapterEnv,
  name: string,
  areas: readonly Area[],
  block: WrittenExtent,
): Promise<FoundCell | null> {
  return env.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(name);
    const ranges = areas.map((a) =>
      sheet.getRangeByIndexes(a.row - 1, a.col - 1, a.rows, a.cols).load("values"),
    );
    await context.sync();
    for (const [i, range] of ranges.entries()) {
      const a = areas[i]!;
      const found = firstValueOutside(toModel(name, range.values, [], a.row - 1, a.col - 1), block);
      if (found) return found;
    }
    return null;
  });
}

/**
 * The first value outside `block`, read only when the used range of values reaches past it (a
 * user's line under the 落款). That range's last column (or last row) holds a value outside the
 * block, so that one strip is read first: the areas beside and below the block may be far larger
 * than Excel on the web answers (5 MB) on a sheet of many branches. Only when the strip holds
 * nothing the model counts (whitespace) are the whole areas read.
 */
async function valueOutside(
  env: AdapterEnv,
  name: string,
  used: Used,
  block: WrittenExtent,
): Promise<FoundCell | null> {
  if (used.bottom <= block.lastRow && used.right <= block.lastCol) return null;
  const strip: Area =
    used.right > block.lastCol
      ? { row: used.top, col: used.right, rows: used.bottom - used.top + 1, cols: 1 }
      : { row: used.bottom, col: used.left, rows: 1, cols: used.right - used.left + 1 };
  const inStrip = await firstValueIn(env, name, [strip], block);
  if (inStrip) return inStrip;
  const areas: Area[] = [];
  const besideRows = Math.min(block.lastRow, used.bottom) - used.top + 1;
  if (used.right > block.lastCol && besideRows > 0)
    areas.push({ row: used.top, col: block.lastCol + 1, rows: besideRows, cols: used.right - block.lastCol });
  const below = Math.max(block.lastRow + 1, used.top);
  if (used.bottom >= below)
    areas.push({
      row: below,
      col: used.left,
      rows: used.bottom - below + 1,
      cols: used.right - used.left + 1,
    });
  // Values the used range counts and the model does not (whitespace) alone: nothing to lose.
  return firstValueIn(env, name, areas, block);
}

/** The sheets the last read listed, but the settings sheet (its JSON is read with the table). */
function namesKnown(env: AdapterEnv): string[] {
  const known = env.known ? [...env.known.sheets.values()].map((s) => s.name) : [];
  return known.filter((name) => name !== SETTINGS_SHEET);
}

export interface SheetTops {
  readTop(name: string, rows: number): Promise<RawCell[][] | null>;
  /** WorkbookAdapter.contentOutside: from the round trip of readTop, and one more only when there is such a cell. */
  contentOutside(name: string, block: WrittenExtent): Promise<FoundCell | null>;
  /** Forget what was read: after a read (the sheets may have changed) and after a write. */
  forget(): void;
}

export function sheetTops(env: AdapterEnv): SheetTops {
  let all: Promise<Tops> | null = null;
  // Sheets read on their own, kept so that contentOutside after readTop needs no round trip.
  const alone = new Map<string, Promise<Tops>>();
  const lookup = async (name: string): Promise<SheetRead | null> => {
    const known = namesKnown(env);
    const key = name.toLowerCase();
    if (!known.some((n) => n.toLowerCase() === key)) return null;
    // A sheet past the first SHEETS_AT_ONCE (the owned sheets come last in a workbook of a sheet
    // per branch) is read on its own: taken at the settings' word, a user's sheet of that name
    // would be cleared.
    const first = known.slice(0, SHEETS_AT_ONCE);
    if (!first.some((n) => n.toLowerCase() === key)) {
      const one = alone.get(key) ?? readTops(env, [name], ROWS_READ);
      alone.set(key, one);
      return (await one).get(key) ?? null;
    }
    all ??= readTops(env, first, ROWS_READ);
    return (await all).get(key) ?? null;
  };
  return {
    async readTop(name, rows) {
      if (rows > ROWS_READ) return (await readTops(env, [name], rows)).get(name.toLowerCase())?.top ?? null;
      return (await lookup(name))?.top.slice(0, rows) ?? null;
    },
    async contentOutside(name, block) {
      const read = await lookup(name);
      return read?.used ? valueOutside(env, name, read.used, block) : null;
    },
    forget() {
      all = null;
      alone.clear();
    },
  };
}
