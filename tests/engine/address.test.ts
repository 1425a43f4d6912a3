import { parseCellAddress } from "../../src/engine";

describe("parseCellAddress", () => {
  it.each([
    ["A1", { row: 1, col: 1 }],
    ["$F$5", { row: 5, col: 6 }],
    ["XFD1048576", { row: 1_048_576, col: 16_384 }],
  ])("%s", (address, expected) => expect(parseCellAddress(address)).toEqual(expected));

  it.each(["A1:B2", "a1", "A", "1", "", "Sheet1!A1"])("%p is not one cell's address", (address) =>
    expect(parseCellAddress(address)).toBeNull(),
  );
});
