#!/usr/bin/env tsx
/**
 * What `score` writes, as printed pages (issue 12's proof you can look at): scores the three
 * bundled examples and a messy real-style sheet, then prints the scored sheet and each sheet the
 * tool owns (评定汇总, 评定核查, 公示名单) through LibreOffice to PDF and the first pages to PNG:
 *
 *   npm run render                 → docs/images/render-*.png (A4 pages, 150 dpi)
 *   npm run render -- --out DIR    → elsewhere; --keep keeps the scored .xlsx and PDFs there too
 *
 * Needs LibreOffice (soffice) and Ghostscript (gs) or poppler (pdftoppm). Each sheet is printed
 * from a copy of the scored workbook in which every other sheet is hidden (LibreOffice prints
 * only visible sheets), so a page belongs to exactly one sheet. Dates are fixed, so a re-run on
 * the same code gives the same pages.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { recompute } from "../src/workbook/recompute";
import { XlsxAdapter, openXlsx, writeXlsxAtomic } from "../src/xlsx";
import { realStyleWorkbook as styledRealStyle, type RealStyleBranch } from "../tests/fixtures/real-style";

/** The run's date: fixed, so the pages do not change from one run to the next. */
export const RENDER_DATE = new Date(Date.UTC(2026, 11, 1, 9, 0, 0));

/** The sheets the tool owns, with the file-name part of their pages. */
export const OWNED_SHEETS: Record<string, string> = {
  评定汇总: "summary",
  评定核查: "review",
  公示名单: "notice",
};

export interface RenderSource {
  /** File-name part, e.g. "service-org". */
  key: string;
  input: string;
  /** Pages of the scored sheet to keep as PNG (the owned sheets keep `ownedPages`). */
  scoredPages: number;
  ownedPages: number;
}

export interface RenderedSheet {
  sheet: string;
  slug: string;
  pdf: string;
  pages: { width: number; height: number }[];
  pngs: string[];
}

// ---------------------------------------------------------------------------------------------
// A messy real-style sheet: what a 机关党委 office actually keeps

const BRANCHES = [
  "办公室党支部",
  "组织人事处党支部",
  "宣传教育处党支部",
  "政策法规处党支部",
  "财务审计处党支部",
  "行政审批服务中心党支部",
  "信息中心党支部",
  "机关服务中心党支部",
  "离退休干部处党支部",
  "综合执法大队第一党支部",
  "综合执法大队第二党支部",
  "政务服务大厅联合党支部",
  "后勤保障中心党支部",
  "档案馆党支部",
  "培训中心党支部",
  "统计信息处党支部",
  "规划发展处党支部",
  "安全监管处党支部",
  "科技合作处党支部",
  "机关纪委党支部",
];

/** Scores for the branches: most complete, one vetoed, one short of 95% satisfaction, one blank. */
function branchRow(i: number): RealStyleBranch {
  const base = [19, 18.5, 18, 17, 16.5, 15, 14][i % 7]!;
  const scores = [0, 1, 2, 3, 4].map((k) => Math.max(8, base - ((i * 3 + k * 5) % 4) * 0.5));
  const satisfaction = i === 4 ? 0.93 : [0.99, 0.97, 0.96, 0.98, 0.95][i % 5]!;
  const note =
    i === 7
      ? "年内发生违纪问题，一票否决"
      : i === 2
        ? "群众评议表已于11月底收齐，综合评分经支部委员会审议"
        : null;
  return [
    BRANCHES[i]!,
    i % 4 === 3 ? "机关二党委" : "机关党委",
    scores[0]!,
    scores[1]!,
    i === 11 ? null : scores[2]!, // 服务机制 not filled in
    scores[3]!,
    scores[4]!,
    satisfaction,
    i === 7 ? "是" : "否",
    note,
  ];
}

/**
 * The real-style sheet of the tests (tests/fixtures/real-style.ts) with twenty branches and the
 * title, 填报单位 line and notes of a city's 机关党委.
 */
export function realStyleWorkbook(): ExcelJS.Workbook {
  return styledRealStyle({
    sheet: "2026年度评定",
    title: "XX市机关党委2026年度星级服务型党支部评定表",
    unitLine: "填报单位：XX市机关党委组织部（盖章）                    填报日期：2026年11月28日",
    scoresLabel: "考评得分（满分100分）",
    branches: BRANCHES.map((_, i) => branchRow(i)),
    notes: [
      "注：1. 考评得分由机关党委考评组评定，群众满意率以年度测评结果为准；",
      "    2. 发生一票否决情形的，不得评定星级；满意率未达95%的，最高评定为三星级。",
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Scoring, printing, rasterising

/** Score `input` into `output` as the CLI does (the package patcher, fixed dates). */
export async function scoreTo(input: string, output: string): Promise<string> {
  const file = await openXlsx(input);
  const result = await recompute(new XlsxAdapter(file), { now: RENDER_DATE });
  if (!result.ok) throw new Error(`${input}: ${result.error.text("zh")}`);
  file.modified = RENDER_DATE;
  await writeXlsxAtomic(file, output, { fixedDate: RENDER_DATE });
  return result.sheet;
}

/** The scored workbook with every sheet but `sheet` hidden and `sheet` the active tab. */
export async function onlySheet(xlsx: Buffer, sheet: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const part = zip.file("xl/workbook.xml");
  if (!part) throw new Error("no xl/workbook.xml");
  const xml = await part.async("string");
  let index = -1;
  let position = 0;
  const escaped = sheet.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const sheets = xml.replace(/<sheet\b[^>]*\/>/g, (tag) => {
    const mine = tag.includes(` name="${escaped}"`);
    if (mine) index = position;
    position++;
    const without = tag.replace(/\sstate="[^"]*"/, "");
    if (mine) return without;
    return tag.includes('state="veryHidden"') ? tag : without.replace(/\/>$/, ' state="hidden"/>');
  });
  if (index < 0) throw new Error(`no sheet named ${sheet}`);
  // LibreOffice prints a hidden sheet when it is the active one: make `sheet` the active tab.
  const view = /<workbookView\b[^>]*\/>/;
  const active = view.test(sheets)
    ? sheets.replace(view, (tag) =>
        tag.replace(/\s(?:activeTab|firstSheet)="\d+"/g, "").replace(/\/>$/, ` activeTab="${index}"/>`),
      )
    : sheets.replace("<sheets>", `<bookViews><workbookView activeTab="${index}"/></bookViews><sheets>`);
  zip.file("xl/workbook.xml", active);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Convert .xlsx files to PDF with LibreOffice (one run for all, a private profile). */
export function toPdf(files: string[], outDir: string, profileDir: string): void {
  execFileSync(
    "soffice",
    [
      `-env:UserInstallation=file://${profileDir}`,
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      outDir,
      ...files,
    ],
    { stdio: "ignore", timeout: 600_000 },
  );
}

/** The pages of a PDF LibreOffice wrote: width and height in points, from each page's MediaBox. */
export function pdfPages(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString("latin1");
  const out: { width: number; height: number }[] = [];
  const page =
    /\/Type\s*\/Page\b(?!s)[\s\S]*?\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g;
  for (const m of text.matchAll(page))
    out.push({ width: Number(m[3]) - Number(m[1]), height: Number(m[4]) - Number(m[2]) });
  return out;
}

function hasProgram(name: string): boolean {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir !== "" && existsSync(path.join(dir, name)));
}

/**
 * The first `pages` pages of a PDF as PNGs `<prefix>-p1.png`…, at `dpi`, with Ghostscript, else
 * poppler's pdftoppm. Full colour: a 256-colour palette dithers the light header and tier fills
 * into hatching.
 */
export function toPngs(pdf: string, prefix: string, pages: number, dpi = 150): string[] {
  const count = Math.min(pages, pdfPages(readFileSync(pdf)).length);
  if (count === 0) return [];
  const outs = Array.from({ length: count }, (_, i) => `${prefix}-p${i + 1}.png`);
  if (hasProgram("gs")) {
    execFileSync("gs", [
      "-q",
      "-dNOPAUSE",
      "-dBATCH",
      "-dSAFER",
      "-sDEVICE=png16m",
      `-r${dpi}`,
      "-dTextAlphaBits=4",
      "-dGraphicsAlphaBits=4",
      "-dFirstPage=1",
      `-dLastPage=${count}`,
      `-sOutputFile=${prefix}-p%d.png`,
      pdf,
    ]);
    return outs;
  }
  // pdftoppm names a page <prefix>-<n>.png, n padded to the digits of the document's page count.
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), "-f", "1", "-l", String(count), pdf, prefix]);
  const digits = String(pdfPages(readFileSync(pdf)).length).length;
  outs.forEach((target, i) => {
    const written = `${prefix}-${String(i + 1).padStart(digits, "0")}.png`;
    writeFileSync(target, readFileSync(written));
    rmSync(written);
  });
  return outs;
}

/** The scored sheet and the owned sheets the scored workbook has, in that order. */
export async function sheetsToRender(
  scored: string,
  scoredSheet: string,
): Promise<{ sheet: string; slug: string }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(scored);
  const names = wb.worksheets.map((ws) => ws.name);
  return [
    { sheet: scoredSheet, slug: "scored" },
    ...Object.entries(OWNED_SHEETS)
      .filter(([name]) => names.includes(name))
      .map(([sheet, slug]) => ({ sheet, slug })),
  ];
}

/**
 * Score `source`, print each sheet to its own PDF in `work`, and keep the first pages as PNG in
 * `images` (`render-<key>-<sheet>-p<n>.png`).
 */
export async function renderSource(
  source: RenderSource,
  work: string,
  images: string,
): Promise<RenderedSheet[]> {
  const scored = path.join(work, `${source.key}.scored.xlsx`);
  const scoredSheet = await scoreTo(source.input, scored);
  const sheets = await sheetsToRender(scored, scoredSheet);
  const bytes = readFileSync(scored);
  const copies: string[] = [];
  for (const s of sheets) {
    const copy = path.join(work, `render-${source.key}-${s.slug}.xlsx`);
    writeFileSync(copy, await onlySheet(bytes, s.sheet));
    copies.push(copy);
  }
  toPdf(copies, work, path.join(work, "lo-profile"));
  return sheets.map((s, i) => {
    const pdf = copies[i].replace(/\.xlsx$/, ".pdf");
    const keep = s.slug === "scored" ? source.scoredPages : source.ownedPages;
    const pngs = keep > 0 ? toPngs(pdf, path.join(images, path.basename(pdf, ".pdf")), keep) : [];
    return { ...s, pdf, pages: pdfPages(readFileSync(pdf)), pngs };
  });
}

/** What `npm run render` renders: every scored sheet's pages (up to 4), and the messy sheet in full. */
export function defaultSources(root: string, work: string): RenderSource[] {
  const examples = ["service-org", "star-branch", "model-organ"].map((key) => ({
    key,
    input: path.join(root, "examples", `${key}.xlsx`),
    // A wide scored sheet prints two pages wide (down, then across: the results from the page after
    // the last of the user's columns); star-branch's long 评定标记 make it two pages tall too.
    scoredPages: key === "star-branch" ? 4 : 2,
    ownedPages: 0,
  }));
  return [
    { key: "real-style", input: path.join(work, "real-style.xlsx"), scoredPages: 2, ownedPages: 2 },
    ...examples,
  ];
}

async function main(argv: string[]): Promise<void> {
  const root = path.resolve(__dirname, "..");
  const outAt = argv.indexOf("--out");
  const images = outAt >= 0 ? path.resolve(argv[outAt + 1]) : path.join(root, "docs", "images");
  const keep = argv.includes("--keep");
  const work = keep ? images : mkdtempSync(path.join(os.tmpdir(), "render-sheets-"));
  mkdirSync(images, { recursive: true });
  try {
    await realStyleWorkbook().xlsx.writeFile(path.join(work, "real-style.xlsx"));
    for (const source of defaultSources(root, work)) {
      for (const r of await renderSource(source, work, images)) {
        const sizes = r.pages.map((p) => `${Math.round(p.width)}×${Math.round(p.height)}`).join(", ");
        console.log(
          `${source.key} ${r.sheet}: ${r.pages.length} page(s) [${sizes} pt] → ${r.pngs.map((p) => path.relative(root, p)).join(", ")}`,
        );
      }
    }
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
