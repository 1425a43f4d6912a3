/** Messages of the .xlsx reader and writer (src/xlsx). */
import { counted, defineMessages, type MessageLike, type Renderer } from "./core";
import { PATCH_REASONS, type PatchPlace, type PatchReason } from "./patch-reasons";

/** A byte count for people: "724 KB", "1.5 GB" (decimal units, as file managers show them). */
function size(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  if (bytes < 1e9) return `${Math.round(bytes / 1e6)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Words as given, or a message rendered in the language of the one holding it. */
function textOf(detail: string | MessageLike, render: Renderer): string {
  return typeof detail === "string" ? detail : render(detail);
}

/** A count for people: 1,048,576. */
function count(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * What .xlsx writing can lose, by kind, as the user calls it (a chart, a pivot table…): the writers
 * report losses as kinds and the catalogue names them.
 */
export const CONTENT_KINDS = {
  charts: ["图表", "charts"],
  chartSheets: ["图表工作表", "chart sheets"],
  pivotTables: ["数据透视表", "pivot tables"],
  slicers: ["切片器", "slicers"],
  timelines: ["日程表", "timelines"],
  threadedComments: ["批注（新式）", "threaded comments"],
  externalLinks: ["外部链接", "external links"],
  embeddings: ["嵌入对象", "embedded objects"],
  formControls: ["表单控件", "form controls"],
  drawings: ["绘图（形状、图表位置）", "drawings (shapes, chart placement)"],
  customProperties: ["自定义文档属性", "custom document properties"],
  customXml: ["自定义 XML 数据", "custom XML data"],
  macros: ["宏", "macros"],
  crossSheetValidation: ["跨表下拉列表（数据验证）", "drop-down lists from another sheet (data validation)"],
  conditionalFormats2010: [
    "条件格式（Excel 2010 数据条、图标集等）",
    "conditional formats (Excel 2010 data bars, icon sets…)",
  ],
  sparklines: ["迷你图", "sparklines"],
  protectedRanges: ["允许编辑区域", "ranges users may edit"],
  scenarios: ["方案（模拟分析）", "what-if scenarios"],
  customSheetViews: ["自定义视图", "custom views"],
  colBreaks: ["分页符（列）", "column page breaks"],
  ignoredErrors: ["忽略的错误检查", "ignored error checks"],
  cellWatches: ["监视窗口", "watch window entries"],
  dataConsolidate: ["合并计算设置", "consolidation settings"],
  workbookProtection: ["工作簿保护", "workbook protection"],
  tableFilters: [
    "表格筛选（按颜色、图标、前 10 项或动态条件）",
    "table filters by colour, icon, top 10 or a dynamic rule",
  ],
} as const satisfies Record<string, readonly [string, string]>;
export type ContentKind = keyof typeof CONTENT_KINDS;

/** How a part of a zip can fail to come out as recorded (PART_DAMAGED). */
const PART_DAMAGES = {
  inflate: ["的压缩数据已损坏", "has damaged compressed data"],
  checksum: ["的内容与压缩包记录的校验值不符", "does not match the checksum the zip records for it"],
  size: ["解压后超出压缩包记录的大小", "inflates past the size the zip records for it"],
} as const satisfies Record<string, readonly [string, string]>;
export type PartDamage = keyof typeof PART_DAMAGES;

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
    // `detail`: a reader's own words (ExcelJS's, the zip's), or a message of ours naming the cell.
    zh: (p: { file: string; detail: string | MessageLike }, r: Renderer) =>
      `无法读取 ${p.file}：文件已损坏或不是 Excel 工作簿（${textOf(p.detail, r)}）；如果 Excel 或 WPS 能打开它（可能会先修复），请在其中另存为 .xlsx 后再试`,
    en: (p, r) =>
      `Cannot read ${p.file}: the file is damaged or not an Excel workbook (${textOf(p.detail, r)}); if Excel or WPS opens it (perhaps after repairing it), save it there as .xlsx and try again`,
    example: { file: "a.xlsx", detail: "bad zip" },
  },
  XML_FAULT: {
    // The reason is the checker's (well-formed.ts), in English: shown in the English text only.
    zh: (p: { part: string; line: number; column: number; reason: string }) =>
      `其中的 ${p.part} 在第 ${p.line} 行第 ${p.column} 列处不是完整的 XML`,
    en: (p) => `${p.part} is not well-formed XML at line ${p.line}, column ${p.column}: ${p.reason}`,
    example: {
      part: "xl/sharedStrings.xml",
      line: 2,
      column: 480,
      reason: "</sst> does not close the open element",
    },
  },
  ZIP_CUT_SHORT: {
    zh: () => "文件不完整，末尾缺了一部分，可能没有下载或复制完整",
    en: () => "the file is incomplete, its end missing: perhaps not fully downloaded or copied",
  },
  RELATIONSHIP_INCOMPLETE: {
    zh: (p: { part: string; id: string; missing: string }) =>
      `其中的 ${p.part} 有一条关系${p.id ? ` ${p.id} ` : ""}缺少 ${p.missing}，工作簿的结构不完整`,
    en: (p) =>
      `a relationship${p.id ? ` (${p.id})` : ""} in ${p.part} has no ${p.missing}: the workbook's structure is incomplete`,
    example: { part: "xl/_rels/workbook.xml.rels", id: "rId4", missing: "Target" },
  },
  SHARED_STRING_MISSING: {
    zh: (p: { sheet: string; cell: string; count: number }) =>
      `工作表「${p.sheet}」的单元格 ${p.cell} 引用了不存在的共享字符串，工作簿只有 ${p.count} 个`,
    en: (p) =>
      `cell ${p.cell} of sheet "${p.sheet}" refers to a shared string the workbook does not have; it has ${p.count}`,
    example: { sheet: "评分表", cell: "B4", count: 40 },
  },
  CELL_OUT_OF_ORDER: {
    zh: (p: { sheet: string; cell: string }) =>
      `工作表「${p.sheet}」的单元格 ${p.cell} 写在它右边的单元格之后或重复出现`,
    en: (p) => `cell ${p.cell} of sheet "${p.sheet}" comes after a cell to its right, or twice`,
    example: { sheet: "评分表", cell: "B4" },
  },
  ROW_PAST_EXCEL: {
    zh: (p: { sheet: string; row: number }) =>
      `工作表「${p.sheet}」的第 ${count(p.row)} 行超出了 Excel 的最后一行 1,048,576`,
    en: (p) => `sheet "${p.sheet}" has a row ${count(p.row)}, past Excel's last row 1,048,576`,
    example: { sheet: "评分表", row: 999999916 },
  },
  ROW_OUT_OF_ORDER: {
    zh: (p: { sheet: string; row: number; after: number }) =>
      `工作表「${p.sheet}」的第 ${count(p.row)} 行写在第 ${count(p.after)} 行之后（行的顺序颠倒或重复）`,
    en: (p) =>
      `row ${count(p.row)} of sheet "${p.sheet}" comes after row ${count(p.after)} (rows out of order, or twice)`,
    example: { sheet: "评分表", row: 17, after: 1000000 },
  },
  CELL_TWO_VALUES: {
    zh: (p: { sheet: string; cell: string }) => `工作表「${p.sheet}」的单元格 ${p.cell} 含有两个值`,
    en: (p) => `cell ${p.cell} of sheet "${p.sheet}" holds two values`,
    example: { sheet: "评分表", cell: "K24" },
  },
  NOT_XLSX: {
    // A .csv or a web page saved with an .xls name is common: what to do is the same.
    zh: (p: { file: string }) =>
      `${p.file} 不是 .xlsx 文件；如是 .csv 等其他格式，请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试`,
    en: (p) =>
      `${p.file} is not an .xlsx file; if it is a .csv or another format, open it in Excel or WPS, save it as .xlsx and try again`,
    example: { file: "a.csv" },
  },
  ENCRYPTED_XLSX: {
    zh: (p: { file: string }) =>
      `${p.file} 设置了打开密码（已加密），无法读取：请在 Excel 中打开它，在「文件 → 信息 → 保护工作簿 → 用密码进行加密」中清空密码并保存（WPS：「文件 → 文档加密 → 密码加密」），再评定`,
    en: (p) =>
      `${p.file} is protected by a password to open (encrypted), so it cannot be read: open it in Excel, clear the password under File → Info → Protect Workbook → Encrypt with Password, save, and score again`,
    example: { file: "a.xlsx" },
  },
  OLD_XLS: {
    // WPS 表格's own .et files are the same kind of container as .xls.
    zh: (p: { file: string }) =>
      `${p.file} 是旧版 .xls、WPS 表格（.et）或加密文件，请在 Excel 或 WPS 中另存为 .xlsx 后再试`,
    en: (p) =>
      `${p.file} is an old .xls, a WPS Spreadsheets (.et) or an encrypted file; save it as .xlsx in Excel or WPS and try again`,
    example: { file: "a.xls" },
  },
  EMPTY_WORKBOOK: {
    zh: () => "工作簿中没有工作表，请确认选择的是含评分表的文件",
    en: () => "The workbook has no sheets; check that it is the file holding the scoring table",
  },
  NO_VISIBLE_SHEET: {
    zh: () => "工作簿中没有可见的工作表；请在 Excel 中取消隐藏含评分表的工作表，保存后再试",
    en: () =>
      "The workbook has no visible sheet; unhide the sheet holding the scoring table in Excel, save, and try again",
  },
  NO_SHEET: {
    zh: (p: { sheet: string; sheets: string[] }) =>
      `找不到工作表「${p.sheet}」（现有：${p.sheets.join("、")}）`,
    en: (p) => `No sheet named "${p.sheet}" (sheets: ${p.sheets.join(", ")})`,
    example: { sheet: "Sheet9", sheets: ["评分表", "Sheet2"] },
  },
  EXCELJS_WRITE_FAILED: {
    // The whole-workbook rewrite (ExcelJS's writer) failed; `detail` is its own words.
    zh: (p: { detail: string }) =>
      `无法把整个工作簿重新写出（${p.detail}）；请在 Excel 中打开并另存为 .xlsx 后再试。未写入任何内容。`,
    en: (p) =>
      `The whole workbook could not be written anew (${p.detail}); open it in Excel, save it as .xlsx and try again. Nothing was written.`,
    example: { detail: "boom" },
    saysNothingWritten: true,
  },
  DUPLICATE_PARTS: {
    zh: (p: { file: string; parts: string[] }) =>
      `${p.file} 中的部件 ${p.parts.join("、")} 重复出现（文件已损坏：不同程序会读到不同的内容）；请在 Excel 中打开并另存为 .xlsx 后再试。未写入任何内容。`,
    en: (p) =>
      `${p.file} holds the part ${p.parts.join(", ")} more than once (the file is damaged: programs disagree on which copy counts); open it in Excel, save it as .xlsx, and try again. Nothing was written.`,
    example: { file: "a.xlsx", parts: ["xl/worksheets/sheet1.xml"] },
    saysNothingWritten: true,
  },
  CDATA_PARTS: {
    zh: (p: { file: string; parts: string[] }) =>
      `${p.file} 的 ${p.parts.join("、")} 含有 CDATA 段（Excel 不会这样保存，可能由其他程序生成），其中的单元格文字无法可靠读取；请在 Excel 中打开并另存为 .xlsx 后再试。未写入任何内容。`,
    en: (p) =>
      `${p.file} has CDATA sections in ${p.parts.join(", ")} (Excel never writes them; another program did), so its cell text cannot be read reliably; open it in Excel, save it as .xlsx, and try again. Nothing was written.`,
    example: { file: "a.xlsx", parts: ["xl/sharedStrings.xml"] },
    saysNothingWritten: true,
  },
  EXCELJS_READS_LESS: {
    // `reason`: why the patcher stepped aside (PATCH_STEPPED_ASIDE); none when
    // STAR_RATING_WRITER=exceljs chose the whole-file rewrite.
    zh: (
      p: { file: string; sheet: string; ours: number; theirs: number; reason?: MessageLike },
      r: Renderer,
    ) =>
      `${p.file} ${p.reason ? `无法直接修补（${r(p.reason)}）` : "按设置（STAR_RATING_WRITER=exceljs）整体重写"}；整体重写方式只能读到工作表「${p.sheet}」中 ${p.theirs} 个有内容的单元格（本工具读到 ${p.ours} 个），写出会丢失数据。请在 Excel 中打开并另存为 .xlsx 后再试。未写入任何内容。`,
    en: (p, r) =>
      `${p.file} ${p.reason ? `cannot be patched in place (${r(p.reason)})` : "is rewritten whole, as STAR_RATING_WRITER=exceljs asks"}, and the whole-file rewrite reads only ${p.theirs} of the filled cells of sheet "${p.sheet}" (this tool read ${p.ours}): writing it would lose data. Open it in Excel, save it as .xlsx, and try again. Nothing was written.`,
    example: {
      file: "a.xlsx",
      sheet: "评分表",
      ours: 80,
      theirs: 0,
      reason: {
        code: "PATCH_STEPPED_ASIDE",
        params: {
          why: "elementRepeated",
          sheet: "评分表",
          part: "xl/worksheets/sheet1.xml",
          element: "sheetData",
        },
      },
    },
    saysNothingWritten: true,
  },
  /** What a user should know about a written file (the command line and the page both say it). */
  WRITE_NOTE_UNCACHED: {
    zh: (p: { count: number; cells: string[] }) =>
      `注意：评定用到的列中有 ${p.count} 个公式单元格没有保存计算结果（${p.cells.join("、")}${p.count > p.cells.length ? "等" : ""}），按空白处理；请先在 Excel 中打开并保存该文件，再评定`,
    en: (p) =>
      `Note: ${counted(p.count, "formula cell")} in the columns the rubric reads ${p.count === 1 ? "carries" : "carry"} no calculated result (${p.cells.join(", ")}${p.count > p.cells.length ? " …" : ""}) and ${p.count === 1 ? "was" : "were"} read as blank; open and save the file in Excel first, then score it again`,
    example: { count: 7, cells: ["F5", "F6"] },
  },
  WRITE_NOTE_ZERO_FORMULAS: {
    zh: (p: { count: number; cells: string[] }) =>
      `注意：评定用到的列中有 ${p.count} 个公式单元格保存的计算结果是 0（${p.cells.join("、")}${p.count > p.cells.length ? "等" : ""}），而该文件要求打开时重新计算（不计算公式的程序生成的文件常把结果都记为 0）；已按 0 评定，如这些分数不应是 0，请先在 Excel 中打开并保存该文件再评定`,
    en: (p) =>
      `Note: ${counted(p.count, "formula cell")} in the columns the rubric reads ${p.count === 1 ? "stores 0 as its" : "store 0 as their"} result (${p.cells.join(", ")}${p.count > p.cells.length ? " …" : ""}) in a file that asks to be recalculated on opening (programs that do not calculate formulas store 0 for every one); ${p.count === 1 ? "it was scored as 0: if it should not be" : "they were scored as 0: if they should not be"}, open and save the file in Excel first and score it again`,
    example: { count: 12, cells: ["D5", "D6"] },
  },
  WRITE_NOTE_REWRITTEN: {
    // `reason`: why the patcher stepped aside (PATCH_STEPPED_ASIDE), for whoever supports the user.
    zh: (p: { reason: MessageLike }, r: Renderer) =>
      `注意：此文件不能只补写评定部分（${r(p.reason)}），已把整个工作簿重新写出`,
    en: (p, r) =>
      `Note: this file could not be patched in place (${r(p.reason)}); the whole workbook was written anew`,
    example: { reason: { code: "PATCH_STEPPED_ASIDE", params: { why: "macroSheets" } } },
  },
  WRITE_NOTE_LOST: {
    zh: (p: { lost: MessageLike[] }, r: Renderer) =>
      `注意：输出文件没有保留原文件中的${p.lost.map(r).join("、")}（.xlsx 写入无法保留；原文件未改动）`,
    en: (p, r) =>
      `Note: the output does not keep the input's ${p.lost.map(r).join(", ")} (.xlsx writing cannot; the input is unchanged)`,
    example: { lost: [{ code: "LOST_KIND", params: { kind: "charts" } }] },
  },
  /** Why the package could not be patched in place: one line of PATCH_REASONS. */
  PATCH_STEPPED_ASIDE: {
    zh: (p: PatchPlace & { why: PatchReason }) => PATCH_REASONS[p.why][0](p),
    en: (p) => PATCH_REASONS[p.why][1](p),
    example: { why: "comment", sheet: "评分表", part: "xl/worksheets/sheet1.xml" },
  },
  FORMULA_RANGE_IN_RESULTS: {
    zh: (p: { sheet: string; address: string; ref: string; outside: string }) =>
      `工作表「${p.sheet}」的单元格 ${p.address} 是公式区域 ${p.ref} 的起点（共享或数组公式），覆盖它会让评定列以外的 ${p.outside} 等单元格失去公式；请先在 Excel 中删除评定列里的这个公式（或把 ${p.ref} 改成各自独立的公式），再评定。未写入任何内容。`,
    en: (p) =>
      `Cell ${p.address} on sheet "${p.sheet}" starts the formula range ${p.ref} (a shared or array formula); overwriting it would leave ${p.outside} and other cells outside the result columns without their formula. In Excel, delete that formula from the result column (or make the cells of ${p.ref} separate formulas), then score again. Nothing was written.`,
    example: { sheet: "考评表", address: "M5", ref: "M5:N9", outside: "N5" },
    saysNothingWritten: true,
  },
  BEYOND_EXCEL_GRID: {
    zh: (p: { sheet: string; column?: number; row?: number }) =>
      `工作表「${p.sheet}」要写到${p.column !== undefined ? `第 ${p.column} 列` : `第 ${p.row} 行`}，超出了 Excel 的范围（最后一列 XFD，最后一行 1048576）。未写入任何内容。`,
    en: (p) =>
      `Sheet "${p.sheet}" would be written at ${p.column !== undefined ? `column ${p.column}` : `row ${p.row}`}, beyond what Excel holds (last column XFD, last row 1048576). Nothing was written.`,
    example: { sheet: "考评表", column: 16385 },
    saysNothingWritten: true,
  },
  /** One kind of content the written file lacks (a chart, the macros…). */
  LOST_KIND: {
    zh: (p: { kind: ContentKind }) => CONTENT_KINDS[p.kind][0],
    en: (p) => CONTENT_KINDS[p.kind][1],
    example: { kind: "charts" },
  },
  /** Defined names ExcelJS drops or changes (constants, formulas, a sheet's scope): formulas use them. */
  LOST_NAMES: {
    zh: (p: { names: string[] }) =>
      `定义的名称${p.names.map((n) => `「${n}」`).join("、")}（公式中用到时会变成 #NAME?）`,
    en: (p) =>
      `the defined names ${p.names.map((n) => `"${n}"`).join(", ")} (formulas using them would show #NAME?)`,
    example: { names: ["合格线", "总分合计"] },
  },
  /** A part of the package that is neither named above nor harmless to lose: its name is all we have. */
  LOST_PART: {
    zh: (p: { part: string }) => `部件 ${p.part}`,
    en: (p) => `the part ${p.part}`,
    example: { part: "xl/custom/thing.xml" },
  },
  LOST_ON_SHEET: {
    zh: (p: { sheet: string; kind: ContentKind }) => `工作表「${p.sheet}」的${CONTENT_KINDS[p.kind][0]}`,
    en: (p) => `the ${CONTENT_KINDS[p.kind][1]} on sheet "${p.sheet}"`,
    example: { sheet: "考评表", kind: "sparklines" },
  },
  LOST_EXTENSION_ON_SHEET: {
    zh: (p: { sheet: string; uri: string }) => `工作表「${p.sheet}」的 Excel 扩展内容（${p.uri}）`,
    en: (p) => `the Excel extension data (${p.uri}) on sheet "${p.sheet}"`,
    example: { sheet: "考评表", uri: "{00000000-0000-0000-0000-000000000000}" },
  },
  WOULD_LOSE_CONTENT: {
    zh: (p: { file: string; lost: MessageLike[] }, r: Renderer) =>
      `写回 ${p.file} 会丢失：${p.lost.map(r).join("、")}（.xlsx 写入无法保留）；请用 -o 写到新文件。未写入任何内容。`,
    en: (p, r) =>
      `Writing ${p.file} back would lose: ${p.lost.map(r).join(", ")} (.xlsx writing cannot keep them); write a new file with -o instead. Nothing was written.`,
    example: { file: "考评.xlsx", lost: [{ code: "LOST_KIND", params: { kind: "charts" } }] },
    saysNothingWritten: true,
  },
  WRITE_FAILED: {
    zh: (p: { file: string; detail: string }) => `无法写入 ${p.file}（${p.detail}）`,
    en: (p) => `Cannot write ${p.file} (${p.detail})`,
    example: { file: "out.xlsx", detail: "EACCES" },
  },
  NOT_REGULAR_FILE: {
    zh: (p: { file: string; folder?: boolean }) =>
      p.folder
        ? `${p.file} 是文件夹，不是工作簿文件；请指定其中的 .xlsx 文件`
        : `${p.file} 不是普通文件（是命名管道或设备），无法作为工作簿读写`,
    en: (p) =>
      p.folder
        ? `${p.file} is a folder, not a workbook file; name the .xlsx file in it`
        : `${p.file} is not a regular file (a named pipe or device); it cannot be read or written as a workbook`,
    example: { file: "in.xlsx", folder: true },
  },
  FILE_OPEN_IN_EXCEL: {
    zh: (p: { file: string; lock: string }) =>
      `文件正被 Excel 打开：${p.file}（旁边有锁文件 ${p.lock}）；请在 Excel 中关闭后重试（若 Excel 已关闭，删除该锁文件即可）`,
    en: (p) =>
      `The file is open in Excel: ${p.file} (lock file ${p.lock} beside it); close it in Excel and try again (if Excel is closed, delete the lock file)`,
    example: { file: "考评.xlsx", lock: "~$考评.xlsx" },
  },
  SHEET_PROTECTED_IN_FILE: {
    zh: (p: { file: string; sheets: string[] }) =>
      `${p.file} 中的工作表${p.sheets.map((n) => `「${n}」`).join("、")}受保护，无法写入评定结果。请在 Excel 或 WPS 中撤消工作表保护（「审阅 › 撤消工作表保护」），保存后重试。未写入任何内容。`,
    en: (p) =>
      `The ${p.sheets.length === 1 ? "sheet" : "sheets"} ${p.sheets.map((n) => `"${n}"`).join(", ")} in ${p.file} ${p.sheets.length === 1 ? "is" : "are"} protected, so the results cannot be written. Unprotect ${p.sheets.length === 1 ? "it" : "them"} in Excel or WPS (Review › Unprotect Sheet), save, and try again. Nothing was written.`,
    example: { file: "考评.xlsx", sheets: ["评分表"] },
    saysNothingWritten: true,
  },
  WORKBOOK_STRUCTURE_LOCKED: {
    zh: (p: { file: string; sheets: string[] }) =>
      `${p.file} 的工作簿结构受保护，无法添加或显示、隐藏工作表${p.sheets.map((n) => `「${n}」`).join("、")}。请在 Excel 或 WPS 中撤消工作簿保护（「审阅 › 保护工作簿」），保存后重试。未写入任何内容。`,
    en: (p) =>
      `The structure of ${p.file} is protected, so the ${p.sheets.length === 1 ? "sheet" : "sheets"} ${p.sheets.map((n) => `"${n}"`).join(", ")} cannot be added, shown or hidden. Unprotect the workbook in Excel or WPS (Review › Protect Workbook), save, and try again. Nothing was written.`,
    example: { file: "考评.xlsx", sheets: ["评定汇总", "评定核查"] },
    saysNothingWritten: true,
  },
  FILE_READ_ONLY: {
    zh: (p: { file: string }) => `${p.file} 是只读文件，未覆盖；请先取消只读，或用 -o 写到新文件`,
    en: (p) =>
      `${p.file} is read-only and was not overwritten; make it writable first, or write a new file with -o`,
    example: { file: "考评.xlsx" },
  },
  OUTPUT_EXISTS_NOT_OURS: {
    zh: (p: { file: string }) =>
      `输出文件 ${p.file} 已存在，且不是本工具写出的文件，其中可能有您的数据；为免覆盖，未写入任何内容。请用 -o 换一个输出文件名，或先将该文件改名或移走`,
    en: (p) =>
      `The output file ${p.file} already exists and was not written by this tool, so it may hold your data. Nothing was written, rather than overwrite it. Choose another name with -o, or rename or move that file first`,
    example: { file: "考评.xlsx" },
    saysNothingWritten: true,
  },
  FILE_CHANGED_DURING_RUN: {
    zh: (p: { file: string }) =>
      `${p.file} 在本次评定期间被修改或替换（例如在 Excel、WPS 中保存、由同步盘更新，或由同时进行的另一次评定写出）；为免覆盖这些修改，未写入任何内容。请确认其中的内容后重新运行`,
    en: (p) =>
      `${p.file} was changed or replaced while this run was working (saved in Excel or WPS, updated by a sync folder, or written by another run at the same time). Nothing was written, so those changes are not lost. Check the file and run again`,
    example: { file: "考评表（评定结果）.xlsx" },
    saysNothingWritten: true,
  },
  OUTPUT_SCORED_WORKBOOK: {
    zh: (p: { file: string }) =>
      `输出文件 ${p.file} 是已评定过的工作簿（在 Excel 加载项中或用 --in-place 评定，或由本工具的早先版本写出），其中可能有您的数据；为免覆盖，未写入任何内容。请用 -o 换一个输出文件名，或先将该文件改名或移走`,
    en: (p) =>
      `The output file ${p.file} is a scored workbook (scored in the Excel add-in or with --in-place, or written by an earlier version of this tool), so it may hold your data. Nothing was written, rather than overwrite it. Choose another name with -o, or rename or move that file first`,
    example: { file: "考评表.xlsx" },
    saysNothingWritten: true,
  },
  OUTPUT_HOLDS_FINAL: {
    zh: (p: { file: string; at: string }) =>
      `输出文件 ${p.file} 中有 ${p.at} 定稿的评定结果，本次评定不带这份定稿，写出会把它丢掉；未写入任何内容。要在定稿的基础上再评定，请评定该文件本身（score ${p.file} --in-place）；确实要放弃定稿，请加 --unfinalize，或用 -o 换一个输出文件名`,
    en: (p) =>
      `The output file ${p.file} holds results finalised on ${p.at}, which this run does not carry: writing it would drop them, so nothing was written. To score again on top of them, score that file itself (score ${p.file} --in-place); to give them up, add --unfinalize, or choose another name with -o`,
    example: { file: "考评表（评定结果）.xlsx", at: "2026-12-03 10:20" },
    saysNothingWritten: true,
  },
  OUTPUT_CHANGED_SINCE_WRITTEN: {
    zh: (p: { file: string; written: string; saved: string }) =>
      `输出文件 ${p.file} 是本工具于 ${p.written} 写出的，但此后已被修改保存（最后保存于 ${p.saved}）；为免丢失其中的修改，未写入任何内容。请用 -o 换一个输出文件名，或先将该文件改名或移走`,
    en: (p) =>
      `The output file ${p.file} was written by this tool at ${p.written} but has been changed and saved since (last saved ${p.saved}). Nothing was written, so the changes in it are not lost. Choose another name with -o, or rename or move that file first`,
    example: {
      file: "考评表（评定结果）.xlsx",
      written: "2026-12-05 09:30:12",
      saved: "2026-12-05 10:12:40",
    },
    saysNothingWritten: true,
  },
  OUTPUT_EXISTS: {
    zh: (p: { file: string }) =>
      `${p.file} 已存在；新建评分表不会覆盖已有文件，未写入任何内容。请用 -o 换一个文件名，或先将该文件改名或移走`,
    en: (p) =>
      `${p.file} already exists, and a new scoring sheet never replaces a file. Nothing was written. Choose another name with -o, or rename or move that file first`,
    example: { file: "评分表.xlsx" },
    saysNothingWritten: true,
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
      `${p.file} 太大：其中 ${p.part} 解压后 ${size(p.size)}（上限 ${size(p.limit)}），未读取；请把表格拆分为几个文件后分别评定`,
    en: (p) =>
      `${p.file} is too large: its ${p.part} is ${size(p.size)} uncompressed (limit ${size(p.limit)}); it was not read. Split the table into several files and score each`,
    example: { file: "a.xlsx", part: "xl/worksheets/sheet1.xml", size: 6e8, limit: 5.12e8 },
  },
  TOO_MANY_ROWS: {
    zh: (p: { sheet: string; rows: number; limit: number }) =>
      `工作表「${p.sheet}」有 ${count(p.rows)} 行，超过一次可评定的 ${count(p.limit)} 行，未评定；请把表格拆分为几个文件后分别评定`,
    en: (p) =>
      `Sheet "${p.sheet}" has ${count(p.rows)} rows, more than the ${count(p.limit)} one run can score, and was not scored. Split the table into several files and score each`,
    example: { sheet: "评分表", rows: 1048576, limit: 500000 },
  },
  TOO_LARGE_TOTAL: {
    zh: (p: { file: string; size: number; limit: number }) =>
      `${p.file} 太大：解压后共 ${size(p.size)}（上限 ${size(p.limit)}），未读取`,
    en: (p) =>
      `${p.file} is too large: ${size(p.size)} uncompressed in all (limit ${size(p.limit)}); it was not read`,
    example: { file: "a.xlsx", size: 5e9, limit: 4e9 },
  },
  /** A detail of DAMAGED: which part of the zip, and how. `detail`: the inflater's words (English only). */
  PART_DAMAGED: {
    zh: (p: { part: string; why: PartDamage; detail?: string }) =>
      `其中的 ${p.part} ${PART_DAMAGES[p.why][0]}`,
    en: (p) => `its part ${p.part} ${PART_DAMAGES[p.why][1]}${p.detail ? ` (${p.detail})` : ""}`,
    example: { part: "xl/worksheets/sheet1.xml", why: "checksum" },
  },
  /** Part names held in other letter cases than the package calls them (adapter.ts refuseCaseOnlyNames). */
  PART_NAME_CASE: {
    zh: (p: { file: string; held: string; named: string }) =>
      `无法读取 ${p.file}：其中的部件名大小写与引用不一致（文件中是 ${p.held}，引用的是 ${p.named}），本工具不能读取这样的文件。请在 Excel 或 WPS 中打开它并另存为 .xlsx，再评定另存的文件`,
    en: (p) =>
      `Cannot read ${p.file}: its part names differ in case from how it refers to them (it holds ${p.held}, refers to ${p.named}), which this tool cannot read. Open it in Excel or WPS, save it as .xlsx, and score the saved file`,
    example: { file: "考评表.xlsx", held: "XL/WORKBOOK.XML", named: "xl/workbook.xml" },
  },
  /** A detail of DAMAGED: part names written as Windows paths. */
  PART_NAME_BACKSLASH: {
    zh: (p: { part: string }) => `压缩包中的部件名用了反斜杠，如 ${p.part}，不是 .xlsx 的写法`,
    en: (p) => `its part names use backslashes (${p.part}), which .xlsx does not allow`,
    example: { part: "xl\\workbook.xml" },
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
