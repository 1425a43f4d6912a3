/**
 * The engine rebuilt in stages gives the same results as the engine before it (kept under
 * tests/engine/legacy/ for this only) where the rules did not change: on the bench's service-org
 * rows (numbers and typed-in text) and on generated star-branch and model-organ tables with blank,
 * invalid and out-of-range cells, in Chinese and English.
 */
import { evaluateTable, getPreset } from "../../src/engine";
import type { InputTable, Lang, MappedField, RawCell } from "../../src/engine/types";
import { makeTable as benchTable } from "../../bench/engine.bench";
import { evaluateTable as legacyEvaluateTable } from "./legacy/evaluate-v1";

/** Deterministic pseudo-random numbers (mulberry32), as the bench uses. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number to the 15 significant digits a cell shows. */
const shown = (n: number): number => Number(n.toPrecision(15));

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** The bench's table, cut to 3,000 rows: enough variety, and quick. */
function benchRows(text: boolean): InputTable {
  const t = benchTable(text);
  return { fields: t.fields, rows: t.rows.slice(0, 3000) };
}

function tableOf(ids: string[], rows: Record<string, RawCell>[]): InputTable {
  const fields: Record<string, MappedField> = {};
  ids.forEach((id, i) => (fields[id] = { column: String.fromCharCode(66 + i), header: id }));
  return { fields, rows: rows.map((cells, i) => ({ row: i + 3, cells })) };
}

const YES_NO: RawCell[] = ["是", "否", "√", "×", "有", "无", "", null, "基本达标", true, 1, 0];
const STARS: RawCell[] = ["五星级", "四星级", 3, "★★", "", "好", null];

function starBranchTable(n: number): InputTable {
  const rand = prng(7);
  const std = Array.from({ length: 13 }, (_, i) => `std${i + 1}`);
  const ids = ["name", "group", "score", ...std, "std1Rate", "std7Count", "std9Participation", "std9Pass"];
  ids.push("selfScore", "declaredStars", "priorStars", "veto", "vetoReason");
  const rows = Array.from({ length: n }, (_, r) => {
    const cells: Record<string, RawCell> = {
      name: r % 97 === 5 ? "" : `第${r % 180}支部`,
      group: `党委${r % 6}`,
      // Numbers as a cell can show them (15 significant digits: the engine reads a cell as Excel shows it).
      score: pick(rand, [
        shown(60 + rand() * 40),
        Math.round(rand() * 1000) / 10,
        "88分",
        "",
        "x",
        101,
        94.995,
      ]),
      std1Rate: pick(rand, ["100%", "98%", 1, "", "abc"]),
      // Not "否": a yes/no word in a count is now refused, where the old engine read it as yes/no (an
      // intended change, tested in star-branch-standards.test.ts "文体活动次数 as written").
      std7Count: pick(rand, [0, 1, 2, 3, "2次", "", "0次"]),
      std9Participation: pick(rand, ["100%", 0.99, ""]),
      std9Pass: pick(rand, ["100%", 0.97, ""]),
      selfScore: pick(rand, [shown(70 + rand() * 30), "", "九十"]),
      declaredStars: pick(rand, STARS),
      priorStars: pick(rand, STARS),
      veto: pick(rand, ["否", "否", "否", "是", ""]),
      vetoReason: pick(rand, ["", "违纪"]),
    };
    for (const id of std) cells[id] = rand() < 0.8 ? "是" : pick(rand, YES_NO);
    return cells;
  });
  return tableOf(ids, rows);
}

function modelOrganTable(n: number): InputTable {
  const rand = prng(11);
  const stars = ["theory", "institution", "activity", "vanguard", "selfBuilding"];
  const ids = ["name", "group", ...stars, "declaredStars", "priorStars", "veto"];
  const rows = Array.from({ length: n }, (_, r) => {
    const cells: Record<string, RawCell> = {
      name: `支部${r % 150}`,
      group: `单位${r % 4}`,
      declaredStars: pick(rand, STARS),
      priorStars: pick(rand, STARS),
      veto: pick(rand, ["否", "否", "是", ""]),
    };
    // Some columns hold scores only, some yes/no only, the rest a mix (1/0 read by column).
    for (const [k, id] of stars.entries()) {
      const score = () => Math.round(rand() * 40) / 2;
      const cell =
        k < 2 ? score() : k < 4 ? pick(rand, YES_NO) : pick(rand, [score(), "是", "否", 1, 0, "", 25]);
      cells[id] = cell;
    }
    return cells;
  });
  return tableOf(ids, rows);
}

/**
 * The one intended difference: a standard given by several columns (1, 7, 9) where one cell is blank
 * and another says no is not met whatever the blank holds, so the staged engine (three-valued truth)
 * does not call it 未填; the old one did when it happened to read the blank first. Those marks are
 * left out of the comparison (tests/engine/star-branch-standards.test.ts tests the new wording).
 */
function withoutBlankMarksOnJoinedStandards(json: string): string {
  return json.replace(
    /((?:^|[、：:,] ?)(?:1|7|9)\. ?[^、,（(→"]*?)(（未填）|（无效）| \(blank\)| \(invalid\))/g,
    "$1",
  );
}

const CASES: [string, () => InputTable][] = [
  ["service-org", () => benchRows(false)],
  ["service-org", () => benchRows(true)],
  ["star-branch", () => starBranchTable(1500)],
  ["model-organ", () => modelOrganTable(1500)],
];

describe("the staged engine equals the engine before it where the rules did not change", () => {
  it.each(
    CASES.flatMap(([id, make], k) => (["zh", "en"] as Lang[]).map((lang) => [id, k, lang, make] as const)),
  )("%s table %d in %s", (id, _k, lang, make) => {
    const rubric = getPreset(id)!;
    const table = make();
    const now = evaluateTable(rubric, table, { lang });
    const before = legacyEvaluateTable(rubric, table, { lang });
    // The old engine's flags have no catalogue message (`text`); their rendered text is compared.
    const withoutText = (key: string, value: unknown) => (key === "text" ? undefined : value);
    // The catalogue quotes names with 「」 in Chinese and "" in English (written escaped in JSON text);
    // the old engine used “”: the one intended wording change.
    const [open, close] = lang === "zh" ? ["「", "」"] : ['\\"', '\\"'];
    // Reworded since: Chinese quotes a cell's text 「」 in the reasons; English says "rows" for more
    // than one, who may claim a once-per-group item, and that an unreadable gate cell "cannot be
    // counted as met".
    const reworded = (text: string) =>
      lang === "zh"
        ? text.replace(/\\"((?:[^"\\]|\\\\.)*?)\\"(?=不是|不在)/g, "「$1」")
        : text
            .replace(/also (claimed )?on row (\d+(?:, \d+)+|\d+ and \d+ more)/g, "also $1on rows $2")
            .replace(/; only one can be, please check/g, "; only one branch may claim it: please check")
            .replace(/so it is not shown to be met/g, "so it cannot be counted as met");
    const quotes = (text: string) => reworded(text.replace(/“/g, open).replace(/”/g, close));
    // English NOT_CHECKED lines now start with a capital whatever the rubric's label.
    const capitalised = (flags: { code: string; message: string }[]) =>
      flags.map((f) =>
        lang === "en" && f.code === "NOT_CHECKED"
          ? { ...f, message: f.message.charAt(0).toUpperCase() + f.message.slice(1) }
          : f,
      );
    expect(JSON.parse(JSON.stringify(now.tableFlags, withoutText))).toEqual(
      capitalised(JSON.parse(quotes(JSON.stringify(before.tableFlags)))),
    );
    expect(now.rows.length).toBe(before.rows.length);
    // A five-star standard's flag now points at the cell that fails (the count, not the 是 beside
    // it): an intended change, so that cell is not compared.
    function withoutChangedCells(this: { code?: unknown }, key: string, value: unknown): unknown {
      if (key === "cell" && this.code === "FIVE_STAR_STANDARD_UNMET") return undefined;
      return withoutText(key, value);
    }
    // Compared as JSON (quick); the first row that differs is shown field by field.
    const json = (row: unknown) =>
      quotes(withoutBlankMarksOnJoinedStandards(JSON.stringify(row, withoutChangedCells)));
    // Added since, with no change of result: a 1 read as 1 point in a star column of scores; and a
    // row not rated whose veto holds, flagged and told (the veto no longer hides behind a blank score).
    const rows = now.rows.map((row) => ({
      ...row,
      flags: row.flags.filter((f) => f.code !== "STAR_ONE_AS_POINTS" && (row.rated || f.code !== "VETO")),
      explanation: row.rated
        ? row.explanation
        : row.explanation.replace(/(；一票否决：|; Vetoed: )[^→]*(?= → )/, ""),
    }));
    const differs = rows.findIndex((row, r) => json(row) !== json(before.rows[r]));
    if (differs >= 0) expect(JSON.parse(json(rows[differs]))).toEqual(JSON.parse(json(before.rows[differs])));
    expect(differs).toBe(-1);
  });
});
