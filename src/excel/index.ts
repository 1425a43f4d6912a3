/** The Office.js side of the add-in: the workbook adapter and its helpers. */
export {
  createOfficeAdapter,
  describeOfficeError,
  officeErrorMessage,
  errorCode,
  OfficeAdapterError,
  DEFAULT_REQUEST_BUDGET,
  type ExcelRun,
  type OfficeAdapter,
  type OfficeAdapterOptions,
} from "./office-adapter";
