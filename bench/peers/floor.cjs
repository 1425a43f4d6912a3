// The floor: unzip the package and scan the sheet's cells once (total and tier per row), writing
// nothing. Any reader must at least do this. node bench/peers/floor.cjs <input.xlsx>
const { readFileSync } = require("node:fs");
const zlib = require("node:zlib");
const { tierOf } = require("./tier.cjs");

function entry(buffer, wanted) {
  let end = buffer.length - 22;
  while (buffer.readUInt32LE(end) !== 0x06054b50) end--;
  let at = buffer.readUInt32LE(end + 16);
  for (let i = buffer.readUInt16LE(end + 10); i > 0; i--) {
    const nameLength = buffer.readUInt16LE(at + 28);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    const local = buffer.readUInt32LE(at + 42);
    if (name === wanted) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      return zlib.inflateRawSync(buffer.subarray(start, start + buffer.readUInt32LE(at + 20)));
    }
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  throw new Error(`no ${wanted}`);
}

const xml = entry(readFileSync(process.argv[2]), "xl/worksheets/sheet1.xml").toString("latin1");
const counts = new Map();
const cell = /<c r="([A-Z]+)(\d+)"[^>]*>(?:<v>([^<]*)<\/v>)?/g;
let row = 0;
let total = 0;
for (let m = cell.exec(xml); m; m = cell.exec(xml)) {
  const r = Number(m[2]);
  if (r !== row) {
    if (row > 2) counts.set(tierOf(total), (counts.get(tierOf(total)) ?? 0) + 1);
    row = r;
    total = 0;
  }
  if (m[1] >= "D" && m[1] <= "H" && m[1].length === 1) total += Number(m[3]) || 0;
}
if (row > 2) counts.set(tierOf(total), (counts.get(tierOf(total)) ?? 0) + 1);
process.stdout.write(JSON.stringify([...counts]) + "\n");
