/**
 * Defined names through ExcelJS's writer (a workbook the patcher steps aside from is written anew):
 * ExcelJS drops a name that is a constant or a formula and makes a sheet's name the workbook's, so
 * formulas using them would show #NAME? or mean something else. A new file says which names were
 * not kept; --in-place refuses, the input unchanged. Names it keeps as they were are not mentioned.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { definedNameKeys, lostDefinedNames } from "../../src/xlsx/defined-names";
import { cli, tempDirForTests } from "../support/cli-run";

const dir = tempDirForTests("defined-names-");
const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");

const USERS_NAMES =
  '<definedName name="合格线">60</definedName>' +
  "<definedName name=\"总分合计\">SUM('评分表'!$D$4:$H$33)</definedName>" +
  '<definedName name="本表名单" localSheetId="0">\'评分表\'!$B$4:$B$33</definedName>' +
  "<definedName name=\"全局名单\">'评分表'!$B$4:$B$33</definedName>";

/** The example with `names` added, and a comment in its workbook part (the patcher steps aside). */
async function withNames(name: string, names: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const book = await zip.file("xl/workbook.xml")!.async("string");
  const withComment = book.replace("<sheets>", "<!-- 备注 --><sheets>");
  const named = withComment.includes("<definedNames>")
    ? withComment.replace("<definedNames>", `<definedNames>${names}`)
    : withComment.replace("</sheets>", `</sheets><definedNames>${names}</definedNames>`);
  expect(named).toContain(names);
  zip.file("xl/workbook.xml", named);
  const file = path.join(dir(), name);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

test("names ExcelJS drops or rescopes are named in the note; --in-place refuses and changes nothing", async () => {
  const input = await withNames("names.xlsx", USERS_NAMES);
  const run = await cli(["score", input, "-o", path.join(dir(), "names-out.xlsx")]);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain("已把整个工作簿重新写出");
  expect(run.stderr).toContain(
    "定义的名称「合格线」、「总分合计」、「本表名单」（公式中用到时会变成 #NAME?）",
  );
  expect(run.stderr).not.toContain("「全局名单」");
  const before = readFileSync(input);
  const inPlace = await cli(["score", input, "--in-place"]);
  expect(inPlace.code).toBe(3);
  expect(inPlace.stderr).toContain("会丢失：定义的名称「合格线」");
  expect(readFileSync(input).equals(before)).toBe(true);
});

test("names kept as they were (a range, a print area written without some $) are not mentioned", async () => {
  const input = await withNames(
    "kept.xlsx",
    "<definedName name=\"全局名单\">'评分表'!$B$4:$B$33</definedName>" +
      '<definedName name="_xlnm.Print_Area" localSheetId="0">\'评分表\'!$A$1:$P$33</definedName>',
  );
  const run = await cli(["score", input, "-o", path.join(dir(), "kept-out.xlsx")]);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain("已把整个工作簿重新写出");
  expect(run.stderr).not.toContain("定义的名称");
});

test("a name is its text, its sheet (by name, not position) and its value", () => {
  const before =
    '<workbook><sheets><sheet name="评分表" sheetId="1"/><sheet name="说明" sheetId="2"/></sheets><definedNames>' +
    '<definedName name="甲" localSheetId="1">说明!$A$1</definedName>' +
    '<definedName name="_xlnm.Print_Area" localSheetId="0">评分表!$A$1:$B$2</definedName>' +
    '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">评分表!$A$1:$B$2</definedName>' +
    "</definedNames></workbook>";
  expect(definedNameKeys(before)).toEqual(["甲|说明|说明!$A$1", "_xlnm.Print_Area|评分表|评分表!A1:B2"]);
  // The same names after a sheet was added in front: still the same sheets'.
  const after =
    '<workbook><sheets><sheet name="新" sheetId="3"/><sheet name="评分表" sheetId="1"/><sheet name="说明" sheetId="2"/></sheets>' +
    '<definedNames><definedName name="甲" localSheetId="2">说明!$A$1</definedName>' +
    '<definedName name="_xlnm.Print_Area" localSheetId="1">评分表!$A1:$B2</definedName></definedNames></workbook>';
  expect(lostDefinedNames(before, after)).toEqual([]);
  expect(lostDefinedNames(before, after.replace('localSheetId="2"', ""))).toEqual(["甲"]);
  expect(lostDefinedNames(before, after, new Set(["说明"]))).toEqual([]);
});
