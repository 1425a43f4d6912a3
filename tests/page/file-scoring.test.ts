/**
 * The page that scores files (src/page/file-scoring.ts) hands over a download: whatever the command
 * line notes about a written file (formulas read as blank, the whole workbook written anew, content
 * the output lacks) the page lists with the run's warnings, in both languages.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { getPreset } from "../../src/engine";
import { inspectFile, mergeFiles, scoreFile, startFile, type ScoreReply } from "../../src/page/file-scoring";
import type { LocalizedText } from "../../src/taskpane/services";
import { serviceOrg, writeFixture } from "../fixtures/workbooks";
import { ALTERED_PART, alteredExample } from "../support/altered";
import { withMacros } from "../support/macros";

const NOW = Date.UTC(2026, 0, 1);
const EXAMPLE = path.join(process.cwd(), "examples", "service-org.xlsx");
const SCORING = "xl/worksheets/sheet1.xml";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "page-scoring-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function edited(edit: (zip: JSZip) => Promise<void>, source = EXAMPLE): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(readFileSync(source));
  await edit(zip);
  return new Uint8Array(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
}

async function editPart(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
  zip.file(part, change(await zip.file(part)!.async("string")));
}

async function scored(bytes: Uint8Array, name = "考评表.xlsx"): Promise<ScoreReply> {
  return scoreFile(bytes, name, { mapping: {}, lang: "zh", now: NOW });
}

function warningsOf(reply: ScoreReply): LocalizedText[] {
  if (!reply.outcome.ok) throw new Error(`not scored: ${reply.outcome.error.message}`);
  return reply.outcome.warnings;
}

/** The warnings that speak of the written file (the run's own warnings say other things). */
function writeNotes(reply: ScoreReply): LocalizedText[] {
  return warningsOf(reply).filter((w) => w.message.startsWith("注意："));
}

test("a file written as it came in is handed over with no note about the writing", async () => {
  const reply = await scored(new Uint8Array(readFileSync(EXAMPLE)));
  expect(reply.bytes?.length).toBeGreaterThan(0);
  expect(writeNotes(reply)).toEqual([]);
});

test("a macro-enabled workbook: the download is a plain .xlsx without the macros, and the page says so", async () => {
  const reply = await scored(await edited(withMacros), "考评表.xlsm");
  expect(reply.outputName).toBe("考评表（评定结果）.xlsx");
  const zip = await JSZip.loadAsync(reply.bytes!);
  expect(zip.file("xl/vbaProject.bin")).toBeNull();
  expect(writeNotes(reply)).toEqual([
    {
      message: "注意：输出文件没有保留原文件中的宏（.xlsx 写入无法保留；原文件未改动）",
      messageEn:
        "Note: the output does not keep the input's macros (.xlsx writing cannot; the input is unchanged)",
    },
  ]);
});

test("a file the patcher steps aside from: the page says the whole workbook was written anew, why, and what it lacks", async () => {
  const bytes = await edited(async (zip) => {
    // A comment among the rows (Excel never writes one) and a chart part only the patcher would keep.
    await editPart(zip, SCORING, (xml) => xml.replace("<sheetData>", "<sheetData><!-- 导出自某系统 -->"));
    zip.file(
      "xl/charts/chart1.xml",
      '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>',
    );
  });
  const notes = writeNotes(await scored(bytes));
  expect(notes).toEqual([
    {
      message: `注意：此文件不能只补写评定部分（工作表「评分表」（${SCORING}）含有 XML 注释），已把整个工作簿重新写出`,
      messageEn: `Note: this file could not be patched in place (sheet "评分表" (${SCORING}) holds an XML comment); the whole workbook was written anew`,
    },
    {
      message: "注意：输出文件没有保留原文件中的图表（.xlsx 写入无法保留；原文件未改动）",
      messageEn:
        "Note: the output does not keep the input's charts (.xlsx writing cannot; the input is unchanged)",
    },
  ]);
});

test("formulas the rubric reads that carry no result are named, since they were read as blank", async () => {
  const fixture = serviceOrg(3);
  fixture.sheets[0]!.rows[2]![3] = { formula: "10+9", result: undefined };
  const file = path.join(dir, "uncached.xlsx");
  await writeFixture(fixture, file);
  expect(writeNotes(await scored(new Uint8Array(readFileSync(file))))).toEqual([
    {
      message:
        "注意：评定用到的列中有 1 个公式单元格没有保存计算结果（D3），按空白处理；请先在 Excel 中打开并保存该文件，再评定",
      messageEn:
        "Note: 1 formula cell in the columns the rubric reads carries no calculated result (D3) and was read as blank; open and save the file in Excel first, then score it again",
    },
  ]);
});

test("a package altered after it was written (a checksum that no longer matches) is refused, not scored from the altered cell", async () => {
  const reply = await scored(await alteredExample());
  expect(reply.bytes).toBeUndefined();
  expect(reply.outcome).toEqual({
    ok: false,
    error: {
      message: `无法读取 考评表.xlsx：文件已损坏或不是 Excel 工作簿（其中的 ${ALTERED_PART} 的内容与压缩包记录的校验值不符）；如果 Excel 或 WPS 能打开它（可能会先修复），请在其中另存为 .xlsx 后再试`,
      messageEn: `Cannot read 考评表.xlsx: the file is damaged or not an Excel workbook (its part ${ALTERED_PART} does not match the checksum the zip records for it); if Excel or WPS opens it (perhaps after repairing it), save it there as .xlsx and try again`,
    },
  });
});

test("a merge on the page that leaves a file out says what to do on the page, not the CLI's --skip-bad", async () => {
  const example = new Uint8Array(readFileSync(EXAMPLE));
  const notes = new TextEncoder().encode("序号,党支部名称\n1,第一党支部\n");
  const reply = await mergeFiles(
    [
      { name: "一支部.xlsx", bytes: example },
      { name: "名单.csv", bytes: notes },
    ],
    "zh",
    NOW,
  );
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(reply.error.message).toContain("名单.csv");
  expect(reply.error.message).toContain("请修正这些文件，或把它们从列表中移除，再点「合并为一张表」。");
  expect(reply.error.message).not.toContain("--skip-bad");
  expect(reply.error.messageEn).toContain("Fix it, or remove it from the list and merge again.");
});

test("a file of several sheets: the page offers them, and the sheet chosen is the one inspected and scored", async () => {
  const fixture = serviceOrg(3);
  fixture.sheets.push({ ...serviceOrg(2).sheets[0]!, name: "2025年" });
  const file = path.join(dir, "two-sheets.xlsx");
  await writeFixture(fixture, file);
  const bytes = new Uint8Array(readFileSync(file));
  const start = await startFile(bytes, "考评表.xlsx", "zh");
  expect(start.sheets).toEqual([fixture.sheets[0]!.name, "2025年"]);
  const inspected = await inspectFile(bytes, "考评表.xlsx", {
    rubric: getPreset("service-org")!,
    mapping: {},
    lang: "zh",
    sheet: "2025年",
  });
  expect(inspected.ok && inspected.sheet).toBe("2025年");
  const reply = await scoreFile(bytes, "考评表.xlsx", { mapping: {}, lang: "zh", now: NOW, sheet: "2025年" });
  expect(reply.outcome.ok && reply.outcome.sheet).toBe("2025年");
  // One sheet: nothing to choose; nor in a scored file, whose other sheets are the tool's own.
  expect((await startFile(new Uint8Array(readFileSync(EXAMPLE)), "x.xlsx", "zh")).sheets).toBeUndefined();
  const rated = await scored(new Uint8Array(readFileSync(EXAMPLE)));
  expect((await startFile(rated.bytes!, "x（评定结果）.xlsx", "zh")).sheets).toBeUndefined();
});

test("the page words a sheet fallback for the page: the sheet is chosen under 识别的表格, not by switching to it", async () => {
  const fixture = serviceOrg(2);
  fixture.sheets.push({ ...serviceOrg(2).sheets[0]!, name: "2025年" });
  fixture.sheets.unshift({ name: "说明", rows: [["本表说明"]] });
  const file = path.join(dir, "notes-first.xlsx");
  await writeFixture(fixture, file);
  const inspected = await inspectFile(new Uint8Array(readFileSync(file)), "x.xlsx", {
    rubric: getPreset("service-org")!,
    mapping: {},
    lang: "zh",
  });
  if (!inspected.ok) throw new Error(inspected.error.message);
  const said = inspected.warnings.map((w) => w.message).join("\n");
  expect(said).toContain("要评定其中一张，请在「识别的表格」的「评定的工作表」中选择。");
  expect(said).not.toContain("切换到");
});
