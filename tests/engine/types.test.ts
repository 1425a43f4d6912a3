import { ConditionSchema } from "../../src/engine/rubric-schema";
import type { CompareOp, Condition } from "../../src/engine/types";

/** The Condition type (src/engine/types.ts) and the schema that validates rubric JSON describe the same data. */
describe("condition data", () => {
  const ops: CompareOp[] = [">=", ">", "<=", "<", "=", "!=", "in", "is"];
  const valid: Condition[] = [
    ...ops.map((op): Condition => ({ field: "score", op, value: op === "in" ? [1, "二"] : 0.95 })),
    {
      field: "$stars",
      op: ">=",
      value: { ref: "priorStars", add: 1 },
      label: "比上年多一星",
      labelEn: "one up",
    },
    { field: "veto", op: "is", value: null },
    {
      all: [
        { field: "satisfaction", op: ">=", value: 0.95 },
        { any: [{ not: { field: "veto", op: "is", value: true } }, { field: "$total", op: ">", value: 90 }] },
      ],
    },
  ];

  it.each(valid.map((c) => [JSON.stringify(c), c]))(
    "every form the type allows is accepted unchanged: %s",
    (_, c) => {
      const parsed = ConditionSchema.safeParse(c);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(c);
    },
  );

  it.each([
    ["two forms at once", { field: "a", op: ">=", value: 1, all: [{ field: "b", op: "=", value: 2 }] }],
    ["an empty all", { all: [] }],
    ["an unknown operator", { field: "a", op: "~", value: 1 }],
    ["a missing value", { field: "a", op: ">=" }],
    ["an unknown key", { field: "a", op: ">=", value: 1, weight: 2 }],
  ])("data outside the type is refused: %s", (_, c) => {
    expect(ConditionSchema.safeParse(c).success).toBe(false);
  });
});
