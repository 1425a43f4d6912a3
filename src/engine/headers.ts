/**
 * Header matching (SPEC §3): spaces, line breaks, full/half width and point annotations such as
 * "（20分）", "(满分20)", "20分" are ignored; a stated maximum is captured so that the workbook
 * layer can warn when it differs from the rubric's.
 */
import { withoutSpacing } from "./cells";
import { presets } from "./presets";
import { RubricCache } from "./rubric-cache";
import type { Rubric } from "./types";

const TRAILING_GROUP = /[([【〔]([^()[\]【】〔〕]*)[)\]】〕]$/;
const MAX_IN_GROUP = /^(?:满分|总分|共)?[:：]?(\d+(?:\.\d+)?)分?$/;
/** Hints about how to fill a column, not what it is: "(%)", "(是/否)", "(√/×)", "(必填)". */
const ANNOTATION_GROUP = /^(?:%|百分比|是\/否|是或否|[√✓]\/[×✗x]|y\/n|必填|选填|填是或否)$/;
const TRAILING_POINTS = /(?:满分|共)?(\d+(?:\.\d+)?)分$/;
const LEADING_NUMBERING = /^(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、]/;

export interface NormalizedHeader {
  key: string;
  max?: number;
}

/** CJK ideographs and digits only: no step below changes them (no width, case, space or mark). */
const IDEOGRAPHS_AND_DIGITS = /^[\u4e00-\u9fff0-9]*$/;

/**
 * Whether a text is its own key: ideographs and digits not ending in 分 (a stated maximum), as a
 * branch's name nearly always is ("第28党支部"); layout.ts asks for the key of every row's name.
 */
function isOwnKey(s: string): boolean {
  return IDEOGRAPHS_AND_DIGITS.test(s) && !s.endsWith("分");
}

/** The comparable key of a header text and the maximum it states, if any. */
export function normalizeHeader(text: unknown): NormalizedHeader {
  let s: string;
  if (typeof text === "string") s = text;
  else if (typeof text === "number" && Number.isFinite(text)) s = String(text);
  else return { key: "" };
  if (isOwnKey(s)) return { key: s };
  s = withoutSpacing(s.normalize("NFKC").toLowerCase());
  let max: number | undefined;
  // Annotations can stack ("服务体系（满分20分）(%)"); peel them from the end.
  for (let guard = 0; guard < 4; guard++) {
    const group = TRAILING_GROUP.exec(s);
    if (group) {
      const inner = group[1] ?? "";
      const m = MAX_IN_GROUP.exec(inner);
      // Only annotations are peeled; "(次)" or "(全称)" say what the column is and stay in the key.
      if (m || ANNOTATION_GROUP.test(inner)) {
        if (m && max === undefined) max = Number(m[1]);
        s = s.slice(0, group.index);
        continue;
      }
      break;
    }
    const points = TRAILING_POINTS.exec(s);
    if (points && points.index > 0) {
      if (max === undefined) max = Number(points[1]);
      s = s.slice(0, points.index);
      continue;
    }
    break;
  }
  s = s
    .replace(LEADING_NUMBERING, "")
    .replace(/[:*]+$/, "")
    .replace(/^[*]+/, "");
  return max === undefined ? { key: s } : { key: s, max };
}

/** Suffixes that a header may add to an alias: "服务体系得分" is 服务体系. */
const LOOSE_SUFFIX = /(?:得分|分数|评分|分值|情况)$/;

const aliasMaps = new RubricCache<Map<string, string>>();

/** Normalised alias → field id for a rubric (labels and English labels count as aliases). */
export function aliasMap(rubric: Rubric): Map<string, string> {
  return aliasMaps.get(rubric, buildAliasMap);
}

function buildAliasMap(rubric: Rubric): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of rubric.fields) {
    for (const text of [f.label, f.labelEn, ...f.aliases]) {
      if (text === undefined) continue;
      const { key } = normalizeHeader(text);
      if (key && !map.has(key)) map.set(key, f.id);
    }
  }
  return map;
}

/** The field a header names in this rubric, with the maximum the header states. */
export function matchHeader(rubric: Rubric, text: unknown): { fieldId: string; max?: number } | null {
  return matchWith(aliasMap(rubric), text);
}

function matchWith(map: Map<string, string>, text: unknown): { fieldId: string; max?: number } | null {
  const { key, max } = normalizeHeader(text);
  if (!key) return null;
  let fieldId = map.get(key);
  if (fieldId === undefined && LOOSE_SUFFIX.test(key)) fieldId = map.get(key.replace(LOOSE_SUFFIX, ""));
  if (fieldId === undefined) return null;
  return max === undefined ? { fieldId } : { fieldId, max };
}

export interface PresetMatch {
  rubric: Rubric;
  /** Distinct fields of the rubric that the headers name. */
  matched: number;
  /** Ids of required fields that no header names. */
  requiredMissing: string[];
}

/** Rubrics ranked by how well a header row fits them: most fields matched, then fewest required missing. */
export function detectPreset(headers: unknown[], candidates: readonly Rubric[] = presets): PresetMatch[] {
  const list = Array.isArray(headers) ? headers : [];
  const results = candidates.map((rubric, order) => {
    const found = new Set<string>();
    const map = aliasMap(rubric);
    for (const h of list) {
      const m = matchWith(map, h);
      if (m) found.add(m.fieldId);
    }
    const requiredMissing = rubric.fields.filter((f) => f.required && !found.has(f.id)).map((f) => f.id);
    return { rubric, matched: found.size, requiredMissing, order };
  });
  results.sort(
    (a, b) =>
      b.matched - a.matched || a.requiredMissing.length - b.requiredMissing.length || a.order - b.order,
  );
  return results.map(({ rubric, matched, requiredMissing }) => ({ rubric, matched, requiredMissing }));
}
