/**
 * 所属党委 merged down over its branches' rows, as offices lay it out, scores as if typed on every
 * row: each branch keeps its group in the evaluation and 评定汇总 (docs/layout.md "Merged group cells").
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { scoreXlsxBytes } from "../../src/xlsx/score-bytes";

const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");
const GROUP_COLUMN = 3;
const FIRST_BRANCH_ROW = 4;

/** The example with each run of equal 所属党委 cells merged into one, the text kept in its first cell. */
async function withGroupsMerged(): Promise<{ bytes: Uint8Array; merges: number }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(EXAMPLE) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const groupAt = (row: number) => sheet.getCell(row, GROUP_COLUMN).value;
  let merges = 0;
  for (let top = FIRST_BRANCH_ROW; top <= sheet.rowCount;) {
    let bottom = top;
    while (bottom < sheet.rowCount && groupAt(top) !== null && groupAt(bottom + 1) === groupAt(top)) bottom++;
    if (bottom > top) {
      for (let row = top + 1; row <= bottom; row++) sheet.getCell(row, GROUP_COLUMN).value = null;
      sheet.mergeCells(top, GROUP_COLUMN, bottom, GROUP_COLUMN);
      merges++;
    }
    top = bottom + 1;
  }
  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), merges };
}

async function groupsOf(bytes: Uint8Array) {
  const scored = await scoreXlsxBytes(bytes, {
    input: "评分.xlsx",
    output: "评分-评定.xlsx",
    recompute: { now: new Date(0) },
  });
  if (!scored.ok) throw new Error(scored.error.message);
  const { evaluation, plan, summarySheet } = scored.result;
  const rows = evaluation.rows.map((r) => [r.name, r.group]);
  // 评定汇总 as the plan writes it (分组统计 and 所属党组织 included).
  const summary = plan.ops.flatMap((op) =>
    op.kind === "values" && op.sheet === summarySheet ? [op.values] : [],
  );
  return { rows, summary };
}

test("a group merged down over its branches scores as if typed on every row", async () => {
  const merged = await withGroupsMerged();
  expect(merged.merges).toBeGreaterThanOrEqual(5);
  const typed = await groupsOf(new Uint8Array(readFileSync(EXAMPLE)));
  const spanned = await groupsOf(merged.bytes);
  expect(typed.rows.filter(([, group]) => group === null)).toEqual([]);
  expect(spanned.rows).toEqual(typed.rows);
  expect(typed.summary.length).toBeGreaterThan(0);
  expect(spanned.summary).toEqual(typed.summary);
});
