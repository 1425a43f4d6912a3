/* eslint-disable no-undef */
/**
 * Build-time helpers of the add-in (used by webpack.config.js and tested in tests/manifest):
 * - where dist/manifest.xml points (ADDIN_URL, checked, and said out loud at build time);
 * - help.html, the manifest's SupportUrl, made from the README's help section.
 * Plain CommonJS so that webpack's config can require it without a TypeScript step.
 */
"use strict";

/** The origin every URL in the repository's manifest.xml uses (the dev server). */
const DEV_URL = "https://localhost:3000/";

/** Hosts that are examples, never a deployment (Microsoft's samples use contoso). */
const PLACEHOLDER_HOST = /(^|\.)(contoso\.com|example\.(com|org|net)|your\.host|yourdomain\.com)$/i;

function withSlash(url) {
  return url.endsWith("/") ? url : url + "/";
}

/**
 * The URL the built manifest points at, and the line the build prints about it.
 * ADDIN_URL must be an https URL on a real host; without it the manifest keeps the dev server's
 * https://localhost:3000/ (usable for sideloading on this machine only), and the line says so.
 * @param {{ ADDIN_URL?: string }} env
 * @param {boolean} dev
 * @returns {{ url: string, fromEnv: boolean, line: string }}
 */
function addinUrl(env, dev) {
  const raw = (env.ADDIN_URL || "").trim();
  if (dev || raw === "") {
    const why = dev
      ? "development build"
      : "ADDIN_URL 未设置 / not set: only for sideloading with `npm run dev-server` on this machine";
    return { url: DEV_URL, fromEnv: false, line: `[star-rating] dist/manifest.xml → ${DEV_URL} (${why})` };
  }
  let parsed;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`ADDIN_URL「${raw}」不是有效的网址 / is not a valid URL (e.g. https://addins.example.org/star-rating/)`);
  }
  if (parsed.protocol !== "https:")
    throw new Error(`ADDIN_URL 必须是 https 网址（Office 只加载 https 上的加载项）/ must be https: ${raw}`);
  if (PLACEHOLDER_HOST.test(parsed.hostname))
    throw new Error(`ADDIN_URL 指向示例主机 ${parsed.hostname}，请改为实际部署的服务器 / points at a placeholder host`);
  if (parsed.search || parsed.hash) throw new Error(`ADDIN_URL 不能带 ? 或 # / must not carry a query or fragment: ${raw}`);
  const url = withSlash(parsed.href);
  return { url, fromEnv: true, line: `[star-rating] dist/manifest.xml → ${url} (ADDIN_URL)` };
}

/** The manifest with every dev-server URL replaced by `url`. */
function pointManifestAt(manifest, url) {
  return manifest.split(DEV_URL).join(url);
}

const HELP_START = "<!-- help:start -->";
const HELP_END = "<!-- help:end -->";

/** The README's text between the help markers. */
function helpSection(readme) {
  const start = readme.indexOf(HELP_START);
  const end = readme.indexOf(HELP_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${HELP_START} … ${HELP_END} section`);
  return readme.slice(start + HELP_START.length, end).trim();
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `code`, **bold** and [links](https://…); links into the repository become plain text (not served). */
function inline(text) {
  const parts = text.split(/(`[^`]+`)/);
  return parts
    .map((part) => {
      if (part.startsWith("`") && part.endsWith("`") && part.length > 1)
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) =>
          /^https:\/\//.test(href) ? `<a href="${href}">${label}</a>` : label,
        );
    })
    .join("");
}

/**
 * The Markdown the help section uses: headings, paragraphs, "-" and "1." lists (with indented
 * continuation lines), fenced code and "---". Anything else is shown as text, escaped.
 */
function markdownToHtml(markdown) {
  const out = [];
  let paragraph = [];
  let list = null;
  let item = null;
  let fence = null;
  // The section's own top heading becomes <h1>, whatever its depth in the README.
  const depths = [...markdown.matchAll(/^(#{1,6})\s/gm)].map((m) => m[1].length);
  const top = depths.length ? Math.min(...depths) : 1;
  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (item !== null) list.items.push(item);
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join("")}</${list.tag}>`);
    list = null;
    item = null;
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (fence !== null) {
      if (/^```/.test(line)) {
        out.push(`<pre><code>${escapeHtml(fence.join("\n"))}</code></pre>`);
        fence = null;
      } else fence.push(line);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^(-|\d+\.)\s+(.*)$/.exec(line);
    if (/^```/.test(line)) {
      flushParagraph();
      flushList();
      fence = [];
    } else if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(heading[1].length - top + 1, 4);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
    } else if (bullet) {
      flushParagraph();
      const tag = bullet[1] === "-" ? "ul" : "ol";
      if (list && list.tag !== tag) flushList();
      if (!list) list = { tag, items: [] };
      if (item !== null) list.items.push(item);
      item = bullet[2];
    } else if (list && /^\s+\S/.test(line)) {
      item += " " + line.trim();
    } else if (/^---+\s*$/.test(line)) {
      flushParagraph();
      flushList();
      out.push("<hr>");
    } else if (line.trim() === "") {
      flushParagraph();
      flushList();
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return out.join("\n");
}

/** help.html: the README's help section as a static page (no script; a CSP that allows none). */
function helpPage(readme) {
  const body = markdownToHtml(helpSection(readme));
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'" />
    <title>星级评定助手 · 使用帮助 / Help</title>
    <style>
      body { margin: 0 auto; max-width: 760px; padding: 16px 20px 40px; line-height: 1.6;
        font-family: "Segoe UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #1f1f1f; }
      h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; } h3, h4 { font-size: 16px; }
      code { background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
      pre { background: #f3f3f3; padding: 8px 12px; overflow-x: auto; }
    </style>
  </head>
  <body>
    <main>
${body}
    </main>
  </body>
</html>
`;
}

module.exports = { DEV_URL, addinUrl, pointManifestAt, helpSection, markdownToHtml, helpPage };
