/**
 * The ribbon's function file: 一键评定 (recomputeAll) re-rates the workbook with the rubric and
 * mapping it carries (or detects them), writes results and the summary, and says what it did or
 * why it could not in a small dialog. `event.completed()` is always called, once, and always
 * before Excel closes the command's runtime (5 minutes, docs/office-addin.md#function-commands).
 */
import "../compat/booted";
import { createOfficeAdapter, describeOfficeError, type ExcelRun } from "../excel";
import { renderInExcel, writtenSheets } from "../taskpane/paneText";
import { recompute, resultLine, type RecomputeResult } from "../workbook";

export type UiLang = "zh" | "en";

export interface CommandEvent {
  completed(options?: { allowEvent?: boolean }): void;
}

/** The slice of the Office global that the commands use (so tests can pass a fake). */
export interface OfficeForCommands {
  context?: {
    displayLanguage?: string;
    requirements?: { isSetSupported(name: string, minVersion?: string): boolean };
    ui?: {
      displayDialogAsync(
        startAddress: string,
        options: { height?: number; width?: number; displayInIframe?: boolean },
        callback: (result: {
          status: string;
          value?: DialogLike;
          error?: { code: number; message: string };
        }) => void,
      ): void;
    };
  };
  /** Office.addin (SharedRuntime 1.1): showAsTaskpane opens the pane from a command. */
  addin?: { showAsTaskpane?(): Promise<void> };
  actions?: { associate(name: string, action: (event: CommandEvent) => unknown): void };
  onReady?(callback?: () => void): Promise<unknown>;
}

export interface DialogLike {
  close(): void;
  addEventHandler(eventType: string, handler: (arg: { message?: string; error?: number }) => void): void;
}

/** Excel closes a function command's runtime 5 minutes after the click (docs/office-addin.md#function-commands). */
export const COMMAND_RUNTIME_LIMIT_MS = 5 * 60_000;

export interface CommandLimits {
  /** How long the recompute may take before the user is told it did not finish. */
  recomputeMs: number;
  /** `event.completed()` is called by then at the latest, even with the dialog still open. */
  completeByMs: number;
}

/** 3 minutes for Excel's syncs; the rest leaves the user time to read the dialog before Excel's 5. */
export const DEFAULT_LIMITS: CommandLimits = {
  recomputeMs: 3 * 60_000,
  completeByMs: COMMAND_RUNTIME_LIMIT_MS - 20_000,
};

/** "1 minute", "3 minutes": a time limit in whole minutes, at least one. */
function minutes(seconds: number): string {
  const n = Math.round(seconds / 60) || 1;
  return `${n} ${n === 1 ? "minute" : "minutes"}`;
}

const TEXT = {
  zh: {
    done: "一键评定完成",
    failed: "一键评定未完成",
    crashed: "一键评定出错",
    written: (sheet: string, others: string[]) =>
      `结果已写入「${sheet}」${others.length > 0 ? `；已更新${others.map((o) => `「${o}」`).join("、")}` : ""}。`,
    timedOut: (seconds: number) =>
      `Excel 在 ${Math.round(seconds / 60) || 1} 分钟内没有完成一键评定。评定结果可能尚未写入，或只写入了一部分；请检查工作表，再打开「评定面板」重新评定（面板没有时间限制）。`,
    paneHint: "详情和修改办法：请点击「星级评定」选项卡中的「评定面板」。",
    moreNotices: (n: number) => `另有 ${n} 条提示，请在「评定面板」中查看。`,
  },
  en: {
    done: "Rate All finished",
    failed: "Rate All did not finish",
    crashed: "Rate All failed",
    written: (sheet: string, others: string[]) =>
      `Results were written to "${sheet}"${others.length > 0 ? `; updated ${others.map((o) => `"${o}"`).join(", ")}` : ""}.`,
    timedOut: (seconds: number) =>
      `Excel did not finish Rate All within ${minutes(seconds)}. The results may not have been written, or only in part; check the sheet, then rate again from the Rating Pane (it has no time limit).`,
    paneHint: "For details and how to fix it, click Rating Pane on the Star Rating tab.",
    moreNotices: (n: number) => `${n} more ${n === 1 ? "note" : "notes"}: see the Rating Pane.`,
  },
} as const;

function officeGlobal(): OfficeForCommands | undefined {
  return (globalThis as { Office?: OfficeForCommands }).Office;
}

export function uiLanguage(office: OfficeForCommands | undefined = officeGlobal()): UiLang {
  const language =
    office?.context?.displayLanguage ?? (typeof navigator !== "undefined" ? navigator.language : "zh-CN");
  return /^zh/i.test(language) ? "zh" : "en";
}

/**
 * Whether this host can open the task pane from a command: Office.addin.showAsTaskpane needs the
 * SharedRuntime 1.1 requirement set (docs/office-addin.md#function-commands).
 */
export function canShowTaskpane(office: OfficeForCommands | undefined): boolean {
  if (typeof office?.addin?.showAsTaskpane !== "function") return false;
  try {
    return Boolean(office.context?.requirements?.isSetSupported("SharedRuntime", "1.1"));
  } catch {
    return false;
  }
}

export interface Message {
  title: string;
  body: string;
  /** Offer a button that opens the task pane (only where the host can). */
  offerPane?: boolean;
}

/** Where dialog.html is, next to this function file (same origin, as dialogs require). */
function dialogUrl(message: Message, lang: UiLang): string {
  const base = typeof location !== "undefined" ? location.href : "https://localhost:3000/commands.html";
  const url = new URL("dialog.html", base);
  const params: Record<string, string> = { lang, title: message.title, body: message.body };
  if (message.offerPane) params.pane = "1";
  url.search = new URLSearchParams(params).toString();
  return url.toString();
}

/** The dialog asked to open the pane: close it, then ask Office (feature-detected by the caller). */
function openPaneFrom(dialog: DialogLike, office: OfficeForCommands | undefined): Promise<void> {
  dialog.close();
  const show = office?.addin?.showAsTaskpane;
  if (!show) return Promise.resolve();
  return Promise.resolve()
    .then(() => show.call(office.addin))
    .catch((error: unknown) => console.error("showAsTaskpane failed", error));
}

/** Shows a message; resolves when the dialog is closed, or at once if it cannot be shown. */
export function showMessage(
  office: OfficeForCommands | undefined,
  message: Message,
  lang: UiLang,
): Promise<void> {
  const ui = office?.context?.ui;
  const logged = `${message.title}: ${message.body}`;
  if (!ui) {
    console.error(logged);
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    try {
      ui.displayDialogAsync(
        dialogUrl(message, lang),
        { height: 35, width: 40, displayInIframe: true },
        (result) => {
          const dialog = result.value;
          if (result.status !== "succeeded" || !dialog) {
            // 12007: another dialog is open, and so on; nothing more we can show.
            console.error(logged, result.error);
            resolve();
            return;
          }
          dialog.addEventHandler("dialogMessageReceived", (arg) => {
            if (arg.message === "openPane") void openPaneFrom(dialog, office).then(resolve);
            else {
              dialog.close();
              resolve();
            }
          });
          dialog.addEventHandler("dialogEventReceived", () => resolve());
        },
      );
    } catch (error) {
      console.error(logged, error);
      resolve();
    }
  });
}

class TimeLimitExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`no answer within ${limitMs} ms`);
  }
}

/** `work`, or a TimeLimitExceeded once `ms` have passed (the work itself cannot be cancelled). */
function withinTimeLimit<T>(work: () => Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitExceeded(ms)), ms);
  });
  return Promise.race([Promise.resolve().then(work), limit]).finally(() => clearTimeout(timer));
}

/** A dialog is small: the first notices, then how many more the pane shows. */
const MAX_NOTICES = 3;

/** What to tell the user after a finished recompute. */
function outcomeMessage(result: RecomputeResult, lang: UiLang, paneButton: boolean): Message {
  const t = TEXT[lang];
  if (!result.ok) {
    const hint = paneButton ? "" : `\n\n${t.paneHint}`;
    // Worded for Excel: no command-line options or scheme ids (src/taskpane/paneText.ts).
    const why = renderInExcel(result.error.msg, lang);
    return { title: t.failed, body: `${why}${hint}`, offerPane: paneButton };
  }
  // Each notice once: the layers may report the same one twice (reading the settings, then writing).
  const notices = [...new Set(result.notices.map((n) => renderInExcel(n, lang)))];
  const shown = notices.slice(0, MAX_NOTICES);
  if (notices.length > shown.length) shown.push(t.moreNotices(notices.length - shown.length));
  const summary = `${resultLine(result, lang)}${lang === "zh" ? "。" : "."}`;
  return {
    title: t.done,
    body: [summary, t.written(result.sheet, writtenSheets(result.plan)), ...shown].join("\n"),
  };
}

function errorMessage(error: unknown, lang: UiLang, paneButton: boolean): Message {
  const t = TEXT[lang];
  const hint = paneButton ? "" : `\n\n${t.paneHint}`;
  if (error instanceof TimeLimitExceeded)
    return { title: t.failed, body: `${t.timedOut(error.limitMs / 1000)}${hint}`, offerPane: paneButton };
  return { title: t.crashed, body: `${describeOfficeError(error, lang)}${hint}`, offerPane: paneButton };
}

export interface RecomputeAllDeps {
  office?: OfficeForCommands;
  run?: ExcelRun;
  limits?: CommandLimits;
}

/** The 一键评定 command. */
export async function recomputeAll(event: CommandEvent, deps: RecomputeAllDeps = {}): Promise<void> {
  const office = deps.office ?? officeGlobal();
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const lang = uiLanguage(office);
  let completed = false;
  const complete = (): void => {
    if (completed) return;
    completed = true;
    event.completed();
  };
  // Excel closes the runtime at its limit whatever we do; completing first keeps the ribbon usable.
  const deadline = setTimeout(complete, limits.completeByMs);
  try {
    const paneButton = canShowTaskpane(office);
    let message: Message;
    try {
      const run = (): Promise<RecomputeResult> => recompute(createOfficeAdapter(deps.run), { lang });
      message = outcomeMessage(await withinTimeLimit(run, limits.recomputeMs), lang, paneButton);
    } catch (error) {
      message = errorMessage(error, lang, paneButton);
    }
    await showMessage(office, message, lang);
  } finally {
    clearTimeout(deadline);
    complete();
  }
}

/** Registers the commands with Office once it is ready. */
export function register(office: OfficeForCommands | undefined = officeGlobal()): void {
  if (!office?.onReady || !office.actions) return;
  const actions = office.actions;
  void office.onReady(() => {
    actions.associate("recomputeAll", (event: CommandEvent) => recomputeAll(event, { office }));
  });
}

register();
