export { EXCEL_CELL_TEXT_LIMIT, clipCellText, encodeExcelText } from "./text";
export {
  XlsxAdapter,
  XlsxError,
  lostContent,
  openXlsx,
  pendingTempFiles,
  readSheetModel,
  sheetTail,
  toRawCell,
  writeXlsxAtomic,
} from "./adapter";
export type { LostContent, ReadStats, SheetTail, WriteOptions, WriteReport, XlsxErrorCode } from "./adapter";
