export { EXCEL_CELL_TEXT_LIMIT, clipCellText, encodeExcelText } from "./text";
export {
  XlsxAdapter,
  XlsxError,
  XlsxFile,
  lostContent,
  openXlsxBytes,
  readSheetModel,
  sheetTail,
  toRawCell,
  writeXlsxBytes,
} from "./adapter";
export { openXlsx, writeXlsxAtomic } from "./node-io";
export { usePreparedInflate } from "./node-codec";
export type { LostContent, ReadStats, SheetTail, WriteOptions, WriteReport, XlsxErrorCode } from "./adapter";
export {
  checkOutputTarget,
  pendingTempFiles,
  readInputFile,
  refuseToDropFinal,
  refuseToReplace,
  writeFileReplacing,
} from "./node-files";
export {
  MAX_COMPRESSION_RATIO,
  MAX_FILE_BYTES,
  MAX_PACKAGE_BYTES,
  MAX_PART_BYTES,
  MAX_SCORED_ROWS,
  preflightPackage,
  scoredRowsForHeap,
  useScoredRowLimit,
  declaredParts,
} from "./limits";
