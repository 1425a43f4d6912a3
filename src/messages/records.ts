/** Messages of the records a workbook carries beyond one run (src/workbook: merge, prior, final, history). */
import { defineMessages } from "./core";

/** A skipped submission as MERGE_SKIPPED lists it. */
export interface SkippedSubmission {
  file: string;
  zh: string;
  en: string;
}

export const recordMessages = defineMessages({
  MERGE_NOTHING: {
    zh: (p: { skipped: number }) =>
      `没有一个文件含有可汇总的评分表（${p.skipped} 个文件均未能读取或识别）。未写入任何内容。`,
    en: (p) =>
      `None of the files holds a scoring table to merge (${p.skipped} unreadable or unrecognised). Nothing was written.`,
    example: { skipped: 2 },
    saysNothingWritten: true,
  },
  MERGE_SKIPPED: {
    zh: (p: { files: SkippedSubmission[] }) =>
      `${p.files.length} 个文件未能汇总：\n${p.files.map((f) => `  - ${f.file}：${f.zh}`).join("\n")}`,
    en: (p) =>
      `${p.files.length} file(s) could not be merged:\n${p.files.map((f) => `  - ${f.file}: ${f.en}`).join("\n")}`,
    example: { files: [{ file: "b.xlsx", zh: "不是 .xlsx 文件", en: "not an .xlsx file" }] },
  },
  MERGE_REFUSED: {
    zh: (p: { files: SkippedSubmission[] }) =>
      `${p.files.length} 个文件未能汇总，为免只汇总一部分，未写入任何内容：\n${p.files.map((f) => `  - ${f.file}：${f.zh}`).join("\n")}\n请修正或移走这些文件；确要只汇总其余文件，请加 --skip-bad。`,
    en: (p) =>
      `${p.files.length} file(s) could not be merged, so nothing was written (no partial merge):\n${p.files.map((f) => `  - ${f.file}: ${f.en}`).join("\n")}\nFix or remove them, or add --skip-bad to merge the others.`,
    example: { files: [{ file: "b.xlsx", zh: "不是 .xlsx 文件", en: "not an .xlsx file" }] },
    saysNothingWritten: true,
  },
  MERGE_NO_FILES: {
    zh: (p: { paths: string[] }) => `在 ${p.paths.join("、")} 中没有找到 .xlsx 文件。未写入任何内容。`,
    en: (p) => `No .xlsx files found in ${p.paths.join(", ")}. Nothing was written.`,
    example: { paths: ["申报/"] },
    saysNothingWritten: true,
  },
  PRIOR_NO_RESULTS: {
    zh: (p: { file: string; sheet: string }) =>
      `「${p.file}」中找不到上年的评定结果（工作表「${p.sheet}」没有「评定星级」或「星数」列及党支部名称列）；请选择上年评定后的工作簿。未写入任何内容。`,
    en: (p) =>
      `No results found in "${p.file}" (sheet "${p.sheet}" has no tier or star-count result column beside a branch-name column); choose last year's scored workbook. Nothing was written.`,
    example: { file: "2025.xlsx", sheet: "评分表" },
    saysNothingWritten: true,
  },
  PRIOR_NO_FIELD: {
    zh: (p: { rubric: string }) => `评定方案「${p.rubric}」没有「上年星级」字段，未使用上年结果`,
    en: (p) => `The scheme "${p.rubric}" has no last-year field; last year's results were not used`,
    example: { rubric: "自定义方案" },
  },
  PRIOR_COLUMN_REPLACED: {
    zh: (p: { column: string; file: string }) =>
      `上年星级取自「${p.file}」，表中 ${p.column} 列的上年星级未使用（该列未改动）`,
    en: (p) =>
      `Last year's stars are taken from "${p.file}"; column ${p.column} of the table was not used (and is unchanged)`,
    example: { column: "K", file: "2025.xlsx" },
  },
  NOT_FINALIZED: {
    zh: () => "工作簿尚未定稿，无需解除",
    en: () => "The workbook is not finalised; nothing to unfinalise",
  },
  ALREADY_FINALIZED: {
    zh: (p: { at: string }) =>
      `工作簿已于 ${p.at.slice(0, 10)} 定稿，仍写出原定稿结果；如要按现在的数据重新定稿，请先解除定稿`,
    en: (p) =>
      `The workbook was finalised on ${p.at.slice(0, 10)}; the finalised results were written. To finalise today's results, unfinalise first`,
    example: { at: "2026-12-01T08:00:00.000Z" },
  },
  RECORD_UNREADABLE: {
    zh: (p: { zh: string; en: string }) => `工作簿设置中的${p.zh}无法读取（可能被手工改动），本次未使用`,
    en: (p) => `The ${p.en} in the workbook's settings cannot be read (edited by hand?) and was not used`,
    example: { zh: "评定记录", en: "history of runs" },
  },
});
