/**
 * A stand-in for the `Office` global as the ribbon commands use it: Office.onReady,
 * Office.actions.associate, Office.context.displayLanguage / requirements and
 * Office.context.ui.displayDialogAsync with a dialog whose events tests can fire.
 * No Node-only imports (bundled into browser tests too).
 */
import type { CommandEvent, DialogLike, OfficeForCommands } from "../../src/commands/commands";

export class FakeDialog implements DialogLike {
  closed = false;
  private handlers = new Map<string, Array<(arg: { message?: string; error?: number }) => void>>();
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true;
  }
  addEventHandler(eventType: string, handler: (arg: { message?: string; error?: number }) => void): void {
    const list = this.handlers.get(eventType) ?? [];
    list.push(handler);
    this.handlers.set(eventType, list);
  }
  /** The page called Office.context.ui.messageParent(message). */
  sendMessage(message: string): void {
    for (const h of this.handlers.get("dialogMessageReceived") ?? []) h({ message });
  }
  /** The user closed it with the window's X (12006). */
  closeByUser(): void {
    this.closed = true;
    for (const h of this.handlers.get("dialogEventReceived") ?? []) h({ error: 12006 });
  }
  /** The query parameters the dialog page reads. */
  get params(): URLSearchParams {
    return new URL(this.url).searchParams;
  }
}

export interface FakeOfficeOptions {
  displayLanguage?: string;
  /** What happens when a dialog opens: the user presses OK, closes it, or it cannot open (e.g. 12007). */
  dialog?: "ok" | "closeBox" | "fails" | "stays";
  apiVersion?: number;
}

export class FakeOffice implements OfficeForCommands {
  readonly associated = new Map<string, (event: CommandEvent) => unknown>();
  readonly dialogs: FakeDialog[] = [];
  readonly context: Required<NonNullable<OfficeForCommands["context"]>> & {
    requirements: { isSetSupported(name: string, version?: string): boolean };
  };
  readonly actions: NonNullable<OfficeForCommands["actions"]>;
  private ready = false;
  private readyCallbacks: Array<() => void> = [];

  constructor(readonly options: FakeOfficeOptions = {}) {
    const mode = options.dialog ?? "ok";
    const apiVersion = options.apiVersion ?? 17;
    this.context = {
      displayLanguage: options.displayLanguage ?? "zh-CN",
      requirements: {
        isSetSupported: (name, version = "1.1") =>
          name === "ExcelApi" && Number(version.split(".")[1] ?? 0) <= apiVersion,
      },
      ui: {
        displayDialogAsync: (url, _options, callback) => {
          if (mode === "fails") {
            setTimeout(() =>
              callback({ status: "failed", error: { code: 12007, message: "A dialog is already open." } }),
            );
            return;
          }
          const dialog = new FakeDialog(url);
          this.dialogs.push(dialog);
          setTimeout(() => {
            callback({ status: "succeeded", value: dialog });
            if (mode === "ok") setTimeout(() => dialog.sendMessage("close"));
            if (mode === "closeBox") setTimeout(() => dialog.closeByUser());
          });
        },
      },
    };
    this.actions = {
      associate: (name, action) => {
        this.associated.set(name, action);
      },
    };
  }

  onReady(callback?: () => void): Promise<unknown> {
    if (callback) {
      if (this.ready) callback();
      else this.readyCallbacks.push(callback);
    }
    return this.ready
      ? Promise.resolve({ host: "Excel" })
      : new Promise((resolve) => this.readyCallbacks.push(() => resolve({ host: "Excel" })));
  }

  /** Office.js finished loading. */
  becomeReady(): void {
    this.ready = true;
    const callbacks = this.readyCallbacks;
    this.readyCallbacks = [];
    for (const cb of callbacks) cb();
  }
}

/** An ExecuteFunction event that records completed() calls. */
export function commandEvent(): CommandEvent & { completedCalls: number } {
  const event = {
    completedCalls: 0,
    completed() {
      event.completedCalls++;
    },
  };
  return event;
}
