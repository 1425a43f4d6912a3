/**
 * Properties of recompute on random scoring sheets: it never changes a cell the user typed, it is
 * idempotent (the second plan equals the first), and it never throws.
 */
import fc from "fast-check";
import type { RawCell } from "../../src/engine/types";
import { recompute } from "../../src/workbook";
import { NOW, SERVICE_HEADER, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

const score = fc.oneof(
  fc.integer({ min: 0, max: 22 }),
  fc.double({ min: 0, max: 20, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  fc.constantFrom<RawCell>("18分", "１８．５", "良好", null, "", "—", { error: "#N/A" }),
);
const name = fc.constantFrom<RawCell>(
  "第一党支部",
  "第二党支部",
  "第三党支部",
  "合计",
  "平均分",
  "",
  null,
  "=SUM(A1)",
  "+1",
);
const row = fc.tuple(
  name,
  fc.constantFrom<RawCell>("机关党委", "直属党委", null),
  score,
  score,
  score,
  score,
  score,
  fc.constantFrom<RawCell>(0.96, "93%", 97, null, "很好"),
  fc.constantFrom<RawCell>("是", "否", null),
);

const sheetArb = fc.record({
  titleRows: fc.integer({ min: 0, max: 3 }),
  rows: fc.array(fc.option(row, { nil: null }), { maxLength: 14 }),
  userNoteRight: fc.boolean(),
  hidden: fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }),
});

describe("recompute properties", () => {
  it("never changes a cell the user typed, and a second run plans exactly the same", async () => {
    await fc.assert(
      fc.asyncProperty(sheetArb, async ({ titleRows, rows, userNoteRight, hidden }) => {
        const values: RawCell[][] = [];
        for (let i = 0; i < titleRows; i++) values.push(i === 0 ? ["2026年度评定表"] : []);
        values.push(SERVICE_HEADER.slice());
        rows.forEach((r, i) => values.push(r ? [i + 1, ...r] : []));
        if (userNoteRight && values.length > titleRows + 1) values[titleRows + 1]![11] = "联系人：王";
        const sheet = sheetOf("评分表", values, { hiddenRows: hidden });
        const wb = new MemoryWorkbook([sheet]);
        const before = wb.snapshotValues()["评分表"]!;
        const first = await recompute(wb, { now: NOW });
        expect(first.ok).toBe(true);
        const after = wb.snapshotValues()["评分表"]!;
        before.forEach((line, r) =>
          line.forEach((v, c) => {
            if (v !== null && v !== undefined && v !== "") expect(after[r]?.[c]).toEqual(v);
          }),
        );
        const second = await recompute(wb, { now: NOW });
        expect(second.ok && first.ok && second.plan).toEqual(first.ok && first.plan);
        expect(wb.snapshotValues()["评分表"]).toEqual(after);
      }),
      { numRuns: 60, seed: 20261126 },
    );
  });
});
