/** Messages of the workbook layer (src/workbook). */
import { defineMessages } from "./core";

/** A name as the rubric gives it in each language (a field's label and labelEn). */
export interface BothNames {
  zh: string;
  en: string;
}

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
          ? `支部自评，不据此评定：${b.selfSum ? "合计作为自评分；" : ""}逐项与评定分对照写入评定说明`
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
          ? `the branch's self-assessment, not rated: ${b.selfSum ? "their sum is the self score; " : ""}each criterion is compared in the explanation`
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

export const workbookMessages = defineMessages({
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
      return `${n} row${n === 1 ? " was" : "s were"} not rated as branches: ${listed.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
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
      `${p.fields.map((f) => `"${f.name.en}" stands only under "${f.group}"`).join(", ")}: the table has a committee block, and self or survey scores are not rated. `,
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
