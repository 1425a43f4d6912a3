import { render } from "../../src/messages";
import {
  chunkText,
  parseSettings,
  serializeSettings,
  settingsOps,
  SETTINGS_CHUNK,
  SETTINGS_SHEET,
  type CarriedSettings,
} from "../../src/workbook";
import { preset } from "./helpers";

function sample(): CarriedSettings {
  return {
    format: "star-rating-settings",
    version: 1,
    rubric: structuredClone(preset("service-org")),
    mapping: {
      sheet: "评分表",
      headerRow: 2,
      columns: { name: "B", system: "D" },
      headers: { name: "党支部名称" },
    },
    owned: {
      sheet: "评分表",
      resultColumns: { total: "K", tier: "M" },
      summarySheet: "评定汇总",
      lastRow: 31,
    },
    updatedAt: "2026-12-01T08:00:00.000Z",
  };
}

describe("carried settings", () => {
  it("round-trips through JSON", () => {
    const s = sample();
    const read = parseSettings(serializeSettings(s));
    expect(read.notices).toEqual([]);
    expect(read.settings?.mapping).toEqual(s.mapping);
    expect(read.settings?.owned).toEqual(s.owned);
    expect(read.settings?.rubric.id).toBe("service-org");
    expect(read.settings?.rubric.tiers).toEqual(s.rubric.tiers);
    expect(read.rubric?.id).toBe("service-org");
  });

  it("treats absent settings as nothing, quietly", () => {
    expect(parseSettings(null)).toMatchObject({ settings: null, rubric: null, notices: [] });
    expect(parseSettings("  ")).toMatchObject({ settings: null, notices: [] });
  });

  it("turns unreadable JSON into a notice, never a throw", () => {
    const r = parseSettings("{ this is not json");
    expect(r.settings).toBeNull();
    expect(r.notices.map((n) => n.code)).toEqual(["SETTINGS_UNREADABLE"]);
    expect(r.notices[0] && render(r.notices[0], "zh")).toContain("_星级评定");
    expect(parseSettings('{"format":"something-else"}').notices[0]?.code).toBe("SETTINGS_UNREADABLE");
    expect(parseSettings("[1,2]").notices[0]?.code).toBe("SETTINGS_UNREADABLE");
  });

  it("recognises a newer version and marks it not to be overwritten", () => {
    const r = parseSettings(JSON.stringify({ ...sample(), version: 2 }));
    expect(r.settings).toBeNull();
    expect(r.newerVersion).toBe(true);
    expect(r.notices[0]?.code).toBe("SETTINGS_NEWER");
    expect(r.notices[0] && render(r.notices[0], "en")).toContain("newer version");
  });

  it("keeps mapping and ownership when only the rubric is invalid", () => {
    const bad = {
      ...sample(),
      rubric: { ...sample().rubric, tiers: { kind: "bands", bands: [], below: 3 } },
    };
    const r = parseSettings(JSON.stringify(bad));
    expect(r.settings).toBeNull();
    expect(r.rubric).toBeNull();
    expect(r.owned?.summarySheet).toBe("评定汇总");
    expect(r.notices[0]?.code).toBe("SETTINGS_RUBRIC_INVALID");
  });

  it("drops column letters that are not letters", () => {
    const s = sample();
    s.mapping.columns = { name: "B", system: "=cmd" };
    expect(parseSettings(serializeSettings(s)).mapping?.columns).toEqual({ name: "B" });
  });

  it("is written very hidden, in chunks of at most 30,000 characters that join back", () => {
    const s = sample();
    s.rubric.notes = Array.from({ length: 400 }, (_, i) => `说明${i}：${"很长的说明".repeat(40)}`);
    const ops = settingsOps(s);
    expect(ops[0]).toEqual({
      kind: "ensureSheet",
      sheet: SETTINGS_SHEET,
      visibility: "veryHidden",
      clear: true,
    });
    const values = ops[1]?.kind === "values" ? ops[1].values : [];
    expect(values.length).toBeGreaterThan(2);
    for (const line of values) {
      expect(line).toHaveLength(1);
      expect(String(line[0]).length).toBeLessThanOrEqual(SETTINGS_CHUNK);
    }
    expect(parseSettings(values.map((l) => l[0]).join("")).settings?.rubric.notes).toHaveLength(400);
  });

  it("never splits a surrogate pair across chunks", () => {
    const text = "a" + "😀".repeat(10);
    const chunks = chunkText(text, 4);
    expect(chunks.join("")).toBe(text);
    for (const c of chunks) expect(c).toBe(Array.from(c).join(""));
    for (const c of chunks) expect(/[\uD800-\uDBFF]$/.test(c)).toBe(false);
  });

  it("carries the block each owned sheet was written in; settings without it still read, a broken one is dropped", () => {
    const s = sample();
    s.owned.written = { notice: { lastRow: 20, lastCol: 4 }, summary: { lastRow: 31, lastCol: 9 } };
    expect(parseSettings(serializeSettings(s)).settings?.owned.written).toEqual(s.owned.written);
    expect(parseSettings(serializeSettings(sample())).settings?.owned).toEqual(sample().owned);
    const broken = JSON.parse(serializeSettings(s)) as { owned: Record<string, unknown> };
    broken.owned.written = { notice: { lastRow: 0, lastCol: 4 }, review: { lastRow: "20", lastCol: 4 } };
    const read = parseSettings(JSON.stringify(broken));
    expect(read.notices).toEqual([]);
    expect(read.settings?.owned.written).toBeUndefined();
  });
});
