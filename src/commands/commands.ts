/**
 * The ribbon's function file: 一键评定 (recomputeAll) re-rates the workbook with the rubric and
 * mapping it carries (or detects them), writes results and the summary, and when it cannot, says
 * why in a small dialog. `event.completed()` is always called, once, whatever happens.
 */
import { createOfficeAdapter, describeOfficeError, type ExcelRun } from "../excel";
import { recompute, resultLine } from "../workbook";

export type UiLang = "zh" | "en";

export interface CommandEvent {
  completed(options?: { allowEvent?: boolean }): void;
}

/** The slice of the Office global that the commands use (so tests can pass a fake). */
export interface OfficeForCommands {
  context?: {
    displayLanguage?: string;
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
  actions?: { associate(name: string, action: (event: CommandEvent) => unknown): void };
  onReady?(callback?: () => void): Promise<unknown>;
}

export interface DialogLike {
  close(): void;
  addEventHandler(eventType: string, handler: (arg: { message?: string; error?: number }) => void): void;
}

const TEXT = {
  zh: {
    failed: "一键评定未完成",
    crashed: "一键评定出错",
  },
  en: {
    failed: "Rate All did not finish",
    crashed: "Rate All failed",
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

/** Where dialog.html is, next to this function file (same origin, as dialogs require). */
function dialogUrl(title: string, body: string, lang: UiLang): string {
  const base = typeof location !== "undefined" ? location.href : "https://localhost:3000/commands.html";
  const url = new URL("dialog.html", base);
  url.search = new URLSearchParams({ lang, title, body }).toString();
  return url.toString();
}

/** Shows a message; resolves when the dialog is closed, or at once if it cannot be shown. */
export function showMessage(
  office: OfficeForCommands | undefined,
  title: string,
  body: string,
  lang: UiLang,
): Promise<void> {
  const ui = office?.context?.ui;
  if (!ui) {
    console.error(`${title}: ${body}`);
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    try {
      ui.displayDialogAsync(
        dialogUrl(title, body, lang),
        { height: 35, width: 40, displayInIframe: true },
        (result) => {
          const dialog = result.value;
          if (result.status !== "succeeded" || !dialog) {
            // 12007: another dialog is open, and so on; nothing more we can show.
            console.error(`${title}: ${body}`, result.error);
            resolve();
            return;
          }
          dialog.addEventHandler("dialogMessageReceived", () => {
            dialog.close();
            resolve();
          });
          dialog.addEventHandler("dialogEventReceived", () => resolve());
        },
      );
    } catch (error) {
      console.error(`${title}: ${body}`, error);
      resolve();
    }
  });
}

export interface RecomputeAllDeps {
  office?: OfficeForCommands;
  run?: ExcelRun;
}

/** The 一键评定 command. */
export async function recomputeAll(event: CommandEvent, deps: RecomputeAllDeps = {}): Promise<void> {
  const office = deps.office ?? officeGlobal();
  const lang = uiLanguage(office);
  try {
    let message: { title: string; body: string } | null = null;
    try {
      const result = await recompute(createOfficeAdapter(deps.run), { lang });
      if (!result.ok) message = { title: TEXT[lang].failed, body: resultLine(result, lang) };
    } catch (error) {
      message = { title: TEXT[lang].crashed, body: describeOfficeError(error, lang) };
    }
    if (message) await showMessage(office, message.title, message.body, lang);
  } finally {
    event.completed();
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
