import type { CellFormat, PlanOp } from "../../src/workbook/model";
import {
  KEEP_STYLE,
  KEEP_VALUE,
  PlannedRows,
  addLayer,
  layerRows,
  plannedExtent,
  plannedRow,
  type Layer,
  type PlannedValue,
} from "../../src/xlsx/planned-cells";
import { StyleRegistry } from "../../src/xlsx/styles";

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf>' +
  '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  "</styleSheet>";

type RectOp = Extract<PlanOp, { kind: "values" | "clear" | "copyFormat" }>;
type Cell = { value: PlannedValue; style: number };

/** The format a cell "has in the sheet" when the plan has not set it (the sheet's XML in patch.ts). */
const stored = ({ row, col }: { row: number; col: number }) => (row + col) % 3;

/**
 * The per-cell replay the layers replaced (patch.ts before): a record per cell, a map per row,
 * and the copied formats in a map of their own. The layers must leave every cell as this does.
 */
function perCellReplay(ops: readonly RectOp[], styles: StyleRegistry): Map<number, Map<number, Cell>> {
  const cells = new Map<number, Map<number, Cell>>();
  const base = new Map<number, Map<number, number>>();
  const rowOf = <T>(m: Map<number, Map<number, T>>, row: number) => {
    if (!m.has(row)) m.set(row, new Map());
    return m.get(row) as Map<number, T>;
  };
  const set = (row: number, col: number, value: PlannedValue, style: number) => {
    const cell = rowOf(cells, row).get(col);
    if (cell) Object.assign(cell, { value, style });
    else rowOf(cells, row).set(col, { value, style });
  };
  for (const op of ops) {
    if (op.kind === "clear") {
      if (op.rect.left > op.rect.right) continue;
      for (let row = op.rect.top; row <= op.rect.bottom; row++)
        for (let col = op.rect.left; col <= op.rect.right; col++) {
          base.get(row)?.delete(col);
          set(row, col, null, 0);
        }
    } else if (op.kind === "copyFormat") {
      const planned = cells.get(op.from.row)?.get(op.from.col);
      const style = planned && planned.style !== KEEP_STYLE ? planned.style : stored(op.from);
      if (op.to.left > op.to.right) continue;
      for (let row = op.to.top; row <= op.to.bottom; row++)
        for (let col = op.to.left; col <= op.to.right; col++) {
          rowOf(base, row).set(col, style);
          const cell = rowOf(cells, row).get(col);
          if (cell) cell.style = style;
          else set(row, col, KEEP_VALUE, style);
        }
    } else {
      op.values.forEach((values, r) => {
        const row = op.row + r;
        values.forEach((v, c) => {
          const value = v === "" ? null : (v ?? null);
          const format = op.formats?.[r]?.[c];
          const b = base.get(row)?.get(op.col + c);
          const style =
            b !== undefined
              ? format
                ? styles.derive(b, format)
                : b
              : format
                ? styles.id(format)
                : op.formats
                  ? 0
                  : KEEP_STYLE;
          set(row, op.col + c, value, style);
        });
        if (cells.get(row)?.size === 0) cells.delete(row);
      });
    }
  }
  return cells;
}

function layered(ops: readonly RectOp[], styles: StyleRegistry): Layer[] {
  const layers: Layer[] = [];
  for (const op of ops) addLayer(layers, op, styles, stored);
  return layers;
}

/** Every row as the sweep resolves it, as [col, cell] lists in column order. */
function sweptRows(layers: readonly Layer[]): Map<number, [number, Cell][]> {
  const planned = new PlannedRows(layers);
  const rows = new Map<number, [number, Cell][]>();
  for (const row of layerRows(layers)) {
    const w = planned.at(row);
    const cells: [number, Cell][] = [];
    for (let i = 0; i < w.size; i++) cells.push([w.cols[i], { value: w.values[i], style: w.styles[i] }]);
    rows.set(row, cells);
  }
  return rows;
}

function sortedRows(cells: Map<number, Map<number, Cell>>): Map<number, [number, Cell][]> {
  const rows = new Map<number, [number, Cell][]>();
  for (const row of [...cells.keys()].sort((a, b) => a - b))
    rows.set(
      row,
      [...(cells.get(row) as Map<number, Cell>)].sort((a, b) => a[0] - b[0]),
    );
  return rows;
}

const bold: CellFormat = { bold: true };
const fill: CellFormat = { fill: "FFE699" };
const total: CellFormat = { numFmt: "0.0" };
const S = "S";
const tier: (CellFormat | null)[] = [fill, total];

const CASES: [string, RectOp[]][] = [
  [
    "clear, then copyFormat, then values with formats (the result columns)",
    [
      { kind: "clear", sheet: S, rect: { top: 2, left: 5, bottom: 9, right: 7 } },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 1, col: 1 },
        to: { top: 1, left: 5, bottom: 1, right: 7 },
      },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 2, col: 1 },
        to: { top: 2, left: 5, bottom: 6, right: 7 },
      },
      {
        kind: "values",
        sheet: S,
        row: 1,
        col: 5,
        values: [["总分", "星级", "说明"]],
        formats: [[bold, bold, bold]],
      },
      {
        kind: "values",
        sheet: S,
        row: 2,
        col: 5,
        values: [
          [1.5, "五星级", ""],
          [2, "", "x"],
          [3, "四星级", null],
        ],
        formats: [
          [total, fill, null],
          [total, null, null],
          [null, null, null],
        ],
      },
    ],
  ],
  [
    "values over a copied format without formats keep the copied one; cleared rows with no write stay empty",
    [
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 1, col: 2 },
        to: { top: 3, left: 2, bottom: 5, right: 4 },
      },
      { kind: "values", sheet: S, row: 3, col: 2, values: [["a", "b"], ["c"], []] },
      { kind: "clear", sheet: S, rect: { top: 5, left: 3, bottom: 8, right: 4 } },
      { kind: "values", sheet: S, row: 5, col: 3, values: [[7]], formats: [[fill]] },
    ],
  ],
  [
    "a copyFormat from a cell the plan has written copies the planned format",
    [
      { kind: "values", sheet: S, row: 2, col: 2, values: [["h"]], formats: [[bold]] },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 2, col: 2 },
        to: { top: 3, left: 2, bottom: 4, right: 3 },
      },
      { kind: "values", sheet: S, row: 4, col: 3, values: [[1, 2, 3]] },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 4, col: 5 },
        to: { top: 4, left: 1, bottom: 4, right: 2 },
      },
    ],
  ],
  [
    "two blocks of columns with runs between skipped rows, ops of later rows first",
    [
      { kind: "clear", sheet: S, rect: { top: 10, left: 8, bottom: 12, right: 9 } },
      { kind: "clear", sheet: S, rect: { top: 2, left: 8, bottom: 5, right: 9 } },
      { kind: "clear", sheet: S, rect: { top: 2, left: 3, bottom: 12, right: 3 } },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 2, col: 1 },
        to: { top: 2, left: 8, bottom: 5, right: 9 },
      },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 2, col: 1 },
        to: { top: 10, left: 8, bottom: 12, right: 9 },
      },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 2, col: 1 },
        to: { top: 2, left: 3, bottom: 12, right: 3 },
      },
      {
        kind: "values",
        sheet: S,
        row: 10,
        col: 8,
        values: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        formats: [
          [total, fill],
          [total, fill],
          [bold, bold],
        ],
      },
      {
        kind: "values",
        sheet: S,
        row: 2,
        col: 8,
        values: [
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8],
        ],
        formats: [
          [total, fill],
          [total, fill],
          [bold, bold],
          [null, null],
        ],
      },
      { kind: "values", sheet: S, row: 2, col: 3, values: Array.from({ length: 11 }, (_, i) => [`t${i}`]) },
      { kind: "clear", sheet: S, rect: { top: 11, left: 3, bottom: 11, right: 9 } },
    ],
  ],
  [
    "a later op starting higher up still applies after the earlier one (clear over values, copyFormat over a clear)",
    [
      {
        kind: "values",
        sheet: S,
        row: 5,
        col: 2,
        values: [
          [1, 2],
          [3, 4],
        ],
        formats: [
          [fill, null],
          [null, total],
        ],
      },
      { kind: "clear", sheet: S, rect: { top: 1, left: 2, bottom: 5, right: 2 } },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 9, col: 9 },
        to: { top: 3, left: 3, bottom: 6, right: 3 },
      },
    ],
  ],
  [
    "stale rows cleared below the table and columns cleared right of the results",
    [
      { kind: "clear", sheet: S, rect: { top: 2, left: 4, bottom: 20, right: 8 } },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 2, col: 1 },
        to: { top: 2, left: 4, bottom: 5, right: 5 },
      },
      { kind: "values", sheet: S, row: 2, col: 4, values: [[1, ""], [null, 2], [3], [""]] },
    ],
  ],
  [
    "rows sharing one formats array, some on a copied format, one shorter",
    [
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 1, col: 1 },
        to: { top: 3, left: 2, bottom: 4, right: 3 },
      },
      {
        kind: "values",
        sheet: S,
        row: 2,
        col: 2,
        values: [[1, 2], [3, 4], [5, 6], [7, 8], [9]],
        formats: [tier, tier, tier, tier, tier],
      },
    ],
  ],
  [
    "empty rectangles write nothing",
    [
      { kind: "clear", sheet: S, rect: { top: 2, left: 5, bottom: 3, right: 4 } },
      {
        kind: "copyFormat",
        sheet: S,
        from: { row: 1, col: 1 },
        to: { top: 2, left: 6, bottom: 3, right: 5 },
      },
      { kind: "values", sheet: S, row: 4, col: 2, values: [] },
    ],
  ],
];

describe("the plan's cells resolved per row from its ops", () => {
  test.each(CASES)("%s: every cell as the per-cell replay leaves it", (_, ops) => {
    const expected = sortedRows(perCellReplay(ops, new StyleRegistry(STYLES_XML)));
    const layers = layered(ops, new StyleRegistry(STYLES_XML));
    // Same cell formats registered in the same order: equal ids from two fresh registries.
    expect(sweptRows(layers)).toEqual(expected);
    const single = new Map([...expected.keys()].map((row) => [row, sweptOne(layers, row)]));
    expect(single).toEqual(expected);
    // The extent <dimension> needs: the cells that are not empty and unformatted, every one looked at.
    const shown = [...expected].flatMap(([row, cells]) =>
      cells.filter(([, c]) => c.value !== null || c.style > 0).map(([col]) => [row, col]),
    );
    expect(plannedExtent(layers)).toEqual({
      bottom: Math.max(0, ...shown.map(([row]) => row)),
      right: Math.max(0, ...shown.map(([, col]) => col)),
    });
  });

  test("the first case's cells, written out", () => {
    const layers = layered(CASES[0][1], new StyleRegistry(STYLES_XML));
    const row = (r: number) => {
      const w = plannedRow(layers, r);
      return w.cols.slice(0, w.size).map((c, i) => [c, w.values[i], w.styles[i]]);
    };
    // Row 1: the header's copied format (stored: (1 + 1) % 3 = 2) with bold on top, a new format.
    expect(row(1).map(([c, v]) => [c, v])).toEqual([
      [5, "总分"],
      [6, "星级"],
      [7, "说明"],
    ]);
    expect(new Set(row(1).map(([, , s]) => s)).size).toBe(1);
    expect(row(1)[0][2]).toBeGreaterThan(2);
    // Row 3: "" is an empty cell; with no format of its own it keeps the copied one (stored (2 + 1) % 3 = 0).
    expect(row(3)[1]).toEqual([6, null, 0]);
    // Row 8: cleared, nothing written.
    expect(row(8)).toEqual([
      [5, null, 0],
      [6, null, 0],
      [7, null, 0],
    ]);
    expect(row(10)).toEqual([]);
  });
});

function sweptOne(layers: readonly Layer[], row: number): [number, Cell][] {
  const w = plannedRow(layers, row);
  return w.cols.slice(0, w.size).map((col, i) => [col, { value: w.values[i], style: w.styles[i] }]);
}
