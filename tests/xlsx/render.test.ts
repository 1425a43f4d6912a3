/**
 * The printed-page proof (scripts/render-sheets.ts, `npm run render`): a bundled example scored and
 * each written sheet printed by LibreOffice on its own comes out as A4 pages, the scored sheet in
 * landscape, every other sheet in the orientation its page setup names.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { entryText, readZip } from "../../src/xlsx/zip";
import { onlySheet, pdfPages, realStyleWorkbook, renderSource } from "../../scripts/render-sheets";
import { testWithTool } from "../support/tools";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "render-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The orientation each sheet's `<pageSetup>` names, by sheet name. */
function orientations(xlsx: string): Map<string, string> {
  const parts = new Map(readZip(readFileSync(xlsx))!.map((e) => [e.name, entryText(e)]));
  const workbook = parts.get("xl/workbook.xml")!;
  const rels = parts.get("xl/_rels/workbook.xml.rels")!;
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])![1];
    const id = /r:id="([^"]+)"/.exec(m[0])![1];
    const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)]
      .map((r) => r[0])
      .find((r) => r.includes(`Id="${id}"`))!;
    const target = /Target="([^"]+)"/.exec(rel)![1];
    const xml = parts.get(target.startsWith("/") ? target.slice(1) : `xl/${target}`) ?? "";
    out.set(name, /<pageSetup\b[^>]*\sorientation="(\w+)"/.exec(xml)?.[1] ?? "portrait");
  }
  return out;
}

const A4_LONG = 842;
const A4_SHORT = 595;

testWithTool(
  "soffice",
  "the service-org example prints as A4 pages: the scored sheet landscape, each owned sheet as its setup says",
  async () => {
    const input = path.join(__dirname, "..", "..", "examples", "service-org.xlsx");
    const rendered = await renderSource(
      { key: "service-org", input, scoredPages: 0, ownedPages: 0 },
      dir,
      dir,
    );
    expect(rendered[0]).toMatchObject({ slug: "scored", sheet: "评分表" });
    expect(rendered.map((r) => r.sheet)).toContain("评定汇总");
    const setups = orientations(path.join(dir, "service-org.scored.xlsx"));
    expect(setups.get("评分表")).toBe("landscape");
    for (const r of rendered) {
      expect(r.pages.length).toBeGreaterThan(0);
      const landscape = setups.get(r.sheet) === "landscape";
      for (const page of r.pages) {
        expect(Math.round(landscape ? page.width : page.height)).toBe(A4_LONG);
        expect(Math.round(landscape ? page.height : page.width)).toBe(A4_SHORT);
      }
    }
    // The service-org example's 28 columns print two landscape pages wide (the results, with 序号
    // and the names repeated, on the second) and one page tall.
    expect(rendered[0].pages.length).toBe(2);
  },
  300_000,
);

test("a sheet printed on its own: every other sheet hidden, it the active tab", async () => {
  const file = path.join(dir, "real-style.xlsx");
  const wb = realStyleWorkbook();
  wb.addWorksheet("评定汇总");
  await wb.xlsx.writeFile(file);
  const copy = await onlySheet(readFileSync(file), "评定汇总");
  const workbook = entryText(readZip(copy)!.find((e) => e.name === "xl/workbook.xml")!);
  expect(workbook).toMatch(/<sheet [^>]*name="2026年度评定"[^>]*state="hidden"/);
  expect(workbook).not.toMatch(/<sheet [^>]*name="评定汇总"[^>]*state=/);
  expect(workbook).toMatch(/activeTab="1"/);
  await expect(onlySheet(readFileSync(file), "没有这张表")).rejects.toThrow("no sheet named 没有这张表");
});

test("PDF pages are read from their MediaBox", () => {
  const pdf = Buffer.from(
    "<</Type/Pages/Count 2>> <</Type/Page/Parent 1 0 R/MediaBox[0 0 841.9 595.3]>> <</Type /Page /MediaBox [ 0 0 595.3 841.9 ]>>",
    "latin1",
  );
  expect(pdfPages(pdf)).toEqual([
    { width: 841.9, height: 595.3 },
    { width: 595.3, height: 841.9 },
  ]);
});
