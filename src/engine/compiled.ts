/**
 * The rubric as the stages use it (docs/schemes.md "The order of one row"): each field with how its
 * cells are read, the criteria, bands, rules by kind and the labels in the chosen language. Built once
 * per evaluation; plain data, no closures.
 */
import { authored, bothNames, type BothNames } from "../messages";
import { cleanText } from "./cells";
import { eligibilityNames, starsNames, tierNames } from "./labels";
import type { Band, FieldDef, Lang, Rubric, RuleDef } from "./types";

/** How a field's cells are read (SPEC §3.1). "star": a model-organ star, yes/no or a score. */
export type Reader = "score" | "percent" | "yesno" | "count" | "stars" | "text" | "star";

export interface CompiledField {
  def: FieldDef;
  id: string;
  index: number;
  reader: Reader;
  /** The label in both languages, and in the chosen one. */
  names: BothNames;
  label: string;
  /** A criterion, or the total column of score.method "column". */
  scores: boolean;
  /** Needed to rate a row: a required criterion, or the total column. */
  needed: boolean;
  /** 0..max is checked: criteria, the total, and numbers that declare a max. */
  max: number | null;
  /** category: the values a cell may hold, as cells are read (trimmed, half-width); null: any text. */
  values: ReadonlySet<string> | null;
  /**
   * stars: the rubric's own tier names as cells are read, with their stars (示范党支部 → 5), read
   * beside the star forms readStars knows: the template offers them in its drop-down list. null: other readers.
   */
  tierStars: ReadonlyMap<string, number> | null;
}

export interface CompiledRubric {
  rubric: Rubric;
  lang: Lang;
  fields: CompiledField[];
  byId: ReadonlyMap<string, CompiledField>;
  name: CompiledField | null;
  group: CompiledField | null;
  criteria: CompiledField[];
  /** score.method "column": the total field. */
  totalField: CompiledField | null;
  /** Highest first, as the rubric lists them (tiers.bands), and lowest first (for the next band up). */
  bands: readonly Band[];
  bandsAscending: readonly Band[];
  /** score.method "weighted": each criterion's weight (1 when none is given). */
  weights: number[];
  gates: RuleDef[];
  vetoes: RuleDef[];
  checks: RuleDef[];
  /** Star counts 0..5 as messages name them ("五星级", "2星" where no band has exactly 2). */
  starsNames: BothNames[];
  /** Tier labels by stars 0..5 in both languages and in the chosen one, and the not-rated label. */
  tierNames: BothNames[];
  tiers: string[];
  notRated: string;
  /** Eligibility label by stars 0..5 ("" without a rule). */
  eligibility: string[];
  /** `$nextMin` by stars 0..5: the lowest band min above that many stars (null: none). */
  nextMin: (number | null)[];
}

function readerOf(f: FieldDef, method: Rubric["score"]["method"]): Reader {
  switch (f.role) {
    case "criterion":
      return method === "count" ? "star" : "score";
    case "total":
    case "number":
      return "score";
    case "percent":
      return "percent";
    case "check":
      return f.minCount !== undefined ? "count" : "yesno";
    case "stars":
      return "stars";
    default:
      return "text";
  }
}

/** Every tier name of the rubric (both languages) with its stars: bands, "below" as 0, count labels by index. */
function tierStarsOf(rubric: Rubric): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  const add = (stars: number, ...labels: (string | undefined)[]): void => {
    for (const label of labels) {
      const key = label === undefined ? "" : cleanText(label);
      if (key !== "" && !out.has(key)) out.set(key, stars);
    }
  };
  const tiers = rubric.tiers;
  if (tiers.kind === "count") tiers.labels.forEach((label, i) => add(i, label, tiers.labelsEn?.[i]));
  else {
    for (const b of tiers.bands) add(b.stars, b.label, b.labelEn);
    add(0, tiers.below.label, tiers.below.labelEn);
  }
  return out;
}

function compileField(rubric: Rubric, def: FieldDef, index: number, lang: Lang): CompiledField {
  const reader = readerOf(def, rubric.score.method);
  const isTotal = rubric.score.method === "column" && def.id === rubric.score.field;
  const scores = def.role === "criterion" || isTotal;
  const ranged = (reader === "score" || reader === "star") && (scores || def.max !== undefined);
  return {
    def,
    id: def.id,
    index,
    reader,
    names: bothNames(def.label, def.labelEn),
    label: authored(lang, def.label, def.labelEn),
    scores,
    needed: scores && (def.required === true || isTotal),
    max: ranged ? (def.max ?? Number.POSITIVE_INFINITY) : null,
    values: def.values ? new Set(def.values.map(cleanText)) : null,
    tierStars: reader === "stars" ? tierStarsOf(rubric) : null,
  };
}

const STAR_COUNTS = [0, 1, 2, 3, 4, 5];

export function compileRubric(rubric: Rubric, lang: Lang): CompiledRubric {
  const fields = rubric.fields.map((def, i) => compileField(rubric, def, i, lang));
  const byId = new Map(fields.map((f) => [f.id, f]));
  const bands = rubric.tiers.kind === "bands" ? rubric.tiers.bands : [];
  const ofKind = (kind: RuleDef["kind"]) => rubric.rules.filter((r) => r.kind === kind);
  const tiers = STAR_COUNTS.map((n) => tierNames(rubric, n));
  return {
    rubric,
    lang,
    fields,
    byId,
    name: fields.find((f) => f.def.role === "name") ?? null,
    group: fields.find((f) => f.def.role === "group") ?? null,
    criteria: fields.filter((f) => f.def.role === "criterion"),
    totalField: rubric.score.method === "column" ? (byId.get(rubric.score.field ?? "") ?? null) : null,
    bands,
    bandsAscending: [...bands].reverse(),
    weights: fields.filter((f) => f.def.role === "criterion").map((f) => f.def.weight ?? 1),
    // Gates run top down (docs/schemes.md): the highest minStars first.
    gates: ofKind("gate").sort((a, b) => (b.minStars ?? 0) - (a.minStars ?? 0)),
    vetoes: ofKind("veto"),
    checks: ofKind("check"),
    starsNames: STAR_COUNTS.map((n) => starsNames(rubric, n)),
    tierNames: tiers,
    tiers: tiers.map((t) => t[lang]),
    notRated: tierNames(rubric, null)[lang],
    eligibility: STAR_COUNTS.map((n) => eligibilityNames(rubric, n)[lang]),
    nextMin: STAR_COUNTS.map((n) => {
      const above = bands.filter((b) => b.stars > n).map((b) => b.min);
      return above.length > 0 ? Math.min(...above) : null;
    }),
  };
}

/** The star count's text for messages ("五星级" / "4 stars"). */
export function starsWord(cr: CompiledRubric, stars: number): BothNames {
  return cr.starsNames[stars] ?? starsNames(cr.rubric, stars);
}
