/**
 * Browser-side stand-in for Excel: served in place of the Office.js CDN script, it installs a fake
 * `Office` global (host Excel, display language and theme from the test: `onReady`, `context`,
 * `ui`, `actions`) over the in-memory Excel from tests/support, loaded with the workbook the test
 * describes. Bundled by esbuild into one classic script; the test prepends
 * `window.__E2E_CONFIG__ = {…}`.
 *
 * `Excel.run` is Microsoft's own: the served script goes on with `excel-web-16.00.js` from
 * @microsoft/office-js, unchanged, which finds `window._richApiNativeBridge` defined here and sends
 * every `context.sync()` through it as JSON; the emulated host (tests/support/office-host) answers
 * from the in-memory Excel, as in the Jest tests. Then `__e2eAfterOfficeJs()` puts the fake
 * `Office` in place of the library's. With `officeJs: false`, `Excel.run` is the in-memory Excel's
 * own (no serialisation).
 */
import { FakeExcel, type DescribedWorkbook } from "../support/fake-excel";
import { richApiBridge, type RichApiBridge } from "../support/office-host/bridge";
import { Interpreter } from "../support/office-host/interpreter";

export interface HarnessConfig {
  /** Office's display language, e.g. "zh-CN" or "en-US". */
  displayLanguage: string;
  theme: "light" | "dark";
  workbook: DescribedWorkbook;
  /** Highest ExcelApi minor version the fake host supports (default 17). */
  apiVersion?: number;
  /** Excel.run of Microsoft's excel-web-16.00.js over the emulated host (default true). */
  officeJs?: boolean;
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
  OSF?: Record<string, unknown>;
  _richApiNativeBridge?: RichApiBridge;
  /** Called by the served script after excel-web-16.00.js has run. */
  __e2eAfterOfficeJs?: () => void;
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
  const requirements = {
    isSetSupported(name: string, version?: string): boolean {
      return name === "ExcelApi" && excel.supports(version ?? "1.1");
    },
  };
  const office = {
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
      requirements,
    },
    actions: {
      associate(name: string, action: unknown): void {
        associated[name] = action;
      },
    },
  };
  if (config.officeJs === false) {
    target.Office = office;
    target.Excel = { run: excel.run };
    return;
  }
  const interpreter = new Interpreter(excel);
  target._richApiNativeBridge = richApiBridge(() => interpreter);
  target.__e2eAfterOfficeJs = () => {
    // As in tests/support/office-host/host.ts: the library's Office.context asks OSF's app factory,
    // which Office's loader would set up from the host.
    if (target.OSF) target.OSF._OfficeAppFactory = { getContext: () => ({ requirements }) };
    target.Office = office;
  };
}

install(globalThis as unknown as HarnessWindow);
