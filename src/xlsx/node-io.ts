/**
 * Opening and writing .xlsx files on disk (the CLI, tests): the file system around adapter.ts's
 * bytes-in/bytes-out functions, which the page in a browser uses without this module.
 */
import type ExcelJS from "exceljs";
import { openXlsxBytes, writeXlsxBytes, type WriteOptions, type WriteReport, type XlsxFile } from "./adapter";
import { useNodeZlib } from "./node-codec";
import { readInputFile, writeFileReplacing } from "./node-files";

useNodeZlib();

/** Open an .xlsx file, telling apart a missing file, another format and a damaged package. */
export async function openXlsx(file: string): Promise<XlsxFile> {
  return openXlsxBytes(await readInputFile(file), file);
}

/**
 * Write the workbook next to its destination, then rename it over the destination, so that a
 * failure never leaves half a file where the user expects a result (node-files.ts).
 */
export async function writeXlsxAtomic(
  target: ExcelJS.Workbook | XlsxFile,
  file: string,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const { zip, report } = await writeXlsxBytes(target, file, options);
  await writeFileReplacing(file, zip.pieces);
  return report;
}
