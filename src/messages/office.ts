/** Messages of the Office.js adapter (src/excel): what Excel refused or did not answer. */
import { defineMessages, sentence, type MessageLike, type Renderer } from "./core";

/** Rows of one sheet that a write step covers (contiguous runs joined); no runs: the sheet as a whole. */
export interface SheetRows {
  sheet: string;
  rows: { first: number; last: number }[];
}

function stepsZh(parts: readonly SheetRows[]): string {
  if (parts.length === 0) return "（无）";
  return parts
    .map((p) => `「${p.sheet}」${p.rows.map((r) => `第 ${r.first}–${r.last} 行`).join("、")}`)
    .join("；");
}

function stepsEn(parts: readonly SheetRows[]): string {
  if (parts.length === 0) return "(nothing)";
  return parts
    .map(
      (p) =>
        `"${p.sheet}"${p.rows.map((r, i) => `${i === 0 ? " " : ", "}rows ${r.first}–${r.last}`).join("")}`,
    )
    .join("; ");
}

export const officeMessages = defineMessages({
  OFFICE_READ_TIMEOUT: {
    zh: (p: { seconds: number }) =>
      `Excel 在 ${p.seconds} 秒内没有返回表格内容，已停止。请稍后重试，或用命令行处理大表格。未写入任何内容。`,
    en: (p) =>
      `Excel did not return the sheet within ${p.seconds} s, so the run stopped. Try again later, or use the command line for large sheets. Nothing was written.`,
    example: { seconds: 60 },
    saysNothingWritten: true,
  },
  OFFICE_WRITE_TIMEOUT: {
    zh: (p: { seconds: number }) =>
      `Excel 在 ${p.seconds} 秒内没有确认写入，已停止等待；结果可能只写入了一部分。请检查评定结果列和「评定汇总」，然后重新运行一键评定（重新运行会完整重写）。`,
    en: (p) =>
      `Excel did not confirm the write within ${p.seconds} s, so the run stopped waiting; the results may be only partly written. Check the result columns and the summary, then run again (a new run rewrites them completely).`,
    example: { seconds: 60 },
  },
  OFFICE_TOO_MANY_CELLS: {
    zh: (p: { rows: number; columns: number }) =>
      `表格的已用区域太大（${p.rows} 行 × ${p.columns} 列），Excel 无法返回单元格内容。请删除表格右侧或下方多余的内容后重试，或用命令行处理。未写入任何内容。`,
    en: (p) =>
      `The sheet's used range is too large (${p.rows} rows × ${p.columns} columns) for Excel to return its cells. Delete stray content to the right of or below the table and try again, or use the command line. Nothing was written.`,
    example: { rows: 202, columns: 10 },
    saysNothingWritten: true,
  },
  OFFICE_SHEET_PROTECTED: {
    zh: (p: { sheets: string[] }) =>
      `工作表${p.sheets.map((n) => `「${n}」`).join("、")}受保护，无法写入评定结果。请在「审阅 › 撤消工作表保护」后重试。未写入任何内容。`,
    en: (p) =>
      `The ${p.sheets.length === 1 ? "sheet" : "sheets"} ${p.sheets.map((n) => `"${n}"`).join(", ")} ${p.sheets.length === 1 ? "is" : "are"} protected, so the results cannot be written. Unprotect ${p.sheets.length === 1 ? "it" : "them"} (Review › Unprotect Sheet) and try again. Nothing was written.`,
    example: { sheets: ["考评表"] },
    saysNothingWritten: true,
  },
  OFFICE_WORKBOOK_PROTECTED: {
    zh: (p: { sheets: string[] }) =>
      `工作簿结构受保护，无法添加或显示、隐藏工作表${p.sheets.map((n) => `「${n}」`).join("、")}。请在「审阅 › 保护工作簿」中撤消保护后重试。未写入任何内容。`,
    en: (p) =>
      `The workbook's structure is protected, so the ${p.sheets.length === 1 ? "sheet" : "sheets"} ${p.sheets.map((n) => `"${n}"`).join(", ")} cannot be added, shown or hidden. Unprotect it (Review › Protect Workbook) and try again. Nothing was written.`,
    example: { sheets: ["评定汇总", "评定核查", "公示名单"] },
    saysNothingWritten: true,
  },
  OFFICE_WRITE_NOT_DONE: {
    zh: (p: { reason: MessageLike }, r: Renderer) =>
      `${r(p.reason)}（写入未完成，请检查后重新运行一键评定。）`,
    en: (p, r) => `${r(p.reason)} (The write did not complete; check and run again.)`,
    example: { reason: { code: "OFFICE_ACCESS_DENIED" } },
  },
  OFFICE_PARTIAL_WRITE: {
    zh: (
      p: { reason: MessageLike; written: SheetRows[]; maybe: SheetRows[]; notWritten: SheetRows[] },
      r: Renderer,
    ) =>
      `${sentence(r(p.reason), "zh")}写入中途停止：已写入${stepsZh(p.written)}；可能只写入一部分：${stepsZh(p.maybe)}；未写入：${stepsZh(p.notWritten)}。重新运行一键评定会完整重写这些内容。`,
    en: (p, r) =>
      `${sentence(r(p.reason), "en")} The write stopped part way: written ${stepsEn(p.written)}; possibly partly written: ${stepsEn(p.maybe)}; not written: ${stepsEn(p.notWritten)}. Running again rewrites all of it.`,
    example: {
      reason: { code: "OFFICE_ERROR", params: { detail: "GeneralException" } },
      written: [{ sheet: "考评表", rows: [{ first: 4, last: 500 }] }],
      maybe: [{ sheet: "考评表", rows: [{ first: 501, last: 900 }] }],
      notWritten: [{ sheet: "评定汇总", rows: [] }],
    },
  },
  OFFICE_NO_SHEET: {
    zh: (p: { sheet: string }) =>
      `找不到工作表「${p.sheet}」（可能已改名或删除）。请点「重新识别」后再评定。`,
    en: (p) =>
      `There is no sheet named "${p.sheet}" (renamed or deleted?). Click "Detect again", then rate again.`,
    example: { sheet: "考评表" },
  },
  OFFICE_NOT_IN_EXCEL: {
    zh: () => "未在 Excel 中运行。",
    en: () => "Not running inside Excel.",
  },
  OFFICE_PAYLOAD_TOO_LARGE: {
    zh: () => "表格太大，Excel 网页版无法一次传输。请在桌面版 Excel 中运行，或用命令行处理。",
    en: () =>
      "The sheet is too large for Excel on the web to transfer. Run it in desktop Excel, or use the command line.",
  },
  OFFICE_CELL_EDIT_MODE: {
    zh: () => "请先退出单元格编辑状态，再点击一键评定。",
    en: () => "Finish editing the cell first, then try again.",
  },
  OFFICE_ACCESS_DENIED: {
    zh: () => "工作簿受保护或为只读，无法写入评定结果。",
    en: () => "The workbook is protected or read-only, so the results cannot be written.",
  },
  OFFICE_ERROR: {
    zh: (p: { detail: string }) => `Excel 报告错误：${p.detail}`,
    en: (p) => `Excel reported an error: ${p.detail}`,
    example: { detail: "GeneralException" },
  },
});
