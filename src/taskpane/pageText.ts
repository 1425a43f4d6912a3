/** Texts of the page that scores files outside Excel (OutsideExcel.tsx), in the pane's two languages. */
import type { Lang } from "../engine/types";

/** A file picked again: its name, and the name it is listed under (the same bytes). */
export interface Listed {
  name: string;
  before: string;
}

const zh = {
  title: "星级评定助手",
  subtitle: "网页版：不用安装，在浏览器里评定 Excel 评分表",
  intro:
    "把评分表（.xlsx）拖到下面，或点「选择文件」。核对识别出的表格和评定方案后点「一键评定」，再下载评定结果。文件只在这台电脑的浏览器里处理，不会上传。",
  drop: "把 .xlsx 文件拖到这里（可以一次拖入多个）",
  pick: "选择文件…",
  files: "文件",
  status: {
    waiting: "待评定",
    running: "评定中…",
    scored: "已评定",
    failed: "未能评定",
  },
  download: (name: string) => `下载「${name}」`,
  alreadyListed: (files: readonly Listed[]) =>
    `${files.map((f) => (f.name === f.before ? `「${f.name}」` : `「${f.name}」（与「${f.before}」相同）`)).join("、")}已在列表中，未重复添加（合并时会重复计入）。`,
  remove: "移除",
  /** The 移除 button's name for screen readers: every row has one, and focus lands on them (移除 moves it). */
  removeFile: (name: string) => `移除「${name}」`,
  merge: "合并为一张表",
  mergeNote: "申报汇总：把各文件的评分表合成一个新文件（含「来源」列），再一键评定。",
  scoredNote: "评定结果是一份新文件，原文件不会被改动。",
  noWorker: "此浏览器不允许后台评定，将在页面中评定：大文件评定时页面会暂时没有反应。",
  inExcel:
    "已在 Excel 中安装本加载项？在 Excel 的「星级评定」选项卡中点「评定面板」，即可直接评定打开的工作簿。",
  size: (kb: number) => (kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(kb))} KB`),
};

type PageText = typeof zh;

const en: PageText = {
  title: "Star Rating",
  subtitle: "In the browser: rate an Excel scoring sheet with nothing to install",
  intro:
    "Drop scoring sheets (.xlsx) below or choose them. Check the detected table and the rubric, press Rate All, then download the result. Files are processed in this browser on this computer and never uploaded.",
  drop: "Drop .xlsx files here (several at once is fine)",
  pick: "Choose files…",
  files: "Files",
  status: { waiting: "Not rated yet", running: "Rating…", scored: "Rated", failed: "Could not rate" },
  download: (name: string) => `Download "${name}"`,
  alreadyListed: (files: readonly Listed[]) =>
    `${files.map((f) => (f.name === f.before ? `"${f.name}"` : `"${f.name}" (the same as "${f.before}")`)).join(", ")} already in the list: not added again (a merge would count it twice).`,
  remove: "Remove",
  removeFile: (name: string) => `Remove "${name}"`,
  merge: "Merge into one table",
  mergeNote:
    'Merging (申报汇总) puts the files\' tables into one new workbook, with a "来源" (source) column, ready to rate.',
  scoredNote: "The result is a new file; the original is not changed.",
  noWorker:
    "This browser does not allow background work; rating runs in the page, which stops responding while a large file is rated.",
  inExcel:
    "Have the add-in in Excel? On the Star Rating tab, click Rating Pane to rate the open workbook directly.",
  size: zh.size,
};

export const pageTexts: Record<Lang, PageText> = { zh, en };
