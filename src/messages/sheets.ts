/**
 * Texts of the sheets the tool owns (src/workbook: summary.ts 评定汇总, review.ts 评定核查,
 * notice.ts 公示名单; docs/owned-sheets.md). They read as finished documents: plain words, no flag
 * codes, no internal ids.
 */
import { counted, defineMessages } from "./core";

/** The words of column headers, section titles and short labels on the owned sheets. */
const WORDS = {
  tier: ["星级", "Tier"],
  branches: ["支部数", "Branches"],
  share: ["占比", "Share"],
  bar: ["分布（每格 5%）", "Chart (each square 5%)"],
  sum: ["合计", "Total"],
  criterion: ["分项", "Criterion"],
  max: ["满分", "Max"],
  mean: ["平均分", "Mean"],
  lowest: ["最低分", "Lowest"],
  highest: ["最高分", "Highest"],
  atFullMarks: ["满分支部数", "At full marks"],
  starsEarned: ["获星支部数", "Branches earning it"],
  rank: ["名次", "Rank"],
  branch: ["党支部", "Branch"],
  group: ["所属党组织", "Group"],
  totalScore: ["评定总分", "Total"],
  tierResult: ["评定星级", "Tier"],
  remarks: ["备注", "Remarks"],
  no: ["序号", "No."],
  meanTotal: ["平均总分", "Mean total"],
  eligibility: ["评先资格", "Eligibility"],
  lastYear: ["上年星级", "Last year"],
  thisYear: ["本年星级", "This year"],
  change: ["变化", "Change"],
  up: ["上升", "Up"],
  same: ["持平", "Same"],
  down: ["下降", "Down"],
  notComparable: ["无法比较", "Not comparable"],
  notComparableWhy: [
    "（无法比较：未评定，或没有上年星级）",
    "(not comparable: not rated, or no last-year tier)",
  ],
  severity: ["级别", "Severity"],
  row: ["行号", "Row"],
  cell: ["单元格", "Cell"],
  message: ["说明", "What to check"],
  field: ["评定项目", "Item"],
  column: ["列", "Column"],
  header: ["表中列标题", "Header in the table"],
  standard: ["标准", "Standard"],
  met: ["达标", "Met"],
  notMet: ["未达标", "Not met"],
  blank: ["未填", "Blank"],
  error: ["错误", "Error"],
  warning: ["警告", "Warning"],
  info: ["提示", "Note"],
  distribution: ["星级分布", "Star distribution"],
  byCriterion: ["分项得分", "Scores by criterion"],
  standards: ["达标情况", "Standards met"],
  ranking: ["排名", "Ranking"],
  byGroup: ["分组统计", "By group"],
  recommended: ["评先推荐", "Recommended for honours"],
  notEligible: ["不得评先", "Not eligible for honours"],
  dynamics: ["动态变化（与上年比较）", "Change since last year"],
  flagged: ["需核查的支部", "Branches to check"],
  notChecked: ["未检查的项目", "Not checked"],
  howRead: ["表格读取情况", "How the table was read"],
  noGroup: ["（未填）", "(blank)"],
  none: ["（无）", "(none)"],
  noneWord: ["无", "none"],
  wholeTable: ["（整表）", "(whole table)"],
  nothingFlagged: ["（没有需要核查的支部）", "(nothing to check)"],
  allChecked: ["（各项规则均已检查）", "(every rule was checked)"],
  noRated: ["（没有已评定的支部）", "(no rated branch)"],
  overRated: ["（统计已评定的支部）", "(rated branches only)"],
  noPrior: ["（没有上年星级，未比较）", "(no last-year tier: not compared)"],
  blankLine: ["__________", "__________"],
} as const;

export type SheetWord = keyof typeof WORDS;

const CN_DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** 1 → 一, 12 → 十二 (section numbers stay small). */
function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n] ?? String(n);
  if (n < 20) return `十${CN_DIGITS[n - 10]}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? "" : CN_DIGITS[n % 10]}`;
  return String(n);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The title a sheet takes from the workbook's own: "…评定表" → "…评定汇总". */
function titled(base: string, noun: string): string {
  return base.endsWith("评定") ? `${base}${noun}` : `${base}评定${noun}`;
}

export const sheetMessages = defineMessages({
  SHEET_WORD: {
    zh: (p: { word: SheetWord }) => WORDS[p.word][0],
    en: (p) => WORDS[p.word][1],
    example: { word: "tier" },
  },
  SHEET_HEADING: {
    zh: (p: { n: number; title: string }) => `${chineseNumber(p.n)}、${p.title}`,
    en: (p) => `${p.n}. ${p.title}`,
    example: { n: 3, title: "Ranking" },
  },
  SHEET_SUMMARY_TITLE: {
    zh: (p: { base: string }) => titled(p.base, "汇总"),
    en: (p) => `${p.base}: rating summary`,
    example: { base: "2026 star rating" },
  },
  SHEET_REVIEW_TITLE: {
    zh: (p: { base: string }) => titled(p.base, "核查"),
    en: (p) => `${p.base}: items to check`,
    example: { base: "2026 star rating" },
  },
  SHEET_SCHEME_LINE: {
    zh: (p: { scheme: string; time: string; total: number; rated: number; notRated: number }) =>
      `评定方案：${p.scheme}；计算时间：${p.time}；共 ${p.total} 个支部，已评定 ${p.rated} 个，未评定 ${p.notRated} 个。`,
    en: (p) =>
      `Rubric: ${p.scheme}; computed ${p.time}; ${p.total} branches, ${p.rated} rated, ${p.notRated} not rated.`,
    example: { scheme: "Service-oriented", time: "2026-12-01 16:00", total: 30, rated: 29, notRated: 1 },
  },
  /** Thresholds the office changed in the pane (the rubric's "（已修改）" notes), said on the sheets handed upward. */
  SHEET_RUBRIC_EDITED: {
    zh: (p: { edits: string[] }) => `本次评定所用方案在内置方案的基础上作了调整：${p.edits.join("；")}。`,
    en: (p) => `The rubric was adjusted from the built-in one: ${p.edits.join("; ")}.`,
    example: { edits: ["五星级：95 → 96"] },
  },
  SHEET_SEE_REVIEW: {
    zh: (p: { count: number; sheet: string }) => `另有 ${p.count} 条需核查的事项，见「${p.sheet}」表。`,
    en: (p) => `${counted(p.count, "item")} to check: see the sheet "${p.sheet}".`,
    example: { count: 4, sheet: "Review" },
  },
  SHEET_RANK_ORDER: {
    zh: (p: { byCount: boolean }) =>
      p.byCount
        ? "按获星数、再按评定总分（仅各星均为分数的支部有总分）从高到低排序；并列者名次相同。"
        : "按评定星级、再按评定总分从高到低排序；并列者名次相同。星级与总分不一致的，备注说明原因。",
    en: (p) =>
      p.byCount
        ? "By stars earned, then by total (only branches whose stars are all scored have one), highest first; ties share a rank."
        : "By tier, then by total, highest first; ties share a rank. Where the tier is not what the total alone gives, the remarks say why.",
    example: { byCount: false },
  },
  SHEET_REMARK_CAPPED: {
    zh: (p: { reason: string; tier: string }) => `${p.reason}，封顶${p.tier}`,
    en: (p) => `${p.reason}: capped at ${p.tier}`,
    example: { reason: "satisfaction 93% below 95%", tier: "4 stars" },
  },
  SHEET_REMARK_SET: {
    zh: (p: { reason: string; tier: string }) => `${p.reason}，评为${p.tier}`,
    en: (p) => `${p.reason}: rated ${p.tier}`,
    example: { reason: "vetoed", tier: "No star" },
  },
  SHEET_LIST_LIMIT: {
    zh: (p: { count: number; shown: number }) =>
      `（共 ${p.count} 条，此处列出前 ${p.shown} 条；每个支部的总分、星级见评分表中该支部所在行的评定列）`,
    en: (p) =>
      `(${p.count} in all, the first ${p.shown} listed here; every branch's total and tier are in the result columns of its own row)`,
    example: { count: 10003, shown: 10000 },
  },
  SHEET_LIST_MORE: {
    zh: (p: { count: number; shown: number; sheet: string }) =>
      `（共 ${p.count} 个，此处列出前 ${p.shown} 个；其余 ${p.count - p.shown} 个见「${p.sheet}」表中各支部所在行的评定结果）`,
    en: (p) =>
      `(${p.count} in all, the first ${p.shown} listed here; the other ${p.count - p.shown} are in the result columns of their own rows on the sheet "${p.sheet}")`,
    example: { count: 10003, shown: 100, sheet: "评分表" },
  },
  SHEET_SAME_AS_RANKING: {
    zh: (p: { count: number; what: string; ranking: string }) =>
      `全部 ${p.count} 个已评定的支部均属「${p.what}」，名单即上面的「${p.ranking}」，不再重复列出。`,
    en: (p) =>
      `All ${p.count} rated branches are "${p.what}": the list is the "${p.ranking}" above, not repeated here.`,
    example: { count: 30, what: "不得评先", ranking: "排名" },
  },
  SHEET_NOT_RATED_NOTE: {
    zh: (p: { count: number; sheet: string }) => `另有 ${p.count} 个支部未评定，原因见「${p.sheet}」表。`,
    en: (p) =>
      `${counted(p.count, "more branch", "more branches")} ${p.count === 1 ? "was" : "were"} not rated: see "${p.sheet}" for why.`,
    example: { count: 1, sheet: "Review" },
  },
  SHEET_NO_NAME: {
    zh: (p: { row: number }) => `（第${p.row}行，无名称）`,
    en: (p) => `(row ${p.row}, no name)`,
    example: { row: 7 },
  },
  SHEET_CHANGE: {
    zh: (p: { by: number }) => (p.by > 0 ? `上升${p.by}级` : `下降${-p.by}级`),
    en: (p) => (p.by > 0 ? `up ${p.by}` : `down ${-p.by}`),
    example: { by: -1 },
  },
  SHEET_REVIEW_COUNTS: {
    zh: (p: { errors: number; warnings: number; infos: number }) =>
      `需核查 ${p.errors + p.warnings + p.infos} 条：错误 ${p.errors} 条（支部未评定），警告 ${p.warnings} 条，提示 ${p.infos} 条。错误在前。`,
    en: (p) =>
      `${counted(p.errors + p.warnings + p.infos, "item")}: ${counted(p.errors, "error")} (${p.errors === 1 ? "a branch" : "branches"} not rated), ${counted(p.warnings, "warning")}, ${counted(p.infos, "note")}. Errors first.`,
    example: { errors: 1, warnings: 2, infos: 3 },
  },
  SHEET_READ_SHEET: {
    zh: (p: { sheet: string }) => `评分工作表：「${p.sheet}」`,
    en: (p) => `Scoring sheet: "${p.sheet}"`,
    example: { sheet: "Scores" },
  },
  SHEET_READ_HEADER: {
    zh: (p: { first: number; last: number }) =>
      p.first === p.last ? `列标题在第 ${p.first} 行` : `列标题在第 ${p.first}–${p.last} 行`,
    en: (p) =>
      p.first === p.last ? `Column headers in row ${p.first}` : `Column headers in rows ${p.first}–${p.last}`,
    example: { first: 3, last: 4 },
  },
  SHEET_READ_ROWS: {
    zh: (p: { first: number; last: number; count: number }) =>
      p.count === 0 ? "表中还没有支部行" : `支部行在第 ${p.first}–${p.last} 行，共 ${p.count} 个支部`,
    en: (p) =>
      p.count === 0 ? "No branch rows yet" : `Branch rows ${p.first}–${p.last}: ${p.count} branches`,
    example: { first: 5, last: 34, count: 30 },
  },
  SHEET_READ_RESULTS: {
    zh: (p: { columns: string }) => `评定结果写在 ${p.columns} 列`,
    en: (p) => `Results written in ${/[–,]/.test(p.columns) ? "columns" : "column"} ${p.columns}`,
    example: { columns: "K–P" },
  },
  SHEET_NOTICE_TITLE: {
    zh: (p: { year: string; scheme: string }) =>
      `关于${p.year !== "" ? `${p.year}年度` : ""}${p.scheme}评定结果的公示`,
    en: (p) => `Public notice of the ${p.year !== "" ? `${p.year} ` : ""}${p.scheme} results`,
    example: { year: "2026", scheme: "star-rated Party branches" },
  },
  /**
   * `steps`: how the results came about. 篇1 (service-org) names its procedure, 支部自评、党员群众测评、
   * 机关党委评定; the other plans name none, so their notice says only 经考核评定.
   */
  SHEET_NOTICE_BODY: {
    zh: (p: { year: string; scheme: string; steps: "service" | "rated" }) =>
      `\u3000\u3000${p.steps === "service" ? "经支部自评、党员群众测评和机关党委评定" : "经考核评定"}，${p.year !== "" ? `${p.year}年度` : ""}${p.scheme}评定结果已经产生，现予公示。公示期间，如有异议，请以书面或电话形式向联系人反映，反映问题须实事求是。`,
    en: (p) =>
      `The ${p.year !== "" ? `${p.year} ` : ""}${p.scheme} results have been decided ${p.steps === "service" ? "after self-assessment, a survey of members and the public, and the committee's assessment" : "by assessment"}, and are published here. Objections during the notice period may be made in writing or by phone to the contact below.`,
    example: { year: "2026", scheme: "star-rated Party branches", steps: "service" },
  },
  SHEET_NOTICE_PERIOD: {
    zh: (p: { start: string; end: string; days: number | null }) =>
      `公示期：${p.start}至${p.end}${p.days !== null ? `（${p.days}个工作日）` : ""}。`,
    en: (p) => `Notice period: ${p.start} to ${p.end}${p.days !== null ? ` (${p.days} working days)` : ""}.`,
    example: { start: "3 Dec 2026", end: "9 Dec 2026", days: 5 },
  },
  SHEET_NOTICE_CONTACT: {
    zh: (p: { phone: string; contact: string }) => `监督电话：${p.phone}\u3000\u3000联系人：${p.contact}`,
    en: (p) => `Phone: ${p.phone}    Contact: ${p.contact}`,
    example: { phone: "__________", contact: "__________" },
  },
  /** The line above the 公示名单's list: how many branches each tier has (a tier nobody reached: 0). */
  SHEET_NOTICE_COUNTS: {
    zh: (p: { tiers: { tier: string; count: number }[] }) => {
      const total = p.tiers.reduce((sum, t) => sum + t.count, 0);
      if (total === 0) return "本次没有党支部获评星级。";
      return `本次获评星级的党支部共 ${total} 个：${p.tiers.map((t) => `${t.tier}${t.count}个`).join("，")}。`;
    },
    en: (p) => {
      const total = p.tiers.reduce((sum, t) => sum + t.count, 0);
      if (total === 0) return "No branch was awarded a tier.";
      return `${counted(total, "branch", "branches")} awarded a tier (${p.tiers.map((t) => `${t.tier}: ${t.count}`).join("; ")}).`;
    },
    example: {
      tiers: [
        { tier: "5 stars", count: 3 },
        { tier: "4 stars", count: 0 },
      ],
    },
  },
  /** Who is not listed: no star, and not rated (missing data: not a verdict), told apart. */
  SHEET_NOTICE_OTHERS: {
    zh: (p: { noStar: number; notRated: number }) =>
      p.notRated === 0
        ? `其余 ${p.noStar} 个党支部本次未获星级，不在公示之列。`
        : p.noStar === 0
          ? `另有 ${p.notRated} 个党支部尚未评定，不在公示之列。`
          : `其余 ${p.noStar} 个党支部本次未获星级，另有 ${p.notRated} 个党支部尚未评定，均不在公示之列。`,
    en: (p) => {
      const be = (n: number) => (n === 1 ? "is" : "are");
      const noStar = counted(p.noStar, "branch", "branches");
      const notRated = counted(p.notRated, "branch", "branches");
      if (p.notRated === 0) return `The other ${noStar} received no star and ${be(p.noStar)} not listed.`;
      if (p.noStar === 0) return `${notRated} ${be(p.notRated)} not yet rated and not listed.`;
      return `The other ${noStar} received no star and ${notRated} ${be(p.notRated)} not yet rated; they are not listed.`;
    },
    example: { noStar: 2, notRated: 1 },
  },
  OWNED_SHEET_RENAMED: {
    zh: (p: { wanted: string; used: string }) =>
      `工作簿中已有名为「${p.wanted}」的工作表（不是本工具生成的），本工具的「${p.wanted}」写入「${p.used}」，原表未改动。`,
    en: (p) =>
      `The workbook already has a sheet of its own named "${p.wanted}"; the tool's "${p.wanted}" was written to "${p.used}" and that sheet was left unchanged.`,
    example: { wanted: "Review", used: "Review (2)" },
  },
  /** An owned sheet holding a value outside the block the tool wrote: the user's now (recompute.ts). */
  OWNED_SHEET_KEPT: {
    zh: (p: { sheet: string; cell: string; text: string; used: string }) =>
      `「${p.sheet}」中有本工具没有写的内容（如 ${p.cell}「${p.text}」），已原样保留；本次结果写在「${p.used}」。`,
    en: (p) =>
      `"${p.sheet}" holds content this tool did not write (such as ${p.cell} "${p.text}"), so it was kept as it is; this run's results are in "${p.used}".`,
    example: { sheet: "Public notice", cell: "A40", text: "(seal)", used: "Public notice (2)" },
  },
  SHEET_DATE: {
    zh: (p: { y: number; m: number; d: number }) => `${p.y}年${p.m}月${p.d}日`,
    en: (p) => `${p.d} ${MONTHS[p.m - 1] ?? p.m} ${p.y}`,
    example: { y: 2026, m: 12, d: 3 },
  },
});
