export { XlsxAdapter, XlsxError, openXlsx, readSheetModel, toRawCell, writeXlsxAtomic } from "./adapter";
export type { XlsxErrorCode } from "./adapter";
