/**
 * The message box opened by 一键评定: title and text come from the query string and are shown with
 * textContent (never as HTML); 确定/OK tells the function file to close the dialog.
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
  if (button) {
    button.textContent = lang === "zh" ? "确定" : "OK";
    button.addEventListener("click", () => {
      const office = (globalThis as { Office?: DialogOffice }).Office;
      if (office?.context?.ui) office.context.ui.messageParent("close");
      else window.close();
    });
    button.focus();
  }
}

const office = (globalThis as { Office?: DialogOffice }).Office;
if (office) void office.onReady(show);
else show();
