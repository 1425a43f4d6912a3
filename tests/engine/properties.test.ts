import fc from "fast-check";
import { evaluateTable, presets } from "../../src/engine";
import type { InputTable, RawCell, RowResult, Rubric } from "../../src/engine/types";
import { makeTable, preset, SERVICE_CRITERIA } from "./support";

const ALL_SERVICE = [
  "name",
  "group",
  ...SERVICE_CRITERIA,
  "satisfaction",
  "selfScore",
  "declaredStars",
  "classification",
  "veto",
  "vetoReason",
  "priorStars",
  "remark",
];

/** A score with up to 3 decimals, as a number or as typed text. */
const score = fc
  .integer({ min: 0, max: 20000 })
  .chain((n) =>
    fc.constantFrom<RawCell>(n / 1000, `${n / 1000}`, `${n / 1000}分`, n % 7 === 0 ? "" : n / 1000),
  );

const serviceExtras = fc.record({
  group: fc.constantFrom<RawCell>("机关党委", "直属党委", null),
  satisfaction: fc.constantFrom<RawCell>(0.96, "94%", 95, "", "很好", 1),
  selfScore: fc.constantFrom<RawCell>(85, "99分", null, 100),
  declaredStars: fc.constantFrom<RawCell>("五星级", 3, "★★★★", null),
  classification: fc.constantFrom<RawCell>("先进", "一般", "后进", null),
  veto: fc.constantFrom<RawCell>("否", "否", "否", "是", "", false),
  vetoReason: fc.constantFrom<RawCell>("违纪", null),
  priorStars: fc.constantFrom<RawCell>(0, 3, "五星级", null, "未评星"),
  remark: fc.constantFrom<RawCell>("", "整改中"),
});

const serviceRow = fc.record({
  name: fc.constantFrom<RawCell>("一支部", "二支部", "三支部", "四支部", "", "一支部"),
  scores: fc.array(score, { minLength: 5, maxLength: 5 }),
  extra: serviceExtras,
});

function toCells(r: {
  name: RawCell;
  scores: RawCell[];
  extra: Record<string, RawCell>;
}): Record<string, RawCell> {
  const cells: Record<string, RawCell> = { name: r.name, ...r.extra };
  SERVICE_CRITERIA.forEach((id, i) => (cells[id] = r.scores[i]));
  return cells;
}

const ruleCodes = (rubric: Rubric, kinds: string[]) =>
  new Set(rubric.rules.filter((r) => kinds.includes(r.kind)).map((r) => r.code));

describe("properties of the engine", () => {
  const so = preset("service-org");
  const capping = ruleCodes(so, ["gate", "veto"]);

  it("a higher total never gives fewer stars without a rule saying why", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20000 }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 20000 }),
        serviceExtras,
        (base, which, raise, extra) => {
          const low = base.map((n) => n / 1000);
          const high = [...low];
          high[which] = Math.min(20000, base[which]! + raise) / 1000;
          const t = makeTable(ALL_SERVICE, [
            toCells({ name: "a", scores: low, extra }),
            toCells({ name: "b", scores: high, extra }),
          ]);
          const [a, b] = evaluateTable(so, t).rows as [RowResult, RowResult];
          expect(b.total!).toBeGreaterThanOrEqual(a.total!);
          if (b.stars! < a.stars!) {
            expect(b.flags.some((f) => capping.has(f.code))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("without rules, stars are monotonic in the total (every preset with bands)", () => {
    for (const p of presets.filter((x) => x.tiers.kind === "bands")) {
      const bare: Rubric = { ...p, rules: [] };
      const scoreField = p.score.method === "column" ? [p.score.field!] : SERVICE_CRITERIA;
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 100000 }), { minLength: 2, maxLength: 30 }),
          (totals) => {
            const rows = totals.map((t, i) => {
              const cells: Record<string, RawCell> = { name: `n${i}` };
              if (scoreField.length === 1) cells[scoreField[0]!] = t / 1000;
              else scoreField.forEach((id) => (cells[id] = t / 5000));
              return cells;
            });
            const ev = evaluateTable(bare, makeTable(["name", ...scoreField], rows));
            const sorted = [...ev.rows].sort((x, y) => x.total! - y.total!);
            for (let i = 1; i < sorted.length; i++)
              expect(sorted[i]!.stars!).toBeGreaterThanOrEqual(sorted[i - 1]!.stars!);
          },
        ),
        { numRuns: 100 },
      );
    }
  });

  it("re-evaluating gives the same result", () => {
    fc.assert(
      fc.property(fc.array(serviceRow, { maxLength: 20 }), (rows) => {
        const t = makeTable(ALL_SERVICE, rows.map(toCells));
        expect(evaluateTable(so, t)).toEqual(evaluateTable(so, t));
      }),
      { numRuns: 100 },
    );
  });

  it("row order does not change any row's result", () => {
    fc.assert(
      fc.property(
        fc.array(serviceRow, { minLength: 1, maxLength: 20 }).chain((rows) =>
          fc.tuple(
            fc.constant(rows),
            fc.shuffledSubarray(
              rows.map((_, i) => i),
              { minLength: rows.length },
            ),
          ),
        ),
        ([rows, order]) => {
          const t = makeTable(ALL_SERVICE, rows.map(toCells));
          const shuffled: InputTable = { fields: t.fields, rows: order.map((i) => t.rows[i]!) };
          const byRow = (ev: ReturnType<typeof evaluateTable>) => new Map(ev.rows.map((r) => [r.row, r]));
          const a = byRow(evaluateTable(so, t));
          const b = byRow(evaluateTable(so, shuffled));
          for (const [row, res] of a) expect(b.get(row)).toEqual(res);
        },
      ),
      { numRuns: 100 },
    );
  });

  const anyCell: fc.Arbitrary<unknown> = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.double(),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, true, false, null, undefined, "", "—", "１８．５", "96%"),
    fc.date(),
    fc.constant(new Date(NaN)),
    fc.record({ error: fc.constantFrom("#N/A", "#DIV/0!", "#VALUE!") }),
    fc.array(fc.array(fc.anything())),
    fc.object(),
    fc.integer(),
    fc.bigInt(),
  );

  it.each(presets.map((p) => [p.id, p] as const))("no cell value makes %s throw", (_id, p) => {
    const ids = p.fields.map((f) => f.id);
    fc.assert(
      fc.property(
        fc.array(fc.array(anyCell, { minLength: ids.length, maxLength: ids.length }), { maxLength: 8 }),
        (grid) => {
          const rows = grid.map(
            (cells) => Object.fromEntries(ids.map((id, i) => [id, cells[i]])) as Record<string, RawCell>,
          );
          for (const lang of ["zh", "en"] as const) {
            const ev = evaluateTable(p, makeTable(ids, rows), { lang });
            expect(ev.rows).toHaveLength(rows.length);
            for (const r of ev.rows) {
              expect(typeof r.tier).toBe("string");
              expect(typeof r.explanation).toBe("string");
              // The per-row safety net must never be what kept it from throwing.
              expect(r.flags.map((f) => f.message)).not.toContain(
                lang === "en" ? "The row could not be read" : "该行无法读取",
              );
              if (r.rated) expect(r.stars! >= 0 && r.stars! <= 5).toBe(true);
              else expect(r.stars).toBeNull();
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("typed-in text reads like numbers", () => {
  const CN = ["无星", "一星级", "二星级", "三星级", "四星级", "五星级"];
  it('a row written as text ("18分", "96%", "是", "三星级") scores like the same row as values', () => {
    const so = preset("service-org");
    const ids = [
      "name",
      ...SERVICE_CRITERIA,
      "satisfaction",
      "selfScore",
      "veto",
      "priorStars",
      "declaredStars",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 80, max: 100 }),
        fc.integer({ min: 60, max: 100 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (tenths, sat, self, veto, prior, declared) => {
          const numeric: Record<string, RawCell> = {
            name: "a",
            satisfaction: sat / 100,
            selfScore: self,
            veto,
            priorStars: prior,
            declaredStars: declared,
          };
          const text: Record<string, RawCell> = {
            name: " a ",
            satisfaction: `${sat}%`,
            selfScore: `${self}分`,
            veto: veto ? "是" : "否",
            priorStars: CN[prior]!,
            declaredStars: "★".repeat(declared) || "无星",
          };
          SERVICE_CRITERIA.forEach((id, i) => {
            numeric[id] = tenths[i]! / 10;
            text[id] =
              `${String(tenths[i]! / 10).replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))}分`;
          });
          const [a, b] = evaluateTable(so, makeTable(ids, [numeric, text])).rows as [RowResult, RowResult];
          expect([b.total, b.stars, b.tier, b.eligibility, b.explanation]).toEqual([
            a.total,
            a.stars,
            a.tier,
            a.eligibility,
            a.explanation,
          ]);
          expect(b.flags.filter((f) => f.code !== "DUPLICATE_NAME")).toEqual(
            a.flags
              .filter((f) => f.code !== "DUPLICATE_NAME")
              .map((f) => ({ ...f, cell: f.cell?.replace(/\d+$/, "4") })),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
