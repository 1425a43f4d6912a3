import { cellsMayReachPast } from "../../src/xlsx/sheet-reach";

const sheet = (rows: string) =>
  new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet><dimension ref="A1:C3"/><sheetData>${rows}</sheetData><pageMargins/></worksheet>`,
  );
const text = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;

describe("whether a sheet's cells may reach past the block the tool wrote", () => {
  test("every row and every row's last cell within the block: no", () => {
    const xml = sheet(
      `<row r="1">${text("A1", "公示")}</row><row r="3">${text("A3", "x")}${text("C3", "y")}</row>`,
    );
    expect(cellsMayReachPast(xml, 3, 3)).toBe(false);
  });

  test("a row below the block holding a cell, or a cell right of it: yes", () => {
    expect(
      cellsMayReachPast(
        sheet(`<row r="1">${text("A1", "公示")}</row><row r="9">${text("A9", "（盖章）")}</row>`),
        3,
        3,
      ),
    ).toBe(true);
    expect(cellsMayReachPast(sheet(`<row r="2">${text("A2", "a")}${text("D2", "备注")}</row>`), 3, 3)).toBe(
      true,
    );
  });

  test("a row below the block without cells (a height alone) is nothing", () => {
    const xml = sheet(
      `<row r="1">${text("A1", "公示")}</row><row r="9" ht="30" customHeight="1"/><row r="10"></row>`,
    );
    expect(cellsMayReachPast(xml, 3, 3)).toBe(false);
  });

  test("rich text's <color> in the last cell is not taken for a cell", () => {
    const rich = `<c r="B2" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/></rPr><t>红</t></r></is></c>`;
    expect(cellsMayReachPast(sheet(`<row r="2">${text("A2", "a")}${rich}</row>`), 3, 2)).toBe(false);
  });

  test("what it cannot read says yes, so the cells are read: a row or a cell without its reference", () => {
    expect(cellsMayReachPast(sheet(`<row>${text("A1", "a")}</row>`), 3, 3)).toBe(true);
    expect(cellsMayReachPast(sheet(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row>`), 3, 3)).toBe(
      true,
    );
    expect(cellsMayReachPast(new TextEncoder().encode("<worksheet/>"), 3, 3)).toBe(true);
  });
});
