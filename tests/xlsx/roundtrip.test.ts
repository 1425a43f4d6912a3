/**
 * Score real .xlsx files through XlsxAdapter + recompute and prove SPEC §5/§10: every cell outside
 * the owned ranges is identical after the run, and a second run changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { recompute } from "../../src/workbook/recompute";
import type { CellRect, WritePlan } from "../../src/workbook/model";
import { XlsxAdapter, openXlsx, writeXlsxAtomic } from "../../src/xlsx";
import { diffSnapshots, loadWorkbook, snapshotWorkbook, stable } from "../fixtures/snapshot";
import {
  allFixtures,
  awkwardRows,
  busyWorkbook,
  cellKinds,
  modelOrgan,
  serviceOrg,
  starBranch,
  writeFixture,
  type WorkbookFixture,
} from "../fixtures/workbooks";

const SETTINGS = "_星级评定";
const NOW = new Date(Date.UTC(2026, 10, 26, 8, 0, 0));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-roundtrip-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function score(input: string, output: string, sheet?: string) {
  const workbook = await openXlsx(input);
  const result = await recompute(new XlsxAdapter(workbook), { now: NOW, sheet });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.text("en")}`);
  await writeXlsxAtomic(workbook, output);
  return result;
}

/** Rectangles the plan wrote on the data sheet: the result columns (from row 1 down). */
function ownedColumns(
  plan: WritePlan,
  sheet: string,
): { rects: CellRect[]; columns: number[]; heights: number[] } {
  const rects: CellRect[] = [];
  const columns = new Set<number>();
  const heights: number[] = [];
  for (const op of plan.ops) {
    if (op.kind === "rowHeights" && op.sheet === sheet)
      op.heights.forEach((h, i) => {
        if (h !== null) heights.push(op.row + i);
      });
    if (op.kind === "values" && op.sheet === sheet) {
      const width = Math.max(...op.values.map((r) => r.length));
      rects.push({ top: 1, left: op.col, bottom: 1_048_576, right: op.col + width - 1 });
    } else if (op.kind === "clear" && op.sheet === sheet) {
      rects.push({ ...op.rect, top: 1, bottom: 1_048_576 });
    } else if (op.kind === "columnWidths" && op.sheet === sheet) {
      op.widths.forEach((_, i) => columns.add(op.col + i));
    }
  }
  return { rects, columns: [...columns], heights };
}

async function scoreFixture(key: string, fixture: WorkbookFixture) {
  const input = path.join(dir, `${key}.xlsx`);
  const output = path.join(dir, `${key}.scored.xlsx`);
  await writeFixture(fixture, input);
  const result = await score(input, output);
  return { input, output, result };
}

describe("every cell outside the owned ranges survives, and a second run changes nothing", () => {
  for (const [key, fixture] of Object.entries(allFixtures())) {
    test(key, async () => {
      const { input, output, result } = await scoreFixture(key, fixture);
      const before = snapshotWorkbook(await loadWorkbook(input));
      const after = snapshotWorkbook(await loadWorkbook(output));
      const owned = ownedColumns(result.plan, result.sheet);
      const diffs = diffSnapshots(before, after, {
        sheets: [result.summarySheet, SETTINGS],
        rects: { [result.sheet]: owned.rects },
        columns: { [result.sheet]: owned.columns },
        heights: { [result.sheet]: owned.heights },
      });
      expect(diffs).toEqual([]);
      // Owned ranges are only the result columns right of the table.
      expect(Math.min(...owned.rects.map((r) => r.left))).toBeGreaterThan(result.layout.rightEdge);

      const again = path.join(dir, `${key}.again.xlsx`);
      const second = await score(output, again);
      expect(second.plan).toEqual(result.plan);
      const twice = snapshotWorkbook(await loadWorkbook(again));
      expect(diffSnapshots(after, twice)).toEqual([]);
      expect([...twice.keys()]).toEqual([...after.keys()]);
    });
  }
});

function headerRowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  return (ws.getRow(row).values as unknown[]).slice(1);
}

describe("what is written", () => {
  test.each([
    ["service-org", serviceOrg()],
    ["star-branch", starBranch()],
    ["model-organ", modelOrgan()],
  ])("preset %s: result columns, summary and settings are there", async (presetId, fixture) => {
    const { output, result } = await scoreFixture(`preset-${presetId}`, fixture);
    expect(result.rubric.id).toBe(presetId);
    const workbook = await loadWorkbook(output);
    const ws = workbook.getWorksheet(result.sheet)!;
    const header = headerRowValues(ws, result.layout.headerRow);
    for (const h of ["评定总分", "星数", "评定星级", "评定标记", "评定说明"]) expect(header).toContain(h);
    // Only service-org's plan has an eligibility rule (docs/schemes.md "Eligibility").
    expect(header.includes("评先资格")).toBe(presetId === "service-org");
    const tierCol = header.indexOf("评定星级") + 1;
    for (const row of result.evaluation.rows) expect(ws.getCell(row.row, tierCol).value).toBe(row.tier);
    expect(workbook.getWorksheet(result.summarySheet)!.getCell("A1").value).toEqual(
      expect.stringContaining("评定汇总"),
    );
    const settings = workbook.getWorksheet(SETTINGS)!;
    expect(settings.state).toBe("veryHidden");
    expect(JSON.parse(String(settings.getCell("A1").value)).rubric.id).toBe(presetId);
  });

  test("a name beginning with = + - @ is literal text in the summary, never a formula", async () => {
    const { output, result } = await scoreFixture("formula-names", awkwardRows());
    const workbook = await loadWorkbook(output);
    const summary = workbook.getWorksheet(result.summarySheet)!;
    const found: string[] = [];
    summary.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === "string" && /^[=+\-@]/.test(cell.value)) {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          found.push(cell.value);
        }
      }),
    );
    expect(found).toEqual(expect.arrayContaining(["=第三党支部", "+A1", "@SUM(A1)", "-隐藏支部"]));
  });

  test("合计 rows get nothing, duplicates are flagged, hidden rows stay hidden", async () => {
    const { output, result } = await scoreFixture("awkward", awkwardRows());
    const ws = (await loadWorkbook(output)).getWorksheet(result.sheet)!;
    const header = headerRowValues(ws, 1);
    const tierCol = header.indexOf("评定星级") + 1;
    expect(ws.getCell(10, 2).value).toBe("合计");
    expect(ws.getCell(10, tierCol).value).toBeNull();
    expect(result.evaluation.rows.map((r) => r.row)).not.toContain(10);
    const dupes = result.evaluation.rows.filter((r) => r.flags.some((f) => f.code === "DUPLICATE_NAME"));
    expect(dupes.map((r) => r.row)).toEqual([2, 3]);
    expect(ws.getRow(7).hidden).toBe(true);
  });

  test("errors, blanks, a date in a score column: not rated, with the cell named", async () => {
    const { result } = await scoreFixture("kinds", cellKinds());
    const byRow = new Map(result.evaluation.rows.map((r) => [r.row, r]));
    for (const row of [6, 7, 8, 9, 11]) {
      expect(byRow.get(row)?.rated).toBe(false);
      expect(byRow.get(row)?.flags.map((f) => f.cell)).toContain(`D${row}`);
    }
    for (const row of [2, 3, 4, 10, 13]) expect(byRow.get(row)?.rated).toBe(true);
    expect(byRow.get(10)?.total).toBe(94); // 18 (formula result) + 19 × 4
    expect(byRow.get(2)?.total).toBe(95.5); // full-width "１９" and "１８．５"
    expect(byRow.get(3)?.total).toBe(90); // "18分", " 18 ", "18"
    // Satisfaction as 0.96, "96%" and 96 all pass the 95% line; 0.94 does not; "—" (missing) cannot confirm it.
    const low = (row: number) => byRow.get(row)?.flags.some((f) => f.code === "SATISFACTION_LOW");
    expect([2, 3, 4].map(low)).toEqual([false, false, false]);
    expect(low(5)).toBe(true);
    expect(byRow.get(5)?.stars).toBe(4);
    expect(byRow.get(12)?.flags.find((f) => f.code === "SATISFACTION_LOW")?.message).toContain("未填");
  });

  test("a user sheet named 评定汇总 is left alone; the summary goes to 评定汇总 (2)", async () => {
    const { output, result } = await scoreFixture("busy", busyWorkbook());
    expect(result.summarySheet).toBe("评定汇总 (2)");
    const workbook = await loadWorkbook(output);
    expect(workbook.getWorksheet("评定汇总")!.getCell("A1").value).toBe("这是用户自己的表，不应被覆盖");
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "说明",
      "评分表",
      "评定汇总",
      "评定汇总 (2)",
      // The other owned sheets (SPEC §6) come after the summary.
      "评定核查",
      "公示名单",
      SETTINGS,
    ]);
  });

  test("result columns moved by the user are found again, never duplicated", async () => {
    const { output, result } = await scoreFixture("moved", serviceOrg());
    const workbook = await loadWorkbook(output);
    const ws = workbook.getWorksheet(result.sheet)!;
    const headerRow = result.layout.headerRow;
    const header = headerRowValues(ws, headerRow);
    const tierCol = header.indexOf("评定星级") + 1;
    const flagsCol = header.indexOf("评定标记") + 1;
    // The user swaps 评定星级 and 评定标记 (values and all).
    for (let r = headerRow; r <= result.layout.lastDataRow; r++) {
      const a = ws.getCell(r, tierCol).value;
      ws.getCell(r, tierCol).value = ws.getCell(r, flagsCol).value;
      ws.getCell(r, flagsCol).value = a;
    }
    const moved = path.join(dir, "moved-by-user.xlsx");
    await workbook.xlsx.writeFile(moved);
    const rerun = path.join(dir, "moved-rerun.xlsx");
    const second = await score(moved, rerun);
    const after = (await loadWorkbook(rerun)).getWorksheet(result.sheet)!;
    const headers = headerRowValues(after, headerRow).filter(
      (h) => typeof h === "string" && h.startsWith("评定"),
    );
    expect(headers.filter((h) => h === "评定星级")).toHaveLength(1);
    expect(headers.filter((h) => h === "评定标记")).toHaveLength(1);
    const newTierCol = headerRowValues(after, headerRow).indexOf("评定星级") + 1;
    for (const row of second.evaluation.rows) expect(after.getCell(row.row, newTierCol).value).toBe(row.tier);
  });

  test("the settings sheet is reused: a second run on the output gives the same stored JSON", async () => {
    const { output } = await scoreFixture("settings", serviceOrg());
    const again = path.join(dir, "settings-again.xlsx");
    await score(output, again);
    const a = (await loadWorkbook(output)).getWorksheet(SETTINGS)!;
    const b = (await loadWorkbook(again)).getWorksheet(SETTINGS)!;
    expect(stable(b.getColumn(1).values)).toBe(stable(a.getColumn(1).values));
  });
});
