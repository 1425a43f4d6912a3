/**
 * The deflate every written part goes through (src/xlsx/part-deflate.ts, src/xlsx/wasm-deflate.ts):
 * our build of libdeflate (scripts/libdeflate/build.mjs) deflates a whole buffer to the npm package's
 * own bytes; every size inflates back to its input; how a part is pushed never changes its bytes;
 * past FAST_DEFLATE_BYTES a part is deflated in CHUNK_BYTES chunks, each on its own and
 * byte-aligned, in a chunk's memory; every part where WebAssembly cannot run is pako's.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import pako from "pako";
import { LIBDEFLATE_WASM_BASE64, LIBDEFLATE_WASM_SHA256 } from "../../src/xlsx/libdeflate-wasm";
import {
  CHUNK_BYTES,
  FAST_DEFLATE_BYTES,
  PartDeflate,
  deflateWhole,
  prepareDeflate,
  tableCrc32,
} from "../../src/xlsx/part-deflate";
import { releaseWasmDeflate, wasmDeflater } from "../../src/xlsx/wasm-deflate";

const ROOT = path.resolve(__dirname, "..", "..");

/** Sheet-like XML (some Chinese, so multi-byte UTF-8), made once: the largest size tested below. */
const XML = (() => {
  const rows: string[] = [];
  for (let i = 0; i < 170_000; i++)
    rows.push(
      `<row r="${i + 1}"><c r="A${i + 1}"><v>${(i * 7919) % 100_003}</v></c>` +
        `<c r="B${i + 1}" t="inlineStr"><is><t>第${i % 97}党支部</t></is></c></row>`,
    );
  return new Uint8Array(Buffer.from(rows.join("")));
})();

/** The first `bytes` bytes of XML. */
function xml(bytes: number): Uint8Array {
  if (bytes > XML.length) throw new Error(`the test's XML is shorter than ${bytes} bytes`);
  return XML.subarray(0, bytes);
}

/** Bytes that do not compress (a deflate's output needs more room than a quarter of them). */
function noise(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = 2463534242;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** `data` pushed in chunks of uneven sizes from `step` on (1 byte to ~700 KB). */
function streamed(data: Uint8Array, step = 1) {
  const part = new PartDeflate(tableCrc32);
  for (let at = 0; at < data.length; at += step, step = (step * 7 + 13) % 700_000 || 1)
    part.push(data.subarray(at, Math.min(data.length, at + step)), false);
  return part.finish();
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** `data` deflated by this thread's libdeflate as one stream at `level` (no chunks). */
function oneStream(data: Uint8Array, level: number): Uint8Array {
  const part = wasmDeflater([1, 6])?.collect();
  if (!part) throw new Error("libdeflate is not ready");
  part.append(data);
  return part.deflate(level).slice();
}

beforeAll(async () => {
  expect(await prepareDeflate()).toBe(true);
});

test("the bundled module is the one scripts/libdeflate/build.mjs recorded, with the exports wasm-deflate.ts uses", () => {
  const wasm = Buffer.from(LIBDEFLATE_WASM_BASE64, "base64");
  expect(createHash("sha256").update(wasm).digest("hex")).toBe(LIBDEFLATE_WASM_SHA256);
  const module = new WebAssembly.Module(wasm);
  expect(WebAssembly.Module.imports(module)).toEqual([]);
  expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual([
    "memory",
    "alloc_compressor",
    "compress",
    "compress_chunk",
    "compress_bound",
  ]);
});

test("a whole buffer deflates to the libdeflate package's own bytes (its own glue), at levels 6 and 1", () => {
  const small = xml(200_000);
  const large = xml(FAST_DEFLATE_BYTES + 1000);
  const script = [
    'import { deflate } from "libdeflate";',
    'import { readFileSync } from "node:fs";',
    "const input = readFileSync(0);",
    "const small = input.subarray(0, 200000), large = input.subarray(200000);",
    'process.stdout.write(JSON.stringify([Buffer.from(deflate(small, 6)).toString("base64"), Buffer.from(deflate(large, 1)).toString("base64")]));',
  ].join("\n");
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    input: Buffer.concat([small, large]),
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.status).toBe(0);
  const [fromPackage6, fromPackage1] = (JSON.parse(run.stdout.toString()) as string[]).map((b) =>
    Buffer.from(b, "base64"),
  );
  expect(same(deflateWhole(small), fromPackage6)).toBe(true);
  expect(same(oneStream(large, 1), fromPackage1)).toBe(true);
  // Not pako's bytes: what is compared above is libdeflate's.
  expect(same(pako.deflateRaw(small, { level: 6 }), fromPackage6)).toBe(false);
}, 60_000);

describe("every size inflates back to its input", () => {
  test.each([0, 1, 2, 3, 100, 65_535, 65_536, 1024 * 1024 + 1, FAST_DEFLATE_BYTES, FAST_DEFLATE_BYTES + 1])(
    "%i bytes of XML, whole and streamed: the same bytes",
    (bytes) => {
      const data = xml(bytes);
      const whole = deflateWhole(data);
      expect(Buffer.compare(inflateRawSync(whole), Buffer.from(data))).toBe(0);
      const part = streamed(data);
      expect(part.size).toBe(bytes);
      expect(part.crc).toBe(tableCrc32(data, 0));
      expect(same(part.raw, whole)).toBe(true);
    },
  );

  test.each([1, 1000, 3 * 1024 * 1024])(
    "%i bytes that do not compress (the output needs more than the room first tried)",
    (bytes) => {
      const data = noise(bytes);
      const whole = deflateWhole(data);
      expect(Buffer.compare(inflateRawSync(whole), Buffer.from(data))).toBe(0);
      expect(same(streamed(data, 4096).raw, whole)).toBe(true);
    },
  );
});

test("chunk boundaries never change a part's bytes (levels 6 and 1, warmed up or not)", () => {
  for (const bytes of [3 * 1024 * 1024, FAST_DEFLATE_BYTES + 3 * 1024 * 1024]) {
    const data = xml(bytes);
    const whole = deflateWhole(data);
    for (const step of [1, 65_536, 1024 * 1024 + 7]) expect(same(streamed(data, step).raw, whole)).toBe(true);
  }
}, 60_000);

test("a part's first use of a level (its warm-up deflate) leaves the part's bytes intact", async () => {
  // A fresh module: nothing warmed up yet, as in a new thread.
  await jest.isolateModulesAsync(async () => {
    const fresh = await import("../../src/xlsx/part-deflate");
    expect(await fresh.prepareDeflate()).toBe(true);
    const data = xml(FAST_DEFLATE_BYTES + 2 * 1024 * 1024);
    const part = new fresh.PartDeflate(tableCrc32);
    for (let at = 0; at < data.length; at += 1 << 20) part.push(data.subarray(at, at + (1 << 20)), false);
    const raw = part.finish().raw;
    expect(Buffer.compare(inflateRawSync(raw), Buffer.from(data))).toBe(0);
    expect(same(raw, deflateWhole(data))).toBe(true);
  });
}, 60_000);

describe("past FAST_DEFLATE_BYTES, a part is deflated in CHUNK_BYTES chunks (level 1)", () => {
  test.each([
    ["one byte past FAST_DEFLATE_BYTES", FAST_DEFLATE_BYTES + 1],
    ["three whole chunks", 3 * CHUNK_BYTES],
    ["three chunks and a byte", 3 * CHUNK_BYTES + 1],
    ["four chunks less a byte", 4 * CHUNK_BYTES - 1],
  ])("%s: inflates back, within 1% of one level-1 stream, whatever the pushes", (_, bytes) => {
    const data = xml(bytes);
    const raw = deflateWhole(data);
    expect(Buffer.compare(inflateRawSync(raw), Buffer.from(data))).toBe(0);
    const whole = oneStream(data, 1).length;
    expect(raw.length).toBeGreaterThan(whole);
    expect(raw.length).toBeLessThan(whole * 1.01);
    for (const step of [1024 * 1024 + 7, 5 * 1024 * 1024])
      expect(same(streamed(data, step).raw, raw)).toBe(true);
  });

  test("each chunk but the last refers to nothing before it and ends byte-aligned (an empty stored block)", () => {
    // Two parts with the same first chunk and different rest: their bytes start with the same
    // deflated chunk, which ends with an empty stored block (00 00 FF FF) and inflates on its own.
    const first = xml(CHUNK_BYTES);
    const rest = xml(2 * CHUNK_BYTES + 5000).subarray(CHUNK_BYTES);
    const a = deflateWhole(Buffer.concat([first, rest]));
    const b = deflateWhole(Buffer.concat([first, noise(rest.length)]));
    let shared = 0;
    while (a[shared] === b[shared]) shared++;
    // The last empty stored block the two share ends the first chunk.
    let end = shared;
    while (end >= 4 && !(a[end - 4] === 0 && a[end - 3] === 0 && a[end - 2] === 0xff && a[end - 1] === 0xff))
      end--;
    const chunk = a.subarray(0, end);
    expect(chunk.length).toBeGreaterThan(CHUNK_BYTES / 20);
    const inflated = inflateRawSync(chunk, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    expect(Buffer.compare(inflated, Buffer.from(first))).toBe(0);
  });

  test("the memory a streamed part takes is a chunk's, not the part's", () => {
    releaseWasmDeflate(0);
    const data = Buffer.concat([XML, XML, XML]);
    expect(data.length).toBeGreaterThan(10 * CHUNK_BYTES);
    expect(Buffer.compare(inflateRawSync(streamed(data, 1024 * 1024 + 7).raw), data)).toBe(0);
    expect(wasmDeflater([1, 6])?.memoryBytes).toBeLessThan(3 * CHUNK_BYTES + 16 * 1024 * 1024);
  });
});

test("where an ArrayBuffer cannot be resized (an older browser), a part's output is copied as it grows: the same bytes", async () => {
  // Past FAST_DEFLATE_BYTES, then bytes that do not compress: the chunks' output passes the first
  // 1 MB buffer and grows more than once.
  const data = Buffer.concat([xml(FAST_DEFLATE_BYTES), noise(3 * CHUNK_BYTES + 12_345)]);
  const expected = deflateWhole(data);
  expect((expected.buffer as ArrayBuffer & { resizable?: boolean }).resizable).toBe(true);
  const resize = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "resize");
  expect(resize).toBeDefined();
  delete (ArrayBuffer.prototype as { resize?: unknown }).resize;
  try {
    await jest.isolateModulesAsync(async () => {
      const fresh = await import("../../src/xlsx/part-deflate");
      expect(await fresh.prepareDeflate()).toBe(true);
      const part = new fresh.PartDeflate(tableCrc32);
      for (let at = 0; at < data.length; at += 700_001) part.push(data.subarray(at, at + 700_001), false);
      const raw = part.finish().raw;
      expect((raw.buffer as ArrayBuffer & { resizable?: boolean }).resizable).not.toBe(true);
      expect(same(raw, expected)).toBe(true);
      expect(Buffer.compare(inflateRawSync(raw), data)).toBe(0);
    });
  } finally {
    Object.defineProperty(ArrayBuffer.prototype, "resize", resize as PropertyDescriptor);
  }
}, 60_000);

test("where WebAssembly cannot run, every part is pako's (level 6, or 1 past FAST_DEFLATE_BYTES) and inflates back", async () => {
  const compile = jest.spyOn(WebAssembly, "compile").mockRejectedValue(new Error("refused by policy"));
  try {
    await jest.isolateModulesAsync(async () => {
      const fresh = await import("../../src/xlsx/part-deflate");
      expect(await fresh.prepareDeflate()).toBe(false);
      for (const bytes of [0, 5000, FAST_DEFLATE_BYTES + 5000]) {
        const data = xml(bytes);
        const level = bytes > FAST_DEFLATE_BYTES ? 1 : 6;
        const whole = fresh.deflateWhole(data);
        expect(same(whole, pako.deflateRaw(data, { level }))).toBe(true);
        const part = new fresh.PartDeflate(tableCrc32);
        for (let at = 0; at < data.length; at += 100_000) part.push(data.subarray(at, at + 100_000), false);
        expect(same(part.finish().raw, whole)).toBe(true);
        expect(Buffer.compare(inflateRawSync(whole), Buffer.from(data))).toBe(0);
      }
    });
  } finally {
    compile.mockRestore();
  }
}, 60_000);

describe("one thread's instance", () => {
  test("a part abandoned for another (a deflate started in between) fails loudly instead of deflating wrong bytes", () => {
    const data = xml(300_000);
    const first = new PartDeflate(tableCrc32);
    first.push(data.subarray(0, 1000), false);
    deflateWhole(data);
    expect(() => first.push(data.subarray(1000), false)).toThrow(/abandoned/);
  });

  test("released after a package, it is made again from the compiled module and gives the same bytes", () => {
    const data = xml(FAST_DEFLATE_BYTES + 1);
    const before = wasmDeflater([1, 6]);
    const bytes = deflateWhole(data);
    releaseWasmDeflate(0);
    const after = wasmDeflater([1, 6]);
    expect(after).not.toBe(before);
    expect(after?.memoryBytes).toBeLessThan(before?.memoryBytes ?? 0);
    expect(same(deflateWhole(data), bytes)).toBe(true);
  });
});
