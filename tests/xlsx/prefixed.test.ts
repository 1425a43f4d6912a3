/**
 * Parts written with a namespace prefix read in their default-namespace spelling
 * (src/xlsx/prefixed.ts): what is respelt, what is left as written, and that bytes without a
 * prefixed root are given back as they are. Then UTF-16 parts read as UTF-8 (package.ts readableXml).
 */
import { readableXml } from "../../src/xlsx/package";
import { withDefaultNamespace } from "../../src/xlsx/prefixed";
import { withPrefix } from "../support/prefix";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const SHEET =
  `${DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:B1"/><sheetData>` +
  '<row r="1"><c r="A1" t="inlineStr"><is><t>第一党支部 &lt;x:c&gt;</t></is></c><c r="B1" s="2"><v>17.5</v></c></row>' +
  '</sheetData><hyperlinks><hyperlink ref="A1" r:id="rId1"/></hyperlinks></worksheet>';

describe("withDefaultNamespace", () => {
  test("a sheet written with x: reads as the same sheet with the namespace the default (the prefix still declared)", () => {
    const prefixed = withPrefix(SHEET, "x");
    expect(prefixed).toContain('<x:worksheet xmlns:x="');
    expect(prefixed).toContain('<x:c r="A1"');
    expect(withDefaultNamespace(prefixed)).toBe(
      SHEET.replace(`<worksheet xmlns="${MAIN}"`, `<worksheet xmlns="${MAIN}" xmlns:x="${MAIN}"`),
    );
  });

  test("a sheet of many megabytes (respelt a piece at a time) reads as the same sheet", () => {
    const row = (r: number) =>
      `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>第${r}党支部</t></is></c></row>`;
    const rows = Array.from({ length: 60_000 }, (_, i) => row(i + 1)).join("");
    const big = `${DECLARATION}<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
    const prefixed = withPrefix(big, "x");
    expect(prefixed.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(withDefaultNamespace(prefixed)).toBe(
      big.replace(`<worksheet xmlns="${MAIN}"`, `<worksheet xmlns="${MAIN}" xmlns:x="${MAIN}"`),
    );
  });

  test("relationships and content types written with ns0: read unprefixed", () => {
    const rels =
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="t" Target="worksheets/sheet1.xml"/></Relationships>';
    const types =
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="xml" ContentType="application/xml"/></Types>';
    for (const xml of [rels, types]) {
      const respelt = withDefaultNamespace(withPrefix(xml, "ns0"));
      expect(respelt).not.toContain("<ns0:");
      expect(respelt).toMatch(/^<(Relationships|Types) xmlns="[^"]+" xmlns:ns0="[^"]+">/);
      expect(respelt!.replace(/ xmlns:ns0="[^"]+"/, "")).toBe(xml);
    }
  });

  test("comments (what Excel drops on saving) are left out and the rest respelt, a tag inside one included", () => {
    const commented = withPrefix(SHEET, "x")
      .replace("<x:sheetData>", "<!-- written by a tool <x:c r='Z9'> --><x:sheetData>")
      .replace("</x:row>", "<!--\r\n- second -\r\n--></x:row>");
    expect(withDefaultNamespace(commented)).toBe(
      SHEET.replace(`<worksheet xmlns="${MAIN}"`, `<worksheet xmlns="${MAIN}" xmlns:x="${MAIN}"`),
    );
  });

  test.each([
    ["its root has no prefix", SHEET],
    [
      "its namespace is one usually written with a prefix (docProps/core.xml's cp:)",
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>x</dc:creator></cp:coreProperties>',
    ],
    [
      "a default namespace is declared too",
      withPrefix(SHEET, "x").replace("<x:sheetData>", `<x:sheetData xmlns="${MAIN}">`),
    ],
    [
      "an element has no prefix (it is in no namespace)",
      withPrefix(SHEET, "x").replace("<x:dimension", "<dimension"),
    ],
    [
      "the prefix is declared again below the root",
      withPrefix(SHEET, "x").replace("<x:sheetData>", `<x:sheetData xmlns:x="${MAIN}">`),
    ],
    [
      "a comment is never closed",
      withPrefix(SHEET, "x").replace("<x:sheetData>", "<!-- <x:c> <x:sheetData>"),
    ],
    ["it holds CDATA", withPrefix(SHEET, "x").replace("<x:sheetData>", "<x:sheetData><![CDATA[<x:c>]]>")],
    ["the prefix names no namespace on the root", withPrefix(SHEET, "x").replace(" xmlns:x=", " xmlns:y=")],
  ])("left as written when %s", (_what, xml) => {
    expect(withDefaultNamespace(xml)).toBeNull();
  });
});

describe("readableXml", () => {
  const utf8 = new TextEncoder().encode(SHEET);
  const utf16 = (text: string, order: "le" | "be", mark: boolean) => {
    const le = Buffer.from(text, "utf16le");
    const bytes = order === "le" ? le : Buffer.from(le).swap16();
    return new Uint8Array(
      mark ? Buffer.concat([Buffer.from(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]), bytes]) : bytes,
    );
  };

  test("UTF-8 without a prefixed root or references left out: the same array back", () => {
    expect(readableXml(utf8)).toBe(utf8);
  });

  test("a prefixed root taken off (a byte-order mark kept); a prefix it cannot take off: the same array back", () => {
    const prefixed = new TextEncoder().encode(`\uFEFF${withPrefix(SHEET, "x")}`);
    const respelt = new TextDecoder("utf-8", { ignoreBOM: true }).decode(readableXml(prefixed));
    expect(respelt.startsWith(`\uFEFF${DECLARATION}<worksheet xmlns="${MAIN}"`)).toBe(true);
    expect(respelt).not.toContain("<x:");
    const unsafe = new TextEncoder().encode(withPrefix(SHEET, "x").replace("<x:dimension", "<dimension"));
    expect(readableXml(unsafe)).toBe(unsafe);
  });

  test("a prefixed sheet without references: both undone in one pass", () => {
    const bare = withPrefix(SHEET.replace(/ r="[A-Z]*\d+"/g, ""), "x");
    const read = new TextDecoder().decode(readableXml(new TextEncoder().encode(bare)));
    expect(read).toContain('<row r="1"><c r="A1" t="inlineStr">');
    expect(read).toContain('<c r="B1" s="2"><v>17.5</v></c>');
    expect(read).not.toContain("<x:");
  });

  test.each([
    ["little-endian with a byte-order mark", "le", true],
    ["big-endian with a byte-order mark", "be", true],
    ["little-endian without one", "le", false],
    ["big-endian without one", "be", false],
  ] as const)("UTF-16 %s: UTF-8, its declaration saying so, the text unchanged", (_what, order, mark) => {
    const declared = SHEET.replace('encoding="UTF-8"', 'encoding="UTF-16"');
    expect(new TextDecoder().decode(readableXml(utf16(declared, order, mark)))).toBe(SHEET);
  });

  test("UTF-16 with a prefixed root: both undone", () => {
    const declared = withPrefix(SHEET, "x").replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const read = new TextDecoder().decode(readableXml(utf16(declared, "le", true)));
    expect(read).toBe(withDefaultNamespace(withPrefix(SHEET, "x")));
  });
});
