/** Digests of the texts a run wrote (src/workbook/text-digests.ts), as the settings carry them. */
import { decodeDigests, encodeDigests, textDigest } from "../../src/workbook/text-digests";

describe("text digests", () => {
  it("read back as the set written: distinct, in any order given", () => {
    const texts = [
      "I30 群众满意率92%低于95%",
      "差1分可评三星级",
      "J30 一票否决：未注明事由",
      "差1分可评三星级",
    ];
    const encoded = encodeDigests(texts.map(textDigest));
    const read = decodeDigests(encoded);
    expect(read?.size).toBe(3);
    for (const text of texts) expect(read?.has(textDigest(text))).toBe(true);
    expect(read?.has(textDigest("已核实"))).toBe(false);
    // Four bytes a digest: three digests are 12 bytes, 16 characters of base64.
    expect(encoded).toHaveLength(16);
  });

  it("tell a text from one typed over it", () => {
    const written = new Set([textDigest("I30 群众满意率92%低于95%")]);
    expect(written.has(textDigest("I30 群众满意率92%低于95%"))).toBe(true);
    expect(written.has(textDigest("I30 群众满意率92%低于96%"))).toBe(false);
    expect(written.has(textDigest("I30 群众满意率92%低于95%（已核实）"))).toBe(false);
    expect(written.has(textDigest("已核实"))).toBe(false);
    // FNV-1a's published value for "a": the digest is the one other implementations compute.
    expect(textDigest("a")).toBe(0xe40c292c);
  });

  it("many digests (a 100,000-row table) are encoded without running out of arguments", () => {
    const digests = Array.from({ length: 100_000 }, (_, i) => textDigest(`第${i}行`));
    const read = decodeDigests(encodeDigests(digests));
    expect(read?.size).toBe(new Set(digests).size);
    expect(read?.has(digests[99_999]!)).toBe(true);
  });

  it("a settings text that is not theirs is refused (null), not read as digests", () => {
    expect(decodeDigests("not base64!")).toBeNull();
    expect(decodeDigests("AAAA")).toBeNull();
    expect(decodeDigests("")?.size).toBe(0);
    // Four bytes out of order, or twice: not what a run writes.
    expect(decodeDigests(btoa("\x00\x00\x00\x02\x00\x00\x00\x01"))).toBeNull();
    expect(decodeDigests(btoa("\x00\x00\x00\x01\x00\x00\x00\x01"))).toBeNull();
    expect(decodeDigests(btoa("\x00\x00\x00\x01\x00\x00\x00\x02"))?.size).toBe(2);
  });
});
