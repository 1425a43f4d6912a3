/**
 * Texts of the ribbon's 一键评定 command (src/commands/commands.ts): the titles and lines of its
 * message dialog, and the dialog's two button labels (src/commands/dialog.ts gets those rendered,
 * through the dialog's query string, so that small page does not load the catalogue).
 */
import { counted, defineMessages } from "./core";

/** A time limit in whole minutes, at least one. */
function wholeMinutes(seconds: number): number {
  return Math.round(seconds / 60) || 1;
}

export const commandMessages = defineMessages({
  COMMAND_DONE_TITLE: {
    zh: () => "一键评定完成",
    en: () => "Rate All finished",
  },
  COMMAND_FAILED_TITLE: {
    zh: () => "一键评定未完成",
    en: () => "Rate All did not finish",
  },
  COMMAND_CRASHED_TITLE: {
    zh: () => "一键评定出错",
    en: () => "Rate All failed",
  },
  /** Where the results went: the rated sheet, and the sheets the run added or rewrote. */
  COMMAND_WRITTEN: {
    zh: (p: { sheet: string; others: string[] }) =>
      `结果已写入「${p.sheet}」${p.others.length > 0 ? `；已更新${p.others.map((o) => `「${o}」`).join("、")}` : ""}。`,
    en: (p) =>
      `Results were written to "${p.sheet}"${p.others.length > 0 ? `; updated ${p.others.map((o) => `"${o}"`).join(", ")}` : ""}.`,
    example: { sheet: "考评表", others: ["评定汇总", "评定核查"] },
  },
  /** The recompute did not finish within the command's own limit (`seconds`, shown in whole minutes). */
  COMMAND_TIMED_OUT: {
    zh: (p: { seconds: number }) =>
      `Excel 在 ${wholeMinutes(p.seconds)} 分钟内没有完成一键评定。评定结果可能尚未写入，或只写入了一部分；请检查工作表，再打开「评定面板」重新评定（面板没有时间限制）。`,
    en: (p) =>
      `Excel did not finish Rate All within ${counted(wholeMinutes(p.seconds), "minute")}. The results may not have been written, or only in part; check the sheet, then rate again from the Rating Pane (it has no time limit).`,
    example: { seconds: 180 },
  },
  /** Where the pane is, for hosts whose dialog cannot open it (no SharedRuntime 1.1). */
  COMMAND_PANE_HINT: {
    zh: () => "详情和修改办法：请点击「星级评定」选项卡中的「评定面板」。",
    en: () => "For details and how to fix it, click Rating Pane on the Star Rating tab.",
  },
  /** The dialog shows the first few notices; the rest are counted. */
  COMMAND_MORE_NOTICES: {
    zh: (p: { count: number }) => `另有 ${p.count} 条提示，请在「评定面板」中查看。`,
    en: (p) => `${counted(p.count, "more note", "more notes")}: see the Rating Pane.`,
    example: { count: 2 },
  },
  COMMAND_OPEN_PANE_BUTTON: {
    zh: () => "打开评定面板",
    en: () => "Open the Rating Pane",
  },
  COMMAND_OK_BUTTON: {
    zh: () => "确定",
    en: () => "OK",
  },
});
