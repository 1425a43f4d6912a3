/**
 * A sheet the tool scored before, scored again (src/xlsx/patch-rows.ts): each row already ends with
 * the result cells, which are cut off and written anew while the row's own cells are copied as they
 * are. Every row must come out as the full rebuild (patchRow) makes it; what the cut cannot be sure
 * of is left to that rebuild.
 */
import { RowPatcher, type PatchNotes, type RowPlan } from "../../src/xlsx/patch-rows";
import { KEEP_STYLE, KEEP_VALUE, RowWrites, type PlannedValue } from "../../src/xlsx/planned-cells";
import { Unsupported } from "../../src/xlsx/xml-edit";
import { cellsOf } from "../support/sheet-cells";

type Write = [col: number, value: PlannedValue, style: number];

/** A plan writing `writes` (row → cells) and setting `heights`. */
function planOf(writes: Record<number, Write[]>, heights: Record<number, number | null> = {}): RowPlan {
  const rows = [...Object.keys(writes), ...Object.keys(heights)].map(Number);
  const fill = (row: number, into: RowWrites) => {
    into.clear();
    for (const [col, value, style] of writes[row] ?? []) into.set(col, value, style);
    return into;
  };
  const reused = new RowWrites();
  return {
    sheet: "评分表",
    changed: [...new Set(rows)].sort((a, b) => a - b),
    at: (row) => fill(row, reused),
    row: fill,
    height: (row) => heights[row],
  };
}

/** `rows` (a `<sheetData>`'s body) patched with `plan`. */
function patched(rows: string, plan: RowPlan): { xml: string; notes: PatchNotes } {
  const xml = new TextEncoder().encode(`<sheetData>${rows}</sheetData>`);
  const notes: PatchNotes = { formulasRemoved: false };
  let out = "";
  const decoder = new TextDecoder();
  const emit = (piece: string | Uint8Array) =>
    (out += typeof piece === "string" ? piece : decoder.decode(piece));
  new RowPatcher(xml, "<sheetData>".length, xml.length - "</sheetData>".length, plan, notes, emit).run();
  return { xml: out, notes };
}

/**
 * The same rows patched by the full rebuild: every cell's reference single-quoted, which the cut
 * never takes, so each row ending with result cells is rebuilt (patchRow reads either quote and
 * writes the cells it replaces in Excel's spelling; a row gaining cells after its own is appended).
 */
function rebuilt(rows: string, plan: RowPlan): { xml: string; notes: PatchNotes } {
  return patched(rows.replace(/<c r="([A-Z]+\d+)"/g, "<c r='$1'"), plan);
}

/** Rows patched as they are and through the full rebuild read the same, cell by cell, with the same notes. */
function expectAsRebuilt(rows: string, plan: RowPlan): { xml: string; notes: PatchNotes } {
  const fast = patched(rows, plan);
  const slow = rebuilt(rows, plan);
  expect(cellsOf(fast.xml)).toEqual(cellsOf(slow.xml));
  expect(fast.notes).toEqual(slow.notes);
  return fast;
}

const num = (ref: string, style: number, v: number) =>
  `<c r="${ref}"${style ? ` s="${style}"` : ""}><v>${v}</v></c>`;
const text = (ref: string, style: number, t: string) =>
  `<c r="${ref}" s="${style}" t="inlineStr"><is><t>${t}</t></is></c>`;
/** A row's own cells, A:C, with line breaks between them as some writers put them. */
const own = (r: number) =>
  `${num(`A${r}`, 0, r)}\n  <c r="B${r}" t="s"><v>${r}</v></c>\n  ${num(`C${r}`, 2, 0.5)}`;
/** Result cells D:G as the first run wrote them: a total, a tier, a style-only cell, a remark. */
const results = (r: number) =>
  `${num(`D${r}`, 4, 75)}${text(`E${r}`, 6, "二星级")}<c r="F${r}" s="7"/>${text(`G${r}`, 7, "总分75.00 → 二星级")}`;
/** What the plan writes in D:G: each cell's value and cellXfs index. */
const dToG = (...cells: [PlannedValue, number][]): Write[] =>
  cells.map(([value, style], i) => [4 + i, value, style]);
const cleared = dToG([null, 0], [null, 0], [null, 0], [null, 0]);
/** The row's own cells copied as written (line breaks and all), not rebuilt from text. */
const keptAsWritten = (xml: string, r: number) => xml.includes(`<row r="${r}">${own(r)}<c r="D${r}"`);

describe("a scored sheet scored again", () => {
  test("each row's own cells are kept as written and the result cells written anew, as the full rebuild writes them", () => {
    const rows =
      `<row r="3" spans="1:7">${own(3)}${results(3)}</row>` +
      `<row r="4" ht="20" customHeight="1">${own(4)}${results(4)}</row>` +
      `<row r="5">${own(5)}${results(5)}</row>` +
      `<row r="6">${own(6)}${results(6)}</row>` +
      `<row r="7">${results(7)}</row>` +
      `<row r="8" spans="4:7">\n  ${results(8)}\n</row>` +
      `<row r="9">${own(9)}</row>`;
    const plan = planOf(
      {
        3: dToG([81.5, 4], ["三星级", 8], [null, 7], ["=SUM(A3)", 7]),
        4: dToG([60, 4], [true, 0], [-0, 0], [Number.NaN, 7]),
        // A remark cleared, a tier left with its format only.
        5: dToG([75, 4], [null, 6], [null, 0], [" R&D <注> ", 7]),
        6: dToG([90, 5], ["四星级", 6], ["差0.5分", 7], ["长".repeat(300), 7]),
        7: cleared,
        8: cleared,
        9: [
          [4, 1, 4],
          [5, false, 0],
        ],
      },
      { 4: 30 },
    );
    const { xml, notes } = expectAsRebuilt(rows, plan);
    // The row's own bytes, line breaks and all, rather than its cells rebuilt from text.
    expect(xml).toContain(`<row r="3">${own(3)}<c r="D3" s="4"><v>81.5</v></c>`);
    expect(xml).toContain(
      `<row r="4" ht="30" customHeight="1">${own(4)}<c r="D4" s="4"><v>60</v></c><c r="E4" t="b"><v>1</v></c>` +
        `<c r="F4"><v>0</v></c><c r="G4" s="7" t="e"><v>#NUM!</v></c></row>`,
    );
    expect(xml).toContain(
      `<row r="5">${own(5)}<c r="D5" s="4"><v>75</v></c><c r="E5" s="6"/>` +
        `<c r="G5" s="7" t="inlineStr"><is><t xml:space="preserve"> R&amp;D &lt;注&gt; </t></is></c></row>`,
    );
    expect(xml).toContain(`<row r="6">${own(6)}<c r="D6" s="5"><v>90</v></c>`);
    expect(xml).toContain(`<c r="G3" s="7" t="inlineStr"><is><t>=SUM(A3)</t></is></c></row>`);
    // Rows left without cells or attributes of their own are dropped.
    expect(xml).not.toContain('<row r="7"');
    expect(xml).not.toContain('<row r="8"');
    expect(xml).toContain(
      `<row r="9">${own(9)}<c r="D9" s="4"><v>1</v></c><c r="E9" t="b"><v>0</v></c></row>`,
    );
    expect(notes.formulasRemoved).toBe(false);
  });

  test("a row of result cells alone whose results are cleared keeps its height", () => {
    const rows = `<row r="7" ht="20" customHeight="1">${results(7)}</row>`;
    const { xml } = expectAsRebuilt(rows, planOf({ 7: cleared }));
    expect(cellsOf(xml)).toEqual([{ row: { r: "7", ht: "20", customHeight: "1" }, cells: [], rest: "" }]);
  });
});

describe("what the cut is not sure of is left to the full rebuild", () => {
  const plan = planOf({ 3: dToG([81.5, 4], ["三星级", 8], [null, 7], ["备注", 7]) });
  const row3 = (cells: string) => `<row r="3">${own(3)}${cells}</row>`;

  test("a user's cell right of the result columns, or between them where the plan writes nothing, is kept", () => {
    const right = expectAsRebuilt(row3(results(3) + text("I3", 0, "自填")), plan);
    expect(keptAsWritten(right.xml, 3)).toBe(false);
    expect(right.xml).toContain(
      `<c r="G3" s="7" t="inlineStr"><is><t>备注</t></is></c>${text("I3", 0, "自填")}`,
    );
    const gap = planOf({ 3: dToG([81.5, 4], ["三星级", 8]).concat([[7, "备注", 7]]) });
    const between = expectAsRebuilt(row3(results(3)), gap);
    expect(keptAsWritten(between.xml, 3)).toBe(false);
    expect(between.xml).toContain('<is><t>三星级</t></is></c><c r="F3" s="7"/><c r="G3"');
  });

  test("a formula in a result cell is replaced and noted, so the calculation chain goes", () => {
    const formula = '<c r="G3" s="7"><f>D3*2</f><v>150</v></c>';
    const { xml, notes } = expectAsRebuilt(row3(results(3).replace(/<c r="G3".*$/, formula)), plan);
    expect(keptAsWritten(xml, 3)).toBe(false);
    expect(xml).not.toContain("<f>");
    expect(notes.formulasRemoved).toBe(true);
  });

  test("rich text in a result cell is replaced whole: cut when its runs hold a <color>, rebuilt when a <family> (read as <f>)", () => {
    for (const [rPr, cut] of [
      ['<b/><color rgb="FFFF0000"/>', true],
      ['<sz val="11"/><color theme="1"/><rFont val="宋体"/><family val="3"/>', false],
    ] as const) {
      const rich = `<c r="E3" s="6" t="inlineStr"><is><r><rPr>${rPr}</rPr><t>二</t></r><r><t>星级</t></r></is></c>`;
      const { xml } = expectAsRebuilt(row3(results(3).replace(text("E3", 6, "二星级"), rich)), plan);
      expect(keptAsWritten(xml, 3)).toBe(cut);
      expect(xml).toContain('<c r="E3" s="8" t="inlineStr"><is><t>三星级</t></is></c>');
      expect(xml).not.toContain("<rPr>");
    }
  });

  test("a result cell referenced another way (single quotes, spaces around =, r not first) is replaced", () => {
    for (const spelt of ["<c r='F3' s='7'/>", '<c r = "F3" s="7"/>', '<c s="7" r="F3"/>']) {
      const { xml } = expectAsRebuilt(row3(results(3).replace('<c r="F3" s="7"/>', spelt)), plan);
      expect(keptAsWritten(xml, 3)).toBe(false);
      expect(xml).toContain('<c r="F3" s="7"/>');
    }
  });

  test("result cells out of column order come out in order", () => {
    const { xml } = expectAsRebuilt(
      row3(text("E3", 6, "二星级") + num("D3", 4, 75) + '<c r="G3" s="7"/>'),
      plan,
    );
    expect(keptAsWritten(xml, 3)).toBe(false);
    expect(cellsOf(xml)[0].cells.map((c) => c.r)).toEqual(["A3", "B3", "C3", "D3", "E3", "F3", "G3"]);
  });

  test("a copied format keeps the cell's value, a value without a format keeps the cell's format", () => {
    const keeping = planOf({ 3: dToG([KEEP_VALUE, 9], ["三星级", KEEP_STYLE], [null, 7], ["备注", 7]) });
    const { xml } = expectAsRebuilt(row3(results(3)), keeping);
    expect(keptAsWritten(xml, 3)).toBe(false);
    expect(xml).toContain(
      '<c r="D3" s="9"><v>75</v></c><c r="E3" s="6" t="inlineStr"><is><t>三星级</t></is></c>',
    );
  });

  test("anything but cells among the result cells (a comment) stops the patcher, as before, rather than being dropped", () => {
    for (const rows of [
      row3(`${results(3)}<!-- 备注 -->`),
      row3(results(3).replace('<c r="F3" s="7"/>', '<c r="F3" s="7"/><!-- 备注 -->')),
    ]) {
      expect(() => patched(rows, plan)).toThrow(Unsupported);
      expect(() => rebuilt(rows, plan)).toThrow(Unsupported);
    }
  });

  test("a result cell naming another row stops the patcher, as before", () => {
    expect(() => patched(row3(results(3).replace('r="G3"', 'r="G4"')), plan)).toThrow(Unsupported);
  });
});
