// The least a user's own script does with SheetJS (npm "xlsx"): read the workbook, total and tier
// per branch, add two columns and a summary sheet, write it.
// node bench/peers/sheetjs.cjs <input.xlsx> <output.xlsx>
const XLSX = require("xlsx");
const { tierOf } = require("./tier.cjs");

const [input, output] = process.argv.slice(2);
const book = XLSX.readFile(input);
const sheet = book.Sheets[book.SheetNames[0]];
const rows = XLSX.utils.sheet_to_json(sheet, { header: 1, defval: null });
const counts = new Map();
for (let r = 2; r < rows.length; r++) {
  const row = rows[r];
  let total = 0;
  for (let c = 3; c <= 7; c++) total += Number(row[c]) || 0;
  const tier = tierOf(total);
  counts.set(tier, (counts.get(tier) ?? 0) + 1);
  row[10] = total;
  row[11] = tier;
}
book.Sheets[book.SheetNames[0]] = XLSX.utils.aoa_to_sheet(rows);
XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([...counts]), "评定汇总");
XLSX.writeFile(book, output, { compression: true });
