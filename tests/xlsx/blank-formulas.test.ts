/**
 * A user's helper column right of the table whose formulas show nothing (=IF(H4>20,"超分",""): Excel
 * stores "" as the result; tools that do not calculate store none) reads blank, but it is not free:
 * the result columns go past it and every formula stays as it was, through the package reader and
 * patcher and through ExcelJS's reader and writer alike.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { cli, tempDirForTests } from "../support/cli-run";

const dir = tempDirForTests("blank-formulas-");
const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");

/** Column Q of every branch row (4–33): a formula, its result "" as Excel stores it, or none stored. */
function helperCell(row: number, stored: boolean): string {
  const formula = `<f>IF(H${row}&gt;20,"超分","")</f>`;
  return stored ? `<c r="Q${row}" t="str">${formula}<v></v></c>` : `<c r="Q${row}">${formula}</c>`;
}

async function withHelperColumn(
  name: string,
  stored: boolean,
  extra?: (zip: JSZip) => Promise<void>,
): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  let added = 0;
  const withQ = sheet.replace(
    /<row r="(\d+)"([^>]*)>([\s\S]*?)<\/row>/g,
    (whole, r: string, attrs: string, body: string) => {
      const row = Number(r);
      if (row < 4 || row > 33) return whole;
      added++;
      return `<row r="${r}"${attrs}>${body}${helperCell(row, stored)}</row>`;
    },
  );
  expect(added).toBe(30);
  zip.file("xl/worksheets/sheet1.xml", withQ);
  await extra?.(zip);
  const file = path.join(dir(), name);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

async function sheetXml(file: string): Promise<string> {
  return (await JSZip.loadAsync(readFileSync(file))).file("xl/worksheets/sheet1.xml")!.async("string");
}

/** The header row's cell texts by column letter, from the output's inline strings. */
function headerAt(xml: string, col: string): string | undefined {
  const cell = new RegExp(`<c r="${col}3"[^>]*><is><t[^>]*>([^<]*)</t>`).exec(xml);
  return cell?.[1];
}

test.each([
  ["Excel's stored empty result", true],
  ["no stored result (written by a program that does not calculate)", false],
])("helper formulas showing nothing (%s) are kept and the results go right of them", async (_, stored) => {
  const input = await withHelperColumn(`helper-${stored}.xlsx`, stored);
  const output = path.join(dir(), `helper-${stored}-out.xlsx`);
  const run = await cli(["score", input, "-o", output]);
  expect(run.code).toBe(0);
  const xml = await sheetXml(output);
  for (let row = 4; row <= 33; row++) expect(xml).toContain(helperCell(row, stored));
  expect(headerAt(xml, "Q")).toBeUndefined();
  expect(headerAt(xml, "R")).toBe("评定总分");
  // A second run finds its columns again, beside the helper column still.
  const again = path.join(dir(), `helper-${stored}-again.xlsx`);
  expect((await cli(["score", output, "-o", again])).code).toBe(0);
  const second = await sheetXml(again);
  expect(second.match(/<f>IF\(H\d+&gt;20/g)).toHaveLength(30);
  expect(headerAt(second, "R")).toBe("评定总分");
});

test("the same through ExcelJS's reader and writer (a package the patcher steps aside from)", async () => {
  // A comment in the workbook part makes the patcher hand the whole workbook to ExcelJS.
  const input = await withHelperColumn("helper-exceljs.xlsx", true, async (zip) => {
    const book = await zip.file("xl/workbook.xml")!.async("string");
    zip.file("xl/workbook.xml", book.replace("<sheets>", "<!-- a comment --><sheets>"));
  });
  const output = path.join(dir(), "helper-exceljs-out.xlsx");
  const run = await cli(["score", input, "-o", output]);
  expect(run.code).toBe(0);
  const xml = await sheetXml(output);
  expect(run.stderr).toContain("已把整个工作簿重新写出");
  // ExcelJS spells the quotes as entities and drops the stored "".
  expect(xml.match(/<c r="Q\d+"><f>IF\(H\d+&gt;20,&quot;超分&quot;,&quot;&quot;\)<\/f><\/c>/g)).toHaveLength(
    30,
  );
  expect(xml).not.toMatch(/<c r="Q3"/);
  expect(xml).toMatch(/<c r="R3" s="\d+" t="s">/);
});
