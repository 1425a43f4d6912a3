/**
 * The well-formedness check the package reader runs before it scans a sheet (src/xlsx/well-formed.ts):
 * each fault a damaged part shows, the references and constructs that are allowed, and agreement
 * with saxes (a conformant XML parser) on a real sheet damaged at random. Then the reader and the
 * command line: a damaged sheet is refused as damaged, nothing written.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { WELL_FORMED_CHECK_BYTES, readWorksheetXml, type CellContext } from "../../src/xlsx/read-sheet";
import { firstXmlFault, incompleteRelationship } from "../../src/xlsx/package";
import { xmlFault } from "../../src/xlsx/well-formed";
import { compressEntry } from "../../src/xlsx/zip";
import { quoteLeftOpen, tagCutInValue } from "../../src/xlsx/xml";
import { serviceOrg, writeFixture } from "../fixtures/workbooks";
import { cli, tempDirForTests } from "../support/cli-run";

const tempDir = tempDirForTests("well-formed-");

const SHEET_OPEN = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const sheet = (rows: string) => `${SHEET_OPEN}<sheetData>${rows}</sheetData></worksheet>`;
const ROW =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>第一党支部</t></is></c><c r="B1"><v>17.5</v></c></row>';

function saxesFault(xml: string): string | null {
  const parser = new SaxesParser();
  let first: string | null = null;
  parser.on("error", (error) => {
    first ??= error.message;
  });
  parser.write(xml).close();
  return first;
}

describe("where a damaged package is damaged", () => {
  test("the first XML part that is not well-formed, with the line and column where it stops", () => {
    const entries = [
      compressEntry("xl/workbook.xml", '<?xml version="1.0"?>\n<workbook/>'),
      compressEntry("xl/media/image1.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x3c])),
      compressEntry("xl/sharedStrings.xml", '<?xml version="1.0"?>\n<sst>\n  <si><t>a</t>\n  </sst>'),
      compressEntry("xl/styles.xml", "<styleSheet><x></styleSheet>"),
    ];
    expect(firstXmlFault(entries)).toEqual({
      part: "xl/sharedStrings.xml",
      line: 4,
      column: 3,
      reason: "</sst> does not close the open element",
    });
    expect(firstXmlFault(entries.slice(0, 2))).toBeNull();
    // Text outside the root is shown where it starts, past the line break before it.
    const stray = compressEntry("xl/worksheets/sheet1.xml", '<?xml version="1.0"?>\r\nfoo\r\n<worksheet/>');
    expect(firstXmlFault([stray])).toMatchObject({ line: 2, column: 1 });
  });
});

describe("a relationship without what every relationship has", () => {
  test("the first one without its Id, Type or Target, and which it lacks", () => {
    const rels = (body: string) =>
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
    const entries = [
      compressEntry("_rels/.rels", rels('<Relationship Id="rId1" Type="t" Target="xl/workbook.xml"/>')),
      compressEntry(
        "xl/_rels/workbook.xml.rels",
        rels('<Relationship Id="rId1" Type="t" Target="styles.xml"/><Relationship Id="rId4" Type="t"/>'),
      ),
    ];
    expect(incompleteRelationship(entries)).toEqual({
      part: "xl/_rels/workbook.xml.rels",
      id: "rId4",
      missing: "Target",
    });
    expect(incompleteRelationship(entries.slice(0, 1))).toBeNull();
  });
});

describe("what counts as damaged", () => {
  test("well-formed SpreadsheetML passes: declarations, references, comments, CDATA, self-closed tags, either quote", () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<!-- by hand -->' +
      sheet(
        ROW +
          `<row r='2' spans="1:2"><c r="A2" t="inlineStr"><is><t>a &amp; b &lt; c &#13;&#x41;</t></is></c><c r="B2"/></row>` +
          '<row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[<x> & y]]></t></is></c></row>',
      ) +
      "\n<?after it?>";
    expect(xmlFault(xml)).toBeNull();
    // A byte-order mark before the declaration (some writers put one; the package's decoder keeps it).
    expect(xmlFault(`\uFEFF${xml}`)).toBeNull();
  });

  test.each([
    [
      "a cell not closed",
      sheet('<row r="1"><c r="A1"><v>1</v></row>'),
      "</row> does not close the open element",
    ],
    ["an end tag that closes nothing", sheet("<row/></c>"), "</c> does not close the open element"],
    ["the root not closed", `${SHEET_OPEN}<sheetData>${ROW}</sheetData>`, "<worksheet> not closed"],
    ["a second root", `${sheet(ROW)}<worksheet/>`, "a second root element"],
    ["text after the root", `${sheet(ROW)}x`, "text outside the root element"],
    [
      "an attribute without a value",
      sheet('<row r="1" hidden><c r="A1"/></row>'),
      'tag <row> not written as name="value" attributes',
    ],
    ["an unquoted value", sheet("<row r=1/>"), 'tag <row> not written as name="value" attributes'],
    ["an attribute given twice", sheet('<row r="1" r="2"/>'), "attribute r given twice"],
    ["< inside a value", sheet('<row r="<1"/>'), 'tag <row> not written as name="value" attributes'],
    [
      "& not a reference, in text",
      sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a & b</t></is></c></row>'),
      "& not starting a reference to a character XML can carry",
    ],
    [
      "& not a reference, in a value",
      sheet('<row r="1" x="&nbsp;"/>'),
      "& not starting a reference to a character XML can carry",
    ],
    [
      "a reference to a character XML cannot carry",
      sheet('<row r="1" x="&#0;"/>'),
      "& not starting a reference to a character XML can carry",
    ],
    [
      "a control character",
      sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a\u0001b</t></is></c></row>'),
      "a character XML cannot carry",
    ],
    [
      "]]> in text",
      sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c></row>'),
      "]]> in text",
    ],
    ["a processing instruction without a name", sheet("<?<x?>"), "a processing instruction without a name"],
    ["a comment not closed", sheet("<!-- x"), "a comment not closed"],
    [
      "a CDATA section not closed",
      sheet('<row r="1"><c><is><t><![CDATA[x</t></is></c></row>'),
      "a CDATA section not closed",
    ],
    ["a tag without a name", sheet('<row r="1">< c/></row>'), "a tag without a name"],
    ["nothing", "  ", "no root element"],
    ["an XML declaration cut", `<?xml version="1.0" encodi?>${sheet("")}`, "a malformed XML declaration"],
    [
      "an XML declaration later on",
      ` <?xml version="1.0"?>${sheet("")}`,
      "an XML declaration not at the start",
    ],
  ])("%s", (_what, xml, reason) => {
    expect(xmlFault(xml)?.reason).toBe(reason);
    expect(saxesFault(xml)).not.toBeNull();
  });

  test("a document type declaration is refused, though XML allows one (its entities could expand without bound)", () => {
    const xml = `<!DOCTYPE worksheet [<!ENTITY a "b">]>${sheet("")}`;
    expect(xmlFault(xml)?.reason).toBe("a document type declaration");
    expect(saxesFault(xml)).toBeNull();
  });

  test("agrees with saxes on a real sheet damaged at random (300 cuts, copies and insertions)", async () => {
    const file = path.join(tempDir(), "in.xlsx");
    await writeFixture(serviceOrg(12), file);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(xmlFault(xml)).toBeNull();
    const bits = [
      "<",
      ">",
      "/",
      '"',
      "'",
      "=",
      "&",
      ";",
      "</c>",
      "<v>",
      "</row>",
      "&#13;",
      "&amp;",
      "<!--",
      "]]>",
      "<?x?>",
    ];
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let damagedCount = 0;
    for (let i = 0; i < 300; i++) {
      let text = xml;
      const at = random(text.length);
      const kind = random(3);
      if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + random(12));
      else if (kind === 1) text = text.slice(0, at) + text.slice(at, at + 1 + random(30)) + text.slice(at);
      else text = text.slice(0, at) + bits[random(bits.length)] + text.slice(at);
      const ours = xmlFault(text);
      if (ours) damagedCount++;
      expect({ i, damaged: ours !== null }).toEqual({ i, damaged: saxesFault(text) !== null });
    }
    // Both kinds were tried: most such edits damage the XML, some leave it well-formed.
    expect(damagedCount).toBeGreaterThan(100);
    expect(damagedCount).toBeLessThan(300);
  });
});

describe("the reader and the command line", () => {
  const context: CellContext = { sharedStrings: [], dateStyles: [], date1904: false };

  test("a damaged sheet is not scanned (the reader steps aside); a sound one is", () => {
    expect(readWorksheetXml("表", sheet(ROW), context)?.values).toEqual([["第一党支部", 17.5]]);
    expect(readWorksheetXml("表", sheet(ROW.replace("</c></row>", "</row>")), context)).toBeNull();
    expect(readWorksheetXml("表", `${sheet(ROW)}<extra/>`, context)).toBeNull();
  });

  test("a sheet written with a byte-order mark and a declaration is read", () => {
    const bytes = new TextEncoder().encode(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>${sheet(ROW)}`);
    expect(readWorksheetXml("表", bytes, context)?.values).toEqual([["第一党支部", 17.5]]);
  });

  test("a cell reference that names no column Excel has is damage too: not scanned", () => {
    expect(readWorksheetXml("表", sheet(ROW.replace('r="B1"', 'r="1"')), context)).toBeNull();
    expect(readWorksheetXml("表", sheet(ROW.replace('r="B1"', 'r="XFE1"')), context)).toBeNull();
    expect(readWorksheetXml("表", sheet(ROW.replace('r="B1"', 'r="XFD1"')), context)?.values[0]?.length).toBe(
      16_384,
    );
    // A cell without a reference is allowed: it is the next column.
    expect(readWorksheetXml("表", sheet(ROW.replace(' r="B1"', "")), context)?.values).toEqual([
      ["第一党支部", 17.5],
    ]);
  });

  test('a ">" inside an attribute value (well-formed, never written by Excel) is not searched past: the reader steps aside', () => {
    expect(quoteLeftOpen('<c r="A1" x="a')).toBe(true);
    expect(quoteLeftOpen(`<c r="A1" x="it's">`)).toBe(false);
    expect(tagCutInValue('<a b="1"/><c d="e>f"/>')).toBe(10);
    expect(tagCutInValue("<a b='x\"y'>1 > 0</a>")).toBe(-1);
    // Read as cut at its first ">", this cell would lose its type and read 0 as a number, not "甲".
    const cut = '<row r="1"><c r="A1" note="a>b" t="s"><v>0</v></c></row>';
    const strings: CellContext = { ...context, sharedStrings: ["甲"] };
    expect(xmlFault(sheet(cut))).toBeNull();
    expect(readWorksheetXml("表", sheet(cut), strings)).toBeNull();
    expect(readWorksheetXml("表", sheet(cut.replace("a>b", "a&gt;b")), strings)?.values).toEqual([["甲"]]);
    // In a sheet too large to check whole, the scan itself finds the cut tag.
    const rows = Array.from(
      { length: 90_000 },
      (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`,
    );
    const big = sheet(cut + rows.join(""));
    expect(big.length).toBeGreaterThan(WELL_FORMED_CHECK_BYTES);
    expect(readWorksheetXml("表", big, strings)).toBeNull();
  });

  test("a sheet larger than the whole check is checked around its rows", () => {
    const rows: string[] = [];
    for (let r = 1, length = 0; length <= WELL_FORMED_CHECK_BYTES; r++) {
      rows.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>第${r}党支部</t></is></c><c r="B${r}"><v>${r}</v></c></row>`,
      );
      length += rows[rows.length - 1]!.length;
    }
    const big = rows.join("");
    expect(readWorksheetXml("表", sheet(big), context)?.values.length).toBe(rows.length);
    expect(readWorksheetXml("表", `${sheet(big)}<extra/>`, context)).toBeNull();
    // Inside its rows a sheet this large is scanned as it is (checking them whole costs ~0.5 s per 20 MB).
    const damagedRow = big.replace('<row r="2">', '<row r="2" hidden>');
    expect(readWorksheetXml("表", sheet(damagedRow), context)).not.toBeNull();
  });

  const SHEET = "xl/worksheets/sheet1.xml";

  /** `score` on the 12-branch example with `part` changed by `edit` (which must change it). */
  async function scoreEdited(name: string, part: string, edit: (xml: string) => string) {
    const input = path.join(tempDir(), `${name}.xlsx`);
    await writeFixture(serviceOrg(12), input);
    const zip = await JSZip.loadAsync(readFileSync(input));
    const xml = await zip.file(part)!.async("string");
    const damaged = edit(xml);
    expect(damaged).not.toBe(xml);
    zip.file(part, damaged);
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const output = `${input}.out.xlsx`;
    const run = await cli(["score", input, "-o", output]);
    return { ...run, wrote: existsSync(output) };
  }

  test.each([
    [
      "the scored sheet (a cell's end tag lost)",
      SHEET,
      (xml: string) => xml.replace(/<\/c><\/row>/, "</row>"),
    ],
    [
      "the shared strings (the branch names)",
      "xl/sharedStrings.xml",
      (xml: string) => xml.replace("</si>", "</t>"),
    ],
    ["the workbook (its sheet list)", "xl/workbook.xml", (xml: string) => `${xml}<workbook/>`],
    [
      "the styles (which cells hold dates)",
      "xl/styles.xml",
      (xml: string) => xml.replace(/<cellXfs\b/, "<cellXfs x"),
    ],
  ])(
    "%s damaged: score exits 3, says the file is damaged and where, writes nothing",
    async (_what, part, damage) => {
      const run = await scoreEdited(`damaged-${part.replace(/\W/g, "-")}`, part, damage);
      expect(run.code).toBe(3);
      // The part named, and where in it the damage starts (ExcelJS's own words say neither).
      expect(run.stderr).toMatch(
        new RegExp(
          `文件已损坏或不是 Excel 工作簿（其中的 ${part} 在第 \\d+ 行第 \\d+ 列处不是完整的 XML）；如果 Excel 或 WPS 能打开它`,
        ),
      );
      expect(run.stderr).toContain("未写入任何内容");
      expect(run.wrote).toBe(false);
    },
  );

  test("a sheet's relationship without its Target: score exits 3, names the part and the relationship, writes nothing", async () => {
    const run = await scoreEdited("no-target", "xl/_rels/workbook.xml.rels", (xml) =>
      xml.replace(/(<Relationship [^>]*worksheet")\s+Target="[^"]*"/, "$1"),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /其中的 xl\/_rels\/workbook\.xml\.rels 有一条关系 rId\d+ 缺少 Target，工作簿的结构不完整/,
    );
    expect(run.stderr).toContain("未写入任何内容");
    expect(run.wrote).toBe(false);
  });

  test("a damaged docProps/core.xml (a part the run only stamps) is carried as it is, not edited", async () => {
    const part = "docProps/core.xml";
    // Its end tag lost, and a date the run would otherwise stamp over (the run's is 2026-01-01).
    const damage = (xml: string) =>
      xml.replace("</dc:creator>", "").replace(/(<dcterms:modified\b[^>]*>)[^<]*/, "$12020-05-06T07:08:09Z");
    const run = await scoreEdited("damaged-core", part, damage);
    expect(run.code).toBe(0);
    const read = async (file: string) =>
      (await JSZip.loadAsync(readFileSync(file))).file(part)!.async("string");
    const input = path.join(tempDir(), "damaged-core.xlsx");
    const carried = await read(`${input}.out.xlsx`);
    expect(carried).toBe(await read(input));
    expect(xmlFault(carried)).not.toBeNull();
  });

  test.each([
    ["read by the package reader", ""],
    ["read by ExcelJS's (a comment among the cells)", "<!-- note -->"],
  ])(
    "a row numbered past Excel's last row, %s: score exits 3 at once, names the row, writes nothing",
    async (_how, extra) => {
      // A 10 KB file: read as it says, it was a billion-row sheet and the run died out of memory.
      const run = await scoreEdited(`damaged-row-number-${extra ? "exceljs" : "package"}`, SHEET, (xml) =>
        xml.replace('<row r="10"', '<row r="999999910"').replace("</sheetData>", `${extra}</sheetData>`),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("工作表「评分表」的第 999,999,910 行超出了 Excel 的最后一行 1,048,576");
      expect(run.wrote).toBe(false);
    },
  );

  test.each([
    [
      "cells out of order in a row (row 4's first two swapped)",
      (xml: string) =>
        xml.replace(/(<c r="A4"[^>]*?(?:\/>|>[\s\S]*?<\/c>))(<c r="B4"[^>]*?(?:\/>|>[\s\S]*?<\/c>))/, "$2$1"),
      "文件已损坏或不是 Excel 工作簿（工作表「评分表」的单元格 A4 写在它右边的单元格之后或重复出现）",
    ],
    [
      "a cell naming a shared string the list lacks",
      (xml: string) => xml.replace(/(<c r="B4"[^>]*t="s"[^>]*><v>)\d+/, "$199999"),
      "文件已损坏或不是 Excel 工作簿（工作表「评分表」的单元格 B4 引用了不存在的共享字符串，工作簿只有",
    ],
  ])("%s: score exits 3, names the cell, writes nothing", async (what, edit, message) => {
    const run = await scoreEdited(`damaged-${what.slice(0, 20).replace(/\W/g, "-")}`, SHEET, edit);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("未写入任何内容");
    expect(run.wrote).toBe(false);
  });
});
