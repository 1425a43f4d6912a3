/** The test helpers that stand in for external programs, or decide whether a test that needs one runs. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { REQUIRE_TOOLS_VARIABLE, toolInstalled, toolsRequired } from "./tools";
import { packageXmlErrors, xmlError } from "./well-formed";

describe("toolInstalled", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "tools-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("finds an executable on PATH, not a plain file, not outside PATH", () => {
    const bin = path.join(dir, "bin");
    const other = path.join(dir, "other");
    mkdirSync(bin);
    mkdirSync(other);
    writeFileSync(path.join(bin, "soffice"), "#!/bin/sh\n");
    expect(toolInstalled("soffice", [other, bin].join(path.delimiter))).toBe(false); // not executable
    chmodSync(path.join(bin, "soffice"), 0o755);
    expect(toolInstalled("soffice", [other, bin].join(path.delimiter))).toBe(true);
    expect(toolInstalled("soffice", other)).toBe(false);
    expect(toolInstalled("soffice", "")).toBe(false);
  });

  test(`${REQUIRE_TOOLS_VARIABLE}: set (not 0, not empty) makes the tools mandatory`, () => {
    expect(toolsRequired({ [REQUIRE_TOOLS_VARIABLE]: "1" })).toBe(true);
    expect(toolsRequired({ [REQUIRE_TOOLS_VARIABLE]: "0" })).toBe(false);
    expect(toolsRequired({ [REQUIRE_TOOLS_VARIABLE]: "" })).toBe(false);
    expect(toolsRequired({})).toBe(false);
  });
});

describe("xmlError (well-formedness without xmllint)", () => {
  test.each([
    ["a mismatched tag", "<a><b></a>"],
    ["U+FFFE, which XML cannot carry", "<a>\ufffe</a>"],
    ["a control character", "<a>\u0001</a>"],
    ["an undefined entity", "<a>&nbsp;</a>"],
    ["a duplicate attribute", '<a x="1" x="2"/>'],
    ["an unbound namespace prefix", "<x:a/>"],
    ["two roots", "<a/><b/>"],
    ["an unclosed element", "<a>"],
  ])("names %s", (_, xml) => {
    expect(xmlError(xml)).toEqual(expect.any(String));
  });

  test("accepts what Excel writes", () => {
    const sheet =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="urn:r">' +
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> 五 &amp; 星 </t></is></c></row></sheetData>' +
      "<!-- a comment --></worksheet>";
    expect(xmlError(sheet)).toBeNull();
  });

  test("packageXmlErrors names the part that is not well-formed", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("xl/_rels/workbook.xml.rels", "<Relationships>");
    zip.file("xl/media/image1.png", "\u0001not xml");
    const result = await packageXmlErrors(await zip.generateAsync({ type: "nodebuffer" }));
    expect(result.checked).toBe(2);
    expect(result.errors).toEqual([expect.stringMatching(/^xl\/_rels\/workbook\.xml\.rels: /)]);
  });
});
