/**
 * The three owned sheets (评定汇总, 评定核查, 公示名单) as plans, on the bundled examples and on a messy
 * real-style sheet: page setup, no codes or internal words, widths that fit each table, 公示期, texts.
 */
import { XlsxAdapter } from "../../src/xlsx";
import { openXlsx } from "../../src/xlsx/node-io";
import type { RawCell, RowResult } from "../../src/engine/types";
import { recompute, type RecomputeResult, type SheetModel } from "../../src/workbook";
import { parseDay, workingDayPeriod } from "../../src/workbook/notice";
import { buildReviewOps } from "../../src/workbook/review";
import type { WriteValue } from "../../src/workbook/model";
import { displayWidth } from "../../src/workbook/util";
import { describeEdits } from "../../src/taskpane/rubricText";
import { realStyleSheet } from "../fixtures/real-style";
import { NOW, SERVICE_HEADER, preset, sheetOf } from "./helpers";
import { MemoryWorkbook, type MemorySheet } from "./memoryWorkbook";

type Ok = RecomputeResult & { ok: true };

async function run(wb: MemoryWorkbook, opts: Parameters<typeof recompute>[1] = {}): Promise<Ok> {
  const r = await recompute(wb, { now: NOW, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

async function example(name: string): Promise<SheetModel> {
  const adapter = new XlsxAdapter(await openXlsx(`examples/${name}.xlsx`));
  return (await adapter.read({ settingsSheet: "_星级评定" })).sheet;
}

/** A sheet as an office keeps it (tests/fixtures/real-style.ts): six branches. */
const messySheet = (): SheetModel => realStyleSheet();

function owned(r: Ok): string[] {
  return [r.summarySheet, r.reviewSheet, r.noticeSheet];
}

function texts(s: MemorySheet): string[] {
  return s.model.values.flat().filter((v): v is string => typeof v === "string");
}

const HEADER_FILL = "#D9E1F2";

/** Rows before the tables other features hand to 评定核查 (四、…: history, merge), whose widths are theirs. */
function ownSections(s: MemorySheet): number {
  const at = s.model.values.findIndex(
    (l) => typeof l[0] === "string" && l[0].startsWith("四、") && s.model.name.startsWith("评定核查"),
  );
  return at < 0 ? Infinity : at;
}
/**
 * A column may be this much wider than a table using it needs (another table's wider content): a
 * number column at most 12 (the fourth column holds the lists' 评定星级, 18 wide for "四星级 ★★★★☆",
 * beside numbers 6 wide), a wrapped label or text column 16 (a 分项 name beside branch names).
 */
const SLACK = { num: 12, text: 16 };

/**
 * Every table (a header row, then rows until a blank or untabled row): each of its columns is at
 * least as wide as its content or wraps it, and at most SLACK wider than what it asks for.
 */
function widthProblems(s: MemorySheet, lastRow = Infinity): string[] {
  const problems: string[] = [];
  const values = s.model.values.slice(0, lastRow);
  const merged = (row: number, col: number) =>
    s.model.merges.some(
      (m) => m.top <= row && row <= m.bottom && m.left <= col && col <= m.right && m.right > m.left,
    );
  for (let r = 1; r <= values.length; r++) {
    const line = values[r - 1] ?? [];
    const headerCols = line
      .map((_, c) => c + 1)
      .filter((c) => s.formats.get(`${r},${c}`)?.fill === HEADER_FILL);
    if (headerCols.length === 0 || s.formats.get(`${r - 1},${headerCols[0]}`)?.fill === HEADER_FILL) continue;
    for (const c of headerCols) {
      if (merged(r, c)) continue;
      let need = displayWidth(String(line[c - 1] ?? "")) + 2;
      let wraps = false;
      for (let k = r + 1; k <= Math.min(values.length, r + 500); k++) {
        const v: RawCell = values[k - 1]?.[c - 1] ?? null;
        if (!s.formats.has(`${k},${c}`)) break;
        if (s.formats.get(`${k},${c}`)?.wrap) wraps = true;
        need = Math.max(
          need,
          displayWidth(typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v ?? "")) + 2,
        );
      }
      const width = s.widths.get(c) ?? 0;
      if (!wraps && width < need) problems.push(`${s.model.name} row ${r} col ${c}: ${width} < ${need}`);
      if (width > Math.max(need, 6) + (wraps ? SLACK.text : SLACK.num))
        problems.push(`${s.model.name} row ${r} col ${c}: ${width} ≫ ${need}`);
    }
  }
  return problems;
}

describe.each(["service-org", "star-branch", "model-organ"])("the bundled example %s", (name) => {
  let wb: MemoryWorkbook;
  let r: Ok;
  beforeAll(async () => {
    wb = new MemoryWorkbook([await example(name)]);
    r = await run(wb);
  });

  it("writes the three owned sheets, each A4 with its title repeated and page numbers", () => {
    expect(owned(r)).toEqual(["评定汇总", "评定核查", "公示名单"]);
    for (const n of owned(r))
      expect(wb.sheet(n)!.pageSetup).toMatchObject({
        paper: "A4",
        orientation: "portrait",
        fitToWidth: true,
        titleRows: { first: 1, last: 1 },
        pageNumbers: true,
      });
    expect(wb.sheet(r.sheet)!.pageSetup).toMatchObject({
      paper: "A4",
      orientation: "landscape",
      fitToWidth: true,
    });
  });

  it("puts no flag code, internal id, 表头行 or English word on an owned sheet of a zh run", () => {
    for (const n of owned(r)) {
      for (const t of texts(wb.sheet(n)!)) {
        expect(t).not.toMatch(/[A-Z]{3,}_[A-Z_]+|表头行|service-org|star-branch|model-organ/);
        // Letters only as cell addresses and column letters ("F13", "K–P").
        expect(t.replace(/\b[A-Z]{1,3}\d*\b/g, "")).not.toMatch(/[A-Za-z]{2,}/);
      }
    }
  });

  it("gives every table's columns widths that fit their own content", () => {
    for (const n of owned(r)) expect(widthProblems(wb.sheet(n)!, ownSections(wb.sheet(n)!))).toEqual([]);
  });
});

describe("a messy real-style sheet", () => {
  let wb: MemoryWorkbook;
  let r: Ok;
  beforeAll(async () => {
    wb = new MemoryWorkbook([messySheet()]);
    r = await run(wb);
  });

  it("titles the documents from the workbook's own title", () => {
    expect(wb.get(r.summarySheet, 1, 1)).toBe("XX机关党委2026年度党支部星级评定汇总");
    expect(wb.get(r.reviewSheet, 1, 1)).toBe("XX机关党委2026年度党支部星级评定核查");
    expect(wb.get(r.noticeSheet, 1, 1)).toBe("关于2026年度五星级服务型党组织评定结果的公示");
  });

  it("ranks a vetoed 100 below the others and says why in 备注, ties sharing a rank", () => {
    const rows = wb.sheet(r.summarySheet)!.model.values;
    const header = rows.findIndex((l) => l[0] === "名次");
    // 名次, 党支部, 评定总分, 评定星级, (所属党组织), 备注.
    const ranking = rows.slice(header + 1, header + 6).map((l) => [l[0], l[1], l[2], l[3], l[5]]);
    expect(ranking).toEqual([
      [1, "办公室党支部", 96, "五星级", ""],
      [2, "研究室党支部", 99, "四星级", "群众满意率90%低于95%，封顶四星级"],
      [3, "财务处党支部", 90, "四星级", ""],
      [3, "人事处党支部", 90, "四星级", ""],
      [5, "信息中心党支部", 100, "无星", "一票否决：未注明事由，评为无星"],
    ]);
  });

  it("lists flags on 评定核查 errors first, the cell in its own column, in words", () => {
    const rows = wb.sheet(r.reviewSheet)!.model.values;
    const header = rows.findIndex((l) => l[0] === "级别");
    expect(rows[header]?.slice(0, 5)).toEqual(["级别", "行号", "党支部", "单元格", "说明"]);
    expect(rows[header + 1]?.slice(0, 5)).toEqual([
      "错误",
      9,
      "信息中心党支部",
      "J9",
      "一票否决：未注明事由",
    ]);
    expect(rows[header + 2]?.slice(0, 5)).toEqual(["错误", 10, "后勤中心党支部", "E10", "缺少服务队伍分数"]);
    expect(rows[header + 3]?.[0]).toBe("警告");
    const all = texts(wb.sheet(r.reviewSheet)!);
    expect(all).toContain("列标题在第 3–4 行");
    expect(all).toContain("支部行在第 5–10 行，共 6 个支部");
    expect(all.some((t) => t.includes("合计"))).toBe(true);
  });

  it("lists 评定核查's flags errors first and by row also when the evaluation's rows come in another order", () => {
    const input = {
      rubric: r.rubric,
      layout: r.layout,
      sheet: wb.sheet("2026评分")!.model,
      lang: "zh" as const,
      now: NOW,
      names: { summary: r.summarySheet, review: r.reviewSheet, notice: r.noticeSheet },
      resultColumns: [],
      sections: [],
    };
    const listed = (rows: RowResult[]): WriteValue[][] => {
      const op = buildReviewOps({ ...input, evaluation: { ...r.evaluation, rows } }).find(
        (o) => o.kind === "values",
      );
      if (op?.kind !== "values") throw new Error("no values");
      const header = op.values.findIndex((l) => l[0] === "级别");
      return op.values.slice(header + 1).filter((l) => typeof l[1] === "number");
    };
    const inOrder = listed(r.evaluation.rows);
    expect(inOrder.map((l) => [l[0], l[1]])).toEqual([
      ["错误", 9],
      ["错误", 10],
      ["警告", 8],
    ]);
    expect(listed([...r.evaluation.rows].reverse())).toEqual(inOrder);
  });

  it("prints the scored sheet two pages wide, with both header rows and the name column repeated", () => {
    expect(wb.sheet("2026评分")!.pageSetup).toEqual({
      paper: "A4",
      orientation: "landscape",
      fitToWidth: true,
      pagesWide: 2,
      titleRows: { first: 3, last: 4 },
      titleColumns: { first: 1, last: 2 },
      pageNumbers: true,
    });
  });

  it("gives every table's columns widths that fit their own content", () => {
    for (const n of owned(r)) expect(widthProblems(wb.sheet(n)!, ownSections(wb.sheet(n)!))).toEqual([]);
  });

  it("writes the same plan again on a second run (the merged title stays a title beside the result columns)", async () => {
    const fresh = new MemoryWorkbook([messySheet()]);
    await run(fresh);
    await run(fresh);
    const [first, second] = fresh.applied.map((p) =>
      JSON.stringify(p.ops.filter((o) => o.sheet !== "评定核查")),
    );
    expect(second).toBe(first);
  });
});

describe("公示名单", () => {
  it("runs the 公示期 over five working days, skipping the weekend", () => {
    const thu = parseDay("2026-12-03")!;
    expect(workingDayPeriod(thu)).toEqual({ start: thu, end: parseDay("2026-12-09") });
    const sat = parseDay("2026-12-05")!;
    expect(workingDayPeriod(sat)).toEqual({ start: parseDay("2026-12-07"), end: parseDay("2026-12-11") });
  });

  it("lists starred branches by tier, says 无 for an empty tier, leaves blanks to fill in", async () => {
    const wb = new MemoryWorkbook([messySheet()]);
    const r = await run(wb, { now: new Date(2026, 11, 3, 10) });
    const t = texts(wb.sheet(r.noticeSheet)!);
    expect(t).toContain("公示期：2026年12月3日至2026年12月9日（5个工作日）。");
    expect(t).toContain("监督电话：__________\u3000\u3000联系人：__________");
    // The whole scale, a tier nobody reached included, then one list in which each row names its tier.
    expect(t).toContain(
      "本次获评星级的党支部共 4 个：五星级1个，四星级3个，三星级0个，二星级0个，一星级0个。",
    );
    const values = wb.sheet(r.noticeSheet)!.model.values;
    const header = values.findIndex((l) => l[0] === "序号");
    expect(values[header]?.slice(0, 4)).toEqual(["序号", "党支部", "所属党组织", "评定星级"]);
    expect(values.slice(header + 1, header + 5).map((l) => [l[0], l[3]])).toEqual([
      [1, "五星级"],
      [2, "四星级"],
      [3, "四星级"],
      [4, "四星级"],
    ]);
    // Not rated (missing data) is told apart from no star on the public notice.
    expect(t).toContain("其余 1 个党支部本次未获星级，另有 1 个党支部尚未评定，均不在公示之列。");
    expect(t).toContain("2026年12月3日");
  });

  it("says how the results came about only where the scheme's plan says it: 篇1's three steps, else 经考核评定", async () => {
    const serviceWb = new MemoryWorkbook([messySheet()]);
    const service = await run(serviceWb);
    expect(texts(serviceWb.sheet(service.noticeSheet)!).join("\n")).toContain(
      "\u3000\u3000经支部自评、党员群众测评和机关党委评定，2026年度五星级服务型党组织评定结果已经产生，现予公示。",
    );
    const starWb = new MemoryWorkbook([
      sheetOf("考核表", [
        ["序号", "党支部名称", "考核分数"],
        [1, "甲支部", 96],
        [2, "乙支部", 80],
      ]),
    ]);
    const star = await run(starWb, { rubric: preset("star-branch") });
    const body = texts(starWb.sheet(star.noticeSheet)!).find((t) => t.includes("现予公示"));
    expect(body).toBe(
      "\u3000\u3000经考核评定，2026年度星级党支部评定结果已经产生，现予公示。公示期间，如有异议，请以书面或电话形式向联系人反映，反映问题须实事求是。",
    );
  });

  it("carries the run's texts in the settings and uses them on the next run; a later run's texts win", async () => {
    const wb = new MemoryWorkbook([messySheet()]);
    await run(wb, { notice: { phone: "010-12345678", contact: "王老师", issuer: "中共XX机关委员会" } });
    const again = await run(wb, { notice: { contact: "李老师" } });
    const t = texts(wb.sheet(again.noticeSheet)!);
    expect(t).toContain("监督电话：010-12345678\u3000\u3000联系人：李老师");
    expect(t).toContain("中共XX机关委员会");
    const settings = JSON.parse(String(wb.get("_星级评定", 1, 1))) as { notice?: unknown };
    expect(settings.notice).toEqual({ phone: "010-12345678", contact: "李老师", issuer: "中共XX机关委员会" });
  });
});

describe("the 公示期 across runs", () => {
  it("an end given this run before the start an earlier run saved stops the run, nothing written", async () => {
    const wb = new MemoryWorkbook([messySheet()]);
    await run(wb, { notice: { periodStart: "2026-12-10", periodEnd: "2026-12-16" } });
    const applied = wb.applied.length;
    const r = await recompute(wb, { now: NOW, notice: { periodEnd: "2026-12-03" } });
    expect(!r.ok && r.error.code).toBe("NOTICE_PERIOD");
    expect(!r.ok && r.error.text("zh")).toBe(
      "公示期的结束日期 2026-12-03 早于开始日期 2026-12-10（其中一个是以前评定时保存在工作簿中的）：请把开始和结束日期一起重新指定（命令行 --notice-from 和 --notice-to）。未写入任何内容。",
    );
    expect(wb.applied).toHaveLength(applied);
    // Both given again: written.
    const both = await run(wb, { notice: { periodStart: "2026-12-01", periodEnd: "2026-12-03" } });
    expect(texts(wb.sheet(both.noticeSheet)!).some((t) => t.includes("2026年12月1日至2026年12月3日"))).toBe(
      true,
    );
  });
});

describe("ownership of the three sheets", () => {
  it("a 公示名单 kept for a line the user added is named once on later runs, as the earlier run's own", async () => {
    const wb = new MemoryWorkbook([messySheet()]);
    await run(wb);
    wb.sheet("公示名单")!.model.values[59] = ["（盖章）"];
    const kept = await run(wb);
    expect(kept.noticeSheet).toBe("公示名单 (2)");
    const later = await run(wb);
    expect(later.noticeSheet).toBe("公示名单 (2)");
    const said = later.warnings.filter((w) => w.includes("「公示名单」"));
    expect(said).toEqual([
      "工作表「公示名单」是本工具以前写出的公示名单（可能改过名或复制过），本次没有更新，其中仍是旧结果；上报或公示请用本次写出的表，不再需要的话请删除它",
    ]);
  });

  it("a user's 评定核查 leads to 评定核查 (2) with a notice, and the next run reuses it", async () => {
    const wb = new MemoryWorkbook([messySheet(), sheetOf("评定核查", [["我的核查记录"]])]);
    const r = await run(wb);
    expect(r.reviewSheet).toBe("评定核查 (2)");
    expect(r.warnings.join("\n")).toContain("「评定核查 (2)」");
    expect(wb.get("评定核查", 1, 1)).toBe("我的核查记录");
    const again = await run(wb);
    expect(owned(again)).toEqual(["评定汇总", "评定核查 (2)", "公示名单"]);
    expect(wb.sheets.filter((s) => s.model.name.startsWith("评定核查"))).toHaveLength(2);
  });

  it("recognises its own sheets by content when the settings are gone", async () => {
    const wb = new MemoryWorkbook([messySheet()]);
    await run(wb);
    wb.sheet("_星级评定")!.model.values = [["{ not json"]];
    const again = await run(wb);
    expect(owned(again)).toEqual(["评定汇总", "评定核查", "公示名单"]);
  });

  it("settings of an earlier version (only summarySheet) still work", async () => {
    const wb = new MemoryWorkbook([messySheet()]);
    await run(wb);
    const s = JSON.parse(String(wb.get("_星级评定", 1, 1))) as { owned: Record<string, unknown> };
    delete s.owned.reviewSheet;
    delete s.owned.noticeSheet;
    wb.sheet("_星级评定")!.model.values = [[JSON.stringify(s)]];
    const again = await run(wb);
    expect(owned(again)).toEqual(["评定汇总", "评定核查", "公示名单"]);
    expect(again.warnings).toEqual([]);
  });
});

describe("owned sheets written in English", () => {
  test.each([
    ["en", "en"],
    ["en", "zh"],
    ["zh", "en"],
  ] as const)(
    "scored in %s, then again in %s: rebuilt in place, no copy beside them",
    async (first, then) => {
      const wb = new MemoryWorkbook([await example("model-organ")]);
      await run(wb, { lang: first });
      const r = await run(wb, { lang: then });
      expect(owned(r)).toEqual(["评定汇总", "评定核查", "公示名单"]);
      expect(wb.sheets.map((s) => s.model.name).filter((n) => n.includes("("))).toEqual([]);
    },
  );
});

describe("a rubric whose thresholds were changed in the pane", () => {
  it("says so on 评定汇总 and 评定核查, which are handed upward", async () => {
    const edited = describeEdits(preset("service-org"), { "tiers.bands[0].min": 96 });
    const wb = new MemoryWorkbook([messySheet()]);
    const r = await run(wb, { rubric: edited });
    const line = "本次评定所用方案在内置方案的基础上作了调整：五星级：95 → 96。";
    expect(texts(wb.sheet(r.summarySheet)!)).toContain(line);
    expect(texts(wb.sheet(r.reviewSheet)!)).toContain(line);
    // As shipped: nothing said.
    const plain = new MemoryWorkbook([messySheet()]);
    const p = await run(plain);
    expect(texts(plain.sheet(p.summarySheet)!).some((t) => t.startsWith("本次评定所用方案"))).toBe(false);
  });
});

/** A 评分表 of 序号, 党支部名称, 所属党委 and the five service-org criteria, with these rows. */
function fiveScores(rows: RawCell[][]): SheetModel {
  return sheetOf("评分表", [SERVICE_HEADER.slice(0, 8), ...rows]);
}

describe("公示名单 with nobody to list, or a blank 所属党组织", () => {
  const widthsOf = (wb: MemoryWorkbook, sheet: string) => {
    const ops = wb.applied.flatMap((p) => p.ops);
    const op = ops.find((o) => o.kind === "columnWidths" && o.sheet === sheet);
    return op?.kind === "columnWidths" ? op.widths : [];
  };

  it("keeps the page's width when no branch has a star, its rows no taller than Excel allows", async () => {
    const sheet = fiveScores([
      [1, "甲支部", "机关党委", 5, 5, 5, 5, 5],
      [2, "乙支部", "机关党委", 5, 5, 5, 5, 5],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    const r = await run(wb);
    expect(widthsOf(wb, r.noticeSheet).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(64);
    expect(texts(wb.sheet(r.noticeSheet)!)).toContain("本次没有党支部获评星级。");
    const heights = wb.applied
      .flatMap((p) => p.ops)
      .flatMap((o) => (o.kind === "rowHeights" && o.sheet === r.noticeSheet ? o.heights : []));
    expect(heights.every((h) => h === null || h <= 409.5)).toBe(true);
  });

  it("leaves out a 所属党组织 column nobody filled in", async () => {
    const sheet = fiveScores([
      [1, "甲支部", null, 19, 19, 19, 19, 19],
      [2, "乙支部", null, 17, 17, 17, 17, 17],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    const r = await run(wb);
    const values = wb.sheet(r.noticeSheet)!.model.values;
    const header = values.findIndex((l) => l[0] === "序号");
    expect(values[header]?.slice(0, 3)).toEqual(["序号", "党支部", "评定星级"]);
  });
});

describe("所属党委 as typed", () => {
  it("is printed as typed on the notice and the summary, and two spellings of one 党委 are one group", async () => {
    const sheet = fiveScores([
      [1, "甲支部", "综合党委（机关党委）", 19, 19, 19, 19, 19],
      [2, "乙支部", "综合党委(机关党委)", 17, 17, 17, 17, 17],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    const r = await run(wb);
    const notice = wb.sheet(r.noticeSheet)!.model.values;
    expect(notice.find((l) => l[1] === "甲支部")?.[2]).toBe("综合党委（机关党委）");
    const summary = wb.sheet(r.summarySheet)!.model.values;
    const groupRows = summary.filter((l) => typeof l[1] === "string" && String(l[1]).startsWith("综合党委"));
    // 排名 shows each as typed; 分组统计 counts one group of 2, named as first typed.
    expect(groupRows.some((l) => l[2] === 2 && l[1] === "综合党委（机关党委）")).toBe(true);
  });
});

describe("公示名单 in English", () => {
  it("names the scheme without its note or a stray space, and counts each tier", async () => {
    const wb = new MemoryWorkbook([messySheet()]);
    const r = await run(wb, { lang: "en", now: new Date(2026, 11, 3, 10) });
    const t = texts(wb.sheet(r.noticeSheet)!);
    expect(t[0]).toBe("Public notice of the 2026 Five-star service-oriented Party organisation results");
    expect(t).toContain(
      "4 branches awarded a tier (5 stars: 1; 4 stars: 3; 3 stars: 0; 2 stars: 0; 1 star: 0).",
    );
    expect(t).toContain(
      "The other 1 branch received no star and 1 branch is not yet rated; they are not listed.",
    );
  });
});
