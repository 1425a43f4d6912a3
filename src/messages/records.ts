/** Messages of the records a workbook carries beyond one run (src/workbook: merge, prior, final, history). */
import { counted, defineMessages } from "./core";

/** A file's reason, after its name unless the reason starts with it already ("b.csv 不是 .xlsx 文件"). */
function withFile(file: string, reason: string, colon: string): string {
  return reason.startsWith(file) ? reason : `${file}${colon}${reason}`;
}

/** A skipped submission as MERGE_SKIPPED lists it. */
export interface SkippedSubmission {
  file: string;
  zh: string;
  en: string;
}

/** The first three files, then how many more. */
function listed(files: readonly string[], sep: string): string {
  const more = files.length - 3;
  return files.slice(0, 3).join(sep) + (more > 0 ? `${sep}… (+${more})` : "");
}

export const recordMessages = defineMessages({
  /** Nothing to merge: each file with its reason (a lone .xls is told to be saved as .xlsx). */
  MERGE_NOTHING: {
    zh: (p: { files: SkippedSubmission[] }) =>
      `没有一个文件含有可汇总的评分表（${p.files.length} 个文件均未能读取或识别）：\n${p.files.map((f) => `  - ${withFile(f.file, f.zh, "：")}`).join("\n")}\n未写入任何内容。`,
    en: (p) =>
      `None of the files holds a scoring table to merge (${p.files.length} unreadable or unrecognised):\n${p.files.map((f) => `  - ${withFile(f.file, f.en, ": ")}`).join("\n")}\nNothing was written.`,
    example: {
      files: [
        {
          file: "a.xls",
          zh: "是旧版 .xls 文件，请另存为 .xlsx",
          en: "is an old .xls file: save it as .xlsx",
        },
      ],
    },
    saysNothingWritten: true,
  },
  MERGE_SKIPPED: {
    zh: (p: { files: SkippedSubmission[] }) =>
      `${p.files.length} 个文件未能汇总：\n${p.files.map((f) => `  - ${withFile(f.file, f.zh, "：")}`).join("\n")}`,
    en: (p) =>
      `${counted(p.files.length, "file")} could not be merged:\n${p.files.map((f) => `  - ${withFile(f.file, f.en, ": ")}`).join("\n")}`,
    example: { files: [{ file: "b.xlsx", zh: "不是 .xlsx 文件", en: "not an .xlsx file" }] },
  },
  MERGE_REFUSED: {
    zh: (p: { files: SkippedSubmission[]; page?: boolean }) =>
      `${p.files.length} 个文件未能汇总，为免只汇总一部分，未写入任何内容：\n${p.files.map((f) => `  - ${withFile(f.file, f.zh, "：")}`).join("\n")}\n${p.page ? "请修正这些文件，或把它们从列表中移除，再点「合并为一张表」。" : "请修正或移走这些文件；确要只汇总其余文件，请加 --skip-bad。"}`,
    en: (p) =>
      `${counted(p.files.length, "file")} could not be merged, so nothing was written (no partial merge):\n${p.files.map((f) => `  - ${withFile(f.file, f.en, ": ")}`).join("\n")}\n${p.page ? `Fix ${p.files.length === 1 ? "it" : "them"}, or remove ${p.files.length === 1 ? "it" : "them"} from the list and merge again.` : `Fix or remove ${p.files.length === 1 ? "it" : "them"}, or add --skip-bad to merge the others.`}`,
    example: { files: [{ file: "b.xlsx", zh: "不是 .xlsx 文件", en: "not an .xlsx file" }] },
    saysNothingWritten: true,
  },
  /** A file whose branch-name column cannot be told: merging would name each row by a guess. */
  MERGE_NAME_AMBIGUOUS: {
    zh: (p: { field: string; columns: { column: string; header: string }[] }) =>
      `有 ${p.columns.length} 列表头都可作「${p.field}」（${p.columns.map((c) => `${c.column} 列「${c.header}」`).join("、")}），汇总时无法确定用哪一列；请在该文件中删去或改名多余的列，再汇总`,
    en: (p) =>
      `${p.columns.length} columns could be "${p.field}" (${p.columns.map((c) => `column ${c.column} "${c.header}"`).join(", ")}), and a merge cannot tell which; delete or rename the extra columns in that file, then merge again`,
    example: {
      field: "党支部名称",
      columns: [
        { column: "B", header: "单位名称" },
        { column: "C", header: "支部名称" },
      ],
    },
  },
  MERGE_OTHER_SCHEME: {
    zh: (p: { scheme: { zh: string; en: string }; merged: { zh: string; en: string } }) =>
      `表格是「${p.scheme.zh}」方案的，与本次汇总的「${p.merged.zh}」方案不同；请确认这份文件是否报错了方案，或把它单独评定`,
    en: (p) =>
      `its table is of the rubric "${p.scheme.en}", not "${p.merged.en}" merged here; check whether the file was filled in on the wrong rubric, or rate it on its own`,
    example: {
      scheme: { zh: "星级党支部（三星起创）", en: "Star-rated Party branch" },
      merged: { zh: "五星级服务型党组织（百分制）", en: "Five-star service-oriented Party organisation" },
    },
  },
  MERGE_EARLIER: {
    zh: (p: { files: string[] }) =>
      `是 ${listed(p.files, "、")} 的早先汇总结果，其中的支部本次汇总的文件中都有，再汇总会使这些支部行重复；请把它移出要汇总的文件`,
    en: (p) =>
      `is an earlier merge of ${listed(p.files, ", ")}, and every branch in it is in the files merged here: merging it would repeat them; move it out of the files to merge`,
    example: { files: ["a.xlsx", "b.xlsx"] },
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
  PRIOR_NONE_MATCHED: {
    zh: (p: { file: string }) =>
      `「${p.file}」中的上年评定结果没有一个党支部名称与本表对应，未取用；请确认选择的是本单位上年评定后的工作簿`,
    en: (p) =>
      `No branch name in the results of "${p.file}" matches this table, so they were not used; check that it is your own scored workbook from last year`,
    example: { file: "2025.xlsx" },
  },
  PRIOR_SAME_INPUTS: {
    zh: (p: { file: string; count: number }) =>
      `「${p.file}」中按名称对应的 ${p.count} 个支部，各项得分与本表逐格相同：它像是本年度的评定结果，不像上年的；如选错了文件，请改选上年评定后的工作簿`,
    en: (p) =>
      `All ${p.count} branches of "${p.file}" matched by name have exactly this table's scores, cell for cell: it looks like this year's results, not last year's; if the wrong file was chosen, choose last year's scored workbook`,
    example: { file: "2026（评定结果）.xlsx", count: 18 },
  },
  PRIOR_NO_FIELD: {
    zh: (p: { rubric: string }) => `评定方案「${p.rubric}」没有「上年星级」字段，未使用上年结果`,
    en: (p) => `The rubric "${p.rubric}" has no last-year field; last year's results were not used`,
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
      `工作簿已于 ${p.at.slice(0, 10)} 定稿，仍写出原定稿结果；如要按现在的数据重新定稿，请先解除定稿（命令行 --unfinalize）`,
    en: (p) =>
      `The workbook was finalised on ${p.at.slice(0, 10)}; the finalised results were written. To finalise today's results, unfinalise first (--unfinalize on the command line)`,
    example: { at: "2026-12-01T08:00:00.000Z" },
  },
  /** Last year's results given to a run under 定稿: kept for later, but the frozen results stand. */
  PRIOR_UNDER_FINAL: {
    zh: (p: { at: string; file: string }) =>
      `工作簿已于 ${p.at.slice(0, 10)} 定稿：本次指定的上年结果「${p.file}」已保存，但写出的仍是定稿结果，动态变化和星级跨级核查仍按定稿时的数据；要按上年结果比较，请先解除定稿（命令行 --unfinalize）`,
    en: (p) =>
      `The workbook was finalised on ${p.at.slice(0, 10)}: last year's results from "${p.file}" were kept, but the finalised results were written, and the change since last year and the tier-jump check still use the data as finalised; to compare with last year's, unfinalise first (--unfinalize on the command line)`,
    example: { at: "2026-12-01T08:00:00.000Z", file: "2025（评定结果）.xlsx" },
  },
  RECORD_UNREADABLE: {
    zh: (p: { zh: string; en: string }) => `工作簿设置中的${p.zh}无法读取（可能被手工改动），本次未使用`,
    en: (p) => `The ${p.en} in the workbook's settings cannot be read (edited by hand?) and was not used`,
    example: { zh: "评定记录", en: "history of runs" },
  },
  CLI_MERGE_DONE: {
    zh: (p: { files: number; rows: number; rubric: string; rubricEn: string; output: string }) =>
      `已汇总 ${p.files} 个文件、${p.rows} 个支部行（${p.rubric}）：${p.output}`,
    en: (p) =>
      `Merged ${counted(p.files, "file")}, ${counted(p.rows, "branch row")} (${p.rubricEn}): ${p.output}`,
    example: { files: 2, rows: 40, rubric: "服务型", rubricEn: "Service", output: "申报汇总.xlsx" },
  },
  CLI_MERGE_FILE: {
    zh: (p: { file: string; sheet: string; rows: number }) => `  ${p.file} / ${p.sheet}：${p.rows} 行`,
    en: (p) => `  ${p.file} / ${p.sheet}: ${p.rows} rows`,
    example: { file: "一支部.xlsx", sheet: "评分表", rows: 20 },
  },
  CLI_MERGE_DUPLICATES: {
    zh: (p: { count: number; column: string }) => `${p.count} 个支部名称重复（已在「${p.column}」列标出）：`,
    en: (p) => `${counted(p.count, "duplicate name")} (marked in the "${p.column}" column):`,
    example: { count: 1, column: "合并核查" },
  },
  CLI_MERGE_DUPLICATE: {
    zh: (p: { name: string; places: { file: string; sheet: string; row: number }[] }) =>
      `  - ${p.name}：${p.places.map((w) => `${w.file} / ${w.sheet} 第${w.row}行`).join("；")}`,
    en: (p) => `  - ${p.name}: ${p.places.map((w) => `${w.file} / ${w.sheet} row ${w.row}`).join("; ")}`,
    example: { name: "第一党支部", places: [{ file: "a.xlsx", sheet: "评分表", row: 3 }] },
  },
  CLI_MERGE_MORE_DUPLICATES: {
    zh: (p: { more: number; column: string }) => `  ……另有 ${p.more} 个，见「${p.column}」列`,
    en: (p) => `  … ${p.more} more, see the "${p.column}" column`,
    example: { more: 3, column: "合并核查" },
  },
  CLI_MERGE_NEXT: {
    zh: (p: { output: string }) => `下一步：npm run cli -- score ${p.output}`,
    en: (p) => `Next: npm run cli -- score ${p.output}`,
    example: { output: "申报汇总.xlsx" },
  },
  CLI_RECORD_SECTION: {
    zh: (p: { title: string; note?: string }) => (p.note ? `${p.title}：${p.note}` : p.title),
    en: (p) => (p.note ? `${p.title}: ${p.note}` : p.title),
    example: { title: "申报汇总", note: "2 个文件" },
  },
  CLI_RECORD_MORE_ROWS: {
    zh: (p: { rows: number; sheet: string }) => `  ……共 ${p.rows} 行，见「${p.sheet}」`,
    en: (p) => `  … ${p.rows} rows in all, see the sheet "${p.sheet}"`,
    example: { rows: 25, sheet: "评定核查" },
  },
});
