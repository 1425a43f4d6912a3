/**
 * Results typed over by hand. What a run writes in a branch's row hangs together: 评定星级 is the
 * label of the stars in 星数, 评先资格 the eligibility of those stars, and 评定说明 ends its chain with
 * "→ 评定星级". A row where they no longer do was edited after the run (a committee's 五星级 typed over
 * the computed 四星级, a remark typed into 评定说明), and the next run would write the scores' results
 * over it without a word. The run stops instead (nothing written) and names the cells
 * (docs/layout.md "Results edited by hand"). Only result columns the settings say this tool wrote,
 * where it wrote them, are looked at: their cells are its own.
 */
import { LANGS, eligibilityNames, formatFixed, parseStars, presets, tierLabel } from "../engine";
import { columnIndex } from "../engine/address";
import type { RawCell, Rubric } from "../engine/types";
import { AppError, msg } from "../messages";
import type { HandEdit } from "../messages/workbook";
import type { Layout, ResultColumn } from "./layout";
import type { SheetModel } from "./model";
import { OUTPUT_KEYS, ownedOn, type SettingsRead } from "./settings";
import { decodeDigests, textDigest, type DigestSet, type DigestedKey } from "./text-digests";
import { cellAt, cellText, clipped, isBlank } from "./util";

/** Cells named in the message; the rest are counted. */
const CELLS_SHOWN = 5;
/** A cell's text is quoted up to this many characters. */
const TEXT_SHOWN = 20;

type StarsSet = ReadonlySet<number | null>;

/** What a run may have written, from the rubrics it may have run with (either language). */
interface Written {
  /** 评定星级 labels, with the stars each stands for (null: not rated; star-branch's 未评星 is 0–2). */
  tiers: Map<string, Set<number | null>>;
  /** 评先资格 labels, with the stars each is written for. */
  eligibility: Map<string, Set<number>>;
  /** "→ label" for each 评定星级 label of a number of stars (null: not rated): how 评定说明 ends. */
  arrowsOf: Map<number | null, string[]>;
  /** The decimals a total is written with in 评定说明 ("总分87.50"). */
  decimals: number[];
  /** Digests of the texts the last run wrote in 评定标记 and 评定说明 (settings), null where not known. */
  texts: Record<DigestedKey, DigestSet | null>;
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const known = map.get(key);
  if (known) known.add(value);
  else map.set(key, new Set([value]));
}

function writtenBy(rubrics: readonly Rubric[], texts: Record<DigestedKey, DigestSet | null>): Written {
  const out: Written = {
    tiers: new Map(),
    eligibility: new Map(),
    arrowsOf: new Map(),
    decimals: [],
    texts,
  };
  for (const rubric of rubrics) {
    if (!out.decimals.includes(rubric.score.decimals)) out.decimals.push(rubric.score.decimals);
    for (const lang of LANGS) {
      for (let stars = 0; stars <= 5; stars++) {
        addTo(out.tiers, tierLabel(rubric, stars, lang), stars);
        const eligibility = eligibilityNames(rubric, stars)[lang];
        if (eligibility !== "") addTo(out.eligibility, eligibility, stars);
      }
      addTo(out.tiers, tierLabel(rubric, null, lang), null);
    }
  }
  for (const [label, starsSet] of out.tiers)
    for (const stars of starsSet) out.arrowsOf.set(stars, [...(out.arrowsOf.get(stars) ?? []), `→ ${label}`]);
  return out;
}

/** The stars a 评定星级 text stands for: a label a run writes, else stars written out (★★★★, 4星). */
function tierStars(tier: string, written: Written): StarsSet | undefined {
  const known = written.tiers.get(tier);
  if (known) return known;
  const parsed = parseStars(tier);
  return parsed.kind === "value" ? new Set([parsed.value]) : undefined;
}

/** A 星数 cell's stars: its number, or digits stored as text (another tool's "4"); null when blank. */
function starsIn(raw: RawCell): number | null | undefined {
  if (isBlank(raw)) return null;
  if (typeof raw === "number") return raw;
  const text = cellText(raw).trim();
  return /^[0-5]$/.test(text) ? Number(text) : undefined;
}

function agrees(said: StarsSet | undefined, stars: number | null | undefined): boolean {
  return said !== undefined && stars !== undefined && said.has(stars);
}

/** Where each looked-at result column is, by key (the 评定星级 and 星数 ones always). */
export interface ResultCells {
  tier: Pick<ResultColumn, "col" | "column">;
  stars: Pick<ResultColumn, "col" | "column">;
  eligibility?: Pick<ResultColumn, "col" | "column">;
  explanation?: Pick<ResultColumn, "col" | "column">;
  total?: Pick<ResultColumn, "col" | "column">;
  flags?: Pick<ResultColumn, "col" | "column">;
}

type Column = Pick<ResultColumn, "col" | "column">;

/** An 评定说明 a run wrote: its chain ends "→ " and a tier label ("总分96.50 → 五星级；… → 四星级"). */
function ranExplanation(text: string, written: Written): boolean {
  const arrow = text.lastIndexOf("→ ");
  return arrow >= 0 && written.tiers.has(text.slice(arrow + 2).trim());
}

/** Whether a text is an 评定说明 a run of any of these rubrics wrote (either language). */
export function runExplanationTest(rubrics: readonly Rubric[]): (text: string) => boolean {
  const written = writtenBy(rubrics, { flags: null, explanation: null });
  return (text) => ranExplanation(text.trim(), written);
}

/** The branch rows' result cells that are not what a run writes, row by row into `edits`. */
class EditFinder {
  readonly edits: HandEdit[] = [];

  constructor(
    private readonly sheet: SheetModel,
    private readonly columns: ResultCells,
    private readonly written: Written,
  ) {}

  /** A row's edits. The total and the flags are looked at whatever the tier says: a note there is lost either way. */
  row(row: number): void {
    const tierText = this.text(this.columns.tier, row);
    // Cleared (to rate from the scores): nothing typed there to keep, and what is left beside it is
    // the tool's own text (its digests still say so).
    if (tierText !== "") this.tier(row, tierText);
    else this.explanation(row, undefined);
    this.total(row);
    this.flags(row);
  }

  /** A cell's value: a run looks at 600,000 of them, so none gets an object or a name unless named. */
  private raw(c: Column, row: number): RawCell {
    return cellAt(this.sheet, row, c.col);
  }

  private text(c: Column, row: number): string {
    return cellText(this.raw(c, row)).trim();
  }

  private add(c: Column, row: number, edit: Omit<HandEdit, "cell">): void {
    this.edits.push({ cell: c.column + String(row), ...edit });
  }

  /** 评定星级 against 星数, then 评先资格 and 评定说明 against those stars. */
  private tier(row: number, tierText: string): void {
    const { columns, written } = this;
    const starsRaw = this.raw(columns.stars, row);
    const stars = starsIn(starsRaw);
    if (!agrees(tierStars(tierText, written), stars)) {
      const starsCell = columns.stars.column + String(row);
      this.add(columns.tier, row, {
        text: tierText,
        kind: "tier",
        starsCell,
        stars: cellText(starsRaw).trim(),
      });
      return;
    }
    if (columns.eligibility) {
      const text = this.text(columns.eligibility, row);
      const forStars = written.eligibility.get(text);
      if (text !== "" && !(forStars && typeof stars === "number" && forStars.has(stars)))
        this.add(columns.eligibility, row, { text, kind: "eligibility" });
    }
    this.explanation(row, stars);
  }

  /**
   * 评定说明: its chain must end with a label of the stars in 星数 (when the tier is there to say
   * which: `stars` not undefined), and be a text the last run wrote (when its digests are known): a
   * remark appended after the chain still ends as a run's does.
   */
  private explanation(row: number, stars: number | null | undefined): void {
    const column = this.columns.explanation;
    if (!column) return;
    const text = this.text(column, row);
    if (text === "") return;
    const arrows = stars === undefined ? null : (this.written.arrowsOf.get(stars) ?? []);
    const digests = this.written.texts.explanation;
    if (
      (arrows && !arrows.some((arrow) => text.includes(arrow))) ||
      (digests && !digests.has(textDigest(text)))
    )
      this.add(column, row, { text, kind: "explanation" });
  }

  /**
   * 评定总分 against 评定说明, which starts with the total as written ("总分87.50 → …"): a total typed
   * over it (a committee's 90 for the computed 87.5) no longer stands there. Either cleared, or an
   * explanation of the user's own (said as such above): nothing to say.
   */
  private total(row: number): void {
    const { columns, written } = this;
    if (!columns.total || !columns.explanation) return;
    const raw = this.raw(columns.total, row);
    if (isBlank(raw)) return;
    const explanation = cellText(this.raw(columns.explanation, row));
    if (!ranExplanation(explanation, written)) return;
    if (typeof raw === "number" && written.decimals.some((d) => explanation.includes(formatFixed(raw, d))))
      return;
    this.add(columns.total, row, { text: cellText(raw).trim(), kind: "total" });
  }

  /** 评定标记 against the digests of the texts the last run wrote there (known from this version's settings on). */
  private flags(row: number): void {
    const column = this.columns.flags;
    const digests = this.written.texts.flags;
    if (!column || !digests) return;
    const text = this.text(column, row);
    if (text !== "" && !digests.has(textDigest(text))) this.add(column, row, { text, kind: "flags" });
  }
}

/** The data rows' result cells that are not what a run writes (in row order). */
export function handEdits(
  sheet: SheetModel,
  rows: readonly number[],
  columns: ResultCells,
  rubrics: readonly Rubric[],
  texts: Record<DigestedKey, DigestSet | null> = { flags: null, explanation: null },
): HandEdit[] {
  const finder = new EditFinder(sheet, columns, writtenBy(rubrics, texts));
  for (let i = 0; i < rows.length; i++) finder.row(rows[i]!);
  return finder.edits;
}

/** A cell's text as quoted in the message: cut at TEXT_SHOWN characters. */
function shown(edit: HandEdit): HandEdit {
  return { ...edit, text: clipped(edit.text, TEXT_SHOWN) };
}

/** The rubrics a run on this sheet may have written with: the carried one, this run's, the presets. */
export function rubricsRunsMayUse(rubric: Rubric, carried: SettingsRead | null | undefined): Rubric[] {
  return [...(carried?.rubric ? [carried.rubric] : []), rubric, ...presets];
}

/**
 * The result columns this tool wrote on the sheet: where the settings say it wrote them, or all of
 * them moved by the same number of columns (a column inserted or deleted left of them since).
 */
function ownColumns(
  sheet: SheetModel,
  layout: Layout,
  carried: SettingsRead | null | undefined,
): ResultCells | null {
  const owned = ownedOn(carried?.owned, sheet.name);
  if (!owned) return null;
  const shifts = new Set<number>();
  for (const key of OUTPUT_KEYS) {
    const found = layout.resultColumns[key];
    const letter = owned.resultColumns[key];
    if (found && letter) shifts.add(found.col - columnIndex(letter));
  }
  if (shifts.size !== 1) return null;
  const [shift] = shifts;
  const own = (key: "tier" | "stars" | "eligibility" | "explanation" | "total" | "flags") => {
    const found = layout.resultColumns[key];
    const letter = owned.resultColumns[key];
    return found && letter && found.col - columnIndex(letter) === shift ? found : undefined;
  };
  const tier = own("tier");
  const stars = own("stars");
  if (!tier || !stars) return null;
  return {
    tier,
    stars,
    eligibility: own("eligibility"),
    explanation: own("explanation"),
    total: own("total"),
    flags: own("flags"),
  };
}

/**
 * Stops the run (AppError RESULTS_EDITED, nothing written) when result cells this tool wrote on the
 * sheet are no longer what it writes on some branch row.
 */
export function refuseHandEditedResults(
  sheet: SheetModel,
  layout: Layout,
  rubric: Rubric,
  carried: SettingsRead | null | undefined,
): void {
  const columns = ownColumns(sheet, layout, carried);
  if (!columns) return;
  const owned = ownedOn(carried?.owned, sheet.name);
  const rubrics = rubricsRunsMayUse(rubric, carried);
  const digests = (key: DigestedKey) => {
    const kept = owned?.texts?.[key];
    return kept === undefined ? null : decodeDigests(kept);
  };
  const texts = { flags: digests("flags"), explanation: digests("explanation") };
  const edits = handEdits(sheet, layout.dataRows, columns, rubrics, texts);
  if (edits.length === 0) return;
  const text = msg("RESULTS_EDITED_BY_HAND", {
    sheet: sheet.name,
    edits: edits.slice(0, CELLS_SHOWN).map(shown),
    more: Math.max(0, edits.length - CELLS_SHOWN),
  });
  throw new AppError(text, { code: "RESULTS_EDITED" });
}
