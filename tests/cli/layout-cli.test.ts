/**
 * The CLI end to end on generated .xlsx files for the layout rules of docs/layout.md: name columns
 * headed as the plans name the units, side-by-side 自评 | 考评 blocks under a title naming both, and
 * a branch whose 序号 cell says 合计.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type ExcelJS from "exceljs";
import { runCli, type CliIo } from "../../src/cli/run";
import { loadWorkbook } from "../fixtures/snapshot";
import { writeFixture, type FixtureCell, type WorkbookFixture } from "../fixtures/workbooks";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "layout-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function score(name: string, fixture: WorkbookFixture, extra: string[] = []) {
  const input = path.join(dir, `${name}.xlsx`);
  const output = path.join(dir, `${name}-out.xlsx`);
  await writeFixture(fixture, input);
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { SOURCE_DATE_EPOCH: "1767225600" },
    stderrIsTty: false,
  };
  const code = await runCli(["score", input, "-o", output, ...extra], io);
  return { code, stdout, stderr, output };
}

/** The value under the header `header` in `row` of the first sheet (headers searched in rows 1–5). */
function valueUnder(ws: ExcelJS.Worksheet, header: string, row: number): unknown {
  for (let r = 1; r <= 5; r++) {
    const cells = ws.getRow(r).values as unknown[];
    const col = cells.findIndex((v) => v === header);
    if (col > 0) return ws.getRow(row).getCell(col).value;
  }
  throw new Error(`no header ${header}`);
}

const CRITERIA = ["服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"];

describe("score: name columns headed as the plans name the units", () => {
  const cases: [string, string, FixtureCell[], FixtureCell[]][] = [
    ["service-org", "党（总）支部名称", CRITERIA, [19, 19, 19, 19, 19]],
    ["star-branch", "支部（总支）名称", ["考核分数"], [96]],
    [
      "model-organ",
      "单位",
      ["理论学习星", "制度落实星", "党建活动星", "党员先锋星", "自身建设星"],
      ["是", "是", "是", "是", "否"],
    ],
  ];
  test.each(cases)("%s with a name column headed %s is scored", async (id, header, columns, values) => {
    const fixture: WorkbookFixture = {
      title: header,
      sheets: [
        {
          name: "表",
          rows: [
            ["序号", header, ...columns],
            [1, "机关第一党总支", ...values],
          ],
        },
      ],
    };
    const run = await score(`name-${id}`, fixture, ["--json"]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.rubric.id).toBe(id);
    expect(doc.rows.map((r: { name: string }) => r.name)).toEqual(["机关第一党总支"]);
    const ws = (await loadWorkbook(run.output)).worksheets[0]!;
    expect(valueUnder(ws, "评定星级", 2)).toBe(doc.rows[0].tier);
  });
});

/** A title naming both assessments over 支部自评 (C–G) | 机关党委考评 (H–L). */
function comparison(): WorkbookFixture {
  return {
    title: "自评与考评对照表",
    sheets: [
      {
        name: "对照表",
        rows: [
          ["2026年度党支部星级评定自评与考评对照表"],
          [
            "序号",
            "党支部名称",
            "支部自评",
            null,
            null,
            null,
            null,
            "机关党委考评",
            null,
            null,
            null,
            null,
            "群众满意率",
          ],
          [null, null, ...CRITERIA, ...CRITERIA, null],
          [1, "第一党支部", 20, 20, 20, 20, 19, 19, 18, 15, 18, 18, 0.97],
          ["合计", "第二党支部", 18, 18, 18, 18, 18, 19, 19, 19, 19, 19, 0.96],
        ],
        merges: [
          { top: 1, left: 1, bottom: 1, right: 13 },
          { top: 2, left: 1, bottom: 3, right: 1 },
          { top: 2, left: 2, bottom: 3, right: 2 },
          { top: 2, left: 3, bottom: 2, right: 7 },
          { top: 2, left: 8, bottom: 2, right: 12 },
          { top: 2, left: 13, bottom: 3, right: 13 },
        ],
      },
    ],
  };
}

describe("score: side-by-side blocks under a title naming both", () => {
  test("rates the committee block, reports both blocks, explains the self scores", async () => {
    const run = await score("blocks", comparison());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("自评分 ← 支部自评 C–G（合计）");
    expect(run.stderr).toContain("C–G 列「支部自评」：支部自评，不据此评定");
    expect(run.stderr).toContain("H–L 列「机关党委考评」：机关党委评定分，据此评定");
    expect(run.stderr).toContain("共 2 个支部行");
    const ws = (await loadWorkbook(run.output)).worksheets[0]!;
    expect(valueUnder(ws, "评定总分", 4)).toBe(88);
    expect(valueUnder(ws, "评定星级", 4)).toBe("三星级");
    expect(String(valueUnder(ws, "评定说明", 4))).toContain("服务机制 自评20 / 考评15");
    // The branch whose 序号 cell says 合计 is rated (issue 10).
    expect(valueUnder(ws, "评定总分", 5)).toBe(95);
    expect(valueUnder(ws, "评定星级", 5)).toBe("五星级");
  });

  test("--json carries BLOCKS_READ and the self-score flag", async () => {
    const run = await score("blocks-json", comparison(), ["--json"]);
    const doc = JSON.parse(run.stdout);
    expect(doc.headerRow).toBe(3);
    expect(doc.rows.map((r: { total: number }) => r.total)).toEqual([88, 95]);
    expect(doc.tableFlags.map((f: { code: string }) => f.code)).toContain("BLOCKS_READ");
    expect(doc.rows[0].flags.map((f: { code: string }) => f.code)).toContain("SELF_SCORE_HIGHER");
  });
});
