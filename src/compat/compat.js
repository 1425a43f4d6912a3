/*
 * 星级评定助手 · Star Rating: what an Office webview that cannot run the add-in's build shows instead
 * of a blank pane (docs/office-addin.md#old-hosts). Loaded before the bundles by taskpane.html and
 * commands.html. Plain ES5 on purpose (and nothing the CSP forbids): it must run where the ES2020 bundles cannot
 * (Internet Explorer 11 and EdgeHTML, the webviews of Office 2016/2019), under the pages' CSP.
 *
 * How: every entry bundle sets window.__starRatingBooted as its first act. Deferred scripts run
 * before DOMContentLoaded, so when that event fires without the flag, the build did not run.
 */
(function () {
  "use strict";

  var TEXT = {
    oldTitle: "此加载项需要 Office 2021 / Microsoft 365 或更新版本",
    oldBody:
      "当前 Office 内置的浏览器版本过旧，无法运行星级评定助手。请使用 Office 2021、Office 2024 或 Microsoft 365（Windows 版需带 Microsoft Edge WebView2），或在新版浏览器中使用 Excel 网页版。Office 2016、Office 2019 不能运行本加载项。",
    oldEn:
      "This add-in needs Office 2021, Office 2024 or Microsoft 365 (or Excel on the web in a current browser); this Office's built-in browser is too old to run it.",
    failedTitle: "星级评定助手未能加载",
    failedBody: "加载项的文件没有完整载入（网络中断或文件缺失）。请关闭任务窗格后重新打开；如仍出现，请联系管理员。",
    failedEn: "The add-in's files did not load completely. Close the pane and open it again; if this persists, contact your administrator."
  };

  /** Built-ins that arrived with ES2020 syntax; their absence marks a webview older than the build. */
  function hasEs2020BuiltIns() {
    return (
      typeof Promise !== "undefined" &&
      typeof Promise.allSettled === "function" &&
      typeof String.prototype.matchAll === "function" &&
      typeof BigInt === "function" &&
      typeof globalThis === "object"
    );
  }

  function booted() {
    return window.__starRatingBooted === true;
  }

  function paragraph(text, size, weight) {
    var p = document.createElement("p");
    p.appendChild(document.createTextNode(text));
    p.style.fontSize = size;
    p.style.fontWeight = weight;
    p.style.margin = "0 0 12px";
    return p;
  }

  /** Replaces the pane's content with the message (DOM calls only: the CSP allows no inline markup). */
  function showInPage(old) {
    var container = document.getElementById("container") || document.body;
    if (!container) return;
    while (container.firstChild) container.removeChild(container.firstChild);
    var box = document.createElement("div");
    box.id = "star-rating-unsupported";
    box.setAttribute("role", "alert");
    box.style.padding = "16px";
    box.style.fontFamily = '"Segoe UI", "Microsoft YaHei", "PingFang SC", sans-serif';
    box.style.lineHeight = "1.6";
    box.appendChild(paragraph(old ? TEXT.oldTitle : TEXT.failedTitle, "16px", "600"));
    box.appendChild(paragraph(old ? TEXT.oldBody : TEXT.failedBody, "14px", "400"));
    box.appendChild(paragraph(old ? TEXT.oldEn : TEXT.failedEn, "12px", "400"));
    container.appendChild(box);
  }

  /**
   * In the function file there is no page to show: answer the ribbon command itself with a dialog
   * (unsupported.html or load-failed.html, static pages without script) and complete the event once it is closed, or after 4 minutes
   * (Excel ends a function command at 5).
   */
  function answerRibbon(old) {
    var office = window.Office;
    if (!office || !office.actions || typeof office.actions.associate !== "function") return;
    // Next to this page (no URL constructor in Internet Explorer 11).
    var url = window.location.href.replace(/[?#].*$/, "").replace(/[^\/]*$/, "") + (old ? "unsupported.html" : "load-failed.html");
    function command(event) {
      var done = false;
      function complete() {
        if (done) return;
        done = true;
        event.completed();
      }
      setTimeout(complete, 240000);
      try {
        office.context.ui.displayDialogAsync(url, { height: 40, width: 40, displayInIframe: true }, function (result) {
          if (result.status !== "succeeded") return complete();
          result.value.addEventHandler("dialogEventReceived", complete);
        });
      } catch (e) {
        complete();
      }
    }
    function register() {
      office.actions.associate("recomputeAll", command);
    }
    if (typeof office.onReady === "function") office.onReady(register);
    else office.initialize = register;
  }

  function check() {
    if (booted()) return;
    var old = !hasEs2020BuiltIns();
    if (document.getElementById("container")) showInPage(old);
    else answerRibbon(old);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", check);
  else check();
})();
