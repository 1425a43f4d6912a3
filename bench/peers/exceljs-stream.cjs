// The least a user's own script does with ExcelJS's streaming reader and writer: read the table,
// total and tier per branch, write the rows with two result columns and a small summary, save.
// node bench/peers/exceljs-stream.cjs <input.xlsx> <output.xlsx>
const ExcelJS = require("exceljs");
const { tierOf } = require("./tier.cjs");

async function main(input, output) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: output, useSharedStrings: true });
  const out = writer.addWorksheet("评分表");
  const counts = new Map();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: "cache", worksheets: "emit" });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values.slice(1);
      if (row.number > 2) {
        let total = 0;
        for (let c = 3; c <= 7; c++) total += Number(values[c]) || 0;
        const tier = tierOf(total);
        counts.set(tier, (counts.get(tier) ?? 0) + 1);
        values[10] = total;
        values[11] = tier;
      }
      out.addRow(values).commit();
    }
    break;
  }
  await out.commit();
  const summary = writer.addWorksheet("评定汇总");
  for (const [tier, n] of counts) summary.addRow([tier, n]).commit();
  await summary.commit();
  await writer.commit();
}

main(process.argv[2], process.argv[3]).catch((e) => {
  console.error(e);
  process.exit(1);
});
