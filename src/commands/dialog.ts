/**
 * The message box opened by 一键评定: title, text and the button labels come from the query string,
 * rendered by the function file from the message catalogue (src/messages/commands.ts; this page
 * does not load the catalogue, to stay small), and are shown with textContent (never as HTML).
 * 确定/OK (`ok`) tells the function file to close the dialog, and 打开评定面板 (`paneLabel`, only
 * with `pane=1`, i.e. where the host can open the pane from a command) asks it to open the pane.
 * Without a label the button keeps dialog.html's own.
 */
interface DialogOffice {
  onReady(callback?: () => void): Promise<unknown>;
  context?: { ui?: { messageParent(message: string): void } };
}

function show(): void {
  const params = new URLSearchParams(location.search);
  const lang = params.get("lang") === "en" ? "en" : "zh";
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  const title = params.get("title") ?? "";
  document.title = title || document.title;
  const titleEl = document.getElementById("title");
  const messageEl = document.getElementById("message");
  const button = document.getElementById("close");
  if (titleEl) titleEl.textContent = title;
  if (messageEl) messageEl.textContent = params.get("body") ?? "";
  const paneButton = document.getElementById("openPane");
  if (paneButton && params.get("pane") === "1") {
    const label = params.get("paneLabel");
    if (label) paneButton.textContent = label;
    paneButton.hidden = false;
    paneButton.addEventListener("click", () => tellParent("openPane"));
  }
  if (button) {
    const label = params.get("ok");
    if (label) button.textContent = label;
    button.addEventListener("click", () => tellParent("close"));
    button.focus();
  }
}

function tellParent(message: "close" | "openPane"): void {
  const office = (globalThis as { Office?: DialogOffice }).Office;
  if (office?.context?.ui) office.context.ui.messageParent(message);
  else window.close();
}

const office = (globalThis as { Office?: DialogOffice }).Office;
if (office) void office.onReady(show);
else show();
