/**
 * The message box opened by 一键评定: title and text come from the query string and are shown with
 * textContent (never as HTML); 确定/OK tells the function file to close the dialog, and 打开评定面板
 * (only with `pane=1`, i.e. where the host can open the pane from a command) asks it to open the pane.
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
    paneButton.textContent = lang === "zh" ? "打开评定面板" : "Open the Rating Pane";
    paneButton.hidden = false;
    paneButton.addEventListener("click", () => tellParent("openPane"));
  }
  if (button) {
    button.textContent = lang === "zh" ? "确定" : "OK";
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
