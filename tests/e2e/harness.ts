/**
 * Browser-side stand-in for Excel: served in place of the Office.js CDN script, it installs a fake
 * `Office` global (host Excel, display language and theme from the test) and `Excel.run` over the
 * in-memory Excel from tests/support, loaded with the workbook the test describes. Bundled by
 * esbuild into one classic script; the test prepends `window.__E2E_CONFIG__ = {…}`.
 */
import { FakeExcel, type DescribedWorkbook } from "../support/fake-excel";

export interface HarnessConfig {
  /** Office's display language, e.g. "zh-CN" or "en-US". */
  displayLanguage: string;
  theme: "light" | "dark";
  workbook: DescribedWorkbook;
  /** Highest ExcelApi minor version the fake host supports (default 17). */
  apiVersion?: number;
}

/** Office's own theme colours (Office 365 "White" and "Black"), as `Office.context.officeTheme` reports them. */
const THEMES = {
  light: {
    bodyBackgroundColor: "#FFFFFF",
    bodyForegroundColor: "#000000",
    controlBackgroundColor: "#FFFFFF",
    controlForegroundColor: "#262626",
  },
  dark: {
    bodyBackgroundColor: "#262626",
    bodyForegroundColor: "#FFFFFF",
    controlBackgroundColor: "#363636",
    controlForegroundColor: "#FFFFFF",
  },
} as const;

type OnReadyInfo = { host: string; platform: string };

/** A dialog the add-in opened with `Office.context.ui.displayDialogAsync`. */
export interface HarnessDialog {
  url: string;
  options: unknown;
  closed: boolean;
}

type DialogHandler = (arg: { message?: string; error?: number }) => void;

interface HarnessWindow {
  __E2E_CONFIG__?: HarnessConfig;
  __fakeExcel?: FakeExcel;
  /** Functions the add-in associated with `Office.actions.associate`, by name. */
  __associated?: Record<string, unknown>;
  __dialogs?: HarnessDialog[];
  /** What a dialog page sent with `Office.context.ui.messageParent`. */
  __parentMessages?: string[];
  Office?: unknown;
  Excel?: unknown;
}

/**
 * displayDialogAsync as Excel does it (asynchronous callback with a dialog object); the "user" then
 * presses the dialog's OK at once, i.e. the dialog page sends "close" to its parent.
 */
function dialogs(list: HarnessDialog[]) {
  return (
    url: string,
    options: unknown,
    callback: (result: { status: string; value?: unknown }) => void,
  ): void => {
    const record: HarnessDialog = { url, options, closed: false };
    list.push(record);
    const handlers = new Map<string, DialogHandler>();
    const dialog = {
      close(): void {
        record.closed = true;
      },
      addEventHandler(eventType: string, handler: DialogHandler): void {
        handlers.set(eventType, handler);
      },
    };
    setTimeout(() => {
      callback({ status: "succeeded", value: dialog });
      setTimeout(() => handlers.get("dialogMessageReceived")?.({ message: "close" }), 0);
    }, 0);
  };
}

function install(target: HarnessWindow): void {
  const config = target.__E2E_CONFIG__;
  if (!config) throw new Error("e2e harness: window.__E2E_CONFIG__ is not set");
  const excel = FakeExcel.fromDescription(config.workbook, { apiVersion: config.apiVersion });
  const associated: Record<string, unknown> = {};
  const info: OnReadyInfo = { host: "Excel", platform: "OfficeOnline" };

  const opened: HarnessDialog[] = [];
  const parentMessages: string[] = [];

  target.__fakeExcel = excel;
  target.__associated = associated;
  target.__dialogs = opened;
  target.__parentMessages = parentMessages;
  target.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    onReady(callback?: (value: OnReadyInfo) => void): Promise<OnReadyInfo> {
      callback?.(info);
      return Promise.resolve(info);
    },
    context: {
      displayLanguage: config.displayLanguage,
      contentLanguage: config.displayLanguage,
      officeTheme: { ...THEMES[config.theme] },
      ui: {
        displayDialogAsync: dialogs(opened),
        messageParent(message: string): void {
          parentMessages.push(message);
        },
      },
      requirements: {
        isSetSupported(name: string, version?: string): boolean {
          return name === "ExcelApi" && excel.supports(version ?? "1.1");
        },
      },
    },
    actions: {
      associate(name: string, action: unknown): void {
        associated[name] = action;
      },
    },
  };
  target.Excel = { run: excel.run };
}

install(globalThis as unknown as HarnessWindow);
