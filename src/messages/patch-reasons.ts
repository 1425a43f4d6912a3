/**
 * Why the package patcher (src/xlsx/patch.ts) steps aside and leaves a file to the whole-workbook
 * rewrite: one line per reason, in both languages. The user reads it in a note ("此文件不能只补写评定
 * 部分（…）") or in a refusal, so it says what is in the file, not what the patcher's code does.
 */

/** Where a reason was found: a part of the package, the sheet it holds, an element, a row. */
export interface PatchPlace {
  /** The part's path in the package (xl/worksheets/sheet1.xml). */
  part?: string;
  /** The sheet's name, when the part is a worksheet. */
  sheet?: string;
  /** An element's name, without brackets (sheetData). */
  element?: string;
  row?: number;
  /** A plan the patcher cannot carry out: developers' words (it is a bug). */
  detail?: string;
}

function whereZh(p: PatchPlace): string {
  if (p.sheet) return `工作表「${p.sheet}」${p.part ? `（${p.part}）` : ""}`;
  // A part's name is Latin: set off from the Chinese that follows it.
  return p.part ? `${p.part} ` : "工作簿";
}

function whereEn(p: PatchPlace): string {
  if (p.sheet) return `sheet "${p.sheet}"${p.part ? ` (${p.part})` : ""}`;
  return p.part ?? "the workbook";
}

function rowZh(p: PatchPlace): string {
  return p.row === undefined ? "有一行" : `第 ${p.row} 行`;
}

function rowEn(p: PatchPlace): string {
  return p.row === undefined ? "a row" : `row ${p.row}`;
}

type Say = (p: PatchPlace) => string;

export const PATCH_REASONS = {
  comment: [(p) => `${whereZh(p)}含有 XML 注释`, (p) => `${whereEn(p)} holds an XML comment`],
  cdata: [(p) => `${whereZh(p)}含有 CDATA 段`, (p) => `${whereEn(p)} holds a CDATA section`],
  doctype: [(p) => `${whereZh(p)}含有 DOCTYPE 声明`, (p) => `${whereEn(p)} holds a DOCTYPE`],
  declaration: [(p) => `${whereZh(p)}含有标记声明`, (p) => `${whereEn(p)} holds a markup declaration`],
  instruction: [(p) => `${whereZh(p)}含有处理指令`, (p) => `${whereEn(p)} holds a processing instruction`],
  angleInAttribute: [
    (p) => `${whereZh(p)}的属性值中含有「>」`,
    (p) => `${whereEn(p)} has ">" inside an attribute value`,
  ],
  notPlain: [
    (p) => `${whereZh(p)}不是常见写法的 SpreadsheetML`,
    (p) => `${whereEn(p)} is not plain SpreadsheetML`,
  ],
  elementRepeated: [
    (p) => `${whereZh(p)}中有不止一个 <${p.element}>`,
    (p) => `${whereEn(p)} has more than one <${p.element}>`,
  ],
  elementInAlternate: [
    (p) => `${whereZh(p)}的 <${p.element}> 位于 <mc:AlternateContent> 之内`,
    (p) => `${whereEn(p)}: <${p.element}> stands inside <mc:AlternateContent>`,
  ],
  elementMissing: [(p) => `${whereZh(p)}没有 <${p.element}>`, (p) => `${whereEn(p)} has no <${p.element}>`],
  elementUnclosed: [
    (p) => `${whereZh(p)}的 <${p.element}> 没有结束`,
    (p) => `${whereEn(p)}: <${p.element}> is not closed`,
  ],
  columnWithoutRange: [
    (p) => `${whereZh(p)}的列宽设置（<col>）缺少 min 或 max`,
    (p) => `${whereEn(p)} has a <col> without min and max`,
  ],
  cellWithoutReference: [
    (p) => `${whereZh(p)}${rowZh(p)}有单元格没有可用的引用`,
    (p) => `${whereEn(p)}: a cell in ${rowEn(p)} has no usable reference`,
  ],
  rowHoldsMore: [
    (p) => `${whereZh(p)}${rowZh(p)}中除单元格外还有其他内容`,
    (p) => `${whereEn(p)}: ${rowEn(p)} holds more than cells`,
  ],
  rowTagAngle: [
    (p) => `${whereZh(p)}${rowZh(p)}的行标记的属性值中含有「>」`,
    (p) => `${whereEn(p)}: the start tag of ${rowEn(p)} has ">" inside an attribute value`,
  ],
  rowsOutOfOrder: [
    (p) => `${whereZh(p)}的各行没有按行号顺序排列`,
    (p) => `${whereEn(p)} lists its rows out of order`,
  ],
  rowUnclosed: [(p) => `${whereZh(p)}${rowZh(p)}没有结束`, (p) => `${whereEn(p)}: ${rowEn(p)} is not closed`],
  rowWithoutNumber: [(p) => `${whereZh(p)}有一行没有行号`, (p) => `${whereEn(p)} has a row without a number`],
  zipFeatures: [
    () => "压缩包用了本工具不处理的格式（ZIP64、加密、分卷或其他压缩方法）",
    () =>
      "the zip uses features this writer does not handle (ZIP64, encryption, spanning or another compression method)",
  ],
  rootedPartNames: [
    (p) => `压缩包中的部件名以「/」开头，如 ${p.part ?? ""}`,
    (p) => `the zip's part names start with "/", as ${p.part ?? ""}`,
  ],
  noWorkbookPart: [() => "压缩包中没有工作簿部件", () => "the package has no workbook part"],
  noWorkbookRelationships: [
    () => "工作簿没有关系部件（xl/_rels/workbook.xml.rels）",
    () => "the workbook has no relationships part",
  ],
  noRelationshipsNamespace: [
    () => "工作簿没有声明关系命名空间，可能是 Strict Open XML 格式",
    () => "the workbook does not declare the relationships namespace, perhaps Strict Open XML",
  ],
  noSheetList: [() => "工作簿没有列出任何工作表", () => "the workbook lists no sheets"],
  noContentTypes: [() => "压缩包中没有 [Content_Types].xml", () => "the package has no [Content_Types].xml"],
  noStyles: [() => "工作簿没有样式部件", () => "the workbook's styles part is missing"],
  sheetPartMissing: [
    (p) => `${whereZh(p)}的内容部件不在压缩包中`,
    (p) => `the part of ${whereEn(p)} is missing`,
  ],
  notWorksheet: [(p) => `${whereZh(p)}不是普通工作表`, (p) => `${whereEn(p)} is not a worksheet`],
  macroSheets: [() => "工作簿含有 Excel 4.0 宏表", () => "the workbook has Excel 4 macro sheets"],
  plan: [
    (p) => `内部错误，写入计划无法执行：${p.detail ?? ""}`,
    (p) => `internal error, the write plan cannot be carried out: ${p.detail ?? ""}`,
  ],
} as const satisfies Record<string, readonly [Say, Say]>;

export type PatchReason = keyof typeof PATCH_REASONS;
