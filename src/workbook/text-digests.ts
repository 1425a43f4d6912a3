/**
 * What a run wrote in a result column whose text it cannot work out again (评定标记: its flags name
 * cells and values that may have changed since; 评定说明), kept as digests in the settings: a later
 * run can then tell its own text from one typed over it (docs/layout.md "Results edited by hand")
 * without storing the texts. 32 bits a text: among 100,000 texts, an edited one passes for written about
 * once in 40,000 edits. Pure: runs in a browser too (TextEncoder, TextDecoder, atob).
 */

/**
 * The result columns whose texts are kept as digests: 评定标记, and 评定说明, whose chain a remark can be
 * appended to ("总分87.50 → 三星级（经复核）") while it still ends as a run's does.
 */
export type DigestedKey = "flags" | "explanation";
export const DIGESTED_KEYS: readonly DigestedKey[] = ["flags", "explanation"];

/**
 * FNV-1a over the text's UTF-16 code units. A run's texts have no whitespace around them; a cell
 * read back is trimmed before its digest is taken (a trim here cost a third of the time, at 150,000 texts).
 */
export function textDigest(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const BASE64 = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const PAD = 61; // "="

/** Digests as the settings carry them: distinct, ascending, four bytes each (big-endian), in base64. */
export function encodeDigests(digests: Iterable<number>): string {
  const sorted = Uint32Array.from(digests).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
  const bytes = new Uint8Array(distinct * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < distinct; i++) view.setUint32(i * 4, sorted[i]!);
  // Base64 by hand into bytes, decoded once: btoa wants a string of bytes, which took ~40 ms to
  // build at 57,000 digests, as did the text built four characters at a time.
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  for (let i = 0, o = 0; i < bytes.length; i += 3, o += 4) {
    const left = bytes.length - i;
    const a = bytes[i]!;
    const b = left > 1 ? bytes[i + 1]! : 0;
    const c = left > 2 ? bytes[i + 2]! : 0;
    out[o] = BASE64[a >> 2]!;
    out[o + 1] = BASE64[((a & 3) << 4) | (b >> 4)]!;
    out[o + 2] = left > 1 ? BASE64[((b & 15) << 2) | (c >> 6)]! : PAD;
    out[o + 3] = left > 2 ? BASE64[c & 63]! : PAD;
  }
  return new TextDecoder().decode(out);
}

/** Digests read back: ascending, looked up by halving (a Set of 57,000 took ~13 ms to fill). */
export class DigestSet {
  constructor(private readonly sorted: Uint32Array) {}

  get size(): number {
    return this.sorted.length;
  }

  has(digest: number): boolean {
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.sorted[mid]!;
      if (d === digest) return true;
      if (d < digest) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** The digests in a settings text, or null when it is not what encodeDigests writes (edited by hand). */
export function decodeDigests(text: string): DigestSet | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  if (binary.length % 4 !== 0) return null;
  const sorted = new Uint32Array(binary.length / 4);
  for (let i = 0; i < sorted.length; i++) {
    const at = i * 4;
    sorted[i] =
      ((binary.charCodeAt(at) << 24) |
        (binary.charCodeAt(at + 1) << 16) |
        (binary.charCodeAt(at + 2) << 8) |
        binary.charCodeAt(at + 3)) >>>
      0;
    // Written ascending and distinct: anything else was not written by encodeDigests.
    if (i > 0 && sorted[i]! <= sorted[i - 1]!) return null;
  }
  return new DigestSet(sorted);
}
