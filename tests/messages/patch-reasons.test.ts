/**
 * Why the package patcher stepped aside is shown to the user in the note that the whole workbook was
 * written anew (src/messages/patch-reasons.ts): every reason is said in Chinese and in English, and
 * names the sheet and part it was found in.
 */
import { render } from "../../src/messages";
import { PATCH_REASONS, type PatchReason } from "../../src/messages/patch-reasons";

const PLACE = {
  sheet: "评分表",
  part: "xl/worksheets/sheet1.xml",
  element: "sheetData",
  row: 7,
  detail: "x",
};
/** Reasons about the package as a whole: no sheet or part of their own to name. */
const WHOLE_PACKAGE: PatchReason[] = [
  "zipFeatures",
  "rootedPartNames",
  "noWorkbookPart",
  "noWorkbookRelationships",
  "noRelationshipsNamespace",
  "noSheetList",
  "noContentTypes",
  "noStyles",
  "macroSheets",
  "plan",
];

const said = (why: PatchReason) => {
  const message = { code: "PATCH_STEPPED_ASIDE" as const, params: { why, ...PLACE } };
  return { zh: render(message, "zh"), en: render(message, "en") };
};

test.each(Object.keys(PATCH_REASONS) as PatchReason[])("%s is said in Chinese and in English", (why) => {
  const { zh, en } = said(why);
  expect(zh).toMatch(/[\u4e00-\u9fff]{2}/);
  // The English text holds no Chinese but the sheet's name.
  expect(en.replace(PLACE.sheet, "")).not.toMatch(/[\u4e00-\u9fff]/);
  if (!WHOLE_PACKAGE.includes(why)) {
    expect(zh).toContain(`工作表「评分表」（${PLACE.part}）`);
    expect(en).toContain(`sheet "评分表" (${PLACE.part})`);
  }
});

test("a place without a sheet is named by its part, and a row by its number when known", () => {
  const message = (params: object) => ({ code: "PATCH_STEPPED_ASIDE" as const, params });
  expect(render(message({ why: "comment", part: "xl/styles.xml" }), "zh")).toBe(
    "xl/styles.xml 含有 XML 注释",
  );
  expect(render(message({ why: "rowUnclosed", sheet: "评分表", row: 12 }), "zh")).toBe(
    "工作表「评分表」第 12 行没有结束",
  );
  expect(render(message({ why: "rowTagAngle", sheet: "评分表" }), "en")).toBe(
    'sheet "评分表": the start tag of a row has ">" inside an attribute value',
  );
});
