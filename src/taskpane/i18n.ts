/**
 * The pane's one dictionary: every user-facing string, Chinese first, English beside it.
 * `Messages` is derived from the Chinese table so that a key missing in English is a type error.
 */
import { createContext, useContext } from "react";
import type { Lang } from "../engine/types";

const zh = {
  appTitle: "星级评定助手",
  appSubtitle: "按评定方案为党支部评定星级，结果写回当前工作簿。",

  outsideTitle: "请在 Excel 中打开星级评定助手",
  outsideWhat:
    "这是 Excel 加载项“星级评定助手”的任务窗格：它读取评分表，按评定方案计算每个党支部的总分与星级，把结果列和“评定汇总”表写回工作簿。",
  outsideNoOffice: "Office.js 未能加载（可能处于离线状态或被网络拦截），因此无法连接到 Excel。",
  outsideNoHost: "当前页面是在普通浏览器中打开的，不在 Excel 里。",
  outsideOtherHost: (host: string) => `当前宿主是 ${host}，本加载项仅支持 Excel。`,
  outsideHowTitle: "如何在 Excel 中加载（旁加载）",
  outsideHowDesktop: "Excel 桌面版：运行 npm start（office-addin-debugging）会自动旁加载 manifest.xml。",
  outsideHowWeb:
    "Excel 网页版：开始 → 加载项 → 更多加载项 → 我的加载项 → 上传我的加载项，选择 manifest.xml。",
  outsideHowRibbon: "加载后，在功能区“星级评定”组中点击“评定面板”打开本窗格，或直接点击“一键评定”。",
  outsideCli: "没有 Excel？命令行也能完成同样的评定：npm run cli -- score 评分表.xlsx",
};

type MessageValue<V> = V extends (...args: infer A) => string ? (...args: A) => string : string;
export type Messages = { [K in keyof typeof zh]: MessageValue<(typeof zh)[K]> };

const en: Messages = {
  appTitle: "Star Rating",
  appSubtitle: "Rates Party branches against a rubric and writes the results back into this workbook.",

  outsideTitle: "Open Star Rating inside Excel",
  outsideWhat:
    "This is the task pane of the Excel add-in “Star Rating” (星级评定助手): it reads a scoring sheet, computes each branch's total and star tier with a rubric, and writes result columns and a summary sheet back into the workbook.",
  outsideNoOffice: "Office.js could not be loaded (offline or blocked), so the pane cannot reach Excel.",
  outsideNoHost: "This page was opened in a plain browser, not inside Excel.",
  outsideOtherHost: (host: string) => `The current host is ${host}; this add-in works in Excel only.`,
  outsideHowTitle: "How to load it in Excel (sideload)",
  outsideHowDesktop: "Excel desktop: npm start (office-addin-debugging) sideloads manifest.xml for you.",
  outsideHowWeb:
    "Excel on the web: Home → Add-ins → More add-ins → My add-ins → Upload My Add-in, then pick manifest.xml.",
  outsideHowRibbon:
    "Then open this pane with 评定面板 (Rating pane) in the 星级评定 group of the ribbon, or click 一键评定 (Rate now).",
  outsideCli: "No Excel? The command line does the same rating: npm run cli -- score sheet.xlsx",
};

export const messages: Record<Lang, Messages> = { zh, en };

export interface I18n {
  lang: Lang;
  t: Messages;
}

export const I18nContext = createContext<I18n>({ lang: "zh", t: zh });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
