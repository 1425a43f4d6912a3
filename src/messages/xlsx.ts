/** Messages of the .xlsx reader and writer (src/xlsx). */
import { defineMessages } from "./core";

/** A byte count for people: "724 KB", "1.5 GB" (decimal units, as file managers show them). */
function size(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  if (bytes < 1e9) return `${Math.round(bytes / 1e6)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

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
  NOT_REGULAR_FILE: {
    zh: (p: { file: string }) => `${p.file} 不是普通文件（是目录、命名管道或设备），无法作为工作簿读写`,
    en: (p) =>
      `${p.file} is not a regular file (a directory, named pipe or device); it cannot be read or written as a workbook`,
    example: { file: "in.xlsx" },
  },
  FILE_OPEN_IN_EXCEL: {
    zh: (p: { file: string; lock: string }) =>
      `文件正被 Excel 打开：${p.file}（旁边有锁文件 ${p.lock}）；请在 Excel 中关闭后重试（若 Excel 已关闭，删除该锁文件即可）`,
    en: (p) =>
      `The file is open in Excel: ${p.file} (lock file ${p.lock} beside it); close it in Excel and try again (if Excel is closed, delete the lock file)`,
    example: { file: "考评.xlsx", lock: "~$考评.xlsx" },
  },
  FILE_READ_ONLY: {
    zh: (p: { file: string }) => `${p.file} 是只读文件，未覆盖；请先取消只读，或用 -o 写到新文件`,
    en: (p) =>
      `${p.file} is read-only and was not overwritten; make it writable first, or write a new file with -o`,
    example: { file: "考评.xlsx" },
  },
  DANGLING_LINK: {
    zh: (p: { file: string }) => `${p.file} 是符号链接，但它指向的文件不存在；请写到实际文件`,
    en: (p) => `${p.file} is a symbolic link to a file that does not exist; write to the real file instead`,
    example: { file: "latest.xlsx" },
  },
  OUTPUT_DIR_UNWRITABLE: {
    zh: (p: { file: string; dir: string }) => `无法写入 ${p.file}：目录 ${p.dir} 不存在或不可写`,
    en: (p) => `Cannot write ${p.file}: ${p.dir} does not exist or is not writable`,
    example: { file: "out/a.xlsx", dir: "out" },
  },
  TOO_LARGE_FILE: {
    zh: (p: { file: string; size: number; limit: number }) =>
      `${p.file} 太大（${size(p.size)}，上限 ${size(p.limit)}），未读取；请拆分后再评定`,
    en: (p) =>
      `${p.file} is too large (${size(p.size)}, limit ${size(p.limit)}) and was not read; split it and score the parts`,
    example: { file: "a.xlsx", size: 2e9, limit: 1e9 },
  },
  TOO_LARGE_PART: {
    zh: (p: { file: string; part: string; size: number; limit: number }) =>
      `${p.file} 太大：其中 ${p.part} 解压后 ${size(p.size)}（上限 ${size(p.limit)}），未读取`,
    en: (p) =>
      `${p.file} is too large: its ${p.part} is ${size(p.size)} uncompressed (limit ${size(p.limit)}); it was not read`,
    example: { file: "a.xlsx", part: "xl/worksheets/sheet1.xml", size: 3e9, limit: 2e9 },
  },
  TOO_LARGE_TOTAL: {
    zh: (p: { file: string; size: number; limit: number }) =>
      `${p.file} 太大：解压后共 ${size(p.size)}（上限 ${size(p.limit)}），未读取`,
    en: (p) =>
      `${p.file} is too large: ${size(p.size)} uncompressed in all (limit ${size(p.limit)}); it was not read`,
    example: { file: "a.xlsx", size: 5e9, limit: 4e9 },
  },
  OVER_COMPRESSED: {
    zh: (p: { file: string; part: string; size: number; compressed: number; ratio: number }) =>
      `${p.file} 太大：其中 ${p.part} 仅 ${size(p.compressed)}，解压后却有 ${size(p.size)}（压缩比超过 ${p.ratio}:1，Excel 写出的文件不会这样），未读取`,
    en: (p) =>
      `${p.file} is too large: its ${p.part} is ${size(p.compressed)} compressed but ${size(p.size)} uncompressed (over ${p.ratio}:1, which no Excel-written file reaches); it was not read`,
    example: { file: "a.xlsx", part: "xl/worksheets/sheet1.xml", size: 7e8, compressed: 7e5, ratio: 200 },
  },
  OPENDOCUMENT_FILE: {
    zh: (p: { file: string }) =>
      `${p.file} 是 OpenDocument 表格（.ods），不是 .xlsx；请在 WPS、Excel 或 LibreOffice 中另存为 .xlsx 后再试`,
    en: (p) =>
      `${p.file} is an OpenDocument spreadsheet (.ods), not .xlsx; save it as .xlsx in WPS, Excel or LibreOffice and try again`,
    example: { file: "a.ods" },
  },
  BINARY_WORKBOOK: {
    zh: (p: { file: string }) =>
      `${p.file} 是 Excel 二进制工作簿（.xlsb），不是 .xlsx；请在 Excel 中另存为 .xlsx 后再试`,
    en: (p) =>
      `${p.file} is an Excel binary workbook (.xlsb), not .xlsx; save it as .xlsx in Excel and try again`,
    example: { file: "a.xlsb" },
  },
  SETTINGS_SHEET_NAME_TAKEN: {
    zh: (p: { sheet: string }) =>
      `工作簿中有一张可见的工作表「${p.sheet}」，与本工具保存评定设置所用的（隐藏）表同名，而其中不是评定设置；为免覆盖它，未评定。请将这张表改名（如「${p.sheet.replace(/^_/, "")}」）后再试`,
    en: (p) =>
      `The workbook has a visible sheet "${p.sheet}", the name of the hidden sheet this tool keeps its settings in, and it does not hold the settings; to avoid overwriting it, nothing was scored. Rename that sheet and try again`,
    example: { sheet: "_星级评定" },
  },
});
