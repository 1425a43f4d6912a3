import { getPreset } from "../../src/engine/presets";
import type { Evaluation, RowResult, Rubric } from "../../src/engine/types";
import { countByTier, tierList } from "../../src/workbook/tiers";
import { tierLabel } from "../../src/engine";

/** countByTier as it was written first: a map updated row by row (the reference). */
function countByTierWithMap(rubric: Rubric, evaluation: Evaluation) {
  const counts = new Map<number | null, number>();
  for (const r of evaluation.rows) {
    const key = r.rated ? r.stars : null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const list = tierList(rubric, "zh").map((t) => ({ ...t, count: counts.get(t.stars) ?? 0 }));
  for (const [stars, count] of counts)
    if (!list.some((t) => t.stars === stars))
      list.splice(list.length - 1, 0, { stars, label: tierLabel(rubric, stars ?? 0, "zh"), count });
  return list;
}

function rowWith(rated: boolean, stars: number | null): RowResult {
  return {
    row: 1,
    name: "",
    group: null,
    rated,
    total: null,
    stars,
    tier: "",
    eligibility: "",
    flags: [],
    explanation: "",
    values: {},
  };
}

describe("countByTier", () => {
  const rubric = getPreset("service-org")!;
  test("counts each tier as a map of every row would, odd star counts and their order included", () => {
    const odd = [null, 0, -0, 1, 2, 3, 4, 5, 7, 63, 64, -1, 2.5, Number.NaN, 1000];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 20; run++) {
      const rows = Array.from({ length: 200 }, () =>
        rowWith(random() < 0.9, odd[Math.floor(random() * (run % 2 === 0 ? 6 : odd.length))]),
      );
      const evaluation: Evaluation = {
        rubric: { id: rubric.id, version: rubric.version },
        rows,
        tableFlags: [],
      };
      expect(countByTier(rubric, evaluation, "zh")).toEqual(countByTierWithMap(rubric, evaluation));
    }
  });

  test("a table with no rows counts zero in every tier", () => {
    const evaluation: Evaluation = {
      rubric: { id: rubric.id, version: rubric.version },
      rows: [],
      tableFlags: [],
    };
    expect(countByTier(rubric, evaluation, "zh").map((t) => t.count)).toEqual(
      tierList(rubric, "zh").map(() => 0),
    );
  });
});
