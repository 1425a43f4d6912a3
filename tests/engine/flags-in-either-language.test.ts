/**
 * A flag carries its text as a catalogue message (code and parameters): rendered in the run's
 * language it is the flag's `message`, and rendered in the other language it is what a run in that
 * language says — so the pane or a report can show any flag in either language.
 */
import { evaluateTable } from "../../src/engine";
import type { Evaluation, Lang, RawCell } from "../../src/engine/types";
import { render } from "../../src/messages";
import { makeTable, preset, SERVICE_CRITERIA } from "./support";

const IDS = [
  "name",
  "group",
  ...SERVICE_CRITERIA,
  "satisfaction",
  "zeroErrors",
  "selfScore",
  "declaredStars",
];
const ROWS: Record<string, RawCell>[] = [
  {
    name: "第一党支部",
    group: "甲",
    system: 20,
    team: 20,
    mechanism: 20,
    support: 20,
    performance: 16.5,
    satisfaction: "93%",
    selfScore: 99,
    declaredStars: "五星级",
  },
  {
    name: "第一党支部",
    group: "甲",
    system: "",
    team: 25,
    mechanism: "x",
    support: 20,
    performance: 99,
    satisfaction: 101,
    zeroErrors: "有",
  },
  {
    name: "",
    group: "乙",
    system: 18,
    team: 18,
    mechanism: 18,
    support: 18,
    performance: 17.5,
    satisfaction: "",
    zeroErrors: "否",
    selfScore: 90,
  },
];

function run(lang: Lang): Evaluation {
  const table = makeTable(IDS.slice(0, -1), ROWS);
  return evaluateTable(preset("service-org"), table, { lang });
}

describe("flags in either language", () => {
  const zh = run("zh");
  const en = run("en");

  it("gives every flag a message that is its catalogue text in the run's language", () => {
    const flags = [...zh.tableFlags, ...zh.rows.flatMap((r) => r.flags)];
    expect(flags.length).toBeGreaterThan(8);
    for (const f of flags) expect(render(f.text, "zh")).toBe(f.message);
  });

  it("renders a Chinese run's flags in English as an English run words them", () => {
    const asEnglish = zh.rows.map((r) => r.flags.map((f) => render(f.text, "en")));
    expect(asEnglish).toEqual(en.rows.map((r) => r.flags.map((f) => f.message)));
    expect(zh.tableFlags.map((f) => render(f.text, "en"))).toEqual(en.tableFlags.map((f) => f.message));
    expect(asEnglish[0]).toContain("Satisfaction 93% is below 95%");
  });
});
