/**
 * Writes the benchmark's input: the standard service-org table (tests/fixtures/workbooks.ts
 * serviceOrg: a merged title row, the header on row 2, one branch a row) with any number of rows,
 * up to Excel's last (1,048,576 rows: 1,048,574 branches). Written as Excel writes it (shared
 * strings, numbers as <v>) straight from XML into a deflate stream, so that a million rows take
 * seconds and little memory, where building them through ExcelJS would take minutes.
 */
import { createWriteStream } from "node:fs";
import zlib from "node:zlib";
import { SERVICE_ORG_HEADERS, seededRandom } from "../tests/fixtures/workbooks";

/** Excel's last row. */
export const EXCEL_ROWS = 1_048_576;
/** Branch rows in a sheet filled to Excel's last row (title and header above them). */
export const MAX_BRANCHES = EXCEL_ROWS - 2;

interface Part {
  name: string;
  chunks: () => Iterable<string>;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function* sheetXml(branches: number, seed: number): Iterable<string> {
  const random = seededRandom(seed);
  yield `${XML}<worksheet ${NS} ${NS_R}><dimension ref="A1:J${branches + 2}"/><sheetData>`;
  yield '<row r="1"><c r="A1" t="s" s="1"><v>0</v></c></row><row r="2">';
  yield SERVICE_ORG_HEADERS.map(
    (_, i) => `<c r="${String.fromCharCode(65 + i)}2" t="s"><v>${i + 1}</v></c>`,
  ).join("");
  yield "</row>";
  // Shared strings: 0 title, 1–10 headers, 11 机关党委, 12 机关二党委, 13 否, 14 是, then names.
  const batch: string[] = [];
  for (let i = 1; i <= branches; i++) {
    const r = i + 2;
    const scores = Array.from({ length: 5 }, () => Math.round((12 + random() * 8) * 2) / 2);
    const satisfaction = Math.round((0.88 + random() * 0.12) * 100) / 100;
    const veto = random() < 0.03 ? 14 : 13;
    batch.push(
      `<row r="${r}"><c r="A${r}"><v>${i}</v></c><c r="B${r}" t="s"><v>${14 + i}</v></c>` +
        `<c r="C${r}" t="s"><v>${i % 3 === 0 ? 12 : 11}</v></c>` +
        scores.map((s, k) => `<c r="${String.fromCharCode(68 + k)}${r}"><v>${s}</v></c>`).join("") +
        `<c r="I${r}" s="2"><v>${satisfaction}</v></c><c r="J${r}" t="s"><v>${veto}</v></c></row>`,
    );
    if (batch.length === 2000) yield batch.splice(0).join("");
  }
  yield batch.join("");
  yield '</sheetData><mergeCells count="1"><mergeCell ref="A1:J1"/></mergeCells></worksheet>';
}

function* sharedStringsXml(branches: number): Iterable<string> {
  const fixed = [
    "2026年度星级服务型党支部评定表",
    ...SERVICE_ORG_HEADERS,
    "机关党委",
    "机关二党委",
    "否",
    "是",
  ];
  yield `${XML}<sst ${NS} count="${fixed.length + branches}" uniqueCount="${fixed.length + branches}">`;
  yield fixed.map((t) => `<si><t>${t}</t></si>`).join("");
  const batch: string[] = [];
  for (let i = 1; i <= branches; i++) {
    batch.push(`<si><t>第${i}党支部</t></si>`);
    if (batch.length === 5000) yield batch.splice(0).join("");
  }
  yield batch.join("");
  yield "</sst>";
}

function parts(branches: number, seed: number): Part[] {
  const fixed =
    (text: string): Part["chunks"] =>
    () => [text];
  return [
    {
      name: "[Content_Types].xml",
      chunks: fixed(
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
          "</Types>",
      ),
    },
    {
      name: "_rels/.rels",
      chunks: fixed(
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: "xl/workbook.xml",
      chunks: fixed(
        `${XML}<workbook ${NS} ${NS_R}><bookViews><workbookView activeTab="0"/></bookViews>` +
          '<sheets><sheet name="评分表" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      chunks: fixed(
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
          `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
    },
    {
      name: "xl/styles.xml",
      chunks: fixed(
        `${XML}<styleSheet ${NS}><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>` +
          '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
          '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
          '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
          '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
      ),
    },
    { name: "xl/sharedStrings.xml", chunks: () => sharedStringsXml(branches) },
    { name: "xl/worksheets/sheet1.xml", chunks: () => sheetXml(branches, seed) },
  ];
}

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** One part as a deflated zip entry, streamed: returns its sizes and CRC once written. */
async function writeEntry(out: NodeJS.WritableStream, part: Part, offset: number): Promise<Written> {
  const name = Buffer.from(part.name, "utf8");
  const deflate = zlib.createDeflateRaw({ level: 1 });
  const compressed: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => compressed.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  let crc = 0;
  let size = 0;
  for (const text of part.chunks()) {
    const data = Buffer.from(text, "utf8");
    crc = zlib.crc32(data, crc);
    size += data.length;
    if (!deflate.write(data)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  const body = Buffer.concat(compressed);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6);
  header.writeUInt16LE(8, 8);
  header.writeUInt16LE(33, 12); // 1980-01-01
  header.writeUInt32LE(crc >>> 0, 14);
  header.writeUInt32LE(body.length, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  out.write(header);
  out.write(name);
  out.write(body);
  return { name, crc: crc >>> 0, compressed: body.length, size, offset };
}

/** Writes the table with `branches` rows below its title and header. */
export async function writeBranchTable(file: string, branches: number, seed = 43): Promise<void> {
  const out = createWriteStream(file);
  const written: Written[] = [];
  let offset = 0;
  for (const part of parts(branches, seed)) {
    const entry = await writeEntry(out, part, offset);
    written.push(entry);
    offset += 30 + entry.name.length + entry.compressed;
  }
  const directory: Buffer[] = [];
  for (const e of written) {
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(33, 14);
    record.writeUInt32LE(e.crc, 16);
    record.writeUInt32LE(e.compressed, 20);
    record.writeUInt32LE(e.size, 24);
    record.writeUInt16LE(e.name.length, 28);
    record.writeUInt32LE(e.offset, 42);
    directory.push(record, e.name);
  }
  const directorySize = directory.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  for (const b of directory) out.write(b);
  out.write(end);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

// `tsx bench/table.ts <branches> <file>`: write one table (to try a size by hand).
if (process.argv[1]?.endsWith("table.ts") && process.argv.length >= 4) {
  void writeBranchTable(process.argv[3], Number(process.argv[2]));
}
