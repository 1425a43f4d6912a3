import { AppError, msg, render } from "../../src/messages";
import { renderInExcel, textInExcel } from "../../src/taskpane/paneText";
import { thrownText } from "../../src/taskpane/services";

/** What an Excel user must never read: command-line options, scheme ids, "no sheet was named". */
const INTERNALS = /--[a-z]|未指定工作表|service-org|No sheet was named/;

describe("catalogue messages worded for Excel users", () => {
  test("the sheet fallback says which sheet's table is used, without 未指定工作表 or --sheet", () => {
    const notice = msg("SHEET_FALLBACK", { first: "说明", used: "2025年", others: ["2026年"] });
    expect(render(notice, "zh")).toMatch(INTERNALS); // the catalogue's own text is for every front end
    const text = textInExcel(notice);
    expect(text.message).toBe(
      "「说明」中没有评分表，使用的是「2025年」中的评分表。另有评分表的工作表：「2026年」；要评定其中一张，请先切换到该工作表。",
    );
    expect(text.messageEn).toBe(
      '"说明" holds no scoring table; the table in "2025年" is used. Other sheets with a table: "2026年"; to rate one, switch to it first.',
    );
    expect(renderInExcel(msg("SHEET_FALLBACK", { first: "说明", used: "2025年", others: [] }), "zh")).toBe(
      "「说明」中没有评分表，使用的是「2025年」中的评分表。",
    );
  });

  test("no rubric fits: scheme names, not ids, and where to choose in the pane", () => {
    const error = msg("NO_RUBRIC_MATCH", {
      sheet: "Sheet1",
      presets: [{ id: "service-org", name: "服务型", nameEn: "Service" }],
      rows: 12,
    });
    const text = textInExcel(error);
    expect(text.message).toContain("「服务型」");
    expect(text.message).toContain("表头在前 12 行中查找");
    expect(text.message).toContain("使用的方案");
    expect(`${text.message} ${text.messageEn}`).not.toMatch(INTERNALS);
  });

  test("nested causes are worded for Excel too", () => {
    const inner = msg("NO_TABLE_ON_VISIBLE_SHEETS", {
      cause: msg("SETTINGS_PARTIAL"),
      sheets: ["说明", "Sheet2"],
    });
    const outer = msg("CARRIED_RUBRIC_USED", { cause: inner, rubric: "服务型", rubricEn: "Service" });
    const text = textInExcel(outer);
    expect(text.message).toContain("新建评分表");
    expect(text.message).toContain("工作簿中保存的方案「服务型」");
    expect(`${text.message} ${text.messageEn}`).not.toMatch(INTERNALS);
  });

  test("every other message is the catalogue's text unchanged", () => {
    const notice = msg("SUMMARY_RENAMED", { wanted: "评定汇总", used: "评定汇总 (2)" });
    expect(textInExcel(notice)).toEqual({ message: render(notice, "zh"), messageEn: render(notice, "en") });
  });
});

describe("an error shown in the pane or on the page", () => {
  it("is told in the page's language when it carries both (a file the page could not open)", () => {
    const fromWorker = Object.assign(new Error("fake.xlsx 不是 .xlsx 文件"), {
      text: { message: "fake.xlsx 不是 .xlsx 文件", messageEn: "fake.xlsx is not an .xlsx file" },
    });
    expect(thrownText(fromWorker).messageEn).toContain("fake.xlsx is not an .xlsx file");
    expect(thrownText(fromWorker).messageEn).not.toMatch(/[\u4e00-\u9fff]/);
    const app = new AppError(msg("SHEET_EMPTY", { sheet: "表" }));
    expect(thrownText(app).messageEn).toContain(render(app.msg, "en"));
    expect(thrownText(app).message).toContain(render(app.msg, "zh"));
  });

  it("with one text only, shows that text in both languages", () => {
    const text = thrownText(new TypeError("x is undefined"));
    expect(text.message).toContain("x is undefined");
    expect(text.messageEn).toContain("x is undefined");
  });
});
