#!/usr/bin/env node
/**
 * Draws the add-in's icons (a gold five-pointed star on a red rounded square) as PNGs, with no
 * dependency beyond Node's zlib, so the artwork is reproducible from source:
 *   node scripts/make-icons.mjs            → assets/icon-{16,32,64,80,128}.png, assets/logo-filled.png
 * Anti-aliasing: each pixel is supersampled on a 4×4 grid.
 */
import { deflateSync } from "node:zlib";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const RED = [200, 16, 46];
const GOLD = [255, 204, 0];
const SAMPLES = 4;

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The star's 10 vertices in unit coordinates (centre 0,0, outer radius 1). */
function starPolygon(outer, inner) {
  const pts = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  return pts;
}
function insidePolygon(x, y, pts) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function insideRoundedSquare(x, y, radius) {
  // x, y in -1..1; corners rounded with the given radius.
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax > 1 || ay > 1) return false;
  const edge = 1 - radius;
  if (ax <= edge || ay <= edge) return true;
  return (ax - edge) ** 2 + (ay - edge) ** 2 <= radius ** 2;
}

function draw(size) {
  const star = starPolygon(0.78, 0.32).map(([x, y]) => [x, y + 0.06]);
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) / size) * 2 - 1;
          const y = ((py + (sy + 0.5) / SAMPLES) / size) * 2 - 1;
          if (!insideRoundedSquare(x, y, 0.3)) continue;
          if (insidePolygon(x, y, star)) fg++;
          else bg++;
        }
      }
      const total = SAMPLES * SAMPLES;
      const covered = bg + fg;
      const o = (py * size + px) * 4;
      if (covered === 0) continue;
      for (let ch = 0; ch < 3; ch++) rgba[o + ch] = Math.round((RED[ch] * bg + GOLD[ch] * fg) / covered);
      rgba[o + 3] = Math.round((255 * covered) / total);
    }
  }
  return png(size, rgba);
}

const assets = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");
mkdirSync(assets, { recursive: true });
for (const size of [16, 32, 64, 80, 128]) writeFileSync(join(assets, `icon-${size}.png`), draw(size));
writeFileSync(join(assets, "logo-filled.png"), draw(128));
console.log("icons written to", assets);
