/**
 * Protection set in Excel or WPS is honoured by the .xlsx path as the add-in honours it: a protected
 * sheet the run would write to, or a protected workbook structure the run would add sheets to, is
 * refused with exit 3 and nothing written; a protected sheet the run does not touch is no obstacle;
 * the ExcelJS writer, which drops a workbook's protection, says so (docs/xlsx-round-trip.md, "Protection").
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { protectionRefusal, sheetIsProtected, workbookLocks } from "../../src/xlsx/protection";
import { structureChanges, touchedSheets } from "../../src/workbook/protection";
import { render } from "../../src/messages";
import type { PlanOp } from "../../src/workbook/model";
import { scoreXlsxBytes } from "../../src/xlsx/score-bytes";
import { cli, tempDirForTests } from "../support/cli-run";
import { asStrict } from "../support/strict";

const dir = tempDirForTests("protection-");
const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");
const SCORING_PART = "xl/worksheets/sheet1.xml";
const OWNED_VISIBLE = ["评定汇总", "评定核查", "公示名单"];

const ensure = (sheet: string, visibility: "visible" | "hidden" | "veryHidden"): PlanOp => ({
  kind: "ensureSheet",
  sheet,
  visibility,
  clear: true,
});
const values = (sheet: string): PlanOp => ({ kind: "values", sheet, row: 1, col: 1, values: [["x"]] });

describe("reading protection from the XML", () => {
  test("a sheet is protected when its sheetProtection says sheet is on", () => {
    expect(sheetIsProtected('<sheetData/><sheetProtection sheet="1" objects="1" scenarios="1"/>')).toBe(true);
    expect(sheetIsProtected('<sheetProtection  scenarios="1" sheet="true"/>')).toBe(true);
    expect(sheetIsProtected("<x:sheetData/><x:sheetProtection sheet='1'/>")).toBe(true);
  });

  test("a sheetProtection without sheet on, or none at all, protects nothing", () => {
    expect(sheetIsProtected('<sheetProtection sheet="0" objects="1"/>')).toBe(false);
    expect(sheetIsProtected('<sheetProtection password="CC3D" formatCells="0"/>')).toBe(false);
    expect(sheetIsProtected('<sheetData/><pageMargins left="0.7"/>')).toBe(false);
  });

  test("the workbook's locks: structure, and whether any lock is set", () => {
    expect(workbookLocks('<workbookPr/><workbookProtection lockStructure="1"/>')).toEqual({
      structure: true,
      any: true,
    });
    expect(workbookLocks('<workbookProtection lockWindows="true"/>')).toEqual({
      structure: false,
      any: true,
    });
    expect(workbookLocks('<workbookProtection workbookPassword="CC3D" lockStructure="0"/>')).toEqual({
      structure: false,
      any: false,
    });
    expect(workbookLocks("<workbookPr/><sheets/>")).toEqual({ structure: false, any: false });
  });
});

describe("what a plan would change", () => {
  const existing = [
    { name: "评分表", visibility: "visible" as const },
    { name: "评定汇总", visibility: "visible" as const },
  ];

  test("the sheets touched are named once each, whatever their case", () => {
    expect(touchedSheets([values("评分表"), values("Sheet2"), values("SHEET2")])).toEqual([
      "评分表",
      "Sheet2",
    ]);
  });

  test("a structure change is a sheet added, shown or hidden; the visible ones are named", () => {
    const ops = [
      ensure("评定汇总", "visible"),
      ensure("公示名单", "visible"),
      ensure("_星级评定", "veryHidden"),
    ];
    expect(structureChanges(ops, existing)).toEqual(["公示名单"]);
    expect(structureChanges([ensure("_星级评定", "veryHidden")], existing)).toEqual(["_星级评定"]);
    expect(structureChanges([ensure("评定汇总", "hidden")], existing)).toEqual(["评定汇总"]);
    expect(structureChanges([ensure("评定汇总", "visible")], existing)).toEqual([]);
  });

  test("a protected sheet the plan does not write to is no obstacle", () => {
    const isProtected = (name: string) => name === "评定汇总";
    expect(protectionRefusal("a.xlsx", [values("评分表")], existing, isProtected, false)).toBeNull();
    const refusal = protectionRefusal(
      "a.xlsx",
      [values("评分表"), values("评定汇总")],
      existing,
      isProtected,
      false,
    );
    expect(refusal?.code).toBe("SHEET_PROTECTED_IN_FILE");
    expect(render(refusal!, "zh")).toContain("工作表「评定汇总」受保护");
  });

  test("a locked structure refuses only a plan that changes it", () => {
    const none = () => false;
    expect(protectionRefusal("a.xlsx", [ensure("评定汇总", "visible")], existing, none, true)).toBeNull();
    const refusal = protectionRefusal("a.xlsx", [ensure("公示名单", "visible")], existing, none, true);
    expect(render(refusal!, "en")).toContain('"公示名单" cannot be added, shown or hidden');
  });
});

/** A copy of `from` with `edit` applied to the text of `part`. */
async function withPart(
  from: string,
  to: string,
  part: string,
  edit: (xml: string) => string,
): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(from));
  const xml = await zip.file(part)!.async("string");
  const changed = edit(xml);
  if (changed === xml) throw new Error(`${part} was not changed`);
  zip.file(part, changed);
  writeFileSync(to, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return to;
}

const protectSheet = (xml: string) =>
  xml.replace("</sheetData>", '</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/>');
const lockBook = (lock: string) => (xml: string) =>
  xml.replace(/(<workbookPr\b[^>]*\/>)/, `$1<workbookProtection ${lock}="1"/>`);

/** The example with its scoring sheet protected, written to `name`. */
function protectedExample(name: string): Promise<string> {
  return withPart(EXAMPLE, path.join(dir(), name), SCORING_PART, protectSheet);
}

/** The example with its workbook locked by `lock` (lockStructure, lockWindows), written to `name`. */
function lockedExample(name: string, lock: string): Promise<string> {
  return withPart(EXAMPLE, path.join(dir(), name), "xl/workbook.xml", lockBook(lock));
}

/** The worksheet part of `sheet` in the package at `file`. */
async function partOf(file: string, sheet: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const book = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const id = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(book)?.[1];
  const target = new RegExp(`<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  if (!id || !target) throw new Error(`no part for ${sheet}`);
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

async function scoreFile(input: string, output: string, ...more: string[]) {
  return cli(["score", input, "-o", output, ...more]);
}

/** `score` of `input` refused: exit 3, stderr saying `says`, no output written; its stderr. */
async function expectRefused(input: string, says: string): Promise<string> {
  const output = input.replace(/\.xlsx$/, "-out.xlsx");
  const run = await scoreFile(input, output);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain(says);
  expect(existsSync(output)).toBe(false);
  return run.stderr;
}

describe("the command line and the page", () => {
  test("a protected scoring sheet is refused: exit 3, the sheet named, nothing written", async () => {
    const input = await protectedExample("protected.xlsx");
    const stderr = await expectRefused(input, "中的工作表「评分表」受保护，无法写入评定结果");
    expect(stderr).toContain("撤消工作表保护");
    expect(stderr.split("未写入任何内容").length - 1).toBe(1);
  });

  test("the page's use case refuses it with the same message", async () => {
    const input = await protectedExample("protected-page.xlsx");
    const scored = await scoreXlsxBytes(new Uint8Array(readFileSync(input)), {
      input: "评分.xlsx",
      output: "评分-评定.xlsx",
      recompute: { now: new Date(0) },
    });
    expect(scored.ok).toBe(false);
    if (scored.ok) return;
    expect(scored.error.code).toBe("PROTECTED");
    expect(render(scored.error.msg, "zh")).toMatch(/^评分\.xlsx 中的工作表「评分表」受保护/);
  });

  test("a sheetProtection that leaves the sheet unprotected is scored", async () => {
    const input = await withPart(EXAMPLE, path.join(dir(), "unprotected.xlsx"), SCORING_PART, (xml) =>
      xml.replace("</sheetData>", '</sheetData><sheetProtection sheet="0"/>'),
    );
    const output = path.join(dir(), "unprotected-out.xlsx");
    expect((await scoreFile(input, output)).code).toBe(0);
    expect(existsSync(output)).toBe(true);
  });

  test("a workbook whose structure is protected gets no new sheets: the visible ones named", async () => {
    const input = await lockedExample("locked.xlsx", "lockStructure");
    const sheets = OWNED_VISIBLE.map((s) => `「${s}」`).join("、");
    const stderr = await expectRefused(input, `的工作簿结构受保护，无法添加或显示、隐藏工作表${sheets}。`);
    expect(stderr).not.toContain("_星级评定");
  });

  test("a later run in a locked workbook that already has its sheets is written, the lock kept", async () => {
    const first = path.join(dir(), "first.xlsx");
    expect((await scoreFile(EXAMPLE, first)).code).toBe(0);
    const locked = await withPart(
      first,
      path.join(dir(), "first-locked.xlsx"),
      "xl/workbook.xml",
      lockBook("lockStructure"),
    );
    const output = path.join(dir(), "first-locked-out.xlsx");
    expect((await scoreFile(locked, output)).code).toBe(0);
    const book = await (await JSZip.loadAsync(readFileSync(output))).file("xl/workbook.xml")!.async("string");
    expect(book).toContain('<workbookProtection lockStructure="1"/>');
  });

  test("a sheet the tool owns, protected since the last run, is refused", async () => {
    const first = path.join(dir(), "owned.xlsx");
    expect((await scoreFile(EXAMPLE, first)).code).toBe(0);
    const part = await partOf(first, "公示名单");
    const input = await withPart(first, path.join(dir(), "owned-protected.xlsx"), part, protectSheet);
    await expectRefused(input, "中的工作表「公示名单」受保护");
  });

  test("a protected sheet in a package only ExcelJS reads (part names starting with /) is refused too", async () => {
    const protectedFile = await protectedExample("rooted-src.xlsx");
    const zip = await JSZip.loadAsync(readFileSync(protectedFile));
    const rooted = new JSZip();
    for (const [name, entry] of Object.entries(zip.files))
      if (!entry.dir) rooted.file(`/${name}`, await entry.async("uint8array"));
    const input = path.join(dir(), "rooted-protected.xlsx");
    writeFileSync(input, await rooted.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    await expectRefused(input, "中的工作表「评分表」受保护");
  });

  test("a locked Strict Open XML workbook (read by ExcelJS alone) is read as locked too", async () => {
    const locked = await lockedExample("strict-locked-src.xlsx", "lockStructure");
    const zip = await JSZip.loadAsync(readFileSync(locked));
    await asStrict(zip);
    const input = path.join(dir(), "strict-locked.xlsx");
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    await expectRefused(input, "的工作簿结构受保护");
  });

  test("written whole by ExcelJS, a workbook loses its protection: the note says so, --in-place refuses", async () => {
    const locked = await lockedExample("windows.xlsx", "lockWindows");
    // An XML comment among the rows makes the patcher step aside: the ExcelJS writer writes it.
    const input = await withPart(locked, path.join(dir(), "windows-commented.xlsx"), SCORING_PART, (xml) =>
      xml.replace("<sheetData>", "<sheetData><!-- a note -->"),
    );
    const run = await scoreFile(input, path.join(dir(), "windows-out.xlsx"));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("已把整个工作簿重新写出");
    expect(run.stderr).toContain("没有保留原文件中的工作簿保护");
    const inPlace = await cli(["score", input, "--in-place"]);
    expect(inPlace.code).toBe(3);
    expect(inPlace.stderr).toContain("会丢失：工作簿保护");
  });
});
