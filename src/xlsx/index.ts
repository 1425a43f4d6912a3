export {
  XlsxAdapter,
  XlsxError,
  lostContent,
  openXlsx,
  readSheetModel,
  toRawCell,
  writeXlsxAtomic,
} from "./adapter";
export type { LostContent, ReadStats, WriteOptions, WriteReport, XlsxErrorCode } from "./adapter";
