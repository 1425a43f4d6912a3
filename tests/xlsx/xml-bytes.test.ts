/**
 * Searching a part's bytes (src/xlsx/xml-bytes.ts): what the reader and the patcher use instead of
 * decoding a large sheet into one string. Each search must find what the same search on the decoded
 * text finds, Chinese text included.
 */
import {
  findSheetData,
  indexOfSeq,
  indexOfSeqFar,
  lastIndexOfSeq,
  needle,
  plainBytes,
  tagConcernsChecks,
  textAt,
  utf8Bytes,
} from "../../src/xlsx/xml-bytes";

const ROW =
  '<row r="3"><c r="A3" t="inlineStr"><is><t>第一党支部 &lt;row&gt;</t></is></c><c r="B3"><v>95</v></c></row>';

/** The byte offset of a character offset in `text`. */
const byteAt = (text: string, at: number) => utf8Bytes(text.slice(0, at)).length;

describe("searching bytes finds what searching the decoded text finds", () => {
  test.each(["</row>", "<c", "</c>", "<v>", "党支部", "<row", "</t>"])(
    "indexOfSeq and indexOfSeqFar %s",
    (what) => {
      const b = utf8Bytes(ROW);
      const search = needle(what);
      for (let from = 0; from <= ROW.length; from += 7) {
        const expected = ROW.indexOf(what, from);
        const found = indexOfSeq(b, search, byteAt(ROW, from));
        expect(found).toBe(expected < 0 ? -1 : byteAt(ROW, expected));
        expect(indexOfSeqFar(b, search, byteAt(ROW, from))).toBe(found);
      }
    },
  );

  test.each(["</row>", "<c", "党支部", "<row"])(
    "lastIndexOfSeq %s, as lastIndexOf with a position",
    (what) => {
      const b = utf8Bytes(ROW);
      for (let at = 0; at <= ROW.length; at += 5) {
        const expected = ROW.lastIndexOf(what, at);
        expect(lastIndexOfSeq(b, utf8Bytes(what), byteAt(ROW, at))).toBe(
          expected < 0 ? -1 : byteAt(ROW, expected),
        );
      }
    },
  );

  test("a needle must lie wholly before the end given", () => {
    const b = utf8Bytes(ROW);
    const end = byteAt(ROW, ROW.indexOf("</row>"));
    expect(indexOfSeq(b, needle("</row>"), 0, end)).toBe(-1);
    expect(indexOfSeq(b, needle("</row>"), 0, end + 6)).toBe(end);
  });

  test("slices decode as slicing the decoded text does, short ASCII and Chinese alike", () => {
    const b = utf8Bytes(ROW);
    const text = (from: number, to: number) => textAt(b, byteAt(ROW, from), byteAt(ROW, to));
    expect(text(0, 10)).toBe('<row r="3"');
    const name = ROW.indexOf("第一");
    expect(text(name, name + 5)).toBe("第一党支部");
    expect(text(0, ROW.length)).toBe(ROW);
  });

  test("a Node Buffer is viewed as a plain Uint8Array of the same bytes", () => {
    const buffer = Buffer.from(ROW);
    const plain = plainBytes(buffer);
    expect(Object.getPrototypeOf(plain)).toBe(Uint8Array.prototype);
    expect(plain.buffer).toBe(buffer.buffer);
    expect(textAt(plain, 0, plain.length)).toBe(ROW);
    const own = utf8Bytes(ROW);
    expect(plainBytes(own)).toBe(own);
  });
});

describe("a worksheet's <sheetData> found in its bytes", () => {
  const head = '<?xml version="1.0"?><worksheet><dimension ref="A1"/>';
  test("its body and the XML around it, the start tag between them", () => {
    const xml = `${head}<sheetData>${ROW}</sheetData><pageMargins left="0.7"/></worksheet>`;
    const found = findSheetData(utf8Bytes(xml))!;
    expect(found.before).toBe(head);
    expect(found.selfClosing).toBe(false);
    expect(textAt(utf8Bytes(xml), found.start, found.end)).toBe(ROW);
    expect(found.after).toBe('</sheetData><pageMargins left="0.7"/></worksheet>');
  });

  test("a self-closing one, one whose name goes on (<sheetDataX>), and one not closed", () => {
    const empty = findSheetData(utf8Bytes(`${head}<sheetDataX/><sheetData/></worksheet>`))!;
    expect(empty.selfClosing).toBe(true);
    expect(empty.start).toBe(empty.end);
    expect(empty.before).toBe(`${head}<sheetDataX/>`);
    expect(empty.after).toBe("</worksheet>");
    expect(findSheetData(utf8Bytes(`${head}<sheetData>${ROW}</worksheet>`))).toBeNull();
    expect(findSheetData(utf8Bytes(`${head}</worksheet>`))).toBeNull();
  });
});

describe("tags the patcher looks for among a sheet's rows", () => {
  const concerns = (tag: string) => tagConcernsChecks(utf8Bytes(tag), 0, tag.length);
  test.each([
    ["<?editor row-cache?>", true],
    ["<!-- x -->", true],
    ['<mc:AlternateContent xmlns:mc="x">', true],
    ["<x:c>", true],
    ["<cols>", true],
    ["</sheetData>", true],
    ["<sheetData/>", true],
    ["<mergeCells count='1'>", true],
    ["<cols-x>", true],
    ["<extLst>", true],
    ["<extLstX>", true],
    ['<c r="A1">', false],
    ["</c>", false],
    ['<row r="1">', false],
    ["</row>", false],
    ["<v>", false],
    ["<is>", false],
    ["<rPr>", false],
    ["<colsX>", false],
    ["<color rgb='FF0000'/>", false],
  ])("%s: %s", (tag, expected) => {
    expect(concerns(tag)).toBe(expected);
  });
});
