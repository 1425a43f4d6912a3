import { inflateRawSync } from "node:zlib";
import { PartDeflate, deflateWhole, prepareDeflate, tableCrc32 } from "../../src/xlsx/part-deflate";
import { msg, type PartDamage } from "../../src/messages";
import { useNodeZlib } from "../../src/xlsx/node-codec";
import {
  DamagedPart,
  FAST_DEFLATE_BYTES,
  PURE_ZIP_CODEC,
  PartWriter,
  compressEntry,
  crc32,
  entryData,
  readZip,
  useZipCodec,
  writeZip,
  zipPieces,
} from "../../src/xlsx/zip";

/** Text written piece by piece: rows of a sheet, some with Chinese text (multi-byte in UTF-8). */
function rows(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c>` +
      `<c r="B${i + 1}" t="inlineStr"><is><t>第${i % 97}党支部</t></is></c></row>`,
  );
}

// libdeflate, as every package write prepares it (src/xlsx/patch.ts).
beforeAll(async () => {
  expect(await prepareDeflate()).toBe(true);
});

function written(pieces: readonly string[]) {
  const out = new PartWriter("xl/worksheets/sheet1.xml", null);
  for (const piece of pieces) out.write(piece);
  return out.finish();
}

describe("PartWriter: a part deflated as it is written", () => {
  test("a small part streamed gives the same entry as compressing its whole text (level 6)", async () => {
    const pieces = rows(2000);
    const text = pieces.join("");
    const streamed = await written(pieces);
    const whole = compressEntry("xl/worksheets/sheet1.xml", text);
    expect(streamed.size).toBe(Buffer.byteLength(text));
    expect(streamed.crc).toBe(crc32(new TextEncoder().encode(text)));
    expect(Buffer.from(streamed.raw).equals(Buffer.from(whole.raw))).toBe(true);
    expect(inflateRawSync(streamed.raw).toString("utf8")).toBe(text);
  });

  test("a part past FAST_DEFLATE_BYTES streamed gives the same bytes as compressing it whole (level 1)", async () => {
    const pieces = rows(120_000);
    const text = pieces.join("");
    expect(Buffer.byteLength(text)).toBeGreaterThan(FAST_DEFLATE_BYTES);
    const streamed = await written(pieces);
    const whole = compressEntry("xl/worksheets/sheet1.xml", text);
    expect(streamed.compressedSize).toBe(whole.compressedSize);
    expect(Buffer.from(streamed.raw).equals(Buffer.from(whole.raw))).toBe(true);
    expect(streamed.crc).toBe(whole.crc);
    expect(inflateRawSync(streamed.raw).toString("utf8")).toBe(text);
  });

  test("pieces larger than the writer's buffer, between small ones, give the same bytes", async () => {
    const big = "第".repeat(400_000) + "x".repeat(300_000);
    const pieces = ["<a>", big, "<b/>", ...rows(10), big, "</a>"];
    const text = pieces.join("");
    const streamed = await written(pieces);
    expect(Buffer.from(streamed.raw).equals(Buffer.from(compressEntry("p.xml", text).raw))).toBe(true);
    expect(inflateRawSync(streamed.raw).toString("utf8")).toBe(text);
  });

  test("an empty part is a valid empty entry", async () => {
    const entry = await written([]);
    expect(entry.size).toBe(0);
    expect(inflateRawSync(entry.raw).length).toBe(0);
  });
});

describe("PartDeflate: the level rule whatever the chunks", () => {
  const text = new TextEncoder().encode(rows(120_000).join(""));
  /** `length` bytes of the text in chunks of uneven sizes. */
  function deflated(length: number) {
    const part = new PartDeflate(tableCrc32);
    for (let at = 0, step = 1; at < length; at += step, step = (step * 7 + 13) % 700_000)
      part.push(text.subarray(at, Math.min(length, at + step)), false);
    return part.finish();
  }

  test.each([
    ["of 300,000 bytes", 300_000],
    ["of 5,000,000 bytes", 5_000_000],
    ["past FAST_DEFLATE_BYTES", text.length],
  ])("a part %s gives deflateWhole's bytes", (_, length) => {
    expect(text.length).toBeGreaterThan(FAST_DEFLATE_BYTES);
    const whole = deflateWhole(text.subarray(0, length));
    const part = deflated(length);
    expect(part.size).toBe(length);
    expect(part.crc).toBe(crc32(text.subarray(0, length)));
    expect(Buffer.from(part.raw).equals(Buffer.from(whole))).toBe(true);
  });
});

describe("zipPieces: an archive as the pieces it is made of", () => {
  test("joined, the pieces are writeZip's bytes, and a reader finds every entry", () => {
    const when = new Date(Date.UTC(2026, 0, 1));
    const entries = [compressEntry("a.xml", "<a/>"), compressEntry("xl/b.xml", "二".repeat(5000))];
    const zip = zipPieces(entries, when);
    const joined = Buffer.concat(zip.pieces.map((p) => Buffer.from(p)));
    expect(zip.bytes.length).toBe(joined.length);
    expect(Buffer.from(zip.bytes).equals(joined)).toBe(true);
    expect(Buffer.from(writeZip(entries, when)).equals(joined)).toBe(true);
    // The entries' stored bytes are pieces of their own, not copies.
    expect(zip.pieces).toContain(entries[1]!.raw);
    expect(readZip(zip.bytes)!.map((e) => e.name)).toEqual(["a.xml", "xl/b.xml"]);
  });
});

describe("entryData: a part comes out as the zip recorded it, or the package is damaged", () => {
  const text = '<sheetData><row r="5"><c r="D5"><v>20</v></c></row></sheetData>';
  const content = new TextEncoder().encode(text);
  const stored = { name: "xl/worksheets/sheet1.xml", method: 0, crc: crc32(content), size: content.length };
  const damage = (why: PartDamage) =>
    new DamagedPart(msg("PART_DAMAGED", { part: "xl/worksheets/sheet1.xml", why })).message;

  test.each([
    ["Node's zlib", useNodeZlib],
    ["the browser's pure-JavaScript codec", () => useZipCodec(PURE_ZIP_CODEC)],
  ])("with %s", (_label, useCodec) => {
    useCodec();
    const raw = compressEntry(stored.name, content).raw;
    expect(
      new TextDecoder().decode(entryData({ ...stored, compressedSize: content.length, raw: content })),
    ).toBe(text);
    expect(
      new TextDecoder().decode(entryData({ ...stored, method: 8, compressedSize: raw.length, raw })),
    ).toBe(text);
    // A score of 20 changed to 10 after the zip was written: its checksum no longer matches.
    const altered = new TextEncoder().encode(text.replace("<v>20<", "<v>10<"));
    expect(() => entryData({ ...stored, compressedSize: altered.length, raw: altered })).toThrow(
      damage("checksum"),
    );
    // Compressed data cut short.
    const cut = raw.subarray(0, raw.length >> 1);
    expect(() => entryData({ ...stored, method: 8, compressedSize: cut.length, raw: cut })).toThrow(
      damage("inflate"),
    );
    useNodeZlib();
  });
});
