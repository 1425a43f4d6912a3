/**
 * A sheet's rows patched in two halves (src/xlsx/split-rows.ts: the CLI's main thread up to a row,
 * its deflate worker from there) give exactly the text one RowPatcher gives over the whole sheet
 * (src/xlsx/patch-rows.ts, what the page writes), or the same error: for split points all through
 * generated sheets with rows the plan adds before, between and after the source's rows, rows
 * rebuilt whole, rows whose start tag changes, self-closing rows, overwritten formulas, a shared
 * formula reaching past the results, and rows out of order.
 */
import {
  KEEP_STYLE,
  KEEP_VALUE,
  PlannedRows,
  layerRows,
  plannedRow,
  type Layer,
  type PlannedValue,
} from "../../src/xlsx/planned-cells";
import { Refusal, RowPatcher, type PatchNotes, type RowPlan } from "../../src/xlsx/patch-rows";
import { chooseSplit, patchHalf, splitWork } from "../../src/xlsx/split-rows";
import { Unsupported } from "../../src/xlsx/xml-edit";

type Cell = { col: number; value: PlannedValue; style: number };

/**
 * A plan of the cells in `cells`, as the patcher gets it from the plan's ops (patch.ts layerPlan):
 * a layer per cell (planned-cells.ts), a copyFormat one where the value is kept.
 */
function layerPlan(
  cells: Map<number, Cell[]>,
  heights: Map<number, number | null>,
): RowPlan & { layers: Layer[] } {
  const rows = [...cells.keys()].sort((a, b) => a - b);
  // A block over every row first (the result columns are such blocks), then a layer per cell.
  const top = rows[0];
  const values = rows.map((_, k) => (k % 2 === 1 ? [] : [k % 3 === 0 ? `第${k}名` : k * 2]));
  const block = { kind: "values" as const, sheet: "考评表", row: top, col: 7, values };
  const blockRect = { top, left: 7, bottom: top + values.length - 1, right: 7 };
  const blockStyles = Int32Array.from(values, (_, k) => k % 4);
  const layers: Layer[] = [
    { kind: "values", index: 0, rect: blockRect, op: block, width: 1, styles: blockStyles },
  ];
  for (const row of rows)
    for (const { col, value, style } of cells.get(row) ?? []) {
      const rect = { top: row, left: col, bottom: row, right: col };
      const index = layers.length;
      if (value === KEEP_VALUE) layers.push({ kind: "copyFormat", index, rect, style });
      else {
        const op = { kind: "values" as const, sheet: "考评表", row, col, values: [[value]] };
        layers.push({ kind: "values", index, rect, op, width: 1, styles: Int32Array.of(style) });
      }
    }
  const planned = new PlannedRows(layers);
  return {
    sheet: "考评表",
    layers,
    changed: layerRows(layers, heights.keys()),
    at: (row) => planned.at(row),
    row: (row, into) => plannedRow(layers, row, into),
    height: (row) => heights.get(row),
  };
}

interface Fixture {
  xml: string;
  from: number;
  to: number;
  cells: Map<number, Cell[]>;
  heights: Map<number, number | null>;
}

/** A random generator of its own, so that every run tests the same sheets. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * A sheet of `count` source rows (with gaps) and a plan over them: result cells right of the
 * table in most rows, cells over the row's own in some (rebuilt whole), rows the plan adds.
 */
function fixture(
  seed: number,
  count: number,
  options: { outOfOrderAt?: number; sharedFormula?: boolean } = {},
): Fixture {
  const next = random(seed);
  const cells = new Map<number, Cell[]>();
  const heights = new Map<number, number | null>();
  const numbers: number[] = [];
  let row = 2 + Math.floor(next() * 3);
  for (let k = 0; k < count; k++) {
    numbers.push(row);
    row += next() < 0.15 ? 2 + Math.floor(next() * 3) : 1;
  }
  if (options.outOfOrderAt !== undefined) {
    const k = options.outOfOrderAt;
    [numbers[k], numbers[k + 1]] = [numbers[k + 1], numbers[k]];
  }
  let body = "";
  for (const r of numbers) {
    const kind = next();
    const own =
      `<c r="A${r}" s="1"><v>${r}</v></c>` +
      (next() < 0.2
        ? `<c r="D${r}"><f>A${r}*2</f><v>${r * 2}</v></c>`
        : `<c r="B${r}" t="inlineStr"><is><t>第${r % 7}支部 &amp; 党小组</t></is></c>`) +
      // A cell where the results go: the row is rebuilt, the cell keeps its value under copyFormat.
      (next() < 0.15 ? `<c r="F${r}" s="4"><v>7</v></c>` : "");
    if (kind < 0.08) body += `<row r="${r}" spans="1:4"/>`;
    else if (kind < 0.16) body += `<row r="${r}" ht="20" customHeight="1">${own}</row>`;
    else if (kind < 0.2) body += `<row r="${r}"></row>`;
    else body += `<row r="${r}" spans="1:4">${own}</row>\n`;
  }
  if (options.sharedFormula) {
    // In a row 70% down the sheet: a formula filled from the result column A into B.
    const cell = /<c r="A(\d+)" s="1"><v>\d+<\/v><\/c>/g;
    cell.lastIndex = Math.floor(body.length * 0.7);
    const m = cell.exec(body) as RegExpExecArray;
    const formula = `<c r="A${m[1]}" s="1"><f t="shared" ref="A${m[1]}:B${m[1]}" si="0">1</f><v>1</v></c>`;
    body = body.slice(0, m.index) + formula + body.slice(m.index + m[0].length);
  }
  const last = row;
  // The plan: before the first source row, in most source rows, in gaps and after the last.
  for (let r = 1; r <= last + 3; r++) {
    const roll = next();
    if (roll < 0.15 && r > 1) continue;
    const list: Cell[] = [];
    if (roll < 0.25) list.push({ col: 1, value: `改${r}`, style: KEEP_STYLE });
    if (roll > 0.9) list.push({ col: 4, value: null, style: 0 });
    list.push({ col: 5, value: r % 3 === 0 ? "五星级" : r * 1.5, style: 2 });
    list.push({ col: 6, value: roll < 0.3 ? KEEP_VALUE : r % 2 === 0, style: roll < 0.3 ? 3 : KEEP_STYLE });
    if (options.sharedFormula) list.unshift({ col: 1, value: r, style: KEEP_STYLE });
    cells.set(r, list);
  }
  for (let r = 1; r <= last + 4; r++) if (next() < 0.05) heights.set(r, next() < 0.5 ? null : 24);
  const xml = `<worksheet><sheetData>${body}</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`;
  const from = xml.indexOf("<sheetData>") + "<sheetData>".length;
  return { xml, from, to: xml.indexOf("</sheetData>"), cells, heights };
}

type Outcome = { text: string; notes: PatchNotes } | { error: string };

function failure(error: unknown): Outcome {
  if (error instanceof Refusal || error instanceof Unsupported)
    return { error: `${error.name}: ${error.message}` };
  throw error;
}

const TAIL = "</sheetData><mergeCells/></worksheet>";

/** One RowPatcher over the whole sheet (patch.ts without a worker). */
function onePatch(f: Fixture): Outcome {
  const notes = { formulasRemoved: false };
  let text = "";
  try {
    const patcher = new RowPatcher(
      f.xml,
      f.from,
      f.to,
      layerPlan(f.cells, f.heights),
      notes,
      (p) => (text += p),
    );
    patcher.step(f.to);
    patcher.finish();
  } catch (error) {
    return failure(error);
  }
  return { text: text + TAIL, notes };
}

/** The two halves as patch.ts and the worker do them; null when the sheet is not split there. */
function splitPatch(f: Fixture, share: number, windowChars = 300): Outcome | null {
  const plan = layerPlan(f.cells, f.heights);
  const point = chooseSplit(f.xml, f.from, f.to, plan, share);
  if (!point) return null;
  // Windows of a few rows each, as the worker takes them.
  const work = splitWork(f.xml, f.to, TAIL, point, plan, f.heights, windowChars);
  if (!work) return null;
  const { job, windows } = work;
  const notes = { formulasRemoved: false };
  let text = "";
  try {
    const patcher = new RowPatcher(f.xml, f.from, f.to, plan, notes, (p) => (text += p));
    const stopped = patcher.step(point.at);
    if (!stopped || patcher.stoppedAt !== point.at || patcher.state.lastRow !== point.lastRow) return null;
    patcher.finish(point.at, point.number);
  } catch (error) {
    return failure(error);
  }
  let rest = "";
  let halfNotes: PatchNotes;
  try {
    halfNotes = patchHalf(job, windows, (p) => (rest += p));
  } catch (error) {
    return failure(error);
  }
  return {
    text: text + rest,
    notes: { formulasRemoved: notes.formulasRemoved || halfNotes.formulasRemoved },
  };
}

const SHARES = Array.from({ length: 23 }, (_, k) => 0.02 + k * 0.043);

function expectSameEverywhere(f: Fixture): number {
  const whole = onePatch(f);
  let splits = 0;
  for (const share of SHARES) {
    // Windows of a row or two, of several rows, and one window for the whole half.
    for (const windowChars of [1, 300, 1e9]) {
      const halves = splitPatch(f, share, windowChars);
      if (!halves) continue;
      splits++;
      expect(halves).toEqual(whole);
    }
  }
  return splits;
}

describe("a sheet patched in two halves", () => {
  test("gives the one patcher's text at every split point, formulas overwritten noted", () => {
    let splits = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const f = fixture(seed, 60 + seed * 5);
      const whole = onePatch(f);
      expect("text" in whole && whole.text.length).toBeGreaterThan(1000);
      splits += expectSameEverywhere(f);
    }
    // Nearly every point splits (a point after the plan's last row cannot).
    expect(splits).toBeGreaterThan(12 * 20 * 3);
  });

  test("the fixtures hold what the split must carry over: added rows, rebuilt rows, heights, formulas", () => {
    const f = fixture(3, 80);
    const whole = onePatch(f);
    if (!("text" in whole)) throw new Error("expected a patched sheet");
    expect(whole.text).toMatch(/^<row r="1"/); // a row the plan adds before the first source row
    expect(whole.text).toContain('<c r="A'); // rows rebuilt with the plan's cell over their own
    expect(whole.text).toContain('customHeight="1"');
    expect(whole.text).toMatch(/<row r="\d+" spans="1:4"\/>/); // self-closing rows kept
    expect(whole.notes.formulasRemoved).toBe(true);
  });

  test("a half that would write over a shared formula reaching past the results refuses as one patcher does", () => {
    for (const seed of [4, 5, 6]) {
      const f = fixture(seed, 90, { sharedFormula: true });
      const whole = onePatch(f);
      expect("error" in whole && whole.error).toMatch(/^Refusal: /);
      expect(expectSameEverywhere(f)).toBeGreaterThan(10);
    }
  });

  test("rows out of order are refused whichever half they are in", () => {
    for (const at of [10, 45, 85]) {
      const f = fixture(7, 100, { outOfOrderAt: at });
      const whole = onePatch(f);
      expect(whole).toEqual({ error: 'Error: sheet "考评表" lists its rows out of order' });
      expectSameEverywhere(f);
    }
  });

  test("the split row follows a row of a lower number, and the plan changes a row from it on", () => {
    const f = fixture(2, 50);
    const plan = layerPlan(f.cells, f.heights);
    const point = chooseSplit(f.xml, f.from, f.to, plan, 0.5);
    expect(point).not.toBeNull();
    if (!point) return;
    expect(f.xml.startsWith(`<row r="${point.number}"`, point.at)).toBe(true);
    expect(point.lastRow).toBeLessThan(point.number);
    expect(plan.changed[point.firstChanged]).toBeGreaterThanOrEqual(point.number);
    expect(plan.changed[point.firstChanged - 1]).toBeLessThan(point.number);
    // Past the plan's last changed row there is nothing for a second patcher to do.
    const onlyEarly = new Map([...f.cells].filter(([row]) => row < 5));
    expect(chooseSplit(f.xml, f.from, f.to, layerPlan(onlyEarly, new Map()), 0.5)).toBeNull();
  });
});
