/**
 * Rows and cells written without references (src/xlsx/cell-references.ts): each given the one it
 * stands for, the row after the previous and the cell right of the previous, as LibreOffice reads
 * them; given references kept and followed; sheets that carry them left alone.
 */
import { lacksReferences, withCellReferences } from "../../src/xlsx/cell-references";

const ROOT = '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="m">';
const sheet = (rows: string) =>
  `${ROOT}<cols><col min="1" max="2"/></cols><sheetData>${rows}</sheetData></worksheet>`;

describe("withCellReferences", () => {
  test("rows number on from the one before, cells from the one to their left, starting at A", () => {
    const xml = sheet(
      '<row><c t="s"><v>0</v></c><c><v>17.5</v></c></row>' +
        '<row r="5"><c/><c r="D5"><v>1</v></c><c><is><t>x</t></is></c></row>' +
        "<row><c r='B7'/><c/></row>",
    );
    expect(withCellReferences(xml)).toBe(
      sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>17.5</v></c></row>' +
          '<row r="5"><c r="A5"/><c r="D5"><v>1</v></c><c r="E5"><is><t>x</t></is></c></row>' +
          '<row r="6"><c r=\'B7\'/><c r="C6"/></row>',
      ),
    );
  });

  test("rich text runs (<r>) and the columns list are not rows or cells", () => {
    const xml = sheet('<row><c t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>');
    expect(withCellReferences(xml)).toBe(
      sheet('<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>'),
    );
  });

  test("a sheet whose rows and cells all carry references: null (nothing to write)", () => {
    expect(withCellReferences(sheet('<row r="1"><c r="A1"/></row>'))).toBeNull();
  });

  test("a tag whose '>' stands inside a value: null (the tag search would cut it)", () => {
    expect(withCellReferences(sheet('<row x="a>b"><c/></row>'))).toBeNull();
  });
});

describe("lacksReferences", () => {
  test.each([
    ["the first row has none", sheet('<row><c r="A1"/></row>'), true],
    ["the first cell has none", sheet('<row r="1"><c/></row>'), true],
    ["both have them", sheet('<row r="1"><c r="A1"/></row><row><c/></row>'), false],
    ["not a worksheet", '<sst xmlns="m"><si><t>x</t></si></sst>', false],
    ["no rows", sheet(""), false],
  ])("%s", (_what, xml, lacks) => {
    expect(lacksReferences(xml)).toBe(lacks);
  });
});
