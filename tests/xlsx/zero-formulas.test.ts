/**
 * Programs that write formulas without calculating them (XlsxWriter and its ports) store 0 as every
 * formula's result and ask for a calculation on opening (`fullCalcOnLoad`). The 0 is scored as
 * stored, as Excel's cache says, but the user is told which cells and what to do; a file this tool
 * wrote (it asks for the calculation too, with every result kept) gets no such note.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { cli, tempDirForTests } from "../support/cli-run";

const dir = tempDirForTests("zero-formulas-");
const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");
const NOTE = "个公式单元格保存的计算结果是 0";

/** The example with D4 (服务体系) and A5 (序号) as formulas storing 0, its calcPr set as `calcPr` says. */
async function withZeroFormulas(name: string, recalcOnLoad: boolean): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const formulas = sheet
    .replace('<c r="D4"><v>19</v></c>', '<c r="D4"><f>9+10</f><v>0</v></c>')
    .replace('<c r="A5" s="3"><v>2</v></c>', '<c r="A5" s="3"><f>A4+1</f><v>0</v></c>');
  expect(formulas.match(/<\/f><v>0<\/v>/g)).toHaveLength(2);
  zip.file("xl/worksheets/sheet1.xml", formulas);
  if (recalcOnLoad) {
    const book = await zip.file("xl/workbook.xml")!.async("string");
    zip.file(
      "xl/workbook.xml",
      book.replace('<calcPr calcId="171027"/>', '<calcPr calcId="171027" fullCalcOnLoad="1"/>'),
    );
  }
  const file = path.join(dir(), name);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

test("a formula storing 0 in a file that asks to be calculated on opening is named in a note", async () => {
  const input = await withZeroFormulas("xlsxwriter.xlsx", true);
  const output = path.join(dir(), "xlsxwriter-out.xlsx");
  const run = await cli(["score", input, "-o", output]);
  expect(run.code).toBe(0);
  // D4 is read (服务体系); A5 (序号) is not, so it is not named.
  expect(run.stderr).toContain(`注意：评定用到的列中有 1 ${NOTE}（D4），而该文件要求打开时重新计算`);
  expect(run.stderr).toContain("请先在 Excel 中打开并保存该文件再评定");
  expect(run.stderr).not.toContain("没有保存计算结果");
  const again = await cli(["score", output, "-o", path.join(dir(), "xlsxwriter-again.xlsx")]);
  expect(again.code).toBe(0);
  expect(again.stderr).not.toContain(NOTE);
});

test("the same formulas in a file that does not ask for a calculation get no note", async () => {
  const input = await withZeroFormulas("calculated.xlsx", false);
  const run = await cli(["score", input, "-o", path.join(dir(), "calculated-out.xlsx")]);
  expect(run.code).toBe(0);
  expect(run.stderr).not.toContain(NOTE);
});
