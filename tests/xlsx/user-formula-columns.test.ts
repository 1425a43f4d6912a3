/**
 * A column of the user's own formulas under a result column's header (a 评定星级 worked out with
 * =IF(…) before the tool came): writing the results there would replace the formulas, so the run is
 * refused, naming the column and its first formula, through the package reader and ExcelJS's alike;
 * renamed, the column is left as it is and the results go right of it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { cli, tempDirForTests } from "../support/cli-run";

const dir = tempDirForTests("user-formula-columns-");
const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");

function tierFormula(row: number): string {
  return `<c r="Q${row}" t="str"><f>IF(D${row}&gt;=18,"五星级","四星级")</f><v>四星级</v></c>`;
}

/** The example with column Q headed `header` (row 3) holding a formula on every branch row (4–33). */
async function withFormulaColumn(name: string, header: string, throughExcelJs = false): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const withQ = sheet.replace(
    /<row r="(\d+)"([^>]*)>([\s\S]*?)<\/row>/g,
    (whole, r: string, attrs: string, body: string) => {
      const row = Number(r);
      if (row === 3)
        return `<row r="3"${attrs}>${body}<c r="Q3" t="inlineStr"><is><t>${header}</t></is></c></row>`;
      if (row < 4 || row > 33) return whole;
      return `<row r="${r}"${attrs}>${body}${tierFormula(row)}</row>`;
    },
  );
  zip.file("xl/worksheets/sheet1.xml", withQ);
  // Part names starting with "/": only ExcelJS's reader reads such a package.
  const out = throughExcelJs ? new JSZip() : zip;
  if (throughExcelJs)
    for (const [entryName, entry] of Object.entries(zip.files))
      if (!entry.dir) out.file(`/${entryName}`, await entry.async("uint8array"));
  const file = path.join(dir(), name);
  writeFileSync(file, await out.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

test.each([
  ["the package reader", false],
  ["ExcelJS's reader", true],
])("a result header over the user's formulas is refused, nothing written (%s)", async (_, throughExcelJs) => {
  const input = await withFormulaColumn(`own-${throughExcelJs}.xlsx`, "评定星级", throughExcelJs);
  const output = path.join(dir(), `own-${throughExcelJs}-out.xlsx`);
  const run = await cli(["score", input, "-o", output]);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain(
    "工作表「评分表」的「评定星级」列是您自己的公式（如 Q4）：本工具要在这一列写评定结果，会替换这些公式。请把这一列的表头改名",
  );
  expect(existsSync(output)).toBe(false);
  const en = await cli(["score", input, "--lang", "en", "-o", output]);
  expect(en.stderr).toContain('the column "评定星级" holds your own formulas (e.g. Q4)');
});

test("renamed, the user's formula column is kept and the results go right of it; a re-run agrees", async () => {
  const input = await withFormulaColumn("renamed.xlsx", "自算星级");
  const output = path.join(dir(), "renamed-out.xlsx");
  expect((await cli(["score", input, "-o", output])).code).toBe(0);
  const xml = await (
    await JSZip.loadAsync(readFileSync(output))
  )
    .file("xl/worksheets/sheet1.xml")!
    .async("string");
  for (let row = 4; row <= 33; row++) expect(xml).toContain(tierFormula(row));
  expect(xml).toMatch(/<c r="R3"[^>]*><is><t>评定总分<\/t>/);
  const again = path.join(dir(), "renamed-again.xlsx");
  expect((await cli(["score", output, "-o", again])).code).toBe(0);
});

test("a result header over values the user typed is refused the same way: exit 3, nothing written", async () => {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const typed = (row: number, text: string) => `<c r="Q${row}" t="inlineStr"><is><t>${text}</t></is></c>`;
  zip.file(
    "xl/worksheets/sheet1.xml",
    sheet.replace(
      /<row r="(3|4)"([^>]*)>([\s\S]*?)<\/row>/g,
      (_whole, r: string, attrs: string, body: string) =>
        `<row r="${r}"${attrs}>${body}${typed(Number(r), r === "3" ? "评定星级" : "五星级（党委会定）")}</row>`,
    ),
  );
  const input = path.join(dir(), "typed.xlsx");
  writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  const output = path.join(dir(), "typed-out.xlsx");
  const run = await cli(["score", input, "-o", output]);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain("工作表「评分表」的「评定星级」列已有内容（Q4「五星级（党委会定）」）");
  expect(existsSync(output)).toBe(false);
});
