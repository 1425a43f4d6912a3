/**
 * A package respelt as Excel saves "Strict Open XML Spreadsheet" (ISO 29500 Strict): the
 * SpreadsheetML and relationships namespaces of Strict, and the workbook marked `conformance="strict"`.
 */
import type JSZip from "jszip";

export async function asStrict(zip: JSZip): Promise<void> {
  for (const name of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))) {
    const xml = await zip.file(name)!.async("string");
    const strict = xml
      .replaceAll(
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
      )
      .replaceAll(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
      );
    zip.file(
      name,
      name === "xl/workbook.xml" ? strict.replace("<workbook ", '<workbook conformance="strict" ') : strict,
    );
  }
}
