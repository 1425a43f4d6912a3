/**
 * Excel's documented limits, through Microsoft's own office.js (the emulated host): 5 MB requests
 * as the library serialises them, more than 512 merged areas, more than 5 million cells, protected
 * sheets, a sync that never returns, owned sheets rewritten in place.
 */
import { OfficeAdapterError } from "../../src/excel";
import { recompute, SETTINGS_SHEET } from "../../src/workbook";
import { serviceOrg } from "../fixtures/workbooks";
import { FakeExcel, PAYLOAD_LIMIT_BYTES } from "../support/fake-excel";
import { officeHost } from "../support/office-host/host";
import { payloads } from "../support/office-run";

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4));

/** Rows 3.. of the scoring sheet with every third one hidden (a filter). */
function filtered(rows: number): FakeExcel {
  const fixture = serviceOrg(rows);
  fixture.sheets[0].hiddenRows = Array.from({ length: Math.floor(rows / 3) }, (_, i) => 3 + i * 3);
  return FakeExcel.fromDescription(fixture);
}

describe("requests stay under 5 MB as office.js sends them", () => {
  test("hidden rows of a filtered 100,000-row sheet: every request and response under 5 MB, every hidden row found", async () => {
    const excel = filtered(100_000);
    const snapshot = await officeHost(excel).adapter().read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.hiddenRows).toHaveLength(33_333);
    expect(snapshot.sheet.hiddenRows.slice(0, 3)).toEqual([3, 6, 9]);
    expect(snapshot.sheet.hiddenRows.at(-1)).toBe(99_999);
    const p = payloads(excel);
    // The one-sync read is refused for its response (17 MB); the sheet is then read in blocks.
    expect(excel.syncs.filter((s) => s.error).map((s) => s.error)).toEqual([
      "ResponsePayloadSizeLimitExceeded",
    ]);
    expect(p.maxRequest).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(p.maxResponse).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    // The hidden-row question costs a few hundred bytes of request, not one range per row.
    expect(Math.min(...excel.syncs.map((s) => s.requestBytes))).toBeLessThan(2_000);
  }, 300_000);

  test("a filtered 20,000-row sheet is rated and written with every request under the budget", async () => {
    const excel = filtered(20_000);
    const result = await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW });
    expect(result.ok).toBe(true);
    expect(payloads(excel).maxRequest).toBeLessThan(3.5 * 1024 * 1024);
    expect(excel.syncs.filter((s) => s.error)).toEqual([]);
  }, 300_000);

  test("a request Excel refuses for its size is split and sent again; the write completes", async () => {
    // A host with a smaller limit than the adapter's budget: the first write request is refused.
    const excel = FakeExcel.fromDescription(serviceOrg(3_000), { payloadLimit: 600_000 });
    const result = await recompute(officeHost(excel).adapter({ requestBudget: 2_000_000 }), {
      lang: "zh",
      now: NOW,
    });
    expect(result.ok).toBe(true);
    const refused = excel.syncs.filter((s) => s.error === "RequestPayloadSizeLimitExceeded");
    expect(refused.length).toBeGreaterThan(0);
    const values = excel.readValues("评分表");
    expect(values[2][12]).toEqual(expect.any(String)); // 评定星级 of the first branch
    expect(values[3_001][12]).toEqual(expect.any(String)); // and of the last
  }, 120_000);

  test("a write cut off part way says what was written and what was not", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(3_000));
    // The read and the first write request pass; the second write request fails.
    excel.failAfterRequests = 2;
    const result = await recompute(officeHost(excel).adapter({ requestBudget: 300_000 }), {
      lang: "zh",
      now: NOW,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.cause).toMatchObject({ code: "PARTIAL_WRITE" });
    expect(result.error.message).toMatch(/已写入「评分表」第 2–\d+ 行；/);
    expect(result.error.message).toMatch(/未写入：.*评定汇总/);
    expect(result.error.text("en")).toMatch(/not written: .*评定汇总/);
  }, 120_000);
});

describe("merged areas", () => {
  test("600 merged areas (over Excel's 512 per call) are read by table range in pieces", async () => {
    const fixture = serviceOrg(1_300);
    const merges = Array.from({ length: 600 }, (_, i) => ({
      top: 3 + 2 * i,
      left: 3,
      bottom: 4 + 2 * i,
      right: 3,
    }));
    fixture.sheets[0].merges = [...(fixture.sheets[0].merges ?? []), ...merges];
    const excel = FakeExcel.fromDescription(fixture);
    const snapshot = await officeHost(excel).adapter().read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.merges).toHaveLength(601);
    expect(snapshot.sheet.merges).toContainEqual({ top: 1201, left: 3, bottom: 1202, right: 3 });
    // The whole-range call failed once; the pieces did not.
    expect(excel.syncs.filter((s) => s.error).map((s) => s.error)).toEqual(["InvalidOperation"]);
  }, 120_000);

  test("50,000 rows with 600 merged areas: the re-read too large for one response is read in row blocks, merges in pieces", async () => {
    // Before: the read with merges in pieces asked for all 50,000 rows in one response (8.8 MB),
    // Excel refused it for size and the run failed ("payload size exceeded").
    const rows = 50_000;
    const fixture = serviceOrg(rows);
    const merges = Array.from({ length: 600 }, (_, i) => ({
      top: 3 + 2 * i,
      left: 3,
      bottom: 4 + 2 * i,
      right: 3,
    }));
    fixture.sheets[0].merges = [...(fixture.sheets[0].merges ?? []), ...merges];
    const excel = FakeExcel.fromDescription(fixture);
    const snapshot = await officeHost(excel).adapter().read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.values).toHaveLength(rows + 2);
    expect(snapshot.sheet.values[rows + 1][1]).toBe(`第${rows}党支部`);
    expect(snapshot.sheet.merges).toHaveLength(601);
    expect(excel.syncs.filter((s) => s.error).map((s) => s.error)).toEqual([
      "InvalidOperation",
      "ResponsePayloadSizeLimitExceeded",
    ]);
    const accepted = excel.syncs.filter((s) => !s.error);
    expect(Math.max(...accepted.map((s) => Math.max(s.requestBytes, s.responseBytes)))).toBeLessThan(
      PAYLOAD_LIMIT_BYTES,
    );
  }, 300_000);
});

describe("more cells than Excel returns", () => {
  test("values that come back null are read again in blocks of rows, with the same values", async () => {
    const plain = FakeExcel.fromDescription(serviceOrg(200));
    const expected = await officeHost(plain).adapter().read({ settingsSheet: SETTINGS_SHEET });
    const excel = FakeExcel.fromDescription(serviceOrg(200), { cellReadLimit: 1_000 });
    const snapshot = await officeHost(excel)
      .adapter({ requestBudget: 20_000 })
      .read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.values).toEqual(expected.sheet.values);
  });

  test("when even a block comes back null, the message says the used range is too large (not a TypeError)", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(200), { cellReadLimit: 5 });
    const error = await officeHost(excel)
      .adapter()
      .read({ settingsSheet: SETTINGS_SHEET })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeAdapterError);
    expect((error as OfficeAdapterError).code).toBe("TOO_MANY_CELLS");
    expect((error as OfficeAdapterError).text("zh")).toMatch(/已用区域太大（202 行 × 10 列）/);
  });
});

describe("protected sheets and syncs that never return", () => {
  test("a protected scoring sheet is refused before anything is written", async () => {
    const fixture = serviceOrg(20);
    fixture.sheets[0].protected = true;
    const excel = FakeExcel.fromDescription(fixture);
    const before = excel.snapshot();
    const result = await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.cause).toMatchObject({ code: "SHEET_PROTECTED" });
    expect(result.error.message).toMatch(/「评分表」受保护.*未写入任何内容/);
    expect(excel.snapshot()).toBe(before);
    expect(excel.writeSyncs).toBe(0);
  });

  test("the in-memory Excel refuses writes to a protected sheet (AccessDenied), as Excel does", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["x"]], protected: true }] });
    const error = await officeHost(excel)
      .run(async (context) => {
        context.workbook.worksheets.getItem("S").getRange("A1").values = [["y"]];
        await context.sync();
      })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("AccessDenied");
    expect(excel.readValues("S")).toEqual([["x"]]);
  });

  test("a protected workbook structure is refused before anything is written when the run would add sheets", async () => {
    const excel = FakeExcel.fromDescription({ ...serviceOrg(20), structureProtected: true });
    const before = excel.snapshot();
    const result = await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.cause).toMatchObject({ code: "WORKBOOK_PROTECTED" });
    expect(result.error.message).toContain(
      "工作簿结构受保护，无法添加或显示、隐藏工作表「评定汇总」、「评定核查」、「公示名单」。",
    );
    expect(result.error.message).not.toContain("_星级评定");
    expect(excel.snapshot()).toBe(before);
    expect(excel.writeSyncs).toBe(0);
  });

  test("a later run in a protected workbook that already has the tool's sheets is written", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(20));
    expect((await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW })).ok).toBe(true);
    excel.structureProtected = true;
    const again = await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW });
    expect(again.ok).toBe(true);
    expect(excel.sheets.map((s) => s.name)).toEqual([
      "评分表",
      "评定汇总",
      "评定核查",
      "公示名单",
      "_星级评定",
    ]);
  });

  test("the in-memory Excel refuses a sheet added to a workbook whose structure is protected, as Excel does", async () => {
    const excel = FakeExcel.fromDescription({
      sheets: [{ name: "S", rows: [["x"]] }],
      structureProtected: true,
    });
    const error = await officeHost(excel)
      .run(async (context) => {
        context.workbook.worksheets.add("T");
        await context.sync();
      })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("AccessDenied");
    expect(excel.sheets.map((s) => s.name)).toEqual(["S"]);
  });

  test("a read that never returns ends with a clear message within the time limit", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(5));
    excel.hang = true;
    // The sync never returns, so only the adapter's time limit can end the read: reaching the TIMEOUT
    // error at all is the proof (a wall-clock bound failed under CI load when a worker's GC paused).
    const error = await officeHost(excel)
      .adapter({ timeoutMs: 300 })
      .read({ settingsSheet: SETTINGS_SHEET })
      .catch((e: unknown) => e);
    expect((error as OfficeAdapterError).code).toBe("TIMEOUT");
    expect((error as OfficeAdapterError).text("zh")).toMatch(/没有返回表格内容.*未写入任何内容/);
  });

  test("a write that never returns ends within the time limit and says the results may be partly written", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(5));
    const adapter = officeHost(excel).adapter({ timeoutMs: 300 });
    const snapshot = await adapter.read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.name).toBe("评分表");
    excel.hang = true;
    const error = await adapter
      .apply({ ops: [{ kind: "values", sheet: "评分表", row: 3, col: 12, values: [["x"]] }] })
      .catch((e: unknown) => e);
    expect((error as OfficeAdapterError).code).toBe("TIMEOUT");
    expect((error as OfficeAdapterError).text("zh")).toMatch(/可能只写入了一部分/);
  });
});

describe("owned sheets are rewritten in place", () => {
  test("a formula in a user sheet that points into 评定汇总 survives a recompute; no sheet is deleted", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(20));
    const first = await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW });
    expect(first.ok).toBe(true);
    const summary = excel.requireSheet("评定汇总");
    const user = excel.addSheet("我的引用");
    Object.assign(excel.cellAt(user, 0, 0, true)!, { formula: "='评定汇总'!B5", value: 3 });
    const second = await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW });
    expect(second.ok).toBe(true);
    expect(excel.cell("我的引用", "A1")).toMatchObject({ formula: "='评定汇总'!B5" });
    expect(excel.cell("我的引用", "A1")?.error).toBeUndefined();
    expect(excel.requireSheet("评定汇总")).toBe(summary); // the same sheet, emptied and rewritten
    expect(excel.deletedSheets).toEqual([]);
    expect(summary.charts).toEqual([]); // 星级分布 is a text bar, no chart to rebuild
  });

  test("a re-run uses no API that clears Excel's undo history (sheet delete, position, visibility)", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(20));
    expect((await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW })).ok).toBe(true);
    const firstRun = [...excel.undoClearing];
    expect(firstRun.every((c) => c.startsWith("Visibility "))).toBe(true); // hiding a new settings sheet
    expect((await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW })).ok).toBe(true);
    expect(excel.undoClearing.slice(firstRun.length)).toEqual([]);
  });

  test("a second write without a new read looks at the workbook again: a sheet the user renamed meanwhile does not make it fail", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(5));
    const adapter = officeHost(excel).adapter();
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    const plan = {
      ops: [
        { kind: "ensureSheet" as const, sheet: "评定汇总", visibility: "visible" as const, clear: true },
        { kind: "values" as const, sheet: "评定汇总", row: 1, col: 1, values: [["汇总"]] },
      ],
    };
    await adapter.apply(plan);
    excel.requireSheet("评定汇总").name = "我改的名字";
    await adapter.apply(plan);
    expect(excel.readValues("评定汇总")).toEqual([["汇总"]]);
    expect(excel.readValues("我改的名字")).toEqual([["汇总"]]);
  });

  test("the in-memory Excel breaks references into a deleted sheet (#REF!), so the test above can fail", async () => {
    const excel = FakeExcel.fromDescription({
      sheets: [
        { name: "A", rows: [["x"]] },
        { name: "评定汇总", rows: [["y"]] },
      ],
    });
    Object.assign(excel.cellAt(excel.requireSheet("A"), 1, 0, true)!, {
      formula: "='评定汇总'!A1",
      value: "y",
    });
    await officeHost(excel).run(async (context) => {
      context.workbook.worksheets.getItem("评定汇总").delete();
      await context.sync();
    });
    expect(excel.cell("A", "A2")).toMatchObject({ formula: "=#REF!", error: true });
    expect(excel.undoClearing).toEqual(["Delete 评定汇总"]);
  });
});
