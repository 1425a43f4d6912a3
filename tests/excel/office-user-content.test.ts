/**
 * What a user typed stays, through office.js and the emulated host: the edits an office worker
 * makes between two runs (rows deleted, notes typed under or beside the results) and what the
 * re-run writes and leaves.
 */
import { render } from "../../src/messages";
import { chunkText, recompute, SETTINGS_SHEET } from "../../src/workbook";
import { serviceOrg } from "../fixtures/workbooks";
import { FakeExcel } from "../support/fake-excel";
import { fakeAdapter } from "../support/office-run";

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4));

async function rate(excel: FakeExcel): Promise<string[]> {
  const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.error.msg));
  return result.warnings;
}

describe("a note typed under the result columns", () => {
  test("survives a re-run after the last branches' rows were deleted (settings name the old last row)", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(6));
    await rate(excel);
    const sheet = excel.requireSheet("评分表");
    // Rows 6–8 (第4–6党支部) deleted: the table is rows 3–5 now; the settings still say row 8.
    sheet.cells.splice(5, 3);
    // A note typed in row 7 under 评定说明 (P), and a count under 评定星级 (M) in row 8.
    excel.cellAt(sheet, 6, 15, true)!.value = "注：第4–6党支部已撤销，不再评定";
    excel.cellAt(sheet, 7, 11, true)!.value = "三星级个数";
    excel.cellAt(sheet, 7, 12, true)!.value = 2;
    await rate(excel);
    expect(excel.readValues("评分表")[6]?.[15]).toBe("注：第4–6党支部已撤销，不再评定");
    expect(excel.readValues("评分表")[7]?.slice(11, 13)).toEqual(["三星级个数", 2]);
  });

  test("stale results under a table shortened by clearing its last rows are still cleared", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(6));
    await rate(excel);
    const sheet = excel.requireSheet("评分表");
    for (const r of [6, 7]) for (let c = 0; c < 10; c++) delete sheet.cells[r]![c];
    await rate(excel);
    const values = excel.readValues("评分表");
    expect(values[4]?.[12]).toMatch(/星级$/);
    expect((values[6] ?? []).slice(10)).toEqual([]);
    expect((values[7] ?? []).slice(10)).toEqual([]);
  });
});

describe("results typed over between two runs", () => {
  test("a note in 评定标记 and a remark appended to 评定说明 stop the re-run, naming the cells; nothing is written", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(6));
    await rate(excel);
    const sheet = excel.requireSheet("评分表");
    // Row 4: a note typed into 评定标记 (O); row 5: a remark after 评定说明's chain (P).
    excel.cellAt(sheet, 3, 14, true)!.value = "已电话核实";
    const explanation = excel.cellAt(sheet, 4, 15, true)!;
    explanation.value = `${String(explanation.value)}（经党委复核）`;
    const before = excel.snapshot();
    const again = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(!again.ok && again.error.code).toBe("RESULTS_EDITED");
    const text = !again.ok ? render(again.error.msg, "zh") : "";
    expect(text).toContain("O4「已电话核实」不是评定写出的标记");
    expect(text).toContain("P5「");
    expect(excel.snapshot()).toBe(before);
  });
});

describe("a sheet of the user's under an owned name", () => {
  test("is left alone in a workbook of more than 40 sheets (one per branch): its top is read too", async () => {
    const fixture = serviceOrg(5);
    for (let i = 1; i <= 45; i++)
      fixture.sheets.push({ name: `第${i}党支部`, rows: [["申报表"], ["得分", 90]] });
    const excel = FakeExcel.fromDescription(fixture);
    await rate(excel);
    excel.sheets.splice(
      excel.sheets.findIndex((s) => s.name === "公示名单"),
      1,
    );
    const own = excel.addSheet("公示名单");
    own.cells = [[{ value: "我单位自己排版的公示（正式稿）" }], [{ value: "第一段正文……" }]];
    const warnings = await rate(excel);
    expect(excel.readValues("公示名单")).toEqual([["我单位自己排版的公示（正式稿）"], ["第一段正文……"]]);
    expect(String(excel.readValues("公示名单 (2)")[0]![0])).toMatch(/^关于.*公示$/);
    expect(warnings.join("\n")).toContain("公示名单 (2)");
  });
});

describe("without the settings sheet (the sheets copied into a new workbook)", () => {
  test("a copy of 公示名单 the user edited, placed before it, stays; the tool's own is rebuilt", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(4));
    await rate(excel);
    const notice = excel.requireSheet("公示名单");
    // Excel's 移动或复制 › 建立副本, placed before the original: "公示名单 (2)", then edited.
    const copy = excel.addSheet("公示名单 (2)");
    copy.cells = notice.cells.map((row) => row?.map((c) => (c ? { ...c } : c)));
    excel.sheets.splice(excel.sheets.indexOf(copy), 1);
    excel.sheets.splice(excel.sheets.indexOf(notice), 0, copy);
    copy.cells[2] = [{ value: "（领导修改后的正文）" }];
    excel.sheets.splice(
      excel.sheets.findIndex((s) => s.name === SETTINGS_SHEET),
      1,
    );
    const warnings = await rate(excel);
    expect(excel.readValues("公示名单 (2)")[2]).toEqual(["（领导修改后的正文）"]);
    expect(String(excel.readValues("公示名单")[2]?.[0])).toMatch(/现予公示/);
    // Named as an earlier run's copy, not taken for a sheet of the user's that pushed ours aside.
    expect(warnings.join("\n")).toContain("「公示名单 (2)」是本工具以前写出的");
    expect(warnings.join("\n")).not.toContain("不是本工具生成的");
  });
});

describe("a column of the user's own formulas under a result column's header", () => {
  /** serviceOrg with 总分 (=SUM) and 评定星级 (=IF) columns of the user's, right of the table (K, L). */
  function withOwnFormulas(tierHeader: string) {
    const fixture = serviceOrg(4);
    const rows = fixture.sheets[0].rows;
    rows[1] = [...rows[1], "总分", tierHeader];
    for (let r = 2; r < rows.length; r++) {
      const row = r + 1;
      rows[r] = [
        ...rows[r],
        { formula: `SUM(D${row}:H${row})`, result: 80 },
        { formula: `IF(K${row}>=90,"五星级","四星级")`, result: "四星级" },
      ];
    }
    return FakeExcel.fromDescription(fixture);
  }

  test("is refused before anything is written, naming the column and its first formula", async () => {
    const excel = withOwnFormulas("评定星级");
    const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("USER_FORMULAS");
    expect(render(result.error.msg, "zh")).toContain(
      "工作表「评分表」的「评定星级」列是您自己的公式（如 L3）",
    );
    expect(excel.cell("评分表", "L3")?.formula).toBe('=IF(K3>=90,"五星级","四星级")');
    expect(excel.sheets.map((s) => s.name)).toEqual(["评分表"]);
  });

  test("the committee's own tiers typed under 评定星级 are refused the same way", async () => {
    const fixture = serviceOrg(4);
    const rows = fixture.sheets[0].rows;
    rows[1] = [...rows[1], "评定星级"];
    for (let r = 2; r < rows.length; r++) rows[r] = [...rows[r], "五星级（党委会定）"];
    const excel = FakeExcel.fromDescription(fixture);
    const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(!result.ok && result.error.code).toBe("USER_VALUES");
    expect(!result.ok && render(result.error.msg, "zh")).toContain(
      "工作表「评分表」的「评定星级」列已有内容（K3「五星级（党委会定）」、K4「五星级（党委会定）」、K5「五星级（党委会定）」）",
    );
    expect(excel.readValues("评分表")[2]?.[10]).toBe("五星级（党委会定）");
    expect(excel.sheets.map((s) => s.name)).toEqual(["评分表"]);
  });

  test("renamed, it is left as it is and the results go right of it", async () => {
    const excel = withOwnFormulas("自算星级");
    await rate(excel);
    expect(excel.cell("评分表", "L3")?.formula).toBe('=IF(K3>=90,"五星级","四星级")');
    expect(excel.cell("评分表", "K3")?.formula).toBe("=SUM(D3:H3)");
    expect(excel.readValues("评分表")[1]).toContain("评定星级");
    expect(excel.readValues("评分表")[1]?.indexOf("评定星级")).toBeGreaterThan(11);
  });
});

describe("a line added to an owned sheet outside the block the tool wrote", () => {
  /** A run of serviceOrg(4) and the 公示名单's rows as it wrote them (the 落款's date is the last). */
  async function rated(): Promise<{ excel: FakeExcel; rows: number }> {
    const excel = FakeExcel.fromDescription(serviceOrg(4));
    await rate(excel);
    return { excel, rows: excel.readValues("公示名单").length };
  }

  /** Settings as an earlier version wrote them: no block of each owned sheet. */
  function forgetWrittenBlocks(excel: FakeExcel): void {
    const sheet = excel.requireSheet(SETTINGS_SHEET);
    const json = sheet.cells.map((row) => row?.[0]?.value ?? "").join("");
    const settings = JSON.parse(json) as { owned: { written?: unknown } };
    expect(settings.owned.written).toBeDefined();
    delete settings.owned.written;
    sheet.cells = chunkText(JSON.stringify(settings, null, 2)).map((c) => [{ value: c }]);
  }

  test("a 盖章 line under the 公示名单's 落款 stays; the results go to 公示名单 (2), and the run says so", async () => {
    const { excel, rows } = await rated();
    excel.cellAt(excel.requireSheet("公示名单"), rows + 1, 0, true)!.value = "（盖章）";
    const typed = excel.readValues("公示名单");
    const warnings = (await rate(excel)).join("\n");
    expect(excel.readValues("公示名单")).toEqual(typed);
    expect(String(excel.readValues("公示名单 (2)")[0]![0])).toMatch(/^关于.*公示$/);
    expect(warnings).toContain(
      `「公示名单」中有本工具没有写的内容（如 A${rows + 2}「（盖章）」），已原样保留；本次结果写在「公示名单 (2)」。`,
    );
    // Said once, not again as a stale copy to delete.
    expect(warnings).not.toContain("是本工具以前写出的");
    // The next run rebuilds 公示名单 (2) in place and still leaves the user's alone.
    await rate(excel);
    expect(excel.readValues("公示名单")).toEqual(typed);
    expect(excel.sheets.map((s) => s.name)).not.toContain("公示名单 (3)");
  });

  test("a remark beside the ranking in 评定汇总 stays; the results go to 评定汇总 (2)", async () => {
    const { excel } = await rated();
    const summary = excel.readValues("评定汇总");
    const right = Math.max(...summary.map((row) => row.length));
    excel.cellAt(excel.requireSheet("评定汇总"), 4, right + 1, true)!.value = "备注：第2党支部整改中";
    const warnings = (await rate(excel)).join("\n");
    expect(excel.readValues("评定汇总")[4]?.[right + 1]).toBe("备注：第2党支部整改中");
    expect(excel.readValues("评定汇总 (2)").length).toBeGreaterThan(0);
    expect(warnings).toContain("「评定汇总」中有本工具没有写的内容");
  });

  test("with 监督电话/联系人 typed too, the 公示名单 (2) carries them", async () => {
    const { excel, rows } = await rated();
    const notice = excel.requireSheet("公示名单");
    const line = excel.readValues("公示名单").findIndex((row) => /^监督电话/.test(String(row[0])));
    excel.cellAt(notice, line, 0, true)!.value = "监督电话：0351-1234567    联系人：王老师";
    excel.cellAt(notice, rows + 1, 0, true)!.value = "（盖章）";
    await rate(excel);
    expect(excel.readValues("公示名单")[line]?.[0]).toBe("监督电话：0351-1234567    联系人：王老师");
    expect(String(excel.readValues("公示名单 (2)")[line]?.[0])).toContain("0351-1234567");
  });

  test("without typing, or with 监督电话 typed on its line, a re-run rebuilds in place: no (2)", async () => {
    const { excel } = await rated();
    expect((await rate(excel)).join("\n")).not.toContain("(2)");
    const line = excel.readValues("公示名单").findIndex((row) => /^监督电话/.test(String(row[0])));
    excel.cellAt(excel.requireSheet("公示名单"), line, 0, true)!.value = "监督电话：0351-1234567    联系人：";
    const warnings = (await rate(excel)).join("\n");
    expect(warnings).not.toContain("(2)");
    expect(excel.sheets.map((s) => s.name)).not.toContain("公示名单 (2)");
    expect(String(excel.readValues("公示名单")[line]?.[0])).toContain("0351-1234567");
  });

  test("a cell beyond the block that is only formatted is no content: rebuilt in place", async () => {
    const { excel, rows } = await rated();
    Object.assign(excel.cellAt(excel.requireSheet("公示名单"), rows + 2, 3, true)!, {
      fill: "#FFFF00",
      bold: true,
    });
    await rate(excel);
    expect(excel.sheets.map((s) => s.name)).not.toContain("公示名单 (2)");
  });

  test("settings of an earlier version (no block stored) rebuild the 公示名单 as before", async () => {
    const { excel, rows } = await rated();
    forgetWrittenBlocks(excel);
    excel.cellAt(excel.requireSheet("公示名单"), rows + 1, 0, true)!.value = "（盖章）";
    await rate(excel);
    expect(excel.sheets.map((s) => s.name)).not.toContain("公示名单 (2)");
    expect(excel.readValues("公示名单").length).toBe(rows);
  });
});
