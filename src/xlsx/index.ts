export { XlsxAdapter, XlsxError, openXlsx, readSheetModel, toRawCell, writeXlsxAtomic } from "./adapter";
export type { WriteOptions, XlsxErrorCode } from "./adapter";
