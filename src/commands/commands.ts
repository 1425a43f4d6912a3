/**
 * The ribbon's function file: 一键评定 (recomputeAll) re-rates the workbook with the rubric and
 * mapping it carries (or detects them), writes results and the summary, and says what it did or
 * why it could not in a small dialog. `event.completed()` is always called, once, and always
 * before Excel closes the command's runtime (5 minutes, docs/office-addin.md#function-commands).
 */
import "../compat/booted";
import { createOfficeAdapter, describeOfficeError, type ExcelRun } from "../excel";
import { msg, render } from "../messages";
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
  // The dialog's button labels come rendered too: that page does not load the catalogue.
  const params: Record<string, string> = {
    lang,
    title: message.title,
    body: message.body,
    ok: render(msg("COMMAND_OK_BUTTON"), lang),
  };
  if (message.offerPane) {
    params.pane = "1";
    params.paneLabel = render(msg("COMMAND_OPEN_PANE_BUTTON"), lang);
  }
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

/** Where the pane is, after a failure, unless the dialog offers a button that opens it. */
function paneHint(lang: UiLang, paneButton: boolean): string {
  return paneButton ? "" : `\n\n${render(msg("COMMAND_PANE_HINT"), lang)}`;
}

/** What to tell the user after a finished recompute. */
function outcomeMessage(result: RecomputeResult, lang: UiLang, paneButton: boolean): Message {
  if (!result.ok) {
    // Worded for Excel: no command-line options or scheme ids (src/taskpane/paneText.ts).
    const why = renderInExcel(result.error.msg, lang);
    return {
      title: render(msg("COMMAND_FAILED_TITLE"), lang),
      body: `${why}${paneHint(lang, paneButton)}`,
      offerPane: paneButton,
    };
  }
  // Each notice once: the layers may report the same one twice (reading the settings, then writing).
  const notices = [...new Set(result.notices.map((n) => renderInExcel(n, lang)))];
  const shown = notices.slice(0, MAX_NOTICES);
  if (notices.length > shown.length)
    shown.push(render(msg("COMMAND_MORE_NOTICES", { count: notices.length - shown.length }), lang));
  const summary = `${resultLine(result, lang)}${lang === "zh" ? "。" : "."}`;
  const written = msg("COMMAND_WRITTEN", { sheet: result.sheet, others: writtenSheets(result.plan) });
  return {
    title: render(msg("COMMAND_DONE_TITLE"), lang),
    body: [summary, render(written, lang), ...shown].join("\n"),
  };
}

function errorMessage(error: unknown, lang: UiLang, paneButton: boolean): Message {
  const hint = paneHint(lang, paneButton);
  if (error instanceof TimeLimitExceeded)
    return {
      title: render(msg("COMMAND_FAILED_TITLE"), lang),
      body: `${render(msg("COMMAND_TIMED_OUT", { seconds: error.limitMs / 1000 }), lang)}${hint}`,
      offerPane: paneButton,
    };
  return {
    title: render(msg("COMMAND_CRASHED_TITLE"), lang),
    body: `${describeOfficeError(error, lang)}${hint}`,
    offerPane: paneButton,
  };
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
