/**
 * Files and security (SPEC §9 "Writing files", issue 10): the temporary file is created exclusively,
 * a replaced file keeps its mode, read-only and Excel-locked files are refused, a symbolic link is
 * followed to the real file, a named pipe is not waited on, and input too large to read is refused
 * up front (exit 3, nothing written).
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import JSZip from "jszip";
import { defaultOutputPath, runCli, type CliIo } from "../../src/cli/run";
import { isAppError, msg, type AppError } from "../../src/messages";
import {
  MAX_COMPRESSION_RATIO,
  MAX_PART_BYTES,
  preflightPackage,
  declaredParts,
  writeFileReplacing,
} from "../../src/xlsx";
import { DamagedPart, crc32, entryData } from "../../src/xlsx/zip";
import { getPreset } from "../../src/engine/presets";
import { SETTINGS_CHUNK, SETTINGS_SHEET } from "../../src/workbook/settings";
import { glanceEarlierOutput } from "../../src/xlsx/written-stamp";
import { loadWorkbook } from "../fixtures/snapshot";
import { serviceOrg, writeFixture } from "../fixtures/workbooks";
import { testWithTool } from "../support/tools";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-files-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stderr: string;
}

async function cli(argv: string[]): Promise<Run> {
  let stderr = "";
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    env: { SOURCE_DATE_EPOCH: "1767225600" },
    stderrIsTty: false,
  };
  return { code: await runCli(argv, io), stderr };
}

async function input(name: string): Promise<string> {
  const file = path.join(dir, `${name}.xlsx`);
  await writeFixture(serviceOrg(4), file);
  return file;
}

const modeOf = (file: string) => statSync(file).mode & 0o777;
const bytes = (file: string) => readFileSync(file).toString("base64");
const tempFiles = () => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

/** The header cells of a scored workbook's first sheet contain the result columns. */
async function isScored(file: string): Promise<boolean> {
  const sheet = (await loadWorkbook(file)).worksheets[0];
  return JSON.stringify(sheet.getRow(2).values).includes("评定星级");
}

describe("writing the output", () => {
  test("a replaced file keeps its mode (0600 stays 0600); a new file gets the usual mode", async () => {
    const source = await input("mode-in");
    const out = path.join(dir, "mode-out.xlsx");
    // An earlier output of this tool, made private by its owner, is replaced by the re-run.
    expect((await cli(["score", source, "-o", out])).code).toBe(0);
    chmodSync(out, 0o600);
    expect((await cli(["score", source, "-o", out])).code).toBe(0);
    expect(modeOf(out)).toBe(0o600);
    expect(await isScored(out)).toBe(true);
    chmodSync(source, 0o640);
    expect((await cli(["score", source, "--in-place"])).code).toBe(0);
    expect(modeOf(source)).toBe(0o640);
    const fresh = path.join(dir, "mode-new.xlsx");
    expect((await cli(["score", source, "-o", fresh])).code).toBe(0);
    expect(modeOf(fresh)).toBe(0o666 & ~process.umask());
    expect(tempFiles()).toEqual([]);
  });

  test("an output given as pieces is written as their bytes in order, more pieces than one write takes too", async () => {
    const out = path.join(dir, "pieces-out.bin");
    writeFileSync(out, "old");
    // 1,300 pieces (writev takes at most 1,024 a call), of sizes 0 to 97 bytes.
    const pieces = Array.from({ length: 1300 }, (_, i) => new Uint8Array(i % 98).fill(i % 251));
    await writeFileReplacing(out, pieces);
    expect(readFileSync(out).equals(Buffer.concat(pieces))).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  test("a read-only (0444) output is refused, exit 3, unchanged — for root too", async () => {
    const source = await input("ro-in");
    const out = path.join(dir, "ro-out.xlsx");
    writeFileSync(out, "keep me");
    chmodSync(out, 0o444);
    const run = await cli(["score", source, "-o", out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("是只读文件，未覆盖");
    expect(run.stderr).toContain("未写入任何内容");
    expect(readFileSync(out, "utf8")).toBe("keep me");
    chmodSync(source, 0o444);
    const inPlace = await cli(["score", source, "--in-place", "--lang", "en"]);
    expect(inPlace.code).toBe(3);
    expect(inPlace.stderr).toContain("is read-only and was not overwritten");
  });

  test("a symbolic link is followed: the real file is scored, the link stays a link", async () => {
    const real = await input("link-real");
    const link = path.join(dir, "link.xlsx");
    symlinkSync(real, link);
    expect((await cli(["score", link, "--in-place"])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(await isScored(real)).toBe(true);
    // -o onto a link writes the file it points to.
    const target = path.join(dir, "link-target.xlsx");
    writeFileSync(target, "");
    const outLink = path.join(dir, "link-out.xlsx");
    symlinkSync(target, outLink);
    expect((await cli(["score", await input("link-src"), "-o", outLink])).code).toBe(0);
    expect(lstatSync(outLink).isSymbolicLink()).toBe(true);
    expect(await isScored(target)).toBe(true);
  });

  test("-o never replaces a workbook this tool did not write; an earlier output or an empty file is replaced", async () => {
    const source = await input("own-src");
    const own = await input("own-workbook");
    const before = bytes(own);
    const run = await cli(["score", source, "-o", own]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `输出文件 ${own} 已存在，且不是本工具写出的文件，其中可能有您的数据；为免覆盖，未写入任何内容`,
    );
    expect(run.stderr.match(/未写入任何内容/g)).toHaveLength(1);
    expect(bytes(own)).toBe(before);
    // Not a workbook at all (notes saved under the name): refused the same way.
    const notes = path.join(dir, "notes.xlsx");
    writeFileSync(notes, "my notes");
    expect((await cli(["score", source, "-o", notes, "--lang", "en"])).stderr).toContain(
      "already exists and was not written by this tool",
    );
    expect(readFileSync(notes, "utf8")).toBe("my notes");
    const merged = await cli(["merge", source, "-o", own]);
    expect(merged.code).toBe(3);
    expect(bytes(own)).toBe(before);
    // A scored output (it holds the settings sheet) is what a re-run replaces; so is an empty file.
    const out = path.join(dir, "own-out.xlsx");
    writeFileSync(out, "");
    expect((await cli(["score", source, "-o", out])).code).toBe(0);
    expect((await cli(["score", source, "-o", out])).code).toBe(0);
    expect((await cli(["merge", source, "-o", out])).code).toBe(0);
    // --in-place replaces the input, whoever wrote it: that is what it asks for.
    expect((await cli(["score", own, "--in-place"])).code).toBe(0);
    expect(await isScored(own)).toBe(true);
  });

  test("an earlier output saved since it was written (edited in Excel) is not replaced: exit 3, unchanged, the times named", async () => {
    const source = await input("saved-src");
    const out = defaultOutputPath(source);
    expect((await cli(["score", source])).code).toBe(0);
    // The file's time is the run's (SOURCE_DATE_EPOCH: 2026-01-01), as its settings record.
    expect(statSync(out).mtime.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    // Opened and saved elsewhere (ExcelJS stands in for Excel): a new file at the time of the save.
    const book = await loadWorkbook(out);
    book.worksheets[0]!.getCell("M3").value = "备注：已核实";
    await book.xlsx.writeFile(out);
    const saved = bytes(out);
    const run = await cli(["score", source]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`输出文件 ${out} 是本工具于 2026-01-01 `);
    expect(run.stderr).toMatch(/于 2026-01-01 \d\d:00:00 写出的/);
    expect(run.stderr).toContain("但此后已被修改保存（最后保存于 ");
    expect(run.stderr).toContain("为免丢失其中的修改，未写入任何内容");
    expect(bytes(out)).toBe(saved);
    expect((await cli(["score", source, "-o", out, "--lang", "en"])).stderr).toContain(
      "has been changed and saved since",
    );
    expect((await cli(["merge", source, "-o", out])).code).toBe(3);
    expect(bytes(out)).toBe(saved);
    // Renamed away, the next run writes afresh.
    const kept = path.join(dir, "saved-kept.xlsx");
    renameSync(out, kept);
    expect((await cli(["score", source])).code).toBe(0);
    expect(bytes(kept)).toBe(saved);
  });

  test("an output only copied, keeping its time, or written at the real time, is replaced by the next run", async () => {
    const source = await input("copied-src");
    const out = path.join(dir, "copied-out.xlsx");
    expect((await cli(["score", source, "-o", out])).code).toBe(0);
    const copy = path.join(dir, "copied-copy.xlsx");
    // Copied keeping its time (Explorer, cp -p): Node alone, no cp on a machine with Node only.
    copyFileSync(out, copy);
    utimesSync(copy, statSync(out).atime, statSync(out).mtime);
    expect((await cli(["score", source, "-o", copy])).code).toBe(0);
    // A copy that took the time of copying is not known to be unchanged: refused.
    copyFileSync(out, copy);
    utimesSync(copy, new Date(), new Date());
    expect((await cli(["score", source, "-o", copy])).code).toBe(3);
    // Without a fixed time the run's own time is the stamp; a second run replaces the first.
    const live: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, stderrIsTty: false };
    const fresh = path.join(dir, "live-out.xlsx");
    expect(await runCli(["score", source, "-o", fresh], live)).toBe(0);
    expect(await runCli(["score", source, "-o", fresh], live)).toBe(0);
  });

  test("an output of the ExcelJS writer (its settings in shared strings) is told apart the same way", async () => {
    const source = await input("exceljs-src");
    const out = path.join(dir, "exceljs-out.xlsx");
    const viaExcelJs = async (argv: string[]) => {
      const io: CliIo = {
        stdout: () => undefined,
        stderr: () => undefined,
        env: { SOURCE_DATE_EPOCH: "1767225600", STAR_RATING_WRITER: "exceljs" },
        stderrIsTty: false,
      };
      return runCli(argv, io);
    };
    expect(await viaExcelJs(["score", source, "-o", out])).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(zip.file("xl/sharedStrings.xml")).not.toBeNull();
    const size = statSync(out).size;
    const file = readFileSync(out);
    const readAt = async (offset: number, length: number) => file.subarray(offset, offset + length);
    // The glance cannot read the settings from the sheet alone; the whole file is read then.
    expect(await glanceEarlierOutput(size, readAt)).toBeNull();
    expect(await viaExcelJs(["score", source, "-o", out])).toBe(0);
    utimesSync(out, new Date(), new Date());
    expect(await viaExcelJs(["score", source, "-o", out])).toBe(3);
  });

  test("settings cut into cells between their time and the stamp are read whole: the output is replaced", async () => {
    const source = await input("chunk-src");
    const out = path.join(dir, "chunk-out.xlsx");
    const rubricFile = path.join(dir, "chunk-rubric.json");
    // The settings' JSON is kept in cells of SETTINGS_CHUNK characters; a longer rubric moves the cut.
    const scoreWith = async (padding: number) => {
      const base = getPreset("service-org")!;
      writeFileSync(rubricFile, JSON.stringify({ ...base, source: base.source + "x".repeat(padding) }));
      return cli(["score", source, "--rubric", rubricFile, "-o", out]);
    };
    const settingsCells = async () => {
      const sheet = (await loadWorkbook(out)).getWorksheet(SETTINGS_SHEET)!;
      return sheet.getColumn(1).values.filter((v): v is string => typeof v === "string");
    };
    expect((await scoreWith(0)).code).toBe(0);
    const at = (await settingsCells()).join("").indexOf('"stamped"');
    rmSync(out);
    expect((await scoreWith(SETTINGS_CHUNK - at - 3)).code).toBe(0);
    const [first, second] = await settingsCells();
    expect(first).toMatch(/"updatedAt": "[^"]+",\n {2}"st$/);
    expect(second).toMatch(/^amped": true/);
    expect((await scoreWith(SETTINGS_CHUNK - at - 3)).code).toBe(0);
  });

  test("telling an earlier output apart reads a few parts of it, not the whole file", async () => {
    const source = path.join(dir, "glance-src.xlsx");
    await writeFixture(serviceOrg(3000), source);
    const out = path.join(dir, "glance-out.xlsx");
    expect((await cli(["score", source, "-o", out])).code).toBe(0);
    const file = readFileSync(out);
    let read = 0;
    const readAt = async (offset: number, length: number) => {
      read += Math.min(length, file.length - offset);
      return file.subarray(offset, offset + length);
    };
    const glanced = await glanceEarlierOutput(file.length, readAt);
    expect(glanced).toEqual({
      ours: true,
      writtenAt: new Date("2026-01-01T00:00:00.000Z"),
      finalizedAt: null,
      priorSource: null,
    });
    expect(file.length).toBeGreaterThan(300_000);
    expect(read).toBeLessThan(100_000);
    // A workbook of someone's own is told apart the same way.
    const own = readFileSync(source);
    const ownAt = async (offset: number, length: number) => own.subarray(offset, offset + length);
    expect(await glanceEarlierOutput(own.length, ownAt)).toEqual({ ours: false, writtenAt: null });
  });

  test("--in-place keeps the real time: the scored input is the user's file, which a later -o does not replace", async () => {
    const source = await input("inplace-src");
    const own = await input("inplace-own");
    expect((await cli(["score", own, "--in-place"])).code).toBe(0);
    expect(statSync(own).mtime.toISOString()).not.toBe("2026-01-01T00:00:00.000Z");
    const before = bytes(own);
    expect((await cli(["score", source, "-o", own])).code).toBe(3);
    expect(bytes(own)).toBe(before);
  });

  test("a workbook scored in place at the real time (as a user runs it) is the user's file: a later -o does not replace it", async () => {
    // No SOURCE_DATE_EPOCH: the run's time is now, and a small table is written well within 2 s of it.
    const live: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, stderrIsTty: false };
    let stderr = "";
    const told: CliIo = { ...live, stderr: (t) => void (stderr += t) };
    const source = await input("live-inplace-src");
    const own = await input("live-inplace-own");
    expect(await runCli(["score", own, "--in-place"], live)).toBe(0);
    const before = bytes(own);
    expect(await runCli(["score", source, "-o", own], told)).toBe(3);
    expect(stderr).toContain(`输出文件 ${own} 是已评定过的工作簿`);
    expect(stderr).toContain("未写入任何内容");
    expect(bytes(own)).toBe(before);
    expect(await runCli(["merge", source, "-o", own], live)).toBe(3);
    expect(bytes(own)).toBe(before);
    // An earlier output edited and saved, then scored in place: the notes typed into it are the user's now.
    // (Beside the result columns, K–Q: typed over 评定星级 in M3 it would stop the run as a hand edit.)
    const out = path.join(dir, "live-edited-out.xlsx");
    expect(await runCli(["score", source, "-o", out], live)).toBe(0);
    const book = await loadWorkbook(out);
    book.worksheets[0]!.getCell("R3").value = "备注：已核实";
    await book.xlsx.writeFile(out);
    expect(await runCli(["score", out, "--in-place"], live)).toBe(0);
    const edited = bytes(out);
    expect(await runCli(["score", source, "-o", out], live)).toBe(3);
    expect(bytes(out)).toBe(edited);
  });

  test("a 评定星级 typed over by hand stops a run in place: exit 3, the file as the user saved it", async () => {
    const out = path.join(dir, "hand-edited.xlsx");
    expect((await cli(["score", await input("hand-edited-src"), "-o", out])).code).toBe(0);
    const book = await loadWorkbook(out);
    const tier = book.worksheets[0]!.getCell("M3");
    expect(tier.value).toBe("三星级");
    tier.value = "四星级";
    await book.xlsx.writeFile(out);
    const saved = bytes(out);
    const again = await cli(["score", out, "--in-place"]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain("M3「四星级」与 L3 星数「3」不一致");
    expect(bytes(out)).toBe(saved);
  });

  test("a file saved while the run works is not replaced, with -o or --in-place: exit 3, the save kept", async () => {
    const source = await input("during-src");
    const out = path.join(dir, "during-out.xlsx");
    expect((await cli(["score", source, "-o", out])).code).toBe(0);
    const own = await input("during-own");
    for (const [file, argv] of [
      [out, ["score", source, "-o", out]],
      [own, ["score", own, "--in-place", "--lang", "en"]],
    ] as const) {
      let stderr = "";
      let saved = false;
      // The progress line comes once the input is read: a save then (another program, a sync).
      const io: CliIo = {
        stdout: () => undefined,
        stderr: (t) => void (stderr += t),
        env: { SOURCE_DATE_EPOCH: "1767225600" },
        stderrIsTty: true,
        progressRows: 0,
        progress: () => {
          if (!saved) writeFileSync(file, "saved during the run");
          saved = true;
        },
      };
      expect(await runCli([...argv], io)).toBe(3);
      expect(readFileSync(file, "utf8")).toBe("saved during the run");
      expect(stderr).toMatch(
        /在本次评定期间被修改或替换.*未写入任何内容|while this run was working .*Nothing was written/,
      );
      expect(tempFiles()).toEqual([]);
    }
  });

  test("template replaces no file that holds anything, not even an earlier output", async () => {
    const scored = path.join(dir, "template-scored.xlsx");
    expect((await cli(["score", await input("template-src"), "-o", scored])).code).toBe(0);
    const before = bytes(scored);
    const run = await cli(["template", "-o", scored]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${scored} 已存在；新建评分表不会覆盖已有文件，未写入任何内容`);
    expect(bytes(scored)).toBe(before);
    const empty = path.join(dir, "template-empty.xlsx");
    writeFileSync(empty, "");
    expect((await cli(["template", "-o", empty])).code).toBe(0);
    expect((await loadWorkbook(empty)).worksheets[0]!.name).toBe("评分表");
  });

  test("a link to a file that does not exist is refused", async () => {
    const link = path.join(dir, "dangling.xlsx");
    symlinkSync(path.join(dir, "nowhere.xlsx"), link);
    const run = await cli(["score", await input("dangling-src"), "-o", link]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("指向的文件不存在");
  });

  test("a file Excel has open (~$name beside it) is refused with a clear message; LibreOffice's lock too", async () => {
    const source = await input("locked");
    const before = bytes(source);
    const lock = path.join(dir, "~$locked.xlsx");
    writeFileSync(lock, "owner");
    const run = await cli(["score", source, "--in-place"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("文件正被 Excel 打开");
    expect(run.stderr).toContain("请在 Excel 中关闭后重试");
    expect(bytes(source)).toBe(before);
    const en = await cli(["score", source, "--in-place", "--lang", "en"]);
    expect(en.stderr).toContain("The file is open in Excel");
    rmSync(lock);
    writeFileSync(path.join(dir, ".~lock.locked.xlsx#"), "owner");
    expect((await cli(["score", source, "--in-place"])).code).toBe(3);
    expect(bytes(source)).toBe(before);
  });

  test("a link planted at the temporary file's name is never followed, nor removed", async () => {
    const victim = path.join(dir, "victim.txt");
    writeFileSync(victim, "precious");
    const out = path.join(dir, "planted.xlsx");
    writeFileSync(out, "old");
    const planted = path.join(dir, ".planted.xlsx.fixed.tmp");
    symlinkSync(victim, planted);
    const error = await writeFileReplacing(out, Buffer.from("new"), { tempName: () => planted }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.code).toBe("WRITE_FAILED");
    expect(String(isAppError(error) && error.text("en"))).toContain("EEXIST");
    expect(readFileSync(victim, "utf8")).toBe("precious");
    expect(readFileSync(out, "utf8")).toBe("old");
    expect(lstatSync(planted).isSymbolicLink()).toBe(true);
    rmSync(planted);
  });
});

describe("reading the input", () => {
  testWithTool(
    "mkfifo",
    "a named pipe (FIFO) is refused at once instead of waiting for a writer",
    async () => {
      const fifo = path.join(dir, "pipe.xlsx");
      execFileSync("mkfifo", [fifo]);
      const started = Date.now();
      const run = await cli(["score", fifo, "-o", path.join(dir, "pipe-out.xlsx")]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("不是普通文件");
      expect(Date.now() - started).toBeLessThan(10_000);
    },
  );

  test("a folder given as the input is called a folder", async () => {
    const folder = path.join(dir, "一个文件夹.xlsx");
    mkdirSync(folder, { recursive: true });
    const run = await cli(["score", folder, "-o", path.join(dir, "folder-out.xlsx")]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${folder} 是文件夹，不是工作簿文件；请指定其中的 .xlsx 文件`);
  });

  test("a package whose part names are Windows paths says so, not 'no worksheets'", async () => {
    const source = await JSZip.loadAsync(
      readFileSync(path.join(process.cwd(), "examples", "service-org.xlsx")),
    );
    const windows = new JSZip();
    for (const [name, entry] of Object.entries(source.files))
      if (!entry.dir) windows.file(name.replaceAll("/", "\\"), await entry.async("uint8array"));
    const file = path.join(dir, "backslash.xlsx");
    writeFileSync(file, await windows.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const run = await cli(["score", file, "-o", path.join(dir, "backslash-out.xlsx")]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `无法读取 ${file}：文件已损坏或不是 Excel 工作簿（压缩包中的部件名用了反斜杠，如 _rels\\.rels，不是 .xlsx 的写法）`,
    );
  });

  test("a package holding its parts in other letter cases than it names them is refused saying so, nothing written", async () => {
    const source = await JSZip.loadAsync(
      readFileSync(path.join(process.cwd(), "examples", "service-org.xlsx")),
    );
    const renamed = async (rename: (name: string) => string) => {
      const zip = new JSZip();
      for (const [name, entry] of Object.entries(source.files))
        if (!entry.dir) zip.file(rename(name), await entry.async("uint8array"));
      return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    };
    const oneSheet = path.join(dir, "sheet-case.xlsx");
    writeFileSync(
      oneSheet,
      await renamed((n) => n.replace("worksheets/sheet1.xml", "worksheets/Sheet1.xml")),
    );
    const output = path.join(dir, "sheet-case-out.xlsx");
    const run = await cli(["score", oneSheet, "-o", output]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `无法读取 ${oneSheet}：其中的部件名大小写与引用不一致（文件中是 xl/worksheets/Sheet1.xml，引用的是 xl/worksheets/sheet1.xml）`,
    );
    expect(run.stderr).toContain("请在 Excel 或 WPS 中打开它并另存为 .xlsx");
    expect(existsSync(output)).toBe(false);
    const capitals = path.join(dir, "capitals.xlsx");
    writeFileSync(capitals, await renamed((n) => (n.startsWith("[") ? n : n.toUpperCase())));
    const en = await cli(["score", capitals, "--lang", "en", "-o", path.join(dir, "capitals-out.xlsx")]);
    expect(en.code).toBe(3);
    expect(en.stderr).toContain(
      "its part names differ in case from how it refers to them (it holds _RELS/.RELS, refers to _rels/.rels)",
    );
  });

  test("a package whose part names start with '/' is written whole, with the reason and no false list of lost parts", async () => {
    const source = await JSZip.loadAsync(
      readFileSync(path.join(process.cwd(), "examples", "service-org.xlsx")),
    );
    const rooted = new JSZip();
    for (const [name, entry] of Object.entries(source.files))
      if (!entry.dir) rooted.file(`/${name}`, await entry.async("uint8array"));
    const file = path.join(dir, "rooted.xlsx");
    writeFileSync(file, await rooted.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const output = path.join(dir, "rooted-out.xlsx");
    const run = await cli(["score", file, "-o", output]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "注意：此文件不能只补写评定部分（压缩包中的部件名以「/」开头，如 /[Content_Types].xml），已把整个工作簿重新写出",
    );
    expect(run.stderr).not.toContain("没有保留");
    const written = await JSZip.loadAsync(readFileSync(output));
    expect(Object.keys(written.files).some((name) => name.startsWith("/"))).toBe(false);
    expect(await written.file("xl/sharedStrings.xml")!.async("string")).toContain("评定总分");
  });

  test(".ods and .xlsb say 'save as .xlsx', not 'no worksheets'", async () => {
    const ods = new JSZip();
    ods.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
    ods.file("content.xml", "<office:document-content/>");
    ods.file("META-INF/manifest.xml", "<manifest/>");
    const odsFile = path.join(dir, "calc.ods");
    writeFileSync(odsFile, await ods.generateAsync({ type: "nodebuffer" }));
    const xlsb = new JSZip();
    xlsb.file("[Content_Types].xml", "<Types/>");
    xlsb.file("xl/workbook.bin", "\u0083\u0001");
    const xlsbFile = path.join(dir, "binary.xlsb");
    writeFileSync(xlsbFile, await xlsb.generateAsync({ type: "nodebuffer" }));
    const a = await cli(["score", odsFile, "-o", path.join(dir, "ods-out.xlsx")]);
    expect(a.code).toBe(3);
    expect(a.stderr).toContain("OpenDocument 表格（.ods）");
    expect(a.stderr).toContain("另存为 .xlsx");
    const b = await cli(["score", xlsbFile, "-o", path.join(dir, "xlsb-out.xlsx"), "--lang", "en"]);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain("Excel binary workbook (.xlsb)");
    expect(b.stderr).toContain("save it as .xlsx");
  });
});

/** The fixture with one part replaced by `content` (a deflate bomb when it repeats one byte). */
async function withPart(name: string, part: string, content: Buffer): Promise<string> {
  const file = await input(name);
  const zip = await JSZip.loadAsync(readFileSync(file));
  zip.file(part, content, { compression: "DEFLATE", compressionOptions: { level: 9 } });
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

describe("input too large to read is refused up front", () => {
  test("a small file whose sheet unpacks ~1000:1 (a deflate bomb) says it is too large, not damaged", async () => {
    const padding = Buffer.alloc(40 * 1024 ** 2, " ");
    const bomb = await withPart(
      "bomb",
      "xl/worksheets/sheet1.xml",
      Buffer.concat([Buffer.from("<worksheet>"), padding, Buffer.from("</worksheet>")]),
    );
    expect(statSync(bomb).size).toBeLessThan(200_000);
    const run = await cli(["score", bomb, "-o", path.join(dir, "bomb-out.xlsx")]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("太大");
    expect(run.stderr).toContain(`压缩比超过 ${MAX_COMPRESSION_RATIO}:1`);
    expect(run.stderr).not.toContain("损坏");
  });

  test("one huge string in sharedStrings (the 163 KB file with a 150 MB string) is refused before it is read", async () => {
    const text = Buffer.from(`<sst><si><t>${"长".repeat(8 * 1024 ** 2)}</t></si></sst>`);
    const file = await withPart("long-string", "xl/sharedStrings.xml", text);
    const run = await cli(["score", file, "-o", path.join(dir, "long-out.xlsx"), "--lang", "en"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("is too large: its xl/sharedStrings.xml");
  });

  test("real sheets are far from the ratio: 20,000 rows of scores compress well under it", () => {
    const rows: string[] = [];
    for (let r = 1; r <= 20_000; r++) {
      let row = `<row r="${r}" spans="1:20">`;
      for (let c = 0; c < 20; c++) row += `<c r="${String.fromCharCode(65 + c)}${r}" s="3"><v>0</v></c>`;
      rows.push(row + "</row>");
    }
    const xml = Buffer.from(`<worksheet><sheetData>${rows.join("")}</sheetData></worksheet>`);
    const ratio = xml.length / zlib.deflateRawSync(xml).length;
    expect(ratio).toBeLessThan(MAX_COMPRESSION_RATIO / 5);
  });
});

/** A zip holding only a central directory (what preflightPackage reads) with one entry of the given sizes. */
function directoryOnly(name: string, size: number, compressedSize: number): Buffer {
  const zip64 = size >= 0xffffffff;
  const nameBytes = Buffer.from(name);
  const extra = Buffer.alloc(zip64 ? 20 : 0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(size), 4);
    extra.writeBigUInt64LE(BigInt(compressedSize), 12);
  }
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt32LE(zip64 ? 0xffffffff : compressedSize, 20);
  header.writeUInt32LE(zip64 ? 0xffffffff : size, 24);
  header.writeUInt16LE(nameBytes.length, 28);
  header.writeUInt16LE(extra.length, 30);
  const directory = Buffer.concat([header, nameBytes, extra]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(0, 16);
  return Buffer.concat([directory, end]);
}

describe("preflightPackage reads the sizes from the central directory", () => {
  test("declared sizes, zip64 included", () => {
    expect(declaredParts(directoryOnly("a.xml", 1234, 99))).toEqual([
      { name: "a.xml", size: 1234, compressedSize: 99 },
    ]);
    expect(declaredParts(directoryOnly("big.xml", 5 * 1024 ** 3, 4 * 1024 ** 3))).toEqual([
      { name: "big.xml", size: 5 * 1024 ** 3, compressedSize: 4 * 1024 ** 3 },
    ]);
    expect(declaredParts(Buffer.from("not a zip at all, just text"))).toBeNull();
  });

  test("a part beyond MAX_PART_BYTES is too large, whatever its ratio; below it passes", () => {
    const refuse = (size: number) => {
      try {
        preflightPackage(directoryOnly("xl/worksheets/sheet1.xml", size, size / 10), "big.xlsx");
        return null;
      } catch (error) {
        return isAppError(error) ? error.code : "not an AppError";
      }
    };
    expect(refuse(MAX_PART_BYTES + 10)).toBe("TOO_LARGE_PART");
    expect(refuse(5 * 1024 ** 3)).toBe("TOO_LARGE_PART");
    // More than a JavaScript string holds (2^29 - 24 characters) is never tried.
    expect(refuse(2 ** 29)).toBe("TOO_LARGE_PART");
    // A sheet to Excel's last row, 1,048,575 rows × 10 number columns (~360 MB), is not refused.
    expect(refuse(360_000_000)).toBeNull();
  });

  test("a part too large to read is refused with its size, the limit and what to do", () => {
    const part = "xl/worksheets/sheet1.xml";
    let error: unknown;
    try {
      preflightPackage(directoryOnly(part, 600_000_000, 60_000_000), "big.xlsx");
    } catch (e) {
      error = e;
    }
    expect(isAppError(error)).toBe(true);
    const e = error as AppError;
    expect(e.text("zh")).toBe(
      `big.xlsx 太大：其中 ${part} 解压后 600 MB（上限 512 MB），未读取；请把表格拆分为几个文件后分别评定`,
    );
    expect(e.text("en")).toBe(
      `big.xlsx is too large: its ${part} is 600 MB uncompressed (limit 512 MB); it was not read. Split the table into several files and score each`,
    );
  });
});

test("an entry that inflates beyond its declared size throws instead of filling memory", () => {
  const data = Buffer.alloc(1024 ** 2, "a");
  const raw = zlib.deflateRawSync(data);
  const entry = { name: "x.xml", method: 8, crc: crc32(data), compressedSize: raw.length, raw };
  expect(Buffer.from(entryData({ ...entry, size: data.length })).equals(data)).toBe(true);
  expect(() => entryData({ ...entry, size: 1000 })).toThrow(
    new DamagedPart(msg("PART_DAMAGED", { part: "x.xml", why: "size" })),
  );
});

describe("a user's own sheet named like the settings sheet (_星级评定)", () => {
  test("alone: not 'no visible worksheet' but a refusal that says to rename it; nothing written", async () => {
    const fixture = serviceOrg(3);
    fixture.sheets[0].name = "_星级评定";
    const file = path.join(dir, "settings-name.xlsx");
    await writeFixture(fixture, file);
    const before = bytes(file);
    const out = path.join(dir, "settings-name-out.xlsx");
    const run = await cli(["score", file, "-o", out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("可见的工作表「_星级评定」");
    expect(run.stderr).toContain("请将这张表改名（如「星级评定」）后再试");
    expect(run.stderr).not.toContain("没有可见的工作表");
    expect(bytes(file)).toBe(before);
    expect(readdirSync(dir)).not.toContain("settings-name-out.xlsx");
  });

  test("beside the table scored with --sheet: refused too, since a recompute would clear and hide it", async () => {
    const fixture = serviceOrg(3);
    fixture.sheets.push({ name: "_星级评定", rows: [["我的备注"], ["第二行"]] });
    const file = path.join(dir, "settings-beside.xlsx");
    await writeFixture(fixture, file);
    const run = await cli(["score", file, "--sheet", fixture.sheets[0].name, "--in-place", "--lang", "en"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('visible sheet "_星级评定"');
  });

  test("the tool's own settings sheet (hidden) is no obstacle: a second run scores", async () => {
    const file = await input("settings-own");
    expect((await cli(["score", file, "--in-place"])).code).toBe(0);
    expect((await cli(["score", file, "--in-place"])).code).toBe(0);
  });
});
