import { getPreset, presets } from "../../src/engine";
import {
  describeEdits,
  displayValue,
  errorConcerns,
  listThresholds,
  readableMessage,
  readableNote,
  requirementsLeftOut,
  storedValue,
  withoutPath,
  withThresholds,
} from "../../src/taskpane/rubricText";

const serviceOrg = getPreset("service-org")!;
const starBranch = getPreset("star-branch")!;
const modelOrgan = getPreset("model-organ")!;

describe("thresholds of the presets", () => {
  test("service-org: five band minimums and the satisfaction line (as a percent)", () => {
    const list = listThresholds(serviceOrg, "zh");
    expect(list.filter((t) => t.kind === "band").map((t) => [t.path, t.subject, t.value])).toEqual([
      ["tiers.bands[0].min", "五星级", 95],
      ["tiers.bands[1].min", "四星级", 90],
      ["tiers.bands[2].min", "三星级", 80],
      ["tiers.bands[3].min", "二星级", 70],
      ["tiers.bands[4].min", "一星级", 60],
    ]);
    const rules = list.filter((t) => t.kind === "rule");
    expect(rules).toEqual([
      {
        path: "rules[0].when.value",
        kind: "rule",
        subject: "群众满意率",
        op: ">=",
        percent: true,
        value: 0.95,
      },
    ]);
    expect(displayValue(rules[0])).toBe("95");
    expect(list.at(-1)).toMatchObject({ path: "nearNext", kind: "nearNext", value: 1 });
  });

  test("star-branch: band minimums and the counted standard (文体活动 at least 2)", () => {
    const list = listThresholds(starBranch, "en");
    expect(list.filter((t) => t.kind === "band").map((t) => t.value)).toEqual([95, 85, 75]);
    expect(list.some((t) => t.kind === "minCount" && t.value === 2)).toBe(true);
  });

  test("model-organ: a pass line of 16 per star, no bands", () => {
    const list = listThresholds(modelOrgan, "zh");
    expect(list.filter((t) => t.kind === "band")).toHaveLength(0);
    const passes = list.filter((t) => t.kind === "pass");
    expect(passes).toHaveLength(5);
    expect(passes.every((t) => t.value === 16 && /^fields\[\d+\]\.pass$/.test(t.path))).toBe(true);
  });
});

describe("editing", () => {
  test("percent values convert without float noise", () => {
    expect(storedValue({ percent: true }, 95)).toBe(0.95);
    expect(storedValue({ percent: true }, 92.5)).toBe(0.925);
    expect(displayValue({ percent: true, value: 0.57 })).toBe("57");
    expect(storedValue({ percent: false }, 88)).toBe(88);
  });

  test("withThresholds edits a copy and leaves the frozen preset alone", () => {
    const edited = withThresholds(serviceOrg, { "tiers.bands[1].min": 91, "rules[0].when.value": 0.9 });
    expect(edited.tiers.kind === "bands" && edited.tiers.bands[1].min).toBe(91);
    expect(edited.rules[0].when).toEqual({ field: "satisfaction", op: ">=", value: 0.9 });
    expect(serviceOrg.tiers.kind === "bands" && serviceOrg.tiers.bands[1].min).toBe(90);
    expect(() => withThresholds(serviceOrg, { "tiers.nothing[3].min": 1 })).toThrow("No such rubric path");
  });

  test("describeEdits rewrites the percent in the rule's messages and notes the change; no edit, no change", () => {
    const edited = describeEdits(serviceOrg, { "rules[0].when.value": 0.9 });
    const rule = edited.rules[0] as unknown as Record<string, unknown>;
    expect(rule.message).toBe("群众满意率{satisfaction}低于90%");
    expect(rule.messageMissing).toBe("群众满意率未填，不能认定达到90%");
    expect(edited.notes.at(-1)).toBe("（已修改）群众满意率 ≥：95% → 90%");
    expect(describeEdits(serviceOrg, { "tiers.bands[0].min": 95 }).notes).toEqual(serviceOrg.notes);
  });

  test("schema errors are matched to the number they name or its parent", () => {
    expect(errorConcerns("tiers.bands[1].min", "tiers.bands[1].min")).toBe(true);
    expect(errorConcerns("tiers.bands[1]", "tiers.bands[1].min")).toBe(true);
    expect(errorConcerns("tiers.bands[2].min", "tiers.bands[1].min")).toBe(false);
    expect(errorConcerns("tiers.bands", "tiers.bands[1].min")).toBe(false);
    expect(withoutPath("tiers.bands[1].min 必须小于 95", "tiers.bands[1].min")).toBe("必须小于 95");
    expect(withoutPath("rubric could not be read", "rubric.x")).toBe("rubric could not be read");
  });
});

test("rule messages read with field names instead of placeholders", () => {
  expect(readableMessage("群众满意率{satisfaction}低于95%", serviceOrg, "zh")).toBe(
    "群众满意率〈群众满意率〉低于95%",
  );
  expect(readableMessage("Self score {selfScore} is higher than the total {total}", serviceOrg, "en")).toBe(
    "Self score 〈Self score〉 is higher than the total 〈total〉",
  );
  expect(readableMessage("{nothing} stays", serviceOrg, "zh")).toBe("{nothing} stays");
});

describe("rubric notes for reading", () => {
  test("brackets and clauses that name the file's keys or codes are dropped; the rest is kept", () => {
    expect(
      readableNote("（选择）申报星级高于评定结果时警告（DECLARED_STAR_HIGHER）；自评分高于时提示。"),
    ).toBe("（选择）申报星级高于评定结果时警告；自评分高于时提示。");
    expect(readableNote("（选择）表中各项分数视为评定分；如需加权，可改用 score.method “weighted”。")).toBe(
      "（选择）表中各项分数视为评定分。",
    );
    expect(readableNote("（选择）满意率低于95%时封顶（四星级）。")).toBe(
      "（选择）满意率低于95%时封顶（四星级）。",
    );
    expect(readableNote("nearNext = 1")).toBeNull();
  });

  test("no preset note shown in the pane names a key or code", () => {
    const shown = presets.flatMap((p) => p.notes.map(readableNote));
    expect(shown.filter((n) => n !== null && /[A-Za-z_]{2,}/.test(n))).toEqual([]);
    expect(shown.filter((n) => n !== null).length).toBeGreaterThan(20);
  });
});

describe("requirements a rule's columns cannot show", () => {
  /** service-org with its satisfaction gate's one condition leaving out a (made-up) requirement. */
  function satisfactionLeavingOut(ruleLabel: boolean) {
    const copy = JSON.parse(JSON.stringify(serviceOrg)) as typeof serviceOrg;
    const rule = copy.rules[0];
    rule.when = { ...rule.when, leavesOut: [{ label: "入户走访", labelEn: "home visits" }] };
    if (!ruleLabel) {
      delete rule.label;
      delete rule.labelEn;
    }
    return { rubric: copy, rule };
  }

  test("star-branch names standards 1, 7 and 9 by their labels, with the columns they read", () => {
    const gate = starBranch.rules.find((r) => r.code === "FIVE_STAR_STANDARD_UNMET")!;
    const zh = requirementsLeftOut(gate, starBranch, "zh");
    expect(zh.map((p) => [p.part, p.columns])).toEqual([
      ["1.参会及任务完成", ["参会率"]],
      ["7.文体活动", ["文体活动次数"]],
      ["9.民主评议", ["民主评议参加率", "民主评议合格率"]],
    ]);
    expect(zh[1].requirements[0]).toBe("有创意");
    const en = requirementsLeftOut(gate, starBranch, "en");
    expect(en[1]).toMatchObject({ part: "7. Cultural and sports activities" });
    expect(en[1].requirements[0]).toBe("creative");
  });

  test("an unlabelled condition is named by its rule, or by nothing when the rule has no name", () => {
    const named = satisfactionLeavingOut(true);
    expect(requirementsLeftOut(named.rule, named.rubric, "en")).toEqual([
      { part: "satisfaction", columns: ["Satisfaction"], requirements: ["home visits"] },
    ]);
    const unnamed = satisfactionLeavingOut(false);
    expect(requirementsLeftOut(unnamed.rule, unnamed.rubric, "zh")).toEqual([
      { part: null, columns: ["群众满意率"], requirements: ["入户走访"] },
    ]);
  });

  test("rules whose conditions leave nothing out give nothing", () => {
    for (const rubric of [serviceOrg, modelOrgan]) {
      expect(rubric.rules.flatMap((r) => requirementsLeftOut(r, rubric, "zh"))).toEqual([]);
    }
  });
});
