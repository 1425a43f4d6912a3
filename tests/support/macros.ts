/**
 * A workbook made macro-enabled as Excel saves an .xlsm: a VBA project part, its relationship from the
 * workbook, the macro-enabled workbook content type and the .bin default.
 */
import type JSZip from "jszip";

export const MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";
export const XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

async function editPart(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
  zip.file(part, change(await zip.file(part)!.async("string")));
}

export async function withMacros(zip: JSZip): Promise<void> {
  zip.file("xl/vbaProject.bin", new TextEncoder().encode("not really VBA, but a part all the same"));
  await editPart(zip, "xl/_rels/workbook.xml.rels", (xml) =>
    xml.replace(
      "</Relationships>",
      '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
    ),
  );
  await editPart(zip, "[Content_Types].xml", (xml) =>
    xml
      .replace(XLSX_MAIN, MACRO_MAIN)
      .replace(
        "<Default ",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ',
      ),
  );
}
