import type { Condition } from "../../src/engine/types";

describe("condition data", () => {
  it("is plain JSON that survives a round trip", () => {
    const c: Condition = {
      all: [
        { field: "satisfaction", op: ">=", value: 0.95 },
        { not: { field: "veto", op: "is", value: true } },
      ],
    };
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});
