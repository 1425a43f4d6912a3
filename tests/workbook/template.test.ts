import { buildTemplatePlan, recompute, sampleRows, type PlanOp } from "../../src/workbook";
import type { Rubric } from "../../src/engine/types";
import { NOW, preset } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

function opsOf<K extends PlanOp["kind"]>(ops: PlanOp[], kind: K): Extract<PlanOp, { kind: K }>[] {
  return ops.filter((op): op is Extract<PlanOp, { kind: K }> => op.kind === kind);
}

describe("buildTemplatePlan: blank sheet", () => {
  const t = buildTemplatePlan(preset("service-org"), { rows: 10 });
  const values = opsOf(t.plan.ops, "values")[0]!;

  it("has a title row, a header row with point annotations and a 序号 column", () => {
    expect(t.sheet).toBe("评分表");
    expect(t.headerRow).toBe(2);
    expect(values.values[0]?.[0]).toBe("五星级服务型党组织（百分制）评分表");
    expect(values.values[1]?.slice(0, 9)).toEqual([
      "序号",
      "党支部名称",
      "所属党委",
      "服务体系（20分）",
      "服务队伍（20分）",
      "服务机制（20分）",
      "服务保障（20分）",
      "服务业绩（20分）",
      "群众满意率",
    ]);
    expect(values.values).toHaveLength(12);
    expect(values.values[11]?.[0]).toBe(10);
  });

  it("validates scores 0..max, yes/no lists, 0–100% percent, tier lists; freezes the header; sets widths", () => {
    const v = opsOf(t.plan.ops, "validation");
    const at = (col: number) => v.find((x) => x.rect.left === col)?.rule;
    expect(at(4)).toMatchObject({ kind: "decimal", min: 0, max: 20 });
    expect(at(9)).toMatchObject({ kind: "decimal", min: 0, max: 1 });
    expect(values.formats?.[2]?.[8]).toEqual({ numFmt: "0%" });
    const headers = values.values[1]!;
    const vetoCol = headers.indexOf("一票否决") + 1;
    expect(at(vetoCol)).toMatchObject({ kind: "list", items: ["是", "否"] });
    const priorCol = headers.indexOf("上年星级") + 1;
    expect(at(priorCol)).toMatchObject({
      kind: "list",
      items: ["五星级", "四星级", "三星级", "二星级", "一星级", "无星"],
    });
    const classCol = headers.indexOf("晋位升级等次") + 1;
    expect(at(classCol)).toMatchObject({ kind: "list", items: ["先进", "一般", "后进"] });
    expect(v[0]?.rect).toMatchObject({ top: 3, bottom: 12 });
    expect(opsOf(t.plan.ops, "freeze")[0]).toMatchObject({ rows: 2, columns: 2 });
    expect(opsOf(t.plan.ops, "columnWidths")[0]?.widths).toHaveLength(headers.length);
  });

  it("the count column (文体活动次数) takes whole numbers from 0 only (2.5 is refused), and says so when selected", () => {
    for (const lang of ["zh", "en"] as const) {
      const sb = buildTemplatePlan(preset("star-branch"), { sample: true, lang });
      const header = opsOf(sb.plan.ops, "values")[0]!.values[sb.headerRow - 1]!;
      const col = header.indexOf("文体活动次数") + 1;
      expect(col).toBeGreaterThan(0);
      const rule = opsOf(sb.plan.ops, "validation").find((v) => v.rect.left === col)?.rule;
      expect(rule).toMatchObject({ kind: "whole", min: 0, max: 366 });
      expect(rule?.prompt).toMatch(lang === "zh" ? /整数/ : /whole number/);
      expect(rule?.message).toMatch(lang === "zh" ? /整数/ : /whole number/);
    }
    // Scores keep their decimals (18.5 is a score), with no input message.
    expect(opsOf(t.plan.ops, "validation")[0]?.rule).toMatchObject({ kind: "decimal" });
    expect(opsOf(t.plan.ops, "validation")[0]?.rule.prompt).toBeUndefined();
  });

  it("leaves out fields that are only alternatives (文体活动次数 beside 标准7)", () => {
    const sb = buildTemplatePlan(preset("star-branch"));
    const header = opsOf(sb.plan.ops, "values")[0]!.values[1]!;
    expect(header).toContain("标准7 文体活动");
    expect(header).not.toContain("文体活动次数");
    expect(header).toContain("考核分数（满分100）");
  });

  it("a template too wide for one legible page prints as many pages wide as the scored sheet would (text at 65% or more)", () => {
    for (const id of ["service-org", "star-branch", "model-organ"]) {
      const plan = buildTemplatePlan(preset(id), { rows: 5 }).plan.ops;
      const setup = opsOf(plan, "pageSetup")[0]!.setup;
      const widths = opsOf(plan, "columnWidths")[0]!.widths;
      const titles = widths.slice(0, setup.titleColumns!.last).reduce((a, b) => a + b, 0);
      const pages = setup.pagesWide ?? 1;
      const total = widths.reduce((a, b) => a + b, 0);
      // Each page holds at most 200 width units (130 at 100%, so 65%), the name columns repeated on each.
      expect(total + (pages - 1) * titles).toBeLessThanOrEqual(pages * 200);
      expect(setup).toMatchObject({
        paper: "A4",
        orientation: "landscape",
        fitToWidth: true,
        pageNumbers: true,
      });
    }
    // star-branch's 13 standards do not fit one page at 65% (they printed at 44%).
    expect(opsOf(buildTemplatePlan(preset("star-branch")).plan.ops, "pageSetup")[0]!.setup.pagesWide).toBe(2);
  });

  it("never lands on an existing sheet name", () => {
    expect(buildTemplatePlan(preset("service-org"), { existingSheets: ["评分表", "评分表 (2)"] }).sheet).toBe(
      "评分表 (3)",
    );
  });

  it("speaks English in titles and messages but keeps Chinese headers (they are read back)", () => {
    const en = buildTemplatePlan(preset("service-org"), { lang: "en" });
    const vals = opsOf(en.plan.ops, "values")[0]!;
    expect(en.sheet).toBe("Scoring sheet");
    expect(vals.values[1]?.[1]).toBe("党支部名称");
    expect(opsOf(en.plan.ops, "validation")[0]?.rule.message).toMatch(/^Enter/);
  });
});

describe("buildTemplatePlan: samples", () => {
  it("service-org: ~30 realistic rows exercising every rule, read back and scored", async () => {
    const rubric = preset("service-org");
    const t = buildTemplatePlan(rubric, { sample: true });
    const wb = new MemoryWorkbook();
    await wb.apply(t.plan);
    const names = wb.column(t.sheet, 2, t.headerRow + 1).filter((v) => v !== null);
    expect(names.length).toBeGreaterThanOrEqual(28);
    expect(new Set(names).size).toBe(names.length - 1);
    const cells = wb.sheet(t.sheet)!.model.values.flat();
    expect(cells).toContain("18分");
    expect(cells).toContain("１８．５");
    expect(wb.get(t.sheet, 1, 1)).toBe("2026年度星级服务型党组织评定表");

    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rubric.id).toBe("service-org");
    expect(r.layout.headerRow).toBe(3);
    const tiers = new Set(r.evaluation.rows.map((x) => x.tier));
    for (const label of ["五星级", "四星级", "三星级", "二星级", "一星级", "无星", "未评定"])
      expect(tiers).toContain(label);
    const codes = new Set(r.evaluation.rows.flatMap((x) => x.flags.map((f) => f.code)));
    for (const code of [
      "VETO",
      "SATISFACTION_LOW",
      "MISSING_VALUE",
      "INVALID_VALUE",
      "OUT_OF_RANGE",
      "DUPLICATE_NAME",
      "TIER_JUMP",
      "SELF_SCORE_HIGHER",
      "DECLARED_STAR_HIGHER",
      "CLASS_MISMATCH",
      "NEAR_NEXT_TIER",
    ])
      expect(codes).toContain(code);
    const capped = r.evaluation.rows.find((x) => x.name === "政策法规处党支部");
    expect(capped).toMatchObject({ total: 96.5, stars: 4 });
    expect(r.evaluation.rows.find((x) => x.name === "财务处党支部")?.total).toBe(91);
    expect(r.evaluation.rows.find((x) => x.name === "综合业务处党支部")?.total).toBe(90.5);
  });

  it("star-branch: unmet standards cap five stars; numeric activity counts and rates are read", async () => {
    const t = buildTemplatePlan(preset("star-branch"), { sample: true });
    const wb = new MemoryWorkbook();
    await wb.apply(t.plan);
    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rubric.id).toBe("star-branch");
    const byName = (n: string) => r.evaluation.rows.find((x) => x.name === n)!;
    expect(byName("第一党支部").stars).toBe(5);
    expect(byName("第二党支部")).toMatchObject({ stars: 4 });
    expect(
      byName("第三党支部")
        .flags.map((f) => f.message)
        .join(""),
    ).toContain("7.文体活动");
    expect(
      byName("第四党支部")
        .flags.map((f) => f.message)
        .join(""),
    ).toContain("9.民主评议");
    expect(byName("第十二党支部")).toMatchObject({ total: 96, stars: 5 });
    expect(byName("第十一党支部").flags.map((f) => f.code)).toContain("VETO");
    const sum = wb.sheet(r.summarySheet)!.model.values;
    const at = sum.findIndex((l) => typeof l[0] === "string" && l[0].endsWith("、达标情况"));
    expect(sum[at + 1]?.slice(0, 5)).toEqual(["序号", "标准", "达标", "未达标", "未填"]);
    expect(sum[at + 2]?.slice(1, 5)).toEqual(["标准1 参会及任务完成", 18, 0, 0]);
    const standard = (name: string) =>
      sum
        .slice(at)
        .find((l) => l[1] === name)
        ?.slice(1, 5);
    expect(standard("标准4 三年无违法违纪")).toEqual(["标准4 三年无违法违纪", 17, 1, 0]);
    expect(standard("文体活动次数")).toEqual(["文体活动次数", 16, 2, 0]);
    expect(new Set(r.evaluation.rows.map((x) => x.tier))).toEqual(
      new Set(["五星级", "四星级", "三星级", "未评星", "未评定"]),
    );
  });

  it("model-organ: stars from yes/no and scores in the same columns", async () => {
    const t = buildTemplatePlan(preset("model-organ"), { sample: true });
    const wb = new MemoryWorkbook();
    await wb.apply(t.plan);
    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rubric.id).toBe("model-organ");
    const tiers = new Set(r.evaluation.rows.map((x) => x.tier));
    for (const label of ["五星", "四星", "三星", "二星", "一星", "未获星", "未评定"])
      expect(tiers).toContain(label);
    expect(r.evaluation.rows.find((x) => x.name === "研究室党支部")?.stars).toBe(5);
    // 分项得分 counts stars earned (yes, or a score at the pass line 16) instead of full marks.
    const sum = wb.sheet(r.summarySheet)!.model.values;
    const at = sum.findIndex((l) => typeof l[0] === "string" && l[0].endsWith("、分项得分"));
    expect(sum[at + 2]?.slice(1, 7)).toEqual(["分项", "满分", "平均分", "最低分", "最高分", "获星支部数"]);
    expect(sum[at + 3]?.slice(1, 7)).toEqual(["理论学习星", 20, null, null, null, 10]);
    expect(sum[at + 4]?.slice(1, 7)).toEqual(["制度落实星", 20, 15.96, 10, 19.5, 8]);
    expect(sum.some((l) => l[1] === "评定总分")).toBe(false);
  });

  it("keeps a sample percent typed without the sign (97) out of the 0% format, so it does not show as 9700%", () => {
    const t = buildTemplatePlan(preset("service-org"), { sample: true });
    const block = t.plan.ops.find((op): op is Extract<PlanOp, { kind: "values" }> => op.kind === "values");
    if (!block || !block.formats) throw new Error("no values block with formats");
    const header = block.values.findIndex((r) => r.includes("群众满意率"));
    const col = block.values[header].indexOf("群众满意率");
    const cells = block.values
      .slice(header + 1)
      .map((r, i) => ({ v: r[col], f: block.formats![header + 1 + i][col] }));
    const typed = cells.filter((c) => typeof c.v === "number" && c.v > 1);
    const fractions = cells.filter((c) => typeof c.v === "number" && c.v <= 1);
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.every((c) => c.f === null)).toBe(true);
    expect(fractions.every((c) => c.f?.numFmt === "0%")).toBe(true);
  });

  it("is deterministic", () => {
    expect(buildTemplatePlan(preset("service-org"), { sample: true })).toEqual(
      buildTemplatePlan(preset("service-org"), { sample: true }),
    );
    expect(sampleRows(preset("star-branch")).rows).toHaveLength(18);
  });

  it("gives a custom rubric a generic sample that scores", async () => {
    const custom = structuredClone(preset("service-org"));
    custom.id = "my-office";
    const t = buildTemplatePlan(custom, { sample: true });
    const wb = new MemoryWorkbook();
    await wb.apply(t.plan);
    const r = await recompute(wb, { rubric: custom, now: NOW });
    expect(r.ok && r.counts.rated).toBe(12);
  });
});

describe("buildTemplatePlan: what the drop-down lists offer, the scorer reads", () => {
  /** A custom rubric whose tiers are not named in stars (示范党支部 … 不合格). */
  function namedTiers(): Rubric {
    const custom = structuredClone(preset("service-org"));
    custom.id = "named-tiers";
    if (custom.tiers.kind !== "bands") throw new Error("bands expected");
    const names = ["示范党支部", "优秀党支部", "良好党支部", "合格党支部", "基本合格党支部"];
    custom.tiers.bands.forEach((b, i) => {
      b.label = names[i]!;
      delete b.labelEn;
    });
    custom.tiers.below = { label: "不合格" };
    return custom;
  }

  const rubrics: [string, Rubric][] = [
    ...["service-org", "star-branch", "model-organ"].map((id): [string, Rubric] => [id, preset(id)]),
    ["a custom rubric with named tiers", namedTiers()],
  ];

  it.each(rubrics)("%s: every list item picked in a row is read, none is 无效", async (_, rubric) => {
    const t = buildTemplatePlan(rubric, { rows: 8 });
    const wb = new MemoryWorkbook();
    await wb.apply(t.plan);
    const values = wb.sheet(t.sheet)!.model.values;
    const header = values[t.headerRow - 1]!;
    const lists = opsOf(t.plan.ops, "validation").filter((v) => v.rule.kind === "list");
    expect(lists.length).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) {
      const row = values[t.headerRow + i]!;
      row[header.indexOf("党支部名称")] = `第${i + 1}党支部`;
      header.forEach((h, c) => {
        if (typeof h === "string" && /（(满分)?\d+分?）$/.test(h)) row[c] = 18;
      });
      for (const v of lists) {
        const items = v.rule.kind === "list" ? v.rule.items : [];
        row[v.rect.left - 1] = items[i % items.length]!;
      }
    }
    const r = await recompute(wb, { rubric, now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const invalid = r.evaluation.rows.flatMap((x) => x.flags.filter((f) => f.code === "INVALID_VALUE"));
    expect(invalid.map((f) => f.message)).toEqual([]);
  });
});

describe("buildTemplatePlan: category lists", () => {
  /** service-org with 晋位升级等次 tested by one rule only (后进), as a custom rubric may be. */
  function oneTestedValue(values: string[] | undefined): Rubric {
    const custom = structuredClone(preset("service-org"));
    const field = custom.fields.find((f) => f.id === "classification")!;
    if (values) field.values = values;
    else delete field.values;
    custom.rules = custom.rules.filter((r) => r.code !== "CLASS_MISMATCH");
    custom.rules.push({
      code: "BEHIND",
      kind: "check",
      severity: "warning",
      label: "后进",
      message: "后进支部",
      when: { field: "classification", op: "in", value: ["后进", "后进支部"] },
    });
    return custom;
  }

  function listOf(rubric: Rubric): string[] | null {
    const t = buildTemplatePlan(rubric, { rows: 3 });
    const header = opsOf(t.plan.ops, "values")[0]!.values[t.headerRow - 1]!;
    const rule = opsOf(t.plan.ops, "validation").find(
      (v) => v.rect.left === header.indexOf("晋位升级等次") + 1,
    )?.rule;
    return rule?.kind === "list" ? rule.items : null;
  }

  it("offers every value the field takes, not only the one a rule tests", () => {
    expect(listOf(oneTestedValue(["先进", "一般", "后进", "后进支部"]))).toEqual(["先进", "一般", "后进"]);
  });

  it("has no list when the field takes any text (a list would refuse what the scorer reads)", () => {
    expect(listOf(oneTestedValue(undefined))).toBeNull();
  });

  it("keeps service-org's 先进/一般/后进", () => {
    expect(listOf(preset("service-org"))).toEqual(["先进", "一般", "后进"]);
  });
});

describe("buildTemplatePlan: lists Excel can hold", () => {
  function withValues(values: string[]): Rubric {
    const custom = structuredClone(preset("service-org"));
    custom.fields.find((f) => f.id === "classification")!.values = values;
    custom.rules = custom.rules.filter((r) => r.code !== "CLASS_MISMATCH");
    return custom;
  }

  function classificationRule(rubric: Rubric) {
    const t = buildTemplatePlan(rubric, { rows: 3 });
    const header = opsOf(t.plan.ops, "values")[0]!.values[t.headerRow - 1]!;
    return opsOf(t.plan.ops, "validation").find((v) => v.rect.left === header.indexOf("晋位升级等次") + 1)
      ?.rule;
  }

  it("writes no list longer than Excel's 255 characters (Excel repairs the file and drops it)", () => {
    const long = Array.from({ length: 20 }, (_, i) => `第${i + 1}类等次名称较长的一种写法`);
    expect(classificationRule(withValues(long))).toBeUndefined();
  });

  it("writes no list with a comma in an item (Excel would split 好,较好 into two items, neither readable)", () => {
    expect(classificationRule(withValues(["好,较好", "中", "差"]))).toBeUndefined();
  });
});
