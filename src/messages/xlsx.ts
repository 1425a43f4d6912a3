/** Messages of the .xlsx reader and writer (src/xlsx). */
import { defineMessages } from "./core";

export const xlsxMessages = defineMessages({
  FILE_NOT_FOUND: {
    zh: (p: { file: string }) => `找不到文件：${p.file}`,
    en: (p) => `File not found: ${p.file}`,
    example: { file: "a.xlsx" },
  },
  UNREADABLE: {
    zh: (p: { file: string; detail: string }) => `无法读取文件：${p.file}（${p.detail}）`,
    en: (p) => `Cannot read file: ${p.file} (${p.detail})`,
    example: { file: "a.xlsx", detail: "EACCES" },
  },
  DAMAGED: {
    zh: (p: { file: string; detail: string }) =>
      `无法读取 ${p.file}：文件已损坏或不是 Excel 工作簿（${p.detail}）`,
    en: (p) => `Cannot read ${p.file}: the file is damaged or not an Excel workbook (${p.detail})`,
    example: { file: "a.xlsx", detail: "bad zip" },
  },
  NOT_XLSX: {
    zh: (p: { file: string }) => `${p.file} 不是 .xlsx 文件`,
    en: (p) => `${p.file} is not an .xlsx file`,
    example: { file: "a.txt" },
  },
  OLD_XLS: {
    zh: (p: { file: string }) => `${p.file} 是旧版 .xls 或加密文件，请在 Excel 中另存为 .xlsx 后再试`,
    en: (p) => `${p.file} is an old .xls (or encrypted) file; save it as .xlsx in Excel and try again`,
    example: { file: "a.xls" },
  },
  EMPTY_WORKBOOK: {
    zh: () => "工作簿中没有工作表",
    en: () => "The workbook has no worksheets",
  },
  NO_VISIBLE_SHEET: {
    zh: () => "工作簿中没有可见的工作表",
    en: () => "The workbook has no visible worksheet",
  },
  NO_SHEET: {
    zh: (p: { sheet: string; sheets: string[] }) =>
      `找不到工作表“${p.sheet}”（现有：${p.sheets.join("、")}）`,
    en: (p) => `No sheet named "${p.sheet}" (sheets: ${p.sheets.join(", ")})`,
    example: { sheet: "Sheet9", sheets: ["评分表", "Sheet2"] },
  },
  EXCELJS_WRITE_FAILED: {
    zh: (p: { detail: string }) => `ExcelJS 无法写出此工作簿（${p.detail}）；未写入任何内容`,
    en: (p) => `ExcelJS could not write this workbook (${p.detail}); nothing was written`,
    example: { detail: "boom" },
  },
  WRITE_FAILED: {
    zh: (p: { file: string; detail: string }) => `无法写入 ${p.file}（${p.detail}）`,
    en: (p) => `Cannot write ${p.file} (${p.detail})`,
    example: { file: "out.xlsx", detail: "EACCES" },
  },
});
