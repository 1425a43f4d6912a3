/**
 * The Office.js side of `WorkbookAdapter`: reads the scoring sheet in one round trip and applies a
 * `WritePlan` in one more (split only where a request would pass Excel on the web's 5 MB limit).
 * The work is in src/excel/office/: read.ts (reading and its fallbacks), write-steps.ts (plan ops
 * as sized steps), write.ts (packing and sending them), format.ts (styles, borders, copied
 * formats), page-layout.ts (page setup), errors.ts, shared.ts.
 */
import type { ReadRequest, WorkbookSnapshot, WritePlan, ApplyResult } from "../workbook/model";
import { read } from "./office/read";
import {
  DEFAULT_REQUEST_BUDGET,
  DEFAULT_TIMEOUT_MS,
  defaultRun,
  defaultSupports,
  type AdapterEnv,
  type ExcelRun,
  type OfficeAdapter,
  type OfficeAdapterOptions,
} from "./office/shared";
import { sheetTops } from "./office/tops";
import { apply } from "./office/write";

export {
  DEFAULT_REQUEST_BUDGET,
  DEFAULT_TIMEOUT_MS,
  charsToPoints,
  isDateFormat,
  jsonBytes,
  literal,
  parseAreasAddress,
  rawCell,
  utf8Length,
  type ExcelRun,
  type OfficeAdapter,
  type OfficeAdapterOptions,
} from "./office/shared";
export { OfficeAdapterError, describeOfficeError, errorCode, officeErrorMessage } from "./office/errors";
export { PAGE_NUMBER_FOOTER } from "./office/page-layout";
export type { LoadedFormat } from "./office/format";

/** Host notices already said in this page's lifetime (the default for `shownNotices`). */
const SESSION_NOTICES = new Set<string>();

export function createOfficeAdapter(run?: ExcelRun, options: OfficeAdapterOptions = {}): OfficeAdapter {
  const env: AdapterEnv = {
    run: run ?? ((batch) => defaultRun()(batch)),
    supports: options.supports ?? defaultSupports,
    budget: options.requestBudget ?? DEFAULT_REQUEST_BUDGET,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    known: null,
    shown: options.shownNotices ?? SESSION_NOTICES,
  };
  const tops = sheetTops(env);
  return {
    read: (request: ReadRequest): Promise<WorkbookSnapshot> => {
      tops.forget();
      return read(env, request);
    },
    readTop: (sheet: string, rows: number) => tops.readTop(sheet, rows),
    contentOutside: (sheet, block) => tops.contentOutside(sheet, block),
    apply: (plan: WritePlan): Promise<ApplyResult> => {
      tops.forget();
      return apply(env, plan);
    },
    selectCell: (sheet, address) => selectCell(env, sheet, address),
  };
}

async function selectCell(env: AdapterEnv, sheet: string, address: string): Promise<void> {
  await env.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(address).select();
    await context.sync();
  });
}
