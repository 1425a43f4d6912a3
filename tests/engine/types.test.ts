import type { z } from "zod";
import { ConditionSchema, ConditionShape, parseRubric, RubricSchema } from "../../src/engine/rubric-schema";
import { presets } from "../../src/engine/presets";
import type { CompareOp, Condition, Rubric } from "../../src/engine/types";

/** true only when A and B are the same type (each assignable to the other, checked without distribution). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every key any form of a union has. */
type KeysOf<T> = T extends unknown ? keyof T : never;

// Compile-time checks (npm run typecheck fails when they do not hold; each line fails on its own):
// the written-out Condition union has exactly the keys of the schema's condition object,
const conditionKeysMatch: Same<KeysOf<Condition>, keyof z.output<typeof ConditionShape>> = true;
// and every form of it is a value the schema's object accepts;
const conditionFitsShape: [Condition] extends [z.input<typeof ConditionShape>] ? true : false = true;
// the Rubric type is what the schema returns.
const rubricIsSchemaOutput: Same<Rubric, z.output<typeof RubricSchema>> = true;

describe("the rubric types come from the schema", () => {
  it("holds at compile time (the constants above are typed by the checks)", () => {
    expect([conditionKeysMatch, conditionFitsShape, rubricIsSchemaOutput]).toEqual([true, true, true]);
  });

  it.each(presets.map((p) => [p.id, p] as const))("the %s preset, typed Rubric, parses to itself", (_, p) => {
    const parsed = parseRubric(JSON.parse(JSON.stringify(p)));
    expect(parsed.ok && parsed.rubric).toEqual(p);
  });
});

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
