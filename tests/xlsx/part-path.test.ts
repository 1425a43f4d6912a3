import path from "node:path";
import { posix } from "../../src/xlsx/part-path";

const names = [
  "xl/workbook.xml",
  "workbook.xml",
  "xl/worksheets/../media/a.png",
  "xl//worksheets/./sheet1.xml",
  "../x.xml",
  "a/../../b",
  "xl/",
  "",
  ".",
  "/xl/workbook.xml",
];

test.each(names)("part names as path.posix reads them: %j", (name) => {
  expect(posix.normalize(name)).toBe(path.posix.normalize(name));
  expect(posix.dirname(name)).toBe(path.posix.dirname(name));
  expect(posix.basename(name)).toBe(path.posix.basename(name));
  expect(posix.join(name, "_rels", "x.rels")).toBe(path.posix.join(name, "_rels", "x.rels"));
  expect(posix.join(posix.dirname(name), "../media/a.png")).toBe(
    path.posix.join(path.posix.dirname(name), "../media/a.png"),
  );
});

test.each([
  ["xl", "xl/worksheets/sheet3.xml"],
  [".", "xl/worksheets/sheet3.xml"],
  ["xl/worksheets", "xl/media/a.png"],
  ["xl", "xl"],
])("relative(%j, %j) as path.posix gives it", (from, to) => {
  expect(posix.relative(from, to)).toBe(path.posix.relative(from, to));
});
