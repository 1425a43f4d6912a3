/**
 * A workbook part that declares the relationships prefix on each `<sheet>` instead of on
 * `<workbook>`, as openpyxl (and pandas through it) writes it, is read and patched like Excel's:
 * before, it was taken for Strict Open XML and the whole workbook was written anew by ExcelJS.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { NS_RELATIONSHIPS, prefixInScope } from "../../src/xlsx/xml";
import { cli, tempDirForTests } from "../support/cli-run";
import { packageXmlErrors } from "../support/well-formed";

const dir = tempDirForTests("sheet-prefix-");
const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");
const DECLARATION = ` xmlns:r="${NS_RELATIONSHIPS}"`;

/** The example's workbook part as openpyxl writes it: the r prefix declared on each <sheet>. */
async function openpyxlStyle(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const book = await zip.file("xl/workbook.xml")!.async("string");
  const moved = book.replace(DECLARATION, "").replace(/<sheet /g, `<sheet${DECLARATION} `);
  expect(moved).not.toBe(book);
  expect(/<workbook\b[^>]*>/.exec(moved)![0]).not.toContain(NS_RELATIONSHIPS);
  zip.file("xl/workbook.xml", moved);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

async function sheetValues(file: string): Promise<Map<string, unknown>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
  return new Map(workbook.worksheets.map((ws) => [ws.name, ws.getSheetValues()]));
}

test("the prefix in scope is the innermost declaration", () => {
  const root = `<workbook xmlns="main" xmlns:r="${NS_RELATIONSHIPS}">`;
  expect(prefixInScope(NS_RELATIONSHIPS, [root, "<sheets>", '<sheet name="a" r:id="rId1"/>'])).toBe("r");
  expect(
    prefixInScope(NS_RELATIONSHIPS, ["<workbook>", "<sheets>", `<sheet xmlns:rel="${NS_RELATIONSHIPS}"/>`]),
  ).toBe("rel");
  expect(prefixInScope(NS_RELATIONSHIPS, ["<workbook>", "<sheets>", "<sheet/>"])).toBeUndefined();
});

test("a workbook written by openpyxl is patched in place, its new sheets declaring the prefix too", async () => {
  const input = await openpyxlStyle(path.join(dir(), "openpyxl.xlsx"));
  const output = path.join(dir(), "openpyxl-out.xlsx");
  const run = await cli(["score", input, "-o", output]);
  expect(run.code).toBe(0);
  expect(run.stderr).not.toContain("重新写出");
  const checked = await packageXmlErrors(readFileSync(output));
  expect(checked.errors).toEqual([]);
  expect(checked.checked).toBeGreaterThan(10);
  const zip = await JSZip.loadAsync(readFileSync(output));
  const sheets = /<sheets>([\s\S]*)<\/sheets>/.exec(await zip.file("xl/workbook.xml")!.async("string"))![1]!;
  const tags = sheets.match(/<sheet\b[^>]*>/g)!;
  expect(tags).toHaveLength(5);
  for (const tag of tags) expect(tag).toContain(DECLARATION);
  // The same workbook as the example scored (the two differ only in where the prefix is declared).
  const plain = path.join(dir(), "plain-out.xlsx");
  expect((await cli(["score", EXAMPLE, "-o", plain])).code).toBe(0);
  expect(await sheetValues(output)).toEqual(await sheetValues(plain));
});
