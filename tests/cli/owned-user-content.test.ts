/**
 * A line the user adds to the tool's 公示名单 in the output file (a 盖章 line under the 落款) before
 * scoring it again: the CLI keeps that sheet as it is and writes its results to 公示名单 (2).
 */
import path from "node:path";
import ExcelJS from "exceljs";
import { serviceOrg, writeFixture } from "../fixtures/workbooks";
import { cli, tempDirForTests } from "../support/cli-run";

const dir = tempDirForTests("owned-user-content-");

/** A scored output of serviceOrg(4) and the last row its 公示名单 was written in (the 落款's date). */
async function scored(name: string): Promise<{ output: string; rows: number }> {
  const input = path.join(dir(), `${name}.xlsx`);
  await writeFixture(serviceOrg(4), input);
  const output = path.join(dir(), `${name}-scored.xlsx`);
  expect((await cli(["score", input, "-o", output])).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(output);
  let rows = 0;
  wb.getWorksheet("公示名单")!.eachRow((row, n) => {
    if (row.hasValues) rows = n;
  });
  return { output, rows };
}

/** The output with one cell of a sheet set (or only formatted), as a user saves it from Excel. */
async function edited(file: string, sheet: string, cell: string, value: string | null): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const target = wb.getWorksheet(sheet)!.getCell(cell);
  if (value === null) target.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
  else target.value = value;
  const out = file.replace(/\.xlsx$/, "-edited.xlsx");
  await wb.xlsx.writeFile(out);
  return out;
}

async function sheetsOf(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

test("a 盖章 line typed under the 公示名单's 落款 is kept; the results go to 公示名单 (2)", async () => {
  const { output, rows } = await scored("stamp");
  const cell = `A${rows + 2}`;
  const input = await edited(output, "公示名单", cell, "（盖章）");
  const again = path.join(dir(), "stamp-again.xlsx");
  const run = await cli(["score", input, "-o", again]);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(
    `「公示名单」中有本工具没有写的内容（如 ${cell}「（盖章）」），已原样保留；本次结果写在「公示名单 (2)」。`,
  );
  const wb = await sheetsOf(again);
  expect(wb.getWorksheet("公示名单")!.getCell(cell).value).toBe("（盖章）");
  expect(String(wb.getWorksheet("公示名单 (2)")!.getCell("A1").value)).toMatch(/^关于.*公示$/);
});

test("re-scored untouched, or with a cell beyond it only formatted, the 公示名单 is rebuilt in place", async () => {
  const { output, rows } = await scored("plain");
  for (const input of [output, await edited(output, "公示名单", `D${rows + 3}`, null)]) {
    const again = input.replace(/\.xlsx$/, "-again.xlsx");
    const run = await cli(["score", input, "-o", again]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("(2)");
    expect((await sheetsOf(again)).getWorksheet("公示名单 (2)")).toBeUndefined();
  }
});
