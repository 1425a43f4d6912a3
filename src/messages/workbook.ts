/** Messages of the workbook layer (src/workbook): notices, table and run errors, how blocks were read. */
import { counted, defineMessages, sentence, type BothNames, type MessageLike, type Renderer } from "./core";

export type { BothNames };

/** Why a row of the table is not rated (docs/layout.md). */
export interface SkippedRow {
  row: number;
  reason: "total" | "header" | "note";
  /** The row's label as typed (合计, 填表人：…); "" for a note with no text in the name column. */
  name: string;
}

/** A side-by-side block as BLOCKS_READ describes it. */
export interface BlockRead {
  /** "C–G". */
  columns: string;
  title: string;
  /** committee: scored; lone: a self/survey/other block scored because no committee block exists. */
  use: "committee" | "lone" | "self" | "survey" | "other";
  /** The self block's sum is the self score (no 自评分 column of its own). */
  selfSum: boolean;
  /** The fields the block holds, listed in each language. */
  held: BothNames;
}

/** Rows named in ROWS_SKIPPED; the rest are counted. */
const SKIPPED_LISTED = 20;

function skippedZh(x: SkippedRow): string {
  const name = x.name.replace(/\s+/g, " ");
  if (x.reason === "total") return `第${x.row}行（合计行「${name}」）`;
  if (x.reason === "header") return `第${x.row}行（重复的表头）`;
  return name === "" ? `第${x.row}行（表下说明）` : `第${x.row}行（说明文字「${name}」）`;
}

function skippedEn(x: SkippedRow): string {
  const name = x.name.replace(/\s+/g, " ");
  if (x.reason === "total") return `row ${x.row} (a total row "${name}")`;
  if (x.reason === "header") return `row ${x.row} (the header repeated)`;
  return name === "" ? `row ${x.row} (a note below the table)` : `row ${x.row} (a note "${name}")`;
}

function blockZh(b: BlockRead): string {
  const role =
    b.use === "committee"
      ? "机关党委评定分，据此评定"
      : b.use === "lone"
        ? `表中没有机关党委考评分组，按此分组的分数评定（${b.held.zh}）`
        : b.use === "self"
          ? `支部自评，不据此评定${b.selfSum ? "，合计作为自评分" : ""}，逐项与评定分对照写入评定说明`
          : b.use === "survey"
            ? `测评，只读取其中的${b.held.zh}`
            : `未能判断是自评、测评还是考评（${b.held.zh}）`;
  return `${b.columns} 列「${b.title}」：${role}`;
}

function blockEn(b: BlockRead): string {
  const role =
    b.use === "committee"
      ? "the committee's scores: these are rated"
      : b.use === "lone"
        ? `no committee block in the table: its values are rated as they are (${b.held.en})`
        : b.use === "self"
          ? `the branch's self-assessment, not rated (${b.selfSum ? "their sum is the self score, and " : ""}each criterion is compared with the committee's score in the explanation)`
          : b.use === "survey"
            ? `the survey: read for what it holds (${b.held.en})`
            : `not recognised as self, survey or committee (${b.held.en})`;
  return `columns ${b.columns} "${b.title}": ${role}`;
}

// Typed constants, so that each entry's parameter type comes from its zh template, not the example.
const SKIPPED_EXAMPLE: { rows: SkippedRow[] } = { rows: [{ row: 12, reason: "total", name: "合计" }] };
const BLOCKS_EXAMPLE: { blocks: BlockRead[] } = {
  blocks: [
    {
      columns: "C–G",
      title: "支部自评",
      use: "self",
      selfSum: true,
      held: { zh: "服务体系", en: "Service system" },
    },
    {
      columns: "H–L",
      title: "机关党委考评",
      use: "committee",
      selfSum: false,
      held: { zh: "服务体系", en: "Service system" },
    },
  ],
};

/** The tool's own sheets, as a stale copy of one is named (stale-copies.ts). */
export type StaleOwnedKind = "summary" | "review" | "notice";
const STALE_OWNED_NAMES: Record<StaleOwnedKind, [string, string]> = {
  summary: ["评定汇总", "a summary"],
  review: ["评定核查", "a check list"],
  notice: ["公示名单", "a notice"],
};

const blockMessages = defineMessages({
  /** 监督电话/联系人 typed into the tool's 公示名单, kept into the settings (notice.ts typedNoticeContact). */
  NOTICE_CONTACT_KEPT: {
    zh: (p: { phone: string | null; contact: string | null }) =>
      `沿用您在「公示名单」中填写的${[p.phone !== null ? `监督电话「${p.phone}」` : "", p.contact !== null ? `联系人「${p.contact}」` : ""].filter((x) => x !== "").join("、")}，已存入工作簿设置（也可在评定面板的公示设置中或用 --notice-phone、--notice-contact 修改）`,
    en: (p) =>
      `Kept what you typed into the public notice sheet: ${[p.phone !== null ? `phone "${p.phone}"` : "", p.contact !== null ? `contact "${p.contact}"` : ""].filter((x) => x !== "").join(", ")}, now stored in the workbook's settings (change it in the pane's notice settings or with --notice-phone, --notice-contact)`,
    example: { phone: "0351-1234567", contact: "王老师" },
  },
  /** A sheet that is an earlier run's summary, list or notice, renamed or copied: not updated (stale-copies.ts). */
  STALE_OWNED_COPY: {
    zh: (p: { sheet: string; kind: StaleOwnedKind }) =>
      `工作表「${p.sheet}」是本工具以前写出的${STALE_OWNED_NAMES[p.kind][0]}（可能改过名或复制过），本次没有更新，其中仍是旧结果；上报或公示请用本次写出的表，不再需要的话请删除它`,
    en: (p) =>
      `Sheet "${p.sheet}" is ${STALE_OWNED_NAMES[p.kind][1]} this tool wrote before (renamed or copied, perhaps); this run did not update it and it holds old results: hand up or post the sheets this run wrote, and delete it if it is no longer needed`,
    example: { sheet: "汇总（上报）", kind: "summary" },
  },
  /** Another sheet with the result columns (a copy of the scored sheet, last year's): not updated. */
  STALE_RESULT_COPY: {
    zh: (p: { sheet: string; scored: string }) =>
      `工作表「${p.sheet}」中也有评定结果列，本次没有更新它（本次评定的是「${p.scored}」）；如果该表也要评定，请另行选择它评定`,
    en: (p) =>
      `Sheet "${p.sheet}" has result columns too; this run did not update it (it rated "${p.scored}"): to rate that sheet, choose it and rate it separately`,
    example: { sheet: "评分表 (2)", scored: "评分表" },
  },
  /** Result cells an earlier run wrote in rows now left alone (a branch row become a 合计 row). */
  STALE_RESULTS_IN_SKIPPED_ROWS: {
    zh: (p: { rows: number[]; cell: string; tier: string }) =>
      `第 ${p.rows.join("、")} 行不作为支部评定（合计行等），但其评定列中还留有上次写入的结果（如 ${p.cell}「${p.tier}」），本工具不改动这类行；如果这些行已不是支部，请删除其中的评定结果`,
    en: (p) =>
      p.rows.length === 1
        ? `Row ${p.rows[0]} is not rated as a branch (a total row or the like) but still holds results written by an earlier run (e.g. ${p.cell} "${p.tier}"); the tool leaves such rows alone: if it is no longer a branch, delete those results`
        : `Rows ${p.rows.join(", ")} are not rated as branches (total rows or the like) but still hold results written by an earlier run (e.g. ${p.cell} "${p.tier}"); the tool leaves such rows alone: if they are no longer branches, delete those results`,
    example: { rows: [33], cell: "T33", tier: "二星级" },
  },
  /** Every row of the table that is not rated, and why (issue 10: never drop a row silently). */
  ROWS_SKIPPED: {
    zh: (p: { rows: SkippedRow[] }) => {
      const listed = p.rows.slice(0, SKIPPED_LISTED).map(skippedZh);
      const more = p.rows.length - listed.length;
      return `有 ${p.rows.length} 行未作为支部评定：${listed.join("、")}${more > 0 ? `等（另有 ${more} 行）` : ""}`;
    },
    en: (p) => {
      const listed = p.rows.slice(0, SKIPPED_LISTED).map(skippedEn);
      const more = p.rows.length - listed.length;
      const n = p.rows.length;
      return `${n} row${n === 1 ? " was" : "s were"} not rated as ${n === 1 ? "a branch" : "branches"}: ${listed.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
    },
    example: SKIPPED_EXAMPLE,
  },
  /** How side-by-side blocks (支部自评 | 机关党委考评) were read, one clause per block. */
  BLOCKS_READ: {
    zh: (p: { blocks: BlockRead[] }) => `按各列上方的分组表头读取：${p.blocks.map(blockZh).join("；")}`,
    en: (p) => `Read by the group headers above the columns: ${p.blocks.map(blockEn).join("; ")}`,
    example: BLOCKS_EXAMPLE,
  },
  /** A carried mapping that would score a self or survey block beside the committee's: not followed. */
  MAPPING_SELF_BLOCK: {
    zh: (p: { field: BothNames; column: string }) =>
      `已保存的列对应关系把「${p.field.zh}」放在 ${p.column} 列，但该列属于自评或测评分组；表中有机关党委考评分组，改用考评分组中的列。确需按 ${p.column} 列评定，请在评定面板中重新指定。`,
    en: (p) =>
      `The stored mapping put "${p.field.en}" in column ${p.column}, which stands under a self-assessment or survey group; the table has a committee block, so its column is used. To rate by column ${p.column}, pick it again in the task pane.`,
    example: { field: { zh: "服务体系", en: "Service system" }, column: "C" },
  },
  /** Added to MISSING_COLUMN: required criteria found only beside the committee's block. */
  ONLY_BESIDE_COMMITTEE: {
    zh: (p: { fields: { name: BothNames; group: string }[] }) =>
      `${p.fields.map((f) => `「${f.name.zh}」只在「${f.group}」下`).join("，")}：表中有机关党委考评分组，自评和测评的分数不作评定分。`,
    en: (p) =>
      `${p.fields.map((f) => `"${f.name.en}" stands only under "${f.group}"`).join(", ")}: the table has a committee block, and self or survey scores are not rated.`,
    example: { fields: [{ name: { zh: "服务业绩", en: "Service performance" }, group: "支部自评" }] },
  },
  /** The explanation's comparison of self and committee scores, for the criteria that differ. */
  SELF_COMPARISON: {
    zh: (p: { items: { name: BothNames; self: string; committee: string }[] }) =>
      `自评与考评不同：${p.items.map((i) => `${i.name.zh} 自评${i.self} / 考评${i.committee}`).join("，")}`,
    en: (p) =>
      `self and committee scores differ: ${p.items.map((i) => `${i.name.en} self ${i.self} / committee ${i.committee}`).join(", ")}`,
    example: { items: [{ name: { zh: "服务机制", en: "Service mechanism" }, self: "18", committee: "15" }] },
  },
});

/** A required field as the user may head it: its label and the other headers it is known by. */
export interface FieldHeaders {
  label: string;
  others: string[];
}

function headersZh(f: FieldHeaders): string {
  return f.others.length === 0 ? f.label : `${f.label}（或：${f.others.join("、")}）`;
}

function headersEn(f: FieldHeaders): string {
  return f.others.length === 0 ? f.label : `${f.label} (also: ${f.others.join(", ")})`;
}

/** MISSING_COLUMN's note on required criteria found only beside the committee's block. */
function asideZh(fields: { name: BothNames; group: string }[]): string {
  return fields.length === 0 ? "" : blockMessages.ONLY_BESIDE_COMMITTEE.zh({ fields }, String);
}

function asideEn(fields: { name: BothNames; group: string }[]): string {
  return fields.length === 0 ? "" : `${blockMessages.ONLY_BESIDE_COMMITTEE.en({ fields }, String)} `;
}

/** A problem found in a rubric, as the schema reports it (path and both languages). */
export interface RubricProblem {
  path: string;
  zh: string;
  en: string;
}

/** A cause's text closed with 未写入任何内容。 unless it says so already. */
function closedZh(text: string): string {
  const t = text.replace(/[。.]$/, "");
  return t.endsWith("未写入任何内容") ? `${t}。` : `${t}。未写入任何内容。`;
}
function closedEn(text: string): string {
  const t = text.replace(/\.$/, "");
  return t.endsWith("Nothing was written") ? `${t}.` : `${t}. Nothing was written.`;
}

const quotedZh = (names: string[]): string => names.map((n) => `「${n}」`).join("、");
const quotedEn = (names: string[]): string => names.map((n) => `"${n}"`).join(", ");

const settingsNotices = defineMessages({
  SETTINGS_UNREADABLE: {
    zh: (p: { sheet: string; why: "unparsable" | "foreign" }) =>
      p.why === "unparsable"
        ? `工作簿中的评定设置（工作表「${p.sheet}」）无法读取，已忽略并重新识别表格；重新评定后会写入新的设置。`
        : `工作表「${p.sheet}」中的内容不是星级评定设置，已忽略。`,
    en: (p) =>
      p.why === "unparsable"
        ? `The rating settings stored in the workbook (sheet "${p.sheet}") cannot be read; they were ignored and the table detected again. The next rating stores new settings.`
        : `Sheet "${p.sheet}" does not hold star-rating settings; ignored.`,
    example: { sheet: "_星级评定", why: "unparsable" },
  },
  SETTINGS_NEWER: {
    zh: (p: { version: string }) =>
      `工作簿中的评定设置由更新版本的星级评定助手写入（版本 ${p.version}），本版本无法使用，已按自动识别处理，并保留原设置不覆盖。请升级后再评定以使用其中的方案。`,
    en: (p) =>
      `The rating settings in this workbook were written by a newer version of Star Rating (version ${p.version}); this version cannot use them, so the table was detected automatically and the stored settings were left untouched. Upgrade to use the rubric they hold.`,
    example: { version: "2" },
  },
  SETTINGS_RUBRIC_INVALID: {
    zh: (p: { problem: RubricProblem | null }) =>
      `工作簿中保存的评定方案无效（${p.problem ? `${p.problem.path}：${p.problem.zh}` : "格式错误"}），已改用自动识别的方案。`,
    en: (p) =>
      `The rubric stored in the workbook is invalid (${p.problem ? `${p.problem.path}: ${p.problem.en}` : "malformed"}); a detected rubric was used instead.`,
    example: { problem: { path: "tiers", zh: "必填", en: "is required" } },
  },
  SETTINGS_PARTIAL: {
    zh: () => "工作簿中保存的列对应关系不完整，已重新识别表格。",
    en: () => "The column mapping stored in the workbook is incomplete; the table was detected again.",
  },
});

const layoutNotices = defineMessages({
  COLUMN_READ_AS_COUNT: {
    zh: (p: { column: string; header: string; field: BothNames; min: number; yes: string; no: string }) =>
      `${p.column} 列「${p.header}」填的是次数，按「${p.field.zh}」读取（${p.min} 次及以上为达到）；如该列是是/否，请改填${p.yes}或${p.no}。`,
    en: (p) =>
      `Column ${p.column} ("${p.header}") holds counts, so it is read as "${p.field.en}" (${p.min} or more meets it); if it is a yes/no column, enter ${p.yes} or ${p.no}.`,
    example: {
      column: "K",
      header: "文体活动",
      field: { zh: "文体活动次数", en: "Cultural and sports activities (count)" },
      min: 2,
      yes: "是",
      no: "否",
    },
  },
  MAPPING_STALE: {
    zh: (p: { header: string; column: string }) =>
      `已保存的列对应关系中「${p.header}」不再位于 ${p.column} 列，且未在表头中找到，请在评定面板中重新指定。`,
    en: (p) =>
      `The stored mapping put "${p.header}" in column ${p.column}, but it is no longer there or anywhere in the header row; pick its column again in the task pane.`,
    example: { header: "服务业绩", column: "D" },
  },
  MAPPING_UNKNOWN_FIELD: {
    zh: (p: { field: string }) => `列对应关系中的「${p.field}」不是本方案的字段，已忽略。`,
    en: (p) => `"${p.field}" in the column mapping is not a field of this rubric; ignored.`,
    example: { field: "bogus" },
  },
  MAPPING_BAD_COLUMN: {
    zh: (p: { field: string; column: string }) =>
      `列对应关系中「${p.field}」的列「${p.column}」不是有效的列号，已忽略。`,
    en: (p) => `Column "${p.column}" given for "${p.field}" in the mapping is not a valid column; ignored.`,
    example: { field: "service", column: "3" },
  },
  MAPPING_TOOK_COLUMN: {
    zh: (p: { column: string; header: string; field: BothNames; by: BothNames }) =>
      `${p.column} 列「${p.header}」按表头是「${p.field.zh}」，列对应关系却把它指定给了「${p.by.zh}」：「${p.field.zh}」因此没有列。一列只能对应一个字段，请改正指定（命令行 --map，或评定面板中的列对应）。`,
    en: (p) =>
      `Column ${p.column} ("${p.header}") is "${p.field.en}" by its header, but the mapping gives it to "${p.by.en}", leaving "${p.field.en}" without a column. A column maps to one field only: correct the mapping (--map on the command line, or the pane's column mapping).`,
    example: {
      column: "E",
      header: "队伍分",
      field: { zh: "服务队伍", en: "Team" },
      by: { zh: "服务机制", en: "Mechanism" },
    },
  },
  MAPPING_EMPTY_COLUMN: {
    zh: (p: { field: BothNames; column: string; found: { column: string; header: string } | null }) =>
      `列对应关系中「${p.field.zh}」的 ${p.column} 列是空的（没有表头，也没有数据），已忽略${p.found ? `；「${p.field.zh}」仍按表头读取 ${p.found.column} 列「${p.found.header}」` : ""}。`,
    en: (p) =>
      `Column ${p.column} given for "${p.field.en}" in the mapping is empty (no header, no values); ignored${p.found ? `. "${p.field.en}" is still read from column ${p.found.column} ("${p.found.header}"), found by its header` : ""}.`,
    example: {
      field: { zh: "服务机制", en: "Mechanism" },
      column: "Z",
      found: { column: "F", header: "机制分（20）" },
    },
  },
  NOTICE_PERIOD_REVERSED: {
    zh: (p: { from: string; to: string }) =>
      `公示期的结束日期 ${p.to} 早于开始日期 ${p.from}（其中一个是以前评定时保存在工作簿中的）：请把开始和结束日期一起重新指定（命令行 --notice-from 和 --notice-to）。未写入任何内容。`,
    en: (p) =>
      `The notice period would end (${p.to}) before it starts (${p.from}); one of the two dates was saved in the workbook by an earlier run: give both again (--notice-from and --notice-to on the command line). Nothing was written.`,
    example: { from: "2026-12-10", to: "2026-12-03" },
    saysNothingWritten: true,
  },
  NO_BRANCH_ROWS: {
    zh: (p: { sheet: string; headerRow: number }) =>
      `工作表「${p.sheet}」第 ${p.headerRow} 行是表头，下面还没有支部行：只写出了评定列的表头和空的汇总表。填好各支部的名称和分数后再评定。`,
    en: (p) =>
      `Sheet "${p.sheet}": row ${p.headerRow} is the header, with no branch rows below it yet: only the result headers and empty summary sheets were written. Fill in the branches' names and scores, then score again.`,
    example: { sheet: "评分表", headerRow: 2 },
  },
  NOTES_BELOW_TABLE: {
    zh: (p: { first: number; last: number }) =>
      `第 ${p.first === p.last ? p.first : `${p.first}–${p.last}`} 行位于表格之后且没有分数，视为表下说明，未评定，也未写入。如其中有支部，请把它移到表格中并填上分数。`,
    en: (p) =>
      `Row${p.first === p.last ? "" : "s"} ${p.first === p.last ? p.first : `${p.first}–${p.last}`} lie below the table and hold no score: read as notes, not rated and not written to. If a branch is among them, move it into the table and fill in its scores.`,
    example: { first: 5, last: 6 },
  },
  GROUP_BLANKS_MERGES_UNKNOWN: {
    zh: (p: { header: string; column: string; count: number; first: number }) =>
      `「${p.header}」列（${p.column} 列）有 ${p.count} 个支部是空白（如第${p.first}行），在分组统计中记为（未填）。如果这些是合并单元格：此版本的 Excel 无法告诉本工具哪些单元格已合并，请取消合并并在每行填写，或用 Microsoft 365 版 Excel、命令行或网页评定。`,
    en: (p) =>
      `${counted(p.count, "branch", "branches")} ${p.count === 1 ? "has" : "have"} a blank "${p.header}" (column ${p.column}, e.g. row ${p.first}) and are counted under (blank) in the group table. If these cells are merged: this version of Excel cannot tell the add-in which cells are merged; unmerge them and fill in every row, or rate with Excel for Microsoft 365, the command line or the page.`,
    example: { header: "所属党委", column: "C", count: 16, first: 5 },
  },
  HIDDEN_ROWS_SCORED: {
    zh: (p: { count: number; first: number }) =>
      `有 ${p.count} 个隐藏行（如第${p.first}行）也参与了评定：隐藏只影响显示，不等于删除。`,
    en: (p) =>
      `${counted(p.count, "hidden row")} (${p.count === 1 ? "" : "e.g. "}row ${p.first}) ${p.count === 1 ? "was" : "were"} rated too: hiding a row does not remove it.`,
    example: { count: 2, first: 7 },
  },
});

const runNotices = defineMessages({
  PRESET_UPDATED: {
    zh: (p: { name: string; nameEn: string; id: string; carried: string; bundled: string }) =>
      `本工作簿保存的评定方案「${p.name}」是 ${p.carried} 版，本工具内置的同名方案已更新到 ${p.bundled} 版（规则或说明有修订）；本次仍按工作簿保存的方案评定。如要改用新版：在评定面板的「使用的方案」中选择内置方案后重新评定，或在命令行加 --rubric ${p.id}。`,
    en: (p) =>
      `This workbook keeps its own copy of the rubric "${p.nameEn}", version ${p.carried}; the rubric built into this tool is now version ${p.bundled} (rules or notes revised). This run used the workbook's copy. To use the new version, choose the built-in rubric under "Rubric in use" in the pane and rate again, or add --rubric ${p.id} on the command line.`,
    example: {
      name: "五星级服务型党组织（百分制）",
      nameEn: "Five-star service-oriented Party organisation",
      id: "service-org",
      carried: "1.0.0",
      bundled: "1.1.0",
    },
  },
  /** First run on a sheet with a page setup of the user's own, which is kept: its print area may leave the results out. */
  OWN_PAGE_SETUP_KEPT: {
    zh: (p: { sheet: string; columns: string }) =>
      `工作表「${p.sheet}」有自己的页面设置（如打印区域、缩放），本工具未改动；评定结果写在 ${p.columns} 列，打印前请在「页面布局」中确认这些列在打印区域内。`,
    en: (p) =>
      `Sheet "${p.sheet}" has its own page setup (a print area, scaling), which was left as it is; the results are in ${/[–,]/.test(p.columns) ? "columns" : "column"} ${p.columns}: before printing, check under Page Layout that they are in the print area.`,
    example: { sheet: "评分表", columns: "K–P" },
  },
  SHEET_FALLBACK: {
    zh: (p: { first: string; used: string; others: string[] }) =>
      `未指定工作表：「${p.first}」中没有评分表，已使用「${p.used}」。${
        p.others.length > 0
          ? `含评分表的工作表还有：${quotedZh(p.others)}；如要评定其他工作表，请先激活它，或在命令行用 --sheet 指定。`
          : ""
      }`,
    en: (p) =>
      `No sheet was named and "${p.first}" holds no scoring table, so "${p.used}" was used.${
        p.others.length > 0
          ? ` Other sheets with a table: ${quotedEn(p.others)}; to rate another, activate it first or pass --sheet on the command line.`
          : ""
      }`,
    example: { first: "说明", used: "2025年", others: ["2026年"] },
  },
  SUMMARY_RENAMED: {
    zh: (p: { wanted: string; used: string }) =>
      `工作簿中已有名为「${p.wanted}」的工作表（不是本工具生成的），汇总写入「${p.used}」，原表未改动。`,
    en: (p) =>
      `The workbook already has a sheet of its own named "${p.wanted}"; the summary was written to "${p.used}" and that sheet was left unchanged.`,
    example: { wanted: "评定汇总", used: "评定汇总 (2)" },
  },
  PAGE_SETUP_NOT_SUPPORTED: {
    zh: () =>
      "评定结果已写入；但此版本的 Excel 不允许加载项设置打印格式（需要 Excel 2019、Microsoft 365 或网页版），纸张、方向、打印标题和页码未设置。打印前请在「页面布局」中设置：A4 横向、调整为一页宽、打印标题重复表头行。",
    en: () =>
      "The results were written, but this version of Excel does not let add-ins set up printing (it needs Excel 2019, Microsoft 365 or Excel on the web), so paper, orientation, print titles and page numbers were not set. Before printing, set them in Page Layout: A4 landscape, fit to one page wide, print titles repeating the header rows.",
  },
});

const tableErrors = defineMessages({
  NO_TABLE_HEADER: {
    zh: (p: { sheet: string; rows: number; rubric: string; rubricEn: string; expected: FieldHeaders[] }) =>
      `在工作表「${p.sheet}」的前${p.rows}行中没有找到评分表的表头（方案「${p.rubric}」）。应有的表头：${p.expected.map(headersZh).join("；")}。`,
    en: (p) =>
      `No scoring table header was found in the first ${p.rows} rows of sheet "${p.sheet}" (rubric "${p.rubricEn}"). Expected headers: ${p.expected.map(headersEn).join("; ")}.`,
    example: {
      sheet: "Sheet1",
      rows: 12,
      rubric: "服务型",
      rubricEn: "Service",
      expected: [{ label: "支部名称", others: ["党支部"] }],
    },
  },
  SHEET_EMPTY: {
    zh: (p: { sheet: string }) =>
      `工作表「${p.sheet}」是空的，没有评分表；请在有评分表的工作表上评定，或先用「新建评分表」（命令行 template）建一张。`,
    en: (p) =>
      `Sheet "${p.sheet}" is empty: there is no scoring table to rate; score the sheet that has one, or create one first (New scoring sheet; template on the command line).`,
    example: { sheet: "Sheet1" },
  },
  NO_RUBRIC_MATCH: {
    zh: (p: { sheet: string; presets: { id: string; name: string; nameEn: string }[]; rows: number }) =>
      `工作表「${p.sheet}」的表头与任何内置评定方案都不相符，无法自动选择方案（表头在前 ${p.rows} 行中查找；表头更靠下时，请删去上方多余的行）。可用的方案：${p.presets
        .map((r) => `${r.id}（${r.name}）`)
        .join("、")}。请指定方案（命令行 --rubric，或在评定面板中选择）。`,
    en: (p) =>
      `The headers of sheet "${p.sheet}" match none of the built-in rubrics, so none could be chosen (the header row is looked for in the first ${p.rows} rows; if it is lower, delete the rows above it). Available: ${p.presets
        .map((r) => `${r.id} (${r.nameEn})`)
        .join(", ")}. Choose one (--rubric on the command line, or in the task pane).`,
    example: {
      sheet: "Sheet1",
      presets: [{ id: "service-org", name: "服务型", nameEn: "Service" }],
      rows: 12,
    },
  },
  MISSING_COLUMN: {
    zh: (p: {
      sheet: string;
      missing: FieldHeaders[];
      asideOnly: { name: BothNames; group: string }[];
      headerRow: number;
      found: string[];
    }) =>
      `工作表「${p.sheet}」缺少必需的列：${p.missing.map(headersZh).join("；")}。${asideZh(p.asideOnly)}第${p.headerRow}行找到的表头：${p.found.length ? p.found.join("、") : "（无）"}。请补上这些列，或在「识别的表格」中指定对应的列（Excel 中在评定面板里）。未写入任何内容。`,
    en: (p) =>
      `Sheet "${p.sheet}" lacks the required ${p.missing.length === 1 ? "column" : "columns"} ${p.missing.map(headersEn).join("; ")}. ${asideEn(p.asideOnly)}Headers found in row ${p.headerRow}: ${p.found.length ? p.found.join(", ") : "(none)"}. Add ${p.missing.length === 1 ? "the column or map it" : "the columns or map them"} under "Detected table" (in Excel, in the Rating Pane). Nothing was written.`,
    example: {
      sheet: "Sheet1",
      missing: [{ label: "服务业绩", others: [] }],
      asideOnly: [{ name: { zh: "服务业绩", en: "Service performance" }, group: "支部自评" }],
      headerRow: 2,
      found: ["支部名称"],
    },
    saysNothingWritten: true,
  },
});

/** A tier's count in a run's result line (the tier's label in the line's language). */
export interface TierTally {
  label: string;
  count: number;
}

const runSummary = defineMessages({
  /** The line a run ends with (CLI, pane): how many rated, by tier, and how many not. */
  RESULT_LINE: {
    zh: (p: { rated: number; tiers: TierTally[]; notRated: number }) =>
      `已评定 ${p.rated} 个支部${p.tiers.length ? `：${p.tiers.map((t) => `${t.label} ${t.count}`).join("，")}` : ""}${p.notRated > 0 ? `；未评定 ${p.notRated} 个` : ""}`,
    en: (p) =>
      `Rated ${counted(p.rated, "branch", "branches")}${p.tiers.length ? ` (${p.tiers.map((t) => `${t.label}: ${t.count}`).join(", ")})` : ""}${p.notRated > 0 ? `; ${p.notRated} not rated` : ""}`,
    example: {
      rated: 27,
      tiers: [
        { label: "五星级", count: 4 },
        { label: "四星级", count: 6 },
      ],
      notRated: 3,
    },
  },
});

/** A result cell not as a run writes it, and why (`stars`: the 星数 cell it disagrees with; src/workbook/hand-edits.ts). */
export interface HandEdit {
  cell: string;
  text: string;
  kind: "tier" | "eligibility" | "explanation" | "total" | "flags";
  starsCell?: string;
  stars?: string;
}

function handEditZh(e: HandEdit): string {
  const stars = `${e.starsCell ?? ""} 星数${e.stars ? `「${e.stars}」` : "（空）"}`;
  if (e.kind === "tier")
    return e.text === "" ? `${e.cell} 为空，与 ${stars}不一致` : `${e.cell}「${e.text}」与 ${stars}不一致`;
  if (e.kind === "total") return `${e.cell} 总分「${e.text}」与评定说明中的总分不一致`;
  if (e.kind === "flags") return `${e.cell}「${e.text}」不是评定写出的标记`;
  return e.kind === "eligibility"
    ? `${e.cell}「${e.text}」不是该星级的评先资格`
    : `${e.cell}「${e.text}」不是评定写出的说明`;
}

function handEditEn(e: HandEdit): string {
  const stars = e.stars ? `"${e.stars}"` : "blank";
  if (e.kind === "tier")
    return e.text === ""
      ? `${e.cell} is blank while ${e.starsCell ?? ""} holds stars (${stars})`
      : `${e.cell} "${e.text}" does not match the stars in ${e.starsCell ?? ""} (${stars})`;
  if (e.kind === "total") return `${e.cell} total "${e.text}" is not the total its explanation gives`;
  if (e.kind === "flags") return `${e.cell} "${e.text}" is not a flag text a run wrote`;
  return e.kind === "eligibility"
    ? `${e.cell} "${e.text}" is not the eligibility a run writes for those stars`
    : `${e.cell} "${e.text}" is not an explanation a run wrote`;
}

const runErrors = defineMessages({
  RESULT_COLUMN_HOLDS_FORMULAS: {
    zh: (p: { sheet: string; header: string; cell: string }) =>
      `工作表「${p.sheet}」的「${p.header}」列是您自己的公式（如 ${p.cell}）：本工具要在这一列写评定结果，会替换这些公式。请把这一列的表头改名（如「自算${p.header}」，本工具会在表格右侧另写评定列），或删除其中的公式，再评定。未写入任何内容。`,
    en: (p) =>
      `Sheet "${p.sheet}": the column "${p.header}" holds your own formulas (e.g. ${p.cell}); the results would be written there, replacing them. Rename that column's header (the tool then writes its own result columns right of the table) or delete its formulas, then score again. Nothing was written.`,
    example: { sheet: "评分表", header: "评定星级", cell: "Q4" },
    saysNothingWritten: true,
  },
  RESULT_COLUMN_HOLDS_VALUES: {
    zh: (p: { sheet: string; header: string; cells: { cell: string; text: string }[] }) =>
      `工作表「${p.sheet}」的「${p.header}」列已有内容（${p.cells.map((c) => `${c.cell}「${c.text}」`).join("、")}），与本次评定结果不同，工作簿中也没有本工具写出它们的记录，可能是手工填写的：本工具要在这一列写评定结果，会覆盖它们。请把这一列的表头改名（如「手填${p.header}」，本工具会在表格右侧另写评定列）；如果它们是以前评定写出的结果，请先清空这一列，再评定。未写入任何内容。`,
    en: (p) =>
      `Sheet "${p.sheet}": the column "${p.header}" already holds values (${p.cells.map((c) => `${c.cell} "${c.text}"`).join(", ")}) that differ from this run's results, and the workbook has no record of this tool writing them: they may have been typed. The results would be written there, replacing them. Rename that column's header (the tool then writes its own result columns right of the table); if they are results an earlier run wrote, clear the column first, then score again. Nothing was written.`,
    example: { sheet: "评分表", header: "评定星级", cells: [{ cell: "M3", text: "五星级（党委会定）" }] },
    saysNothingWritten: true,
  },
  RESULTS_EDITED_BY_HAND: {
    zh: (p: { sheet: string; edits: HandEdit[]; more: number }) =>
      `工作表「${p.sheet}」的评定结果似乎被手工改过：${p.edits.map(handEditZh).join("；")}${p.more > 0 ? `，另有 ${p.more} 处` : ""}。每次评定都会按评分重写评定列，这些修改会被覆盖。若是有意调整评定结果，请把它记在您自己的列（如「备注」）中；若要按评分重新评定，请先清除这些单元格，再评定。未写入任何内容。`,
    en: (p) =>
      `Sheet "${p.sheet}": the results seem to have been edited by hand: ${p.edits.map(handEditEn).join("; ")}${p.more > 0 ? `, and ${p.more} more` : ""}. Every run writes the result columns again from the scores, which would overwrite these edits. To keep an adjustment, record it in a column of your own (a notes column); to rate from the scores, clear these cells first, then score again. Nothing was written.`,
    example: {
      sheet: "评分表",
      edits: [
        { cell: "S6", text: "五星级", kind: "tier", starsCell: "R6", stars: "4" },
        { cell: "T7", text: "推荐", kind: "eligibility" },
        { cell: "V8", text: "经党委研究同意", kind: "explanation" },
        { cell: "Q9", text: "90", kind: "total" },
        { cell: "U10", text: "已核实", kind: "flags" },
      ],
      more: 2,
    },
    saysNothingWritten: true,
  },
  NO_ROOM_FOR_RESULTS: {
    zh: (p: { sheet: string; missing: number }) =>
      `工作表「${p.sheet}」放不下评定结果：还需要 ${p.missing} 列，但表格右侧直到 Excel 的最后一列 XFD 都已有内容、被隐藏或属于表格。请删除或移走表格右侧不用的列（或把表格移到左边），再评定。未写入任何内容。`,
    en: (p) =>
      `Sheet "${p.sheet}" has no room for ${counted(p.missing, "more result column")}: every column right of the table up to XFD, Excel's last column, holds data, is hidden or is used by the table. Delete or move unused columns right of the table (or the table itself to the left), then score again. Nothing was written.`,
    example: { sheet: "评分表", missing: 2 },
    saysNothingWritten: true,
  },
  WORKBOOK_NO_SHEET: {
    zh: (p: { sheet: string }) => `工作簿中没有名为「${p.sheet}」的工作表。未写入任何内容。`,
    en: (p) => `The workbook has no sheet named "${p.sheet}". Nothing was written.`,
    example: { sheet: "2027年" },
    saysNothingWritten: true,
  },
  WORKBOOK_UNREADABLE: {
    zh: (p: { cause: MessageLike }, r: Renderer) => `无法读取工作簿：${closedZh(r(p.cause))}`,
    en: (p, r) => `The workbook cannot be read: ${closedEn(r(p.cause))}`,
    example: { cause: { code: "TEXT", params: { zh: "压缩包损坏", en: "zip is corrupt" } } },
    saysNothingWritten: true,
  },
  WORKBOOK_WRITE_FAILED: {
    zh: (p: { cause: MessageLike }, r: Renderer) => `写入工作簿失败：${r(p.cause)}`,
    en: (p, r) => `Writing to the workbook failed: ${r(p.cause)}`,
    example: { cause: { code: "TEXT", params: { zh: "工作表受保护", en: "the sheet is protected" } } },
  },
  RUBRIC_INVALID: {
    zh: (p: { problems: RubricProblem[] }) =>
      `评定方案无效：${p.problems.map((e) => `${e.path}：${e.zh}`).join("；")}。未写入任何内容。`,
    en: (p) =>
      `The rubric is invalid: ${p.problems.map((e) => `${e.path}: ${e.en}`).join("; ")}. Nothing was written.`,
    example: { problems: [{ path: "tiers", zh: "必填", en: "is required" }] },
    saysNothingWritten: true,
  },
  CARRIED_RUBRIC_USED: {
    zh: (p: { cause: MessageLike; rubric: string; rubricEn: string }, r: Renderer) =>
      `${r(p.cause)}（使用的是工作簿中保存的方案「${p.rubric}」；如表格已改用其他方案，请在评定面板中选择方案，或在命令行用 --rubric 指定。）`,
    en: (p, r) =>
      `${r(p.cause)} (The rubric stored in the workbook, "${p.rubricEn}", was used; if the table now follows another rubric, choose it in the task pane or pass --rubric.)`,
    example: { cause: { code: "SETTINGS_PARTIAL" }, rubric: "服务型", rubricEn: "Service" },
  },
  NO_TABLE_ON_VISIBLE_SHEETS: {
    zh: (p: { cause: MessageLike; sheets: string[] }, r: Renderer) =>
      `${sentence(r(p.cause), "zh")}工作簿中可见的工作表（${quotedZh(p.sheets)}）都没有找到评分表；请激活含评分表的工作表，或在命令行用 --sheet 指定工作表。`,
    en: (p, r) =>
      `${sentence(r(p.cause), "en")} None of the visible sheets (${quotedEn(p.sheets)}) holds a scoring table; activate the sheet holding the table, or pass --sheet on the command line.`,
    example: { cause: { code: "SETTINGS_PARTIAL" }, sheets: ["说明", "Sheet2"] },
  },
});

/** A column whose header matches a field, as AMBIGUOUS_COLUMN lists it. */
interface CandidateColumn {
  column: string;
  header: string;
  /** The group header above it, or "". */
  group: string;
}

/** Table flags of the workbook layer (the engine's are in ./engine.ts). */
const tableFlags = defineMessages({
  HEADER_MAX_MISMATCH: {
    zh: (p: { header: string; stated: number; max: number }) =>
      `表头「${p.header.replace(/\s+/g, "")}」标明满分${p.stated}，与方案的满分${p.max}不一致（按方案计算）`,
    en: (p) =>
      `Header "${p.header.replace(/\s+/g, " ")}" gives full marks of ${p.stated}, but the rubric's are ${p.max}; the rubric's ${p.max} is used`,
    example: { header: "服务体系（30分）", stated: 30, max: 25 },
  },
  AMBIGUOUS_COLUMN: {
    zh: (p: { field: BothNames; candidates: CandidateColumn[]; used: string }) =>
      `「${p.field.zh}」有 ${p.candidates.length} 列表头相符：${p.candidates
        .map((c) => `${c.column} 列「${c.header.replace(/\s+/g, "")}」${c.group ? `（${c.group}）` : ""}`)
        .join(
          "、",
        )}；使用的是 ${p.used} 列。如不对，请在评定面板「识别的表格」中点「查看或修改」改选，所选会保存在工作簿中，以后（包括命令行）沿用`,
    en: (p) =>
      `${p.candidates.length} columns match "${p.field.en}": ${p.candidates
        .map(
          (c) =>
            `column ${c.column} "${c.header.replace(/\s+/g, " ")}"${c.group ? ` (under "${c.group}")` : ""}`,
        )
        .join(
          ", ",
        )}; column ${p.used} was used. If that is wrong, pick the column in the task pane under "Detected table" (Show or change); the choice is saved in the workbook and used from then on (the command line too)`,
    example: {
      field: { zh: "服务体系", en: "Service system" },
      candidates: [
        { column: "C", header: "服务体系", group: "支部自评" },
        { column: "H", header: "服务体系", group: "" },
      ],
      used: "H",
    },
  },
});

export const workbookMessages = {
  ...tableFlags,
  ...blockMessages,
  ...settingsNotices,
  ...layoutNotices,
  ...runNotices,
  ...tableErrors,
  ...runSummary,
  ...runErrors,
};
