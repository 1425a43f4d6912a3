/**
 * Packages that used to come out wrong (issue 10, "wrong results and lost writes"): result columns
 * past Excel's last column, XML the text patcher misread (comments, CDATA, processing instructions,
 * markup-compatibility wrappers), tables ExcelJS cannot read, macros under an .xlsx name, a damaged
 * settings sheet beside the tool's summary, and duplicate zip entries.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { runCli, type CliIo } from "../../src/cli/run";
import { openXlsx, toRawCell } from "../../src/xlsx";
import { msg } from "../../src/messages";
import type { PatchPlace, PatchReason } from "../../src/messages/patch-reasons";
import { patchPackage } from "../../src/xlsx/patch";
import { readZip, writeZip } from "../../src/xlsx/zip";
import { packageXmlErrors } from "../support/well-formed";
import { testWithTool } from "../support/tools";
import { ALTERED_PART, alteredExample } from "../support/altered";
import { XLSX_MAIN, withMacros } from "../support/macros";
import { asStrict } from "../support/strict";
import { withPrefix } from "../support/prefix";
import { busyWorkbook, serviceOrg, toExcelJs, writeFixture } from "../fixtures/workbooks";

const NOW = new Date(Date.UTC(2026, 10, 26, 8, 0, 0));
const SCORING = "xl/worksheets/sheet2.xml";
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-hazards-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(env: Record<string, string> = {}): { io: CliIo; stderr: () => string } {
  let text = "";
  return {
    io: {
      stdout: () => undefined,
      stderr: (t: string) => void (text += t),
      env: { SOURCE_DATE_EPOCH: "1767225600", ...env },
      stderrIsTty: false,
    },
    stderr: () => text,
  };
}

/** The busy workbook, its package changed by `edit` (JSZip), written to `name`. */
async function edited(name: string, edit: (zip: JSZip) => Promise<void>, base = busyWorkbook()) {
  const clean = path.join(dir, `${name}.clean.xlsx`);
  await writeFixture(base, clean);
  const zip = await JSZip.loadAsync(readFileSync(clean));
  await edit(zip);
  const file = path.join(dir, name);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return { clean, file };
}

async function editPart(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
  zip.file(part, change(await zip.file(part)!.async("string")));
}

/**
 * Every non-empty cell of a sheet as an independent reader (ExcelJS) sees it; through openXlsx for
 * files ExcelJS alone cannot read.
 */
async function cellsOf(file: string, sheet: string, via: "exceljs" | "openXlsx" = "exceljs") {
  let workbook = new ExcelJS.Workbook();
  if (via === "openXlsx") workbook = await (await openXlsx(file)).exceljs();
  else await workbook.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
  const out: Record<string, unknown> = {};
  workbook.getWorksheet(sheet)!.eachRow((row) =>
    row.eachCell((cell) => {
      const raw = toRawCell(cell.value);
      if (raw !== null && raw !== "") out[cell.address] = raw instanceof Date ? raw.toISOString() : raw;
    }),
  );
  return out;
}

async function score(input: string, output: string, env: Record<string, string> = {}) {
  const run = cli(env);
  const code = await runCli(["score", input, "-o", output], run.io);
  return { code, stderr: run.stderr() };
}

/** The busy workbook with 评定总分 (the rubric's header for the total) in XFD of the header row. */
async function resultHeaderAtXfd(name: string): Promise<string> {
  const base = busyWorkbook();
  const scoring = base.sheets[1];
  const header = [...scoring.rows[1]];
  scoring.rows[1] = header;
  while (header.length < 16384) header.push(null);
  header[16383] = "评定总分";
  const input = path.join(dir, name);
  await writeFixture(base, input);
  return input;
}

/** Every XML part of a written file parses. */
async function expectWellFormed(file: string): Promise<void> {
  const { checked, errors } = await packageXmlErrors(readFileSync(file));
  expect(errors).toEqual([]);
  expect(checked).toBeGreaterThan(5);
}

describe("result columns past XFD, Excel's last column", () => {
  test("a result column found at XFD: the others go to free columns right of the table, and a re-run keeps them", async () => {
    const input = await resultHeaderAtXfd("xfd.xlsx");
    const output = path.join(dir, "xfd.out.xlsx");
    const first = await score(input, output);
    expect(first.code).toBe(0);
    const xml = await (await JSZip.loadAsync(readFileSync(output))).file(SCORING)!.async("string");
    const refs = [...xml.matchAll(/<c r="([A-Z]+)\d+"/g)].map((m) => m[1]);
    expect(refs.every((col) => col.length < 3 || col <= "XFD")).toBe(true);
    const cells = await cellsOf(output, "评分表");
    expect(cells.XFD2).toBe("评定总分");
    expect(typeof cells.XFD3).toBe("number");
    expect(cells.K2).toBe("星数");
    expect(cells.O2).toBe("评定说明");
    await expectWellFormed(output);
    const again = path.join(dir, "xfd.again.xlsx");
    expect((await score(output, again)).code).toBe(0);
    expect(await cellsOf(again, "评分表")).toEqual(cells);
  });

  test("no room for the result columns before XFD: refused with exit 3, nothing written", async () => {
    const base = busyWorkbook();
    const scoring = base.sheets[1];
    // Every column right of the table holds a note from the header row down.
    const header = [...scoring.rows[1]];
    scoring.rows[1] = header;
    while (header.length < 16384) header.push(`备注${header.length + 1}`);
    const input = path.join(dir, "full-width.xlsx");
    await writeFixture(base, input);
    const output = path.join(dir, "full-width.out.xlsx");
    const run = await score(input, output);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("XFD");
    expect(run.stderr).toContain("未写入任何内容");
    expect(existsSync(output)).toBe(false);
  });
});

test("the patcher itself never writes a cell past XFD or below row 1,048,576: it refuses", async () => {
  const source = readFileSync((await edited("bounds.xlsx", async () => undefined)).file);
  const past = [
    { kind: "values" as const, sheet: "评分表", row: 3, col: 16384, values: [["ok", "past XFD"]] },
    { kind: "columnWidths" as const, sheet: "评分表", col: 16385, widths: [10] },
    { kind: "values" as const, sheet: "评分表", row: 1_048_577, col: 11, values: [["below"]] },
  ];
  for (const op of past)
    await expect(patchPackage({ source, ops: [op], zipDate: NOW })).rejects.toThrow(
      op.kind === "values" && op.row > 3 ? "row 1048577" : /column 1638[56]/,
    );
});

describe("a package altered after it was written", () => {
  test("a cell changed behind the zip's checksum: exit 3, the part named, nothing written", async () => {
    const file = path.join(dir, "altered.xlsx");
    writeFileSync(file, await alteredExample());
    const output = path.join(dir, "altered.out.xlsx");
    const run = await score(file, output);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `无法读取 ${file}：文件已损坏或不是 Excel 工作簿（其中的 ${ALTERED_PART} 的内容与压缩包记录的校验值不符）`,
    );
    expect(run.stderr).toContain("未写入任何内容");
    expect(existsSync(output)).toBe(false);
  });
});

describe("a Strict Open XML workbook", () => {
  test("is scored: written whole as a transitional workbook, every cell as from the usual spelling, and the note says why", async () => {
    const { clean, file } = await edited("strict.xlsx", asStrict);
    const expected = path.join(dir, "strict.expected.xlsx");
    const output = path.join(dir, "strict.out.xlsx");
    expect((await score(clean, expected)).code).toBe(0);
    const run = await score(file, output);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "注意：此文件不能只补写评定部分（工作簿没有声明关系命名空间，可能是 Strict Open XML 格式），已把整个工作簿重新写出",
    );
    for (const sheet of ["说明", "评分表"])
      expect(await cellsOf(output, sheet)).toEqual(await cellsOf(expected, sheet));
    const workbook = await (
      await JSZip.loadAsync(readFileSync(output))
    )
      .file("xl/workbook.xml")!
      .async("string");
    expect(workbook).toContain('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"');
    expect(workbook).not.toContain("purl.oclc.org");
    await expectWellFormed(output);
  });
});

describe("XML the text patcher does not read the way an XML parser does", () => {
  test("a comment holding a row: the result cells go to the real row, not into the comment", async () => {
    const { clean, file } = await edited("comment.xlsx", (zip) =>
      editPart(zip, SCORING, (xml) => {
        const last = [...xml.matchAll(/<row r="(\d+)"/g)].pop()!;
        return xml.slice(0, last.index) + `<!-- <row r="${last[1]}"></row> -->` + xml.slice(last.index);
      }),
    );
    const expected = path.join(dir, "comment.expected.xlsx");
    const output = path.join(dir, "comment.out.xlsx");
    expect((await score(clean, expected)).code).toBe(0);
    const run = await score(file, output);
    expect(run.code).toBe(0);
    expect(await cellsOf(output, "评分表")).toEqual(await cellsOf(expected, "评分表"));
    await expectWellFormed(output);
    // Stepping aside is said, with the reason, in the user's language.
    expect(run.stderr).toContain(`不能只补写评定部分（工作表「评分表」（${SCORING}）含有 XML 注释）`);
  });

  test("CDATA in a sheet (ExcelJS reads it as blank): refused with exit 3 before anything is scored", async () => {
    const { file } = await edited("cdata.xlsx", (zip) =>
      editPart(zip, SCORING, (xml) =>
        // Branch name B8 holds text that looks like the end of a row.
        xml.replace(
          /<c r="B8"([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/,
          '<c r="B8" t="inlineStr"><is><t><![CDATA[第六支部</c></row>]]></t></is></c>',
        ),
      ),
    );
    const output = path.join(dir, "cdata.out.xlsx");
    const run = await score(file, output);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("CDATA");
    expect(run.stderr).toContain(SCORING);
    expect(existsSync(output)).toBe(false);
  });

  test("rows holding a processing instruction, read and scored: the reader's scan sends the patcher's checks to the whole sheet, which steps aside to ExcelJS, the same results", async () => {
    const { clean, file } = await edited("rows-pi.xlsx", (zip) =>
      editPart(zip, SCORING, (xml) => xml.replace(/(<row r="5")/, "<?editor row-cache?>$1")),
    );
    const expected = path.join(dir, "rows-pi.expected.xlsx");
    const output = path.join(dir, "rows-pi.out.xlsx");
    expect((await score(clean, expected)).code).toBe(0);
    const run = await score(file, output);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("已把整个工作簿重新写出");
    expect(run.stderr).toContain(`（工作表「评分表」（${SCORING}）含有处理指令）`);
    expect(await cellsOf(output, "评分表")).toEqual(await cellsOf(expected, "评分表"));
  });

  test("a second <sheetData> among the rows, which ExcelJS reads as an empty sheet: refused with exit 3 and the counts, nothing written", async () => {
    const { file } = await edited("rows-sheetdata.xlsx", (zip) =>
      editPart(zip, SCORING, (xml) => xml.replace(/(<row r="5")/, "<sheetData/>$1")),
    );
    const output = path.join(dir, "rows-sheetdata.out.xlsx");
    const run = await score(file, output);
    expect(run.code).toBe(3);
    // The input is named, not the output that was never written, with the patcher's reason.
    expect(run.stderr).toContain(`${file} 无法直接修补`);
    expect(run.stderr).toMatch(
      /无法直接修补（工作表「评分表」（[^）]*）中有不止一个 <sheetData>）；整体重写方式只能读到工作表「评分表」中 \d+ 个有内容的单元格（本工具读到 \d+ 个），写出会丢失数据/,
    );
    expect(run.stderr).toContain("未写入任何内容");
    expect(existsSync(output)).toBe(false);
  });

  test("a processing instruction, a DOCTYPE or a wrapper around sheetData makes the patcher step aside", async () => {
    const source = readFileSync((await edited("plain.xlsx", async () => undefined)).file);
    const zip = await JSZip.loadAsync(source);
    const xml = await zip.file(SCORING)!.async("string");
    const ops = [{ kind: "values" as const, sheet: "评分表", row: 3, col: 11, values: [["x"]] }];
    const variants: [PatchPlace & { why: PatchReason }, string][] = [
      [{ why: "instruction" }, xml.replace("<sheetData>", "<sheetData><?editor row-cache?>")],
      [{ why: "doctype" }, xml.replace(/<worksheet\b/, '<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet')],
      [
        { why: "elementInAlternate", element: "sheetData" },
        xml
          .replace(
            "<sheetData>",
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Fallback><sheetData>',
          )
          .replace("</sheetData>", "</sheetData></mc:Fallback></mc:AlternateContent>"),
      ],
    ];
    for (const [why, variant] of variants) {
      zip.file(SCORING, variant);
      const buffer = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
      const result = await patchPackage({ source: buffer, ops, zipDate: NOW });
      const place = { sheet: "评分表", part: SCORING };
      expect(result).toEqual({ ok: false, reason: msg("PATCH_STEPPED_ASIDE", { ...place, ...why }) });
    }
    // A comment in styles.xml (a part the patcher edits) is stepped around too.
    zip.file(SCORING, xml);
    const styles = await zip.file("xl/styles.xml")!.async("string");
    zip.file("xl/styles.xml", styles.replace("<fonts", "<!-- <cellXfs count='0'></cellXfs> --><fonts"));
    const buffer = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    const result = await patchPackage({ source: buffer, ops, zipDate: NOW });
    expect(result).toEqual({
      ok: false,
      reason: msg("PATCH_STEPPED_ASIDE", { why: "comment", part: "xl/styles.xml" }),
    });
  });
});

/** A table on 说明 whose first column is filtered by `filter` (what Excel writes for it). */
async function filteredTable(name: string, filter: string) {
  const workbook = toExcelJs(busyWorkbook());
  workbook.getWorksheet("说明")!.addTable({
    name: "联系人",
    ref: "G1",
    headerRow: true,
    style: { theme: "TableStyleLight9", showRowStripes: true },
    columns: [{ name: "姓名" }, { name: "电话" }],
    rows: [["王五", "123"]],
  });
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  const part = Object.keys(zip.files).find((n) => /^xl\/tables\/table\d+\.xml$/.test(n))!;
  await editPart(zip, part, (xml) =>
    xml.replace(/<filterColumn colId="0"[^>]*\/>/, `<filterColumn colId="0">${filter}</filterColumn>`),
  );
  const file = path.join(dir, name);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return { file, part };
}

describe("tables filtered the ways ExcelJS does not read", () => {
  const filters = {
    colour: '<colorFilter dxfId="0"/>',
    icon: '<iconFilter iconSet="3Arrows" iconId="0"/>',
    "top 10": '<top10 val="10"/>',
    dynamic: '<dynamicFilter type="aboveAverage"/>',
  };
  test.each(Object.keys(filters))(
    "a table on another sheet filtered by %s: scored, the table part kept byte for byte",
    async (key) => {
      const { file, part } = await filteredTable(`filter-${key}.xlsx`, filters[key as keyof typeof filters]);
      const output = path.join(dir, `filter-${key}.out.xlsx`);
      const run = await score(file, output);
      expect(run.stderr).not.toContain("损坏");
      expect(run.code).toBe(0);
      const before = readZip(readFileSync(file))!.find((e) => e.name === part)!;
      const after = readZip(readFileSync(output))!.find((e) => e.name === part)!;
      expect(Buffer.from(after.raw).equals(before.raw)).toBe(true);
      await expectWellFormed(output);
      expect((await cellsOf(output, "评分表", "openXlsx")).K2).toBe("评定总分");
    },
  );

  test("the ExcelJS writer cannot keep such a filter: -o says so, --in-place refuses", async () => {
    const { file } = await filteredTable("filter-exceljs.xlsx", filters.colour);
    const output = path.join(dir, "filter-exceljs.out.xlsx");
    const run = await score(file, output, { STAR_RATING_WRITER: "exceljs" });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("表格筛选");
    const inPlace = cli({ STAR_RATING_WRITER: "exceljs" });
    const before = readFileSync(file);
    expect(await runCli(["score", file, "--in-place"], inPlace.io)).toBe(3);
    expect(inPlace.stderr()).toContain("表格筛选");
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe("a workbook the ExcelJS writer writes (the patcher stepped aside)", () => {
  // An XML comment among the rows: the patcher steps aside, and the whole workbook goes through ExcelJS.
  const commentInRows = (xml: string) => xml.replace('<row r="6"', '<!-- 备注 --><row r="6"');

  test("written with namespace prefixes: nothing reported lost (only table parts lose filters)", async () => {
    const { file } = await edited("prefixed-exceljs.xlsx", async (zip) => {
      await editPart(zip, SCORING, (xml) => withPrefix(xml, "x"));
      await editPart(zip, "xl/workbook.xml", (xml) => withPrefix(xml, "x"));
    });
    const output = path.join(dir, "prefixed-exceljs.out.xlsx");
    const run = await score(file, output, { STAR_RATING_WRITER: "exceljs" });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("表格筛选");
    // --in-place: nothing it would lose, so it is written.
    const inPlace = cli({ STAR_RATING_WRITER: "exceljs" });
    expect(await runCli(["score", file, "--in-place"], inPlace.io)).toBe(0);
    expect((await cellsOf(file, "评分表")).M6).toBe("二星级");
  });

  test("written with namespace prefixes and holding a comment: scored as the same sheet without them", async () => {
    const { clean, file } = await edited("prefixed-comment.xlsx", async (zip) => {
      await editPart(zip, SCORING, (xml) => withPrefix(commentInRows(xml), "x"));
    });
    const output = path.join(dir, "prefixed-comment.out.xlsx");
    const run = await score(file, output);
    expect(run.stderr).not.toContain("损坏");
    expect(run.code).toBe(0);
    const reference = path.join(dir, "prefixed-comment.ref.xlsx");
    expect((await score(clean, reference)).code).toBe(0);
    expect(await cellsOf(output, "评分表")).toEqual(await cellsOf(reference, "评分表"));
  });

  test("cells without their reference part way down: read where they are, written with it", async () => {
    const { clean, file } = await edited("noref-exceljs.xlsx", async (zip) => {
      await editPart(zip, SCORING, (xml) =>
        commentInRows(xml)
          .replace('<c r="J5"', "<c")
          .replace(/<c r="([A-J])7"/g, "<c"),
      );
    });
    const output = path.join(dir, "noref-exceljs.out.xlsx");
    const run = await score(file, output);
    expect(run.stderr).not.toContain("损坏");
    expect(run.code).toBe(0);
    const reference = path.join(dir, "noref-exceljs.ref.xlsx");
    expect((await score(clean, reference)).code).toBe(0);
    expect(await cellsOf(output, "评分表")).toEqual(await cellsOf(reference, "评分表"));
  });
});

describe("a macro-enabled workbook written under an .xlsx name", () => {
  test("the macros are dropped (part, relationship, content type) and the command line says so", async () => {
    const { file } = await edited("macros.xlsm", withMacros);
    const output = path.join(dir, "macros.out.xlsx");
    const run = await score(file, output);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("宏");
    const zip = await JSZip.loadAsync(readFileSync(output));
    expect(zip.file("xl/vbaProject.bin")).toBeNull();
    expect(await zip.file("xl/_rels/workbook.xml.rels")!.async("string")).not.toContain("vbaProject");
    const types = await zip.file("[Content_Types].xml")!.async("string");
    expect(types).not.toContain("macroEnabled");
    expect(types).not.toContain("vbaProject");
    expect(types).toContain(`PartName="/xl/workbook.xml" ContentType="${XLSX_MAIN}"`);
    await expectWellFormed(output);
    expect((await cellsOf(output, "评分表")).K2).toBe("评定总分");
  });

  test("a template (.xltx) is written as a workbook: Excel refuses a template content type under .xlsx", async () => {
    const template = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml";
    const { file } = await edited("template.xltx", (zip) =>
      editPart(zip, "[Content_Types].xml", (xml) => xml.replace(XLSX_MAIN, template)),
    );
    const output = path.join(dir, "template.out.xlsx");
    const run = await score(file, output);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("宏");
    const types = await (
      await JSZip.loadAsync(readFileSync(output))
    )
      .file("[Content_Types].xml")!
      .async("string");
    expect(types).not.toContain(template);
    expect(types).toContain(`PartName="/xl/workbook.xml" ContentType="${XLSX_MAIN}"`);
  });

  test("--in-place on such a file refuses: the macros would be lost", async () => {
    const { file } = await edited("macros-in-place.xlsx", withMacros);
    const before = readFileSync(file);
    const run = cli();
    expect(await runCli(["score", file, "--in-place"], run.io)).toBe(3);
    expect(run.stderr()).toContain("宏");
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe("the package the tool owns parts of", () => {
  test("duplicate zip entries: refused with exit 3 naming the part, nothing written", async () => {
    const clean = path.join(dir, "dup.clean.xlsx");
    await writeFixture(busyWorkbook(), clean);
    const entries = readZip(readFileSync(clean))!;
    const sheet = entries.find((e) => e.name === SCORING)!;
    const file = path.join(dir, "dup.xlsx");
    writeFileSync(file, writeZipAllowingDuplicates([...entries, { ...sheet }]));
    const output = path.join(dir, "dup.out.xlsx");
    const run = await score(file, output);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(SCORING);
    expect(run.stderr).toContain("重复");
    expect(existsSync(output)).toBe(false);
  });

  test("the zip writer never writes two entries of one name", () => {
    const entries = readZip(Buffer.from(writeZip([], NOW)))!;
    expect(entries).toEqual([]);
    const one = { name: "a.xml", method: 0, crc: 0, compressedSize: 0, size: 0, raw: Buffer.alloc(0) };
    expect(() => writeZip([one, { ...one }], NOW)).toThrow(/a\.xml/);
  });

  test("a damaged settings sheet beside the tool's summary: the summary is rebuilt in place, not duplicated", async () => {
    const input = path.join(dir, "settings.xlsx");
    await writeFixture(serviceOrg(6, 3), input);
    const scored = path.join(dir, "settings.scored.xlsx");
    expect((await score(input, scored)).code).toBe(0);
    // The settings JSON is cut in half (a hand edit, a tool that truncated the cell).
    const zip = await JSZip.loadAsync(readFileSync(scored));
    const settingsPart = await partOfSheet(zip, "_星级评定");
    await editPart(zip, settingsPart, (xml) => xml.replace(/(<t[^>]*>)([^<]{20})[^<]*<\/t>/, "$1$2</t>"));
    writeFileSync(scored, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const again = path.join(dir, "settings.again.xlsx");
    const run = await score(scored, again);
    expect(run.stderr).toContain("_星级评定");
    expect(run.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(again) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((ws) => ws.name).sort()).toEqual(
      ["_星级评定", "评分表", "评定汇总", "评定核查", "公示名单"].sort(),
    );
  });

  test("a damaged settings sheet, the user's own 评定汇总 and ours: ours is rebuilt, the user's kept", async () => {
    const input = path.join(dir, "settings-busy.xlsx");
    await writeFixture(busyWorkbook(), input);
    const scored = path.join(dir, "settings-busy.scored.xlsx");
    expect((await score(input, scored)).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(scored));
    await editPart(zip, await partOfSheet(zip, "_星级评定"), (xml) =>
      xml.replace(/(<t[^>]*>)[^<]*<\/t>/, "$1{ not json</t>"),
    );
    writeFileSync(scored, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const again = path.join(dir, "settings-busy.again.xlsx");
    expect((await score(scored, again)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(again) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((ws) => ws.name).sort()).toEqual(
      ["_星级评定", "说明", "评分表", "评定汇总", "评定汇总 (2)", "评定核查", "公示名单"].sort(),
    );
    expect(workbook.getWorksheet("评定汇总")!.getCell("A1").value).toBe("这是用户自己的表，不应被覆盖");
    expect(String(workbook.getWorksheet("评定汇总 (2)")!.getCell("A1").value)).toMatch(/评定汇总$/);
  });
});

async function partOfSheet(zip: JSZip, sheet: string): Promise<string> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const id = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(workbook)![1];
  return `xl/${new RegExp(`<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
}

/** writeZip refuses duplicates now; a damaged input is built by concatenating two archives' records. */
function writeZipAllowingDuplicates(entries: ReturnType<typeof readZip> & object): Buffer {
  const half = Math.floor(entries.length / 2);
  const a = writeZip(entries.slice(0, half), NOW);
  const b = writeZip(entries.slice(half), NOW);
  return joinArchives(Buffer.from(a), Buffer.from(b));
}

/** Two archives as one: b's local entries after a's, one central directory listing both. */
function joinArchives(a: Buffer, b: Buffer): Buffer {
  const end = (buf: Buffer) => buf.length - 22;
  const dirOf = (buf: Buffer) => ({
    count: buf.readUInt16LE(end(buf) + 10),
    size: buf.readUInt32LE(end(buf) + 12),
    offset: buf.readUInt32LE(end(buf) + 16),
  });
  const da = dirOf(a);
  const db = dirOf(b);
  const localA = a.subarray(0, da.offset);
  const localB = b.subarray(0, db.offset);
  const centralA = Buffer.from(a.subarray(da.offset, da.offset + da.size));
  const centralB = Buffer.from(b.subarray(db.offset, db.offset + db.size));
  // b's central records point at b's local headers: shift them past a's.
  for (let at = 0; at < centralB.length;) {
    centralB.writeUInt32LE(centralB.readUInt32LE(at + 42) + localA.length, at + 42);
    at +=
      46 + centralB.readUInt16LE(at + 28) + centralB.readUInt16LE(at + 30) + centralB.readUInt16LE(at + 32);
  }
  const endRecord = Buffer.from(a.subarray(end(a)));
  endRecord.writeUInt16LE(da.count + db.count, 8);
  endRecord.writeUInt16LE(da.count + db.count, 10);
  endRecord.writeUInt32LE(centralA.length + centralB.length, 12);
  endRecord.writeUInt32LE(localA.length + localB.length, 16);
  return Buffer.concat([localA, localB, centralA, centralB, endRecord]);
}

testWithTool(
  "soffice",
  "LibreOffice reads the results of the files above: wrapped past XFD, beside a colour-filtered table, macros dropped",
  async () => {
    const outputs = [
      path.join(dir, "lo-xfd.xlsx"),
      path.join(dir, "lo-filter.xlsx"),
      path.join(dir, "lo-macros.xlsx"),
    ];
    expect((await score(await resultHeaderAtXfd("lo-xfd.in.xlsx"), outputs[0])).code).toBe(0);
    expect(
      (await score((await filteredTable("lo-filter.in.xlsx", '<colorFilter dxfId="0"/>')).file, outputs[1]))
        .code,
    ).toBe(0);
    expect((await score((await edited("lo-macros.in.xlsm", withMacros)).file, outputs[2])).code).toBe(0);
    const csv = path.join(dir, "lo-csv");
    // Token 12 = -1: every sheet to its own "<file>-<sheet>.csv".
    execFileSync(
      "soffice",
      [
        `-env:UserInstallation=file://${path.join(dir, "lo-profile")}`,
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        "--outdir",
        csv,
        ...outputs,
      ],
      { stdio: "ignore", timeout: 180_000 },
    );
    for (const output of outputs) {
      const table = readFileSync(path.join(csv, `${path.basename(output, ".xlsx")}-评分表.csv`), "utf8");
      expect({ output, header: table.includes("评定星级") }).toEqual({ output, header: true });
      expect(table).toMatch(/,(五|四|三|二|一)星级,|,无星,/);
    }
  },
  300_000,
);
