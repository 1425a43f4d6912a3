/**
 * Texts the tool wrote on an earlier run, read back on the next one in the other language (the CLI's
 * --lang, Office's display language): owned sheets recognised, the 公示名单's typed contact kept,
 * last year's results read from an English-scored file, no hand edit seen where there is none, no
 * tier change or 定稿 difference made up by the language alone.
 */
import type { Lang } from "../../src/engine/types";
import { msg, render } from "../../src/messages";
import { parseSettings, recompute, SETTINGS_SHEET, type RecomputeResult } from "../../src/workbook";
import { isOurNotice, typedNoticeContact } from "../../src/workbook/notice";
import { readPrior } from "../../src/workbook/prior";
import { isOurSummary } from "../../src/workbook/summary";
import { NOW, SMALL_SHEET_STARS, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

type Ok = RecomputeResult & { ok: true };

async function run(wb: MemoryWorkbook, opts: Parameters<typeof recompute>[1] = {}): Promise<Ok> {
  const r = await recompute(wb, { now: NOW, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

function carried(wb: MemoryWorkbook) {
  const lines = wb.column(SETTINGS_SHEET, 1).filter((v): v is string => typeof v === "string");
  return parseSettings(lines.join(""));
}

const PAIRS: readonly [Lang, Lang][] = [
  ["en", "en"],
  ["en", "zh"],
  ["zh", "en"],
  ["zh", "zh"],
];

describe.each(PAIRS)("scored in %s, then again in %s", (first, then) => {
  it("the three owned sheets are rebuilt in place, no copy beside them, no stale-copy notice", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb, { lang: first });
    const r = await run(wb, { lang: then, now: new Date("2026-12-02T08:00:00Z") });
    expect([r.summarySheet, r.reviewSheet, r.noticeSheet]).toEqual(["评定汇总", "评定核查", "公示名单"]);
    expect(wb.sheets.map((s) => s.model.name).filter((n) => n.includes("("))).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it("with the settings gone, the owned sheets are recognised by what they say", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb, { lang: first });
    wb.sheet(SETTINGS_SHEET)!.model.values = [["{ not json"]];
    const r = await run(wb, { lang: then });
    expect([r.summarySheet, r.reviewSheet, r.noticeSheet]).toEqual(["评定汇总", "评定核查", "公示名单"]);
    expect(wb.sheets.map((s) => s.model.name).filter((n) => n.includes("("))).toEqual([]);
  });

  it("a renamed copy of each owned sheet is said to be stale", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r1 = await run(wb, { lang: first });
    for (const [name, copy] of [
      [r1.summarySheet, "汇总（上报）"],
      [r1.reviewSheet, "核查（存档）"],
      [r1.noticeSheet, "公示（张贴）"],
    ] as const)
      wb.addSheet({ ...wb.sheet(name)!.model, name: copy });
    const r = await run(wb, { lang: then });
    const said = r.notices.filter((n) => n.code === "STALE_OWNED_COPY").map((n) => n.params);
    expect(said).toEqual([
      { sheet: "汇总（上报）", kind: "summary" },
      { sheet: "核查（存档）", kind: "review" },
      { sheet: "公示（张贴）", kind: "notice" },
    ]);
  });

  it("the 监督电话 and 联系人 typed into the 公示名单 are kept", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r1 = await run(wb, { lang: first });
    const values = wb.sheet(r1.noticeSheet)!.model.values;
    const at = values.findIndex((l) => typeof l[0] === "string" && l[0].includes("__________"));
    expect(at).toBeGreaterThan(0);
    values[at]![0] = String(values[at]![0])
      .replace("__________", "010-12345678")
      .replace("__________", "王老师");
    await run(wb, { lang: then });
    const line = wb.sheet("公示名单")!.model.values[at]![0];
    expect(line).toContain("010-12345678");
    expect(line).toContain("王老师");
    expect(carried(wb).notice).toMatchObject({ phone: "010-12345678", contact: "王老师" });
  });

  it("a 公示名单 titled by the user's texts is still recognised, and a renamed copy of it is stale", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r1 = await run(wb, { lang: first, notice: { title: "2026年度星级党支部名单" } });
    expect(wb.get(r1.noticeSheet, 1, 1)).toBe("2026年度星级党支部名单");
    wb.addSheet({ ...wb.sheet(r1.noticeSheet)!.model, name: "公示（张贴）" });
    const r = await run(wb, { lang: then });
    expect(r.noticeSheet).toBe("公示名单");
    expect(wb.sheets.map((s) => s.model.name).filter((n) => n.includes("("))).toEqual([]);
    const said = r.notices.filter((n) => n.code === "STALE_OWNED_COPY").map((n) => n.params);
    expect(said).toEqual([{ sheet: "公示（张贴）", kind: "notice" }]);
  });

  it("a result column renamed by the user is found again where the settings say", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb, { lang: first });
    const header = wb.sheet("评分表")!.model.values[1]!;
    const col = header.indexOf("评定星级");
    header[col] = "星级（终）";
    await run(wb, { lang: then });
    expect(header.indexOf("评定星级")).toBe(-1);
    expect(header[col]).toBe("星级（终）");
  });

  it.each([true, false])(
    "the results of a branch row emptied since are cleared (settings kept: %s)",
    async (kept) => {
      const wb = new MemoryWorkbook([smallServiceSheet()]);
      await run(wb, { lang: first });
      if (!kept) wb.sheet(SETTINGS_SHEET)!.model.values = [["{ not json"]];
      const values = wb.sheet("评分表")!.model.values;
      // The last two branches (rows 6, 7: 3 stars, not rated) taken out: their input cells
      // cleared, the results beside them left.
      for (const line of values.slice(5, 7)) for (let c = 0; c < 10; c++) line[c] = null;
      await run(wb, { lang: then });
      expect(
        values
          .slice(5, 7)
          .flat()
          .filter((v) => v !== null && v !== ""),
      ).toEqual([]);
    },
  );

  it("the history says no tier changed", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb, { lang: first });
    await run(wb, { lang: then, now: new Date("2026-12-02T08:00:00Z") });
    const history = carried(wb).records.history!;
    expect(history.map((e) => e.changedCount)).toEqual([0]);
  });

  it("a 定稿 made in one language reads as the same results in the other", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb, { lang: first, finalize: true });
    const r = await run(wb, { lang: then, now: new Date("2026-12-02T08:00:00Z") });
    const section = r.reviewSections.find((s) => s.title === (then === "en" ? "Finalised results" : "定稿"));
    expect(section?.rows).toEqual([]);
  });

  it("nothing is taken for a hand edit", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb, { lang: first });
    const r = await recompute(wb, { now: NOW, lang: then });
    expect(r.ok || r.error.code).toBe(true);
  });
});

describe.each(["en", "zh"] as const)("last year's results scored in %s", (lang) => {
  it("are read with their stars, the not rated as not rated", async () => {
    const lastYear = new MemoryWorkbook([smallServiceSheet("2025年")]);
    await run(lastYear, { lang });
    const read = await readPrior(lastYear, "2025.xlsx");
    expect(read.ok && read.prior.entries.map((e) => [e.name, e.stars])).toEqual(SMALL_SHEET_STARS);
    // Without its settings (a copy saved elsewhere), by the headers and the tier texts alone.
    lastYear.sheet(SETTINGS_SHEET)!.model.values = [];
    const bare = await readPrior(lastYear, "2025.xlsx");
    expect(bare.ok && bare.prior.entries.map((e) => [e.name, e.stars])).toEqual(SMALL_SHEET_STARS);
    // And with only the 评定星级 column (星数 deleted): the tier texts alone.
    for (const line of lastYear.sheet("2025年")!.model.values) line?.splice(11, 1);
    const tiersOnly = await readPrior(lastYear, "2025.xlsx");
    expect(tiersOnly.ok && tiersOnly.prior.entries.map((e) => [e.name, e.stars])).toEqual(SMALL_SHEET_STARS);
  });

  it("a 评定星级 typed over as not rated beside a 星数 is a disagreement, not used", async () => {
    const lastYear = new MemoryWorkbook([smallServiceSheet("2025年")]);
    await run(lastYear, { lang });
    const values = lastYear.sheet("2025年")!.model.values;
    const tierCol = values[1]!.indexOf("评定星级");
    // Row 4 (第二党支部, 4 stars) given row 7's not-rated label.
    values[3]![tierCol] = values[6]![tierCol];
    const read = await readPrior(lastYear, "2025.xlsx");
    expect(read.ok && read.prior.entries[1]).toMatchObject({ stars: null, conflictingStars: 4 });
  });
});

describe.each(["zh", "en"] as const)("the recognisers know the catalogue's words in %s", (lang) => {
  const facts = render(
    msg("SHEET_SCHEME_LINE", { scheme: "服务型", time: "2026-12-01 16:00", total: 5, rated: 4, notRated: 1 }),
    lang,
  );

  it("评定汇总 and 评定核查: the title, then the facts line", () => {
    const summary = render(msg("SHEET_SUMMARY_TITLE", { base: "2026年度星级服务型党支部评定表" }), lang);
    const review = render(msg("SHEET_REVIEW_TITLE", { base: "" }), lang);
    expect(isOurSummary([[summary], [facts]])).toBe(true);
    expect(isOurSummary([[review], [facts]], "review")).toBe(true);
    expect(isOurSummary([[review], [facts]])).toBe(false);
    expect(isOurSummary([[summary], ["我的说明"]])).toBe(false);
  });

  it("公示名单: the title, then the 公示期 line; the contact typed into its line", () => {
    const title = render(msg("SHEET_NOTICE_TITLE", { year: "2026", scheme: "星级服务型党支部" }), lang);
    const period = render(msg("SHEET_NOTICE_PERIOD", { start: "x", end: "y", days: 5 }), lang);
    const body = render(
      msg("SHEET_NOTICE_BODY", { year: "2026", scheme: "星级服务型党支部", steps: "service" }),
      lang,
    );
    expect(isOurNotice([[title], [], [body], [period]])).toBe(true);
    expect(isOurNotice([["我的公示"], [], [body], [period]])).toBe(false);
    const contact = render(msg("SHEET_NOTICE_CONTACT", { phone: "010-12345678", contact: "王老师" }), lang);
    expect(typedNoticeContact([[title], [contact]], undefined, undefined)).toEqual({
      phone: "010-12345678",
      contact: "王老师",
    });
  });
});

describe("older wordings still read", () => {
  it("an English facts line of before the wording pass: 'Scheme: '", () => {
    const old = "Scheme: Service-oriented; computed 2026-12-01 16:00; 5 branches, 4 rated, 1 not rated.";
    expect(isOurSummary([["2026 star rating: rating summary"], [old]])).toBe(true);
    expect(isOurSummary([["2026 star rating: items to check"], [old]], "review")).toBe(true);
  });

  it("评定汇总 of the first layout: one fact per row", () => {
    expect(isOurSummary([["2026年度 · 评定汇总"], ["评定方案"], ["来源工作表"]])).toBe(true);
    expect(isOurSummary([["2026: rating summary"], ["Rubric"], ["Source sheet"]])).toBe(true);
  });
});
