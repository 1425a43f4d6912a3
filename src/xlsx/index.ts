export {
  EXCEL_CELL_TEXT_LIMIT,
  XlsxAdapter,
  XlsxError,
  lostContent,
  openXlsx,
  pendingTempFiles,
  readSheetModel,
  toRawCell,
  writeXlsxAtomic,
} from "./adapter";
export type { LostContent, ReadStats, WriteOptions, WriteReport, XlsxErrorCode } from "./adapter";
