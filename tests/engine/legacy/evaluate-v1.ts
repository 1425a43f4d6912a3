/**
 * The engine as it was before it was rebuilt in stages (issue 9), kept ONLY as the reference of the
 * differential tests (tests/engine/differential.test.ts): same rules, so same results on the bench data.
 * Not part of the product; do not import it from src/.
 */
/**
 * Evaluating a table against a rubric (SPEC §4.1). The rubric is compiled once (see rubric-cache.ts) and
 * the table once per call; rows then run over typed arrays and precompiled condition closures, so
 * the hot path allocates only the row's result.
 *
 * Choices the spec leaves open (also stated in the presets' notes):
 * - A condition on a column the table does not have is "not checked". Such a leaf is left out of
 *   an `any` (alternatives: 标准7 as yes/no OR as a count) and, in a gate, out of an `all` (the
 *   standards that can be checked are; the rest are reported). In a veto or check an `all` with an
 *   absent part is absent as a whole, since leaving a part out would make it fire more. A rule whose
 *   whole condition is absent is not applied. One NOT_CHECKED table flag per rule names the missing
 *   columns (alternatives left out of an `any` with a present branch are not reported).
 * - A gate whose column is present but whose cell is blank/invalid is NOT satisfied (the standard is
 *   not shown to be met: cap, message says 未填). A veto or check with a blank cell does not fire.
 *   Technically: a blank leaf evaluates to the value that makes its rule "not shown" — false, or
 *   true under an odd number of `not`s.
 * - An invalid value in an optional column is an INVALID_VALUE warning and counts as blank.
 * - Near-next is noted only for band tiers, when the row was neither capped nor vetoed, and when
 *   no gate would stop the row at the next band anyway.
 */
import {
  cleanText,
  invalidReason,
  readPercent,
  readScore,
  readStars,
  readText,
  readYesNo,
  toHalfWidth,
  type CellKind,
} from "./cells-v1";
import {
  FAST_SCALE,
  exactDiff,
  exactSum,
  exactWeightedSum,
  formatFixed,
  formatTrim,
  roundFastScaled,
  roundHalfUp,
  toFastScaled,
} from "../../../src/engine/decimal";
import { RubricCache } from "./rubric-cache";
import { SEVERITY_RANK, sortFlags, starsText, tierLabel } from "../../../src/engine/labels";
import type {
  Condition,
  ConditionValue,
  EvaluateOptions,
  Evaluation as EngineEvaluation,
  FieldDef,
  Flag as EngineFlag,
  InputRow,
  InputTable,
  Lang,
  MappedField,
  ParsedValue,
  Rubric,
  RuleDef,
  RowResult as EngineRowResult,
} from "../../../src/engine/types";

/** The results as this engine gave them: flags with their text only (no catalogue message). */
type Flag = Omit<EngineFlag, "text">;
type RowResult = Omit<EngineRowResult, "flags"> & { flags: Flag[] };
type Evaluation = Omit<EngineEvaluation, "rows" | "tableFlags"> & { rows: RowResult[]; tableFlags: Flag[] };

/** decimal.ts keeps sums of scaled integers within this bound so they stay exact. */
const FAST_LIMIT = 2 ** 50;

/** The sentinels of cells.ts, as local constants (see the aliases below). */
const MISSING = -Infinity;
const INVALID = NaN;

// Module-local aliases: transpilers that emit CommonJS read imports through getters on every call.
const readScoreL = readScore;
const readPercentL = readPercent;
const readYesNoL = readYesNo;
const readStarsL = readStars;
const readTextL = readText;
const roundFastScaledL = roundFastScaled;

/** How a field's cell is read. */
const enum Read {
  Score,
  Percent,
  YesNo,
  CheckCount,
  Stars,
  Text,
  StarCell,
}

/** Row state per field. */
const enum St {
  Absent = 0,
  Value = 1,
  Blank = 2,
  /** Filled but unreadable or out of range: read as blank, but messages say 无效, not 未填. */
  Invalid = 3,
}

interface CField {
  def: FieldDef;
  id: string;
  index: number;
  read: Read;
  /** criterion/total/number: 0..max range check. */
  max: number;
  numeric: boolean;
  required: boolean;
  isCriterion: boolean;
  isTotal: boolean;
  /** 0..max is checked: criteria, the total, and numbers that declare a max. */
  ranged: boolean;
}

interface CRubric {
  rubric: Rubric;
  fields: CField[];
  byId: Map<string, number>;
  /** Field ids by index. */
  ids: string[];
  nameIdx: number;
  groupIdx: number;
  criteria: number[];
  totalIdx: number;
  method: Rubric["score"]["method"];
  decimals: number;
  pow10: number;
  weights: number[];
  bandMins: number[];
  bandStars: number[];
  /** Band mins and nearNext × 1e9 (NaN when not exact at that scale). */
  bandMinsScaled: number[];
  nearNextScaled: number;
  /** $nextMin by stars 0..5: the lowest band min above that many stars (NaN: none). */
  nextMinByStars: number[];
  gates: RuleDef[];
  vetoes: RuleDef[];
  checks: RuleDef[];
  /** starsText for 0..5 stars, zh and en. */
  starTexts: string[];
  starTextsEn: string[];
}

const compiledRubrics = new RubricCache<CRubric>();

function readKind(f: FieldDef, method: Rubric["score"]["method"]): Read {
  switch (f.role) {
    case "criterion":
      return method === "count" ? Read.StarCell : Read.Score;
    case "total":
    case "number":
      return Read.Score;
    case "percent":
      return Read.Percent;
    case "check":
      return f.minCount !== undefined ? Read.CheckCount : Read.YesNo;
    case "stars":
      return Read.Stars;
    default:
      return Read.Text;
  }
}

function compileRubric(rubric: Rubric): CRubric {
  return compiledRubrics.get(rubric, buildCompiledRubric);
}

function buildCompiledRubric(rubric: Rubric): CRubric {
  const method = rubric.score.method;
  const fields: CField[] = rubric.fields.map((def, index) => {
    const read = readKind(def, method);
    return {
      def,
      id: def.id,
      index,
      read,
      max: def.max ?? Infinity,
      numeric: read !== Read.Text,
      // The total column is needed to rate a row, whether or not the rubric says "required".
      required: def.required === true || (method === "column" && def.id === rubric.score.field),
      isCriterion: def.role === "criterion",
      isTotal: method === "column" && def.id === rubric.score.field,
      ranged:
        (read === Read.Score || read === Read.StarCell) &&
        (def.role === "criterion" || def.role === "total" || def.max !== undefined),
    };
  });
  const byId = new Map(fields.map((f) => [f.id, f.index]));
  const criteria = fields.filter((f) => f.isCriterion).map((f) => f.index);
  const bands = rubric.tiers.kind === "bands" ? rubric.tiers.bands : [];
  const gates = rubric.rules
    .filter((r) => r.kind === "gate")
    .sort((a, b) => (b.minStars ?? 0) - (a.minStars ?? 0));
  const c: CRubric = {
    rubric,
    fields,
    byId,
    ids: fields.map((f) => f.id),
    nameIdx: fields.find((f) => f.def.role === "name")?.index ?? -1,
    groupIdx: fields.find((f) => f.def.role === "group")?.index ?? -1,
    criteria,
    totalIdx: method === "column" ? (byId.get(rubric.score.field ?? "") ?? -1) : -1,
    method,
    decimals: rubric.score.decimals,
    pow10: 10 ** rubric.score.decimals,
    weights: criteria.map((i) => fields[i]!.def.weight ?? 1),
    bandMins: bands.map((b) => b.min),
    bandStars: bands.map((b) => b.stars),
    bandMinsScaled: bands.map((b) => toFastScaled(b.min)),
    nearNextScaled: toFastScaled(rubric.nearNext),
    nextMinByStars: [0, 1, 2, 3, 4, 5].map((n) => {
      const above = bands.filter((b) => b.stars > n);
      return above.length > 0 ? Math.min(...above.map((b) => b.min)) : NaN;
    }),
    gates,
    vetoes: rubric.rules.filter((r) => r.kind === "veto"),
    checks: rubric.rules.filter((r) => r.kind === "check"),
    starTexts: [0, 1, 2, 3, 4, 5].map((n) => starsText(rubric, n, "zh")),
    starTextsEn: [0, 1, 2, 3, 4, 5].map((n) => starsText(rubric, n, "en")),
  };
  return c;
}

/** Mutable per-table row state, reused for every row. */
interface RowState {
  num: Float64Array;
  str: (string | null)[];
  st: Uint8Array;
  /** StarCell: 1 earned, 0 not. */
  earned: Uint8Array;
  /** NaN when the row has no total (count tiers with no scores). */
  total: number;
  stars: number;
  /** Parsed values of the row, by field index (read only where st is Value). */
  vals: ParsedValue[];
  /** Set by a leaf that met a blank cell. */
  blank: boolean;
}

type Pred = (s: RowState) => boolean;

interface CompiledCondition {
  pred: Pred | null;
  /** Labels of the columns (or labelled conditions) that were left out, zh and en. */
  missing: string[];
  missingEn: string[];
  /** Field indexes the condition reads (present ones), for the flag's cell. */
  fields: number[];
}

interface CRule {
  def: RuleDef;
  pred: Pred;
  /** check: escalate.when compiled (null: no escalation, or its columns are absent). */
  escalate: Pred | null;
  /** gate with a top-level `all`: its parts, to list the unmet ones. */
  parts: { label: string; labelEn: string; pred: Pred; fields: number[] }[] | null;
  fields: number[];
}

interface CTable {
  present: boolean[];
  columns: (string | null)[];
  gates: CRule[];
  vetoes: CRule[];
  checks: CRule[];
  tableFlags: Flag[];
  /** StarCell columns read as scores (1/0 are points), by field index. */
  scoreMode: boolean[];
}

function fieldLabel(f: FieldDef, lang: Lang): string {
  return lang === "en" ? (f.labelEn ?? f.label) : f.label;
}

function conditionLabel(c: Condition, cr: CRubric, lang: Lang): string | null {
  const l = lang === "en" ? (c.labelEn ?? c.label) : c.label;
  if (l) return l;
  if ("field" in c) {
    const i = cr.byId.get(c.field);
    return i === undefined ? null : fieldLabel(cr.fields[i]!.def, lang);
  }
  return null;
}

function isRef(v: ConditionValue): v is { ref: string; add?: number } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function compileLeaf(
  c: { field: string; op: string; value: ConditionValue },
  cr: CRubric,
  present: boolean[],
  negated: boolean,
): Pred | null {
  const blankResult = negated;
  const op = c.op;
  const value = c.value;

  // Left side.
  let leftIdx = -1;
  let leftNumeric = true;
  let leftRead: Read = Read.Score;
  if (c.field !== "$total" && c.field !== "$stars" && c.field !== "$nextMin") {
    const i = cr.byId.get(c.field);
    if (i === undefined || !present[i]) return null;
    leftIdx = i;
    leftNumeric = cr.fields[i]!.numeric;
    leftRead = cr.fields[i]!.read;
  }
  const isTotal = c.field === "$total";
  const nextMins = cr.nextMinByStars;

  if (op === "is" && value === null) {
    if (c.field === "$nextMin") return (s) => (nextMins[s.stars] ?? NaN) !== (nextMins[s.stars] ?? NaN);
    if (leftIdx < 0) return isTotal ? (s) => s.total !== s.total : () => false;
    return (s) => s.st[leftIdx] !== St.Value;
  }

  // Right side: a constant or a reference to a present numeric field.
  let rightIdx = -1;
  if (isRef(value) && value.ref !== "$total" && value.ref !== "$stars" && value.ref !== "$nextMin") {
    const j = cr.byId.get(value.ref);
    if (j === undefined || !present[j] || !cr.fields[j]!.numeric) return null;
    rightIdx = j;
  }

  if (!leftNumeric) {
    // Text comparisons: =, !=, in on cleaned text; anything else never holds.
    const li = leftIdx;
    const norm = (x: unknown) => cleanText(String(x));
    if (op === "=" || op === "is" || op === "!=") {
      const target = value === null || isRef(value) || Array.isArray(value) ? null : norm(value);
      const eq = op !== "!=";
      return (s) => {
        const v = s.str[li];
        if (s.st[li] !== St.Value || v === null || v === undefined) {
          s.blank = true;
          return blankResult;
        }
        return (v === target) === eq;
      };
    }
    if (op === "in") {
      const set = new Set(Array.isArray(value) ? value.map(norm) : []);
      return (s) => {
        const v = s.str[li];
        if (s.st[li] !== St.Value || v === null || v === undefined) {
          s.blank = true;
          return blankResult;
        }
        return set.has(v);
      };
    }
    return () => false;
  }

  // Numeric left. One closure per leaf that reads both operands inline: no nested closure calls.
  const OP_CODES: Record<string, number> = { ">=": 0, ">": 1, "<=": 2, "<": 3, "=": 4, is: 4, "!=": 5 };
  const lKind = leftIdx >= 0 ? 0 : isTotal ? 1 : c.field === "$nextMin" ? 3 : 2; // field, $total, $stars, $nextMin
  const li = leftIdx;

  if (op === "in") {
    const nums = new Set<number>();
    if (Array.isArray(value)) {
      for (const v of value) {
        const n = typeof v === "number" ? v : constantFor(leftRead, v);
        if (n === n) nums.add(n);
      }
    }
    return (s) => {
      const a = leftOperand(s, lKind, li, nextMins);
      if (a !== a) {
        s.blank = true;
        return blankResult;
      }
      return nums.has(a);
    };
  }

  let rKind: number; // 0 field, 1 $total, 2 $stars, 3 constant, 4 $nextMin
  let k = 0;
  let add = 0;
  if (isRef(value)) {
    add = value.add ?? 0;
    rKind = rightIdx >= 0 ? 0 : value.ref === "$total" ? 1 : value.ref === "$nextMin" ? 4 : 2;
  } else {
    rKind = 3;
    k =
      typeof value === "number"
        ? value
        : typeof value === "boolean"
          ? value
            ? 1
            : 0
          : constantFor(leftRead, value);
    if (k !== k) return () => false;
  }
  const ri = rightIdx;
  const code = OP_CODES[op] ?? 4;
  return (s) => {
    const a = leftOperand(s, lKind, li, nextMins);
    const b =
      rKind === 3
        ? k
        : rKind === 0
          ? s.st[ri] === St.Value
            ? s.num[ri]! + add
            : NaN
          : rKind === 1
            ? s.total + add
            : rKind === 4
              ? (nextMins[s.stars] ?? NaN) + add
              : s.stars + add;
    if (a !== a || b !== b) {
      s.blank = true;
      return blankResult;
    }
    switch (code) {
      case 0:
        return a >= b;
      case 1:
        return a > b;
      case 2:
        return a <= b;
      case 3:
        return a < b;
      case 4:
        return a === b;
      default:
        return a !== b;
    }
  };
}

function leftOperand(s: RowState, kind: number, li: number, nextMins: number[]): number {
  if (kind === 0) return s.st[li] === St.Value ? s.num[li]! : NaN;
  if (kind === 1) return s.total;
  if (kind === 3) return nextMins[s.stars] ?? NaN;
  return s.stars;
}

/** A constant written as text, read the way the left field reads its cells ("95%" → 0.95). */
function constantFor(read: Read, v: unknown): number {
  let n: number;
  switch (read) {
    case Read.Percent:
      n = readPercent(v);
      break;
    case Read.YesNo:
    case Read.CheckCount:
      n = typeof v === "boolean" ? (v ? 1 : 0) : readYesNo(v);
      if (n !== n) n = readScore(v);
      break;
    case Read.Stars:
      n = readStars(v);
      break;
    default:
      n = readScore(v);
  }
  return n === MISSING ? NaN : n;
}

function compileCondition(
  c: Condition,
  cr: CRubric,
  present: boolean[],
  negated: boolean,
  gate: boolean,
): CompiledCondition {
  if ("all" in c || "any" in c) {
    const isAll = "all" in c;
    const kids = (isAll ? c.all : c.any).map((k) => compileCondition(k, cr, present, negated, gate));
    const live = kids.filter((k) => k.pred !== null);
    const preds = live.map((k) => k.pred as Pred);
    const fields = live.flatMap((k) => k.fields);
    // Leaving a requirement out of an `all` makes it easier to hold. That is the safe direction only
    // for a gate (it caps less); in a veto or check it would fire more, so there (and under an odd
    // number of `not`s) an `all` with an absent part is absent as a whole.
    const lenient = gate !== negated;
    // absentParts "skip" (docs/schemes.md): the parts the table has must hold; the others are
    // alternatives, not reported, like the branches of an `any`.
    const skip = isAll && c.absentParts === "skip";
    if (preds.length === 0 || (isAll && !skip && !lenient && live.length < kids.length)) {
      const own = conditionLabel(c, cr, "zh");
      return {
        pred: null,
        missing: own ? [own] : kids.flatMap((k) => k.missing),
        missingEn: own ? [conditionLabel(c, cr, "en") ?? own] : kids.flatMap((k) => k.missingEn),
        fields,
      };
    }
    // Alternatives left out of an `any` are not reported; requirements left out of an `all` are.
    const reportAll = isAll && !skip;
    const missing = reportAll ? kids.flatMap((k) => k.missing) : live.flatMap((k) => k.missing);
    const missingEn = reportAll ? kids.flatMap((k) => k.missingEn) : live.flatMap((k) => k.missingEn);
    let pred: Pred;
    if (preds.length === 1) pred = preds[0]!;
    else if (isAll) {
      pred = (s) => {
        for (const p of preds) if (!p(s)) return false;
        return true;
      };
    } else {
      pred = (s) => {
        for (const p of preds) if (p(s)) return true;
        return false;
      };
    }
    return { pred, missing, missingEn, fields };
  }
  if ("not" in c) {
    const inner = compileCondition(c.not, cr, present, !negated, gate);
    if (inner.pred === null) {
      const own = conditionLabel(c, cr, "zh");
      return own ? { ...inner, missing: [own], missingEn: [conditionLabel(c, cr, "en") ?? own] } : inner;
    }
    const p = inner.pred;
    return { ...inner, pred: (s) => !p(s) };
  }
  const pred = compileLeaf(c, cr, present, negated);
  const fields: number[] = [];
  const idx = cr.byId.get(c.field);
  if (idx !== undefined && present[idx]) fields.push(idx);
  if (isRef(c.value)) {
    const j = cr.byId.get(c.value.ref);
    if (j !== undefined && present[j]) fields.push(j);
  }
  if (pred !== null) return { pred, missing: [], missingEn: [], fields };
  const own = c.label;
  if (own) return { pred: null, missing: [own], missingEn: [c.labelEn ?? own], fields };
  const missing: string[] = [];
  const missingEn: string[] = [];
  for (const id of [c.field, isRef(c.value) ? c.value.ref : null]) {
    if (id === null || id.startsWith("$")) continue;
    const i = cr.byId.get(id);
    if (i !== undefined && !present[i]) {
      const def = cr.fields[i]!.def;
      missing.push(def.label);
      missingEn.push(def.labelEn ?? def.label);
    }
  }
  return { pred: null, missing, missingEn, fields };
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

function compileTable(
  cr: CRubric,
  fields: Record<string, MappedField>,
  rows: readonly InputRow[],
  lang: Lang,
): CTable {
  const n = cr.fields.length;
  const present: boolean[] = new Array<boolean>(n).fill(false);
  const columns: (string | null)[] = new Array<string | null>(n).fill(null);
  for (const f of cr.fields) {
    const m = fields[f.id];
    if (m !== undefined && m !== null) {
      present[f.index] = true;
      columns[f.index] = typeof m.column === "string" && m.column ? m.column : null;
    }
  }
  const tableFlags: Flag[] = [];
  const absentRequired = cr.fields.filter((f) => f.required && !present[f.index]);
  if (absentRequired.length > 0) {
    const zh = absentRequired.map((f) => f.def.label).join("、");
    const en = absentRequired.map((f) => f.def.labelEn ?? f.def.label).join(", ");
    tableFlags.push({
      code: "MISSING_COLUMN",
      severity: "error",
      message: lang === "en" ? `Required columns missing: ${en}` : `缺少必需的列：${zh}`,
    });
  }

  const compileRules = (defs: RuleDef[]): CRule[] => {
    const out: CRule[] = [];
    for (const def of defs) {
      const cc = compileCondition(def.when, cr, present, false, def.kind === "gate");
      const name = (lang === "en" ? (def.labelEn ?? def.label) : def.label) ?? def.code;
      if (cc.pred === null || cc.missing.length > 0) {
        const cols = uniq(lang === "en" ? cc.missingEn : cc.missing);
        const partial = cc.pred !== null;
        let message: string;
        const only = cols.length === 1 && cols[0] === name;
        if (only && !partial) {
          message =
            lang === "en"
              ? `${name} not checked: the table has no such column`
              : `未检查${name}：表中没有该列`;
        } else if (lang === "en") {
          message = partial
            ? `${name} only partly checked: no column for ${cols.join(", ")}`
            : `${name} not checked: the table has no column for ${cols.join(", ")}`;
        } else {
          message = partial
            ? `${name}部分未检查：表中没有${cols.join("、")}列`
            : `未检查${name}：表中没有${cols.join("、")}列`;
        }
        tableFlags.push({ code: "NOT_CHECKED", severity: "info", message });
      }
      if (cc.pred === null) continue;
      let parts: CRule["parts"] = null;
      if (def.kind === "gate" && "all" in def.when) {
        parts = [];
        for (const part of def.when.all) {
          const pc = compileCondition(part, cr, present, false, true);
          if (pc.pred === null) continue;
          parts.push({
            label: conditionLabel(part, cr, "zh") ?? "?",
            labelEn: conditionLabel(part, cr, "en") ?? "?",
            pred: pc.pred,
            fields: pc.fields,
          });
        }
      }
      const esc = def.escalate ? compileCondition(def.escalate.when, cr, present, false, false).pred : null;
      out.push({ def, pred: cc.pred, escalate: esc, parts, fields: cc.fields });
    }
    return out;
  };

  // A star column with any score above 1 is a score column: its 1s and 0s are points, not yes/no.
  const scoreMode: boolean[] = new Array<boolean>(n).fill(false);
  if (cr.method === "count") {
    for (const i of cr.criteria) {
      if (!present[i]) continue;
      const id = cr.fields[i]!.id;
      for (const row of rows) {
        const raw = row?.cells?.[id];
        if (typeof raw === "boolean") continue;
        if (
          typeof raw === "string" &&
          readYesNo(raw) === readYesNo(raw) &&
          readYesNo(raw) !== MISSING &&
          !/^\s*[01]\s*$/.test(raw)
        ) {
          continue;
        }
        const v = readScore(raw);
        if (v === v && v !== MISSING && (v > 1 || !Number.isInteger(v))) {
          scoreMode[i] = true;
          break;
        }
      }
    }
  }

  return {
    present,
    columns,
    gates: compileRules(cr.gates),
    vetoes: compileRules(cr.vetoes),
    checks: compileRules(cr.checks),
    tableFlags,
    scoreMode,
  };
}

const KIND_OF_READ: Record<Read, CellKind> = {
  [Read.Score]: "score",
  [Read.Percent]: "percent",
  [Read.YesNo]: "yesno",
  [Read.CheckCount]: "yesno",
  [Read.Stars]: "stars",
  [Read.Text]: "text",
  [Read.StarCell]: "yesno",
};

/** 有/无 written in a yes/no cell ("没有" is 无), or null. */
function haveWordOf(raw: unknown): "有" | "无" | null {
  if (typeof raw !== "string") return null;
  const t = toHalfWidth(raw).trim();
  return t === "有" ? "有" : t === "无" || t === "没有" ? "无" : null;
}

const UNCLEAR_HAVE_WORD = {
  reason: "填“有/无”含义不明，请填是/否",
  reasonEn: "“有/无” is ambiguous here; enter yes or no",
};

/** "标准4 三年无违法违纪填“无”，读作达到" — how an absence column's 有/无 was read. */
function absenceNote(f: FieldDef, word: "有" | "无", met: boolean, lang: Lang): string {
  if (lang === "en") return `${f.labelEn ?? f.label}: “${word}” read as ${met ? "met" : "not met"}`;
  return `${f.label}填“${word}”，读作${met ? "达到" : "未达到"}`;
}

/** Formats a value for a message placeholder. */
function formatValue(cr: CRubric, f: CField, s: RowState, lang: Lang): string {
  if (s.st[f.index] !== St.Value) {
    if (s.st[f.index] === St.Invalid) return lang === "en" ? "invalid" : "无效";
    return lang === "en" ? "blank" : "未填";
  }
  const v = s.num[f.index]!;
  switch (f.read) {
    case Read.Percent:
      return formatTrim(v * 100, 2) + "%";
    case Read.YesNo:
    case Read.CheckCount:
      return v === 1 ? (lang === "en" ? "yes" : "是") : lang === "en" ? "no" : "否";
    case Read.Stars:
      return (lang === "en" ? cr.starTextsEn : cr.starTexts)[v] ?? starsText(cr.rubric, v, lang);
    case Read.Text:
      return s.str[f.index] ?? "";
    case Read.StarCell:
      return v === v
        ? formatTrim(v)
        : s.earned[f.index]
          ? lang === "en"
            ? "yes"
            : "是"
          : lang === "en"
            ? "no"
            : "否";
    default:
      return formatTrim(v);
  }
}

function fixed(x: number, decimals: number, pow: number): string {
  const q = Math.round(x * pow);
  if (q / pow === x && q >= 0 && q < 2 ** 52) {
    if (decimals === 0) return String(q);
    const intPart = Math.floor(q / pow);
    const frac = String(q - intPart * pow).padStart(decimals, "0");
    return intPart + "." + frac;
  }
  return formatFixed(x, decimals);
}

interface Ctx {
  cr: CRubric;
  ct: CTable;
  s: RowState;
  lang: Lang;
  /** Tier label by stars 0..5, in `lang`. */
  tiers: string[];
  /** Eligibility label by stars 0..5, in `lang`. */
  eligibility: string[];
  notRated: string;
  /** values templates by the bit set of fields that have a value. */
  valueTemplates: Map<number, Record<string, ParsedValue | undefined>>;
  /** Per-row scratch: which gates fired. */
  firedGates: Uint8Array;
  /** "总分96.50 → 五星级" by total × 10^decimals (band tiers: the first tier follows from the total). */
  firstLines: Map<number, string>;
}

/** Templates split once into literal and placeholder parts: odd indexes are placeholder keys. */
const templateParts = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = templateParts.get(template);
  if (!parts) {
    parts = template.split(/\{([A-Za-z0-9_$]+)\}/);
    if (templateParts.size > 10_000) templateParts.clear();
    templateParts.set(template, parts);
  }
  return parts;
}

/**
 * A gate's English message standing alone as a flag. It is written lower-case because the
 * explanation strings it into a sentence ("Total 96.50 → 5 stars; satisfaction 93% is below 95%").
 */
function sentence(text: string): string {
  const first = text.charCodeAt(0);
  return first >= 97 && first <= 122 ? text[0].toUpperCase() + text.slice(1) : text;
}

function placeholder(key: string, ctx: Ctx, extra: { tier: string; unmet?: string; cap?: string }): string {
  const { cr, s, lang } = ctx;
  switch (key) {
    case "total":
    case "$total":
      return s.total === s.total ? fixed(s.total, cr.decimals, cr.pow10) : lang === "en" ? "blank" : "未填";
    case "stars":
    case "$stars":
      return String(s.stars);
    case "tier":
      return extra.tier;
    case "cap":
      return extra.cap ?? extra.tier;
    case "unmet":
      return extra.unmet ?? "";
    case "reason": {
      // {reason} is the veto reason column when the rubric has one and no field is called "reason".
      if (cr.byId.has("reason")) break;
      const i = cr.byId.get("vetoReason");
      const t = i !== undefined && s.st[i] === St.Value ? s.str[i] : null;
      return t || (lang === "en" ? "no reason given" : "未注明事由");
    }
  }
  const i = cr.byId.get(key);
  if (i === undefined) return "{" + key + "}";
  return formatValue(cr, cr.fields[i]!, s, lang);
}

function fill(template: string, ctx: Ctx, extra: { tier: string; unmet?: string; cap?: string }): string {
  const parts = partsOf(template);
  if (parts.length === 1) return template;
  let out = "";
  for (let k = 0; k < parts.length; k++) out += k & 1 ? placeholder(parts[k]!, ctx, extra) : parts[k]!;
  return out;
}

function cellOf(ctx: Ctx, fieldIdx: number | undefined, row: number): string | undefined {
  if (fieldIdx === undefined) return undefined;
  const col = ctx.ct.columns[fieldIdx];
  return col ? col + String(row) : undefined;
}

function newState(n: number): RowState {
  return {
    num: new Float64Array(n),
    str: new Array<string | null>(n).fill(null),
    st: new Uint8Array(n),
    earned: new Uint8Array(n),
    vals: new Array<ParsedValue>(n).fill(0),
    total: NaN,
    stars: 0,
    blank: false,
  };
}

/** "服务体系" → "服务体系分数", but "考核分数"/"考核得分"/"总分" stay as they are (no "分数分数"). */
function scoreLabelZh(label: string): string {
  return /(?:分数|得分|分|分值)$/.test(label) ? label : label + "分数";
}

function scoreText(lang: Lang, f: FieldDef): string {
  return lang === "en" ? (f.labelEn ?? f.label) : f.label;
}

/**
 * The numbers of the given fields; blanks dropped (`skipBlank`) or as `blank`. Outside evalRow on
 * purpose: a closure there that captured the row state would make every call allocate a context.
 */
function givenValues(s: RowState, idx: readonly number[], blank: number, skipBlank: boolean): number[] {
  const out: number[] = [];
  for (const k of idx) {
    if (s.st[k] === St.Value) out.push(s.num[k]!);
    else if (!skipBlank) out.push(blank);
  }
  return out;
}

/**
 * The row's values object: cloned from a cached template with exactly the keys in `got` (a bit per
 * field index), then filled. Rubrics with more than 30 fields build it key by key.
 */
function valuesObject(ctx: Ctx, got: number): Record<string, ParsedValue> {
  const fields = ctx.cr.fields;
  const vals = ctx.s.vals;
  if (fields.length > 30) {
    const out: Record<string, ParsedValue> = {};
    for (let i = 0; i < fields.length; i++) if (ctx.s.st[i] === St.Value) out[fields[i]!.id] = vals[i]!;
    return out;
  }
  let template = ctx.valueTemplates.get(got);
  if (template === undefined) {
    template = {};
    for (let i = 0; i < fields.length; i++) if (got & (1 << i)) template[fields[i]!.id] = undefined;
    ctx.valueTemplates.set(got, template);
  }
  const out = { ...template } as Record<string, ParsedValue>;
  const ids = ctx.cr.ids;
  for (let i = 0; i < ids.length; i++) if (got & (1 << i)) out[ids[i]!] = vals[i]!;
  return out;
}

/** Evaluates one row in a compiled table context. */
function evalRow(ctx: Ctx, row: InputRow): RowResult {
  const { cr, ct, s, lang } = ctx;
  const en = lang === "en";
  const fields = cr.fields;
  const cells: Record<string, unknown> = row.cells && typeof row.cells === "object" ? row.cells : {};
  const rowNo = row.row;
  const nameIdx = cr.nameIdx;
  let flags: Flag[] | null = null;
  let notRated = false;
  let notRatedWhy: string[] | null = null;
  /** How 有/无 were read in absence columns (docs/schemes.md "有 and 无"). */
  let readNotes: string[] | null = null;
  // Parsed values go to a scratch array first; the values object is then cloned from a template
  // with exactly those keys (one right-sized allocation instead of a growing one).
  let got = 0;
  const vals = s.vals;

  // 1. Read every field.
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (!ct.present[i]) {
      s.st[i] = St.Absent;
      if (f.required && (f.isCriterion || f.isTotal)) {
        notRated = true;
        (notRatedWhy ??= []).push(en ? `${scoreText(lang, f.def)} missing` : `缺少${f.def.label}`);
      }
      continue;
    }
    const raw = cells[f.id];
    let v: number;
    let text: string | null | undefined = null;
    switch (f.read) {
      case Read.Score:
        v =
          typeof raw === "number" && raw === raw && raw !== Infinity && raw !== -Infinity
            ? raw
            : readScoreL(raw);
        break;
      case Read.Percent:
        v = readPercentL(raw);
        break;
      case Read.YesNo:
        v = readYesNoL(raw);
        if (f.def.haveWords === "absence" || f.def.haveWords === "unclear") {
          const word = haveWordOf(raw);
          if (word !== null && f.def.haveWords === "unclear") v = INVALID;
          else if (word !== null) {
            v = word === "有" ? 0 : 1;
            (readNotes ??= []).push(absenceNote(f.def, word, v === 1, lang));
          }
        }
        break;
      case Read.CheckCount: {
        // Any number is a count compared with minCount ("1", 1 and "3次" too); words are yes/no.
        const n = readScoreL(typeof raw === "string" ? raw.replace(/次\s*$/, "") : raw);
        if (n === n && n !== MISSING) v = n >= (f.def.minCount ?? 1) ? 1 : 0;
        else v = readYesNoL(raw);
        break;
      }
      case Read.Stars:
        v = readStarsL(raw);
        break;
      case Read.StarCell: {
        // yes/no, or a score earned at `pass`; 1/0 are points only in a score column.
        v = NaN;
        s.earned[i] = 0;
        let earned = -1;
        if (typeof raw === "boolean") earned = raw ? 1 : 0;
        else {
          const yn = readYesNoL(raw);
          const isBit =
            typeof raw === "number"
              ? raw === 0 || raw === 1
              : typeof raw === "string" && /^\s*[01]\s*$/.test(raw);
          if (yn === MISSING) earned = -2;
          else if (yn === yn && !(isBit && ct.scoreMode[i])) earned = yn;
          else {
            const sc = readScoreL(raw);
            if (sc === sc && sc !== MISSING) {
              v = sc;
              earned = sc >= (f.def.pass ?? f.max) ? 1 : 0;
            }
          }
        }
        if (earned === -2) v = MISSING;
        else if (earned === -1) v = INVALID;
        else {
          s.earned[i] = earned;
          if (v !== v) {
            // yes/no cell: store the bit in num as NaN (no score) and mark the value.
            s.st[i] = St.Value;
            s.num[i] = NaN;
            vals[i] = earned === 1;
            got |= 1 << i;
            continue;
          }
        }
        break;
      }
      default: {
        text = readTextL(raw);
        v = text === null ? MISSING : text === undefined ? INVALID : 0;
        // The name is shown (and published) as typed: "Ａ支部（一）" stays full-width. Only
        // duplicate detection compares the normalised form (nameKey).
        if (i === nameIdx && text !== raw && typeof text === "string" && typeof raw === "string") {
          text = raw.trim();
        }
      }
    }

    if (v === MISSING) {
      s.st[i] = St.Blank;
      s.num[i] = NaN;
      if (f.required) {
        if (f.isCriterion || f.isTotal) {
          notRated = true;
          const msg = en
            ? `${scoreText(lang, f.def)} is missing`
            : `缺少${f.read === Read.StarCell ? f.def.label : scoreLabelZh(f.def.label)}`;
          (notRatedWhy ??= []).push(msg);
          (flags ??= []).push({
            code: "MISSING_VALUE",
            severity: "error",
            message: msg,
            cell: cellOf(ctx, i, rowNo),
          });
        }
      }
      continue;
    }
    if (v !== v) {
      s.st[i] = St.Invalid;
      s.num[i] = NaN;
      const why =
        f.def.haveWords === "unclear" && haveWordOf(raw) !== null
          ? UNCLEAR_HAVE_WORD
          : invalidReason(KIND_OF_READ[f.read], raw);
      const scoreField = f.required && (f.isCriterion || f.isTotal);
      const msg = en ? `${scoreText(lang, f.def)}: ${why.reasonEn}` : `${f.def.label}：${why.reason}`;
      if (scoreField) {
        notRated = true;
        (notRatedWhy ??= []).push(msg);
      }
      (flags ??= []).push({
        code: "INVALID_VALUE",
        severity: scoreField ? "error" : "warning",
        message: msg,
        cell: cellOf(ctx, i, rowNo),
      });
      continue;
    }
    if (f.numeric) {
      if (f.ranged && (v < 0 || v > f.max)) {
        s.st[i] = St.Invalid;
        s.num[i] = NaN;
        const scoreField = f.isCriterion || f.isTotal;
        const msg = en
          ? `${scoreText(lang, f.def)} ${formatTrim(v)} is outside 0–${formatTrim(f.max)}`
          : `${f.def.label}${formatTrim(v)}超出0–${formatTrim(f.max)}`;
        if (scoreField) {
          notRated = true;
          (notRatedWhy ??= []).push(msg);
        }
        (flags ??= []).push({
          code: "OUT_OF_RANGE",
          severity: scoreField ? "error" : "warning",
          message: msg,
          cell: cellOf(ctx, i, rowNo),
        });
        continue;
      }
      s.st[i] = St.Value;
      s.num[i] = v;
      // Store the cell's own number when it is the value: no new heap number per cell.
      got |= 1 << i;
      vals[i] =
        f.read === Read.YesNo || f.read === Read.CheckCount ? v === 1 : raw === v ? (raw as number) : v;
    } else {
      s.st[i] = St.Value;
      s.str[i] = text as string;
      got |= 1 << i;
      vals[i] = text as string;
    }
  }

  const values = valuesObject(ctx, got);
  const name = cr.nameIdx >= 0 && s.st[cr.nameIdx] === St.Value ? (s.str[cr.nameIdx] ?? "") : "";
  const group = cr.groupIdx >= 0 && s.st[cr.groupIdx] === St.Value ? s.str[cr.groupIdx]! : null;
  if (!name && cr.nameIdx >= 0 && ct.present[cr.nameIdx]) {
    (flags ??= []).push({
      code: "MISSING_NAME",
      severity: "warning",
      message: en ? "Branch name is missing" : "缺少党支部名称",
      cell: cellOf(ctx, cr.nameIdx, rowNo),
    });
  }

  if (notRated) {
    const label = ctx.notRated;
    return {
      row: rowNo,
      name,
      group,
      rated: false,
      total: null,
      stars: null,
      tier: label,
      eligibility: "",
      flags: flags ? sortFlags(flags) : [],
      explanation: (notRatedWhy ?? []).join(en ? "; " : "；") + " → " + label,
      values,
    };
  }

  // 2. Total.
  let total = NaN;
  let stars = 0;
  const method = cr.method;
  if (method === "sum") {
    let acc = 0;
    let fast = true;
    const crit = cr.criteria;
    for (let k = 0; k < crit.length; k++) {
      // A blank optional criterion adds nothing (a required one made the row not rated already).
      if (s.st[crit[k]!] !== St.Value) continue;
      // toFastScaled, inlined: a double returned from a call is boxed, and this runs per cell.
      const v = s.num[crit[k]!]!;
      const x = Math.round(v * FAST_SCALE);
      if (x / FAST_SCALE !== v || x > FAST_LIMIT || x < -FAST_LIMIT) {
        fast = false;
        break;
      }
      acc += x;
    }
    total = fast ? roundFastScaledL(acc, cr.decimals) : exactSum(givenValues(s, crit, 0, true), cr.decimals);
  } else if (method === "weighted") {
    total = exactWeightedSum(givenValues(s, cr.criteria, 0, false), cr.weights, cr.decimals);
  } else if (method === "column") {
    total = roundHalfUp(s.num[cr.totalIdx]!, cr.decimals);
  } else {
    const scores: number[] = [];
    let earned = 0;
    for (const k of cr.criteria) {
      if (s.earned[k]) earned++;
      const x = s.num[k]!;
      if (x === x) scores.push(x);
    }
    stars = earned;
    // No sum of mixed yes/no and scored stars (docs/schemes.md "model-organ"): a total only when
    // every star of the row is scored.
    total = scores.length > 0 && scores.length === cr.criteria.length ? exactSum(scores, cr.decimals) : NaN;
  }
  if (total === 0) total = 0; // no "-0"

  // 3. Tier.
  const mins = cr.bandMins;
  if (method !== "count") {
    stars = 0;
    for (let b = 0; b < mins.length; b++) {
      if (mins[b]! <= total) {
        stars = cr.bandStars[b]!;
        break;
      }
    }
  }
  s.total = total;
  s.stars = stars;
  const firstTier = ctx.tiers[stars]!;
  const totalText = total === total ? fixed(total, cr.decimals, cr.pow10) : "";
  let explanation: string;
  if (method === "count") {
    const names: string[] = [];
    for (const k of cr.criteria) if (s.earned[k]) names.push(fieldLabel(fields[k]!.def, lang));
    explanation = en
      ? `${stars} star${stars === 1 ? "" : "s"} earned${names.length ? ` (${names.join(", ")})` : ""}${totalText ? `, total ${totalText}` : ""} → ${firstTier}`
      : `获${stars}星${names.length ? `（${names.join("、")}）` : ""}${totalText ? `，总分${totalText}` : ""} → ${firstTier}`;
  } else {
    // Many rows share a total (and the band follows from it): reuse the first line's string.
    // Keyed by the scaled integer (a small integer key is not boxed; a double key is).
    const lineKey = Math.round(total * cr.pow10);
    const cached = ctx.firstLines.get(lineKey);
    if (cached !== undefined) explanation = cached;
    else {
      explanation = (en ? "Total " : "总分") + totalText + " → " + firstTier;
      if (ctx.firstLines.size < 4096) ctx.firstLines.set(lineKey, explanation);
    }
  }
  const sep = en ? "; " : "；";
  if (readNotes) explanation += sep + readNotes.join(sep);

  // 4. Gates, top down, to a fixed point; then vetoes.
  let capped = false;
  const gates = ct.gates;
  if (gates.length > 0) {
    // Gates that fired in this row: a buffer reused across rows instead of an array per row.
    const fired = ctx.firedGates;
    for (let g = 0; g < fired.length; g++) fired[g] = 0;
    let changed = true;
    for (let round = 0; changed && round <= gates.length; round++) {
      changed = false;
      for (let g = 0; g < gates.length; g++) {
        const gate = gates[g]!;
        const def = gate.def;
        if (fired[g] || stars < (def.minStars ?? 0)) continue;
        s.blank = false;
        if (gate.pred(s)) continue;
        const sawBlank = s.blank;
        const before = ctx.tiers[stars]!;
        stars = Math.min(stars, def.capTo ?? stars);
        s.stars = stars;
        fired[g] = 1;
        changed = true;
        capped = true;
        const after = ctx.tiers[stars]!;
        const msg = gateMessage(ctx, gate, sawBlank, before, after);
        explanation += sep + msg.text + " → " + after;
        (flags ??= []).push({
          code: def.code,
          severity: def.severity,
          message: en ? sentence(msg.text) : msg.text,
          cell: cellOf(ctx, msg.field, rowNo),
        });
      }
    }
    // Gates that flag whenever their condition is shown false (no cap below minStars).
    for (let g = 0; g < gates.length; g++) {
      const gate = gates[g]!;
      if (!gate.def.alwaysFlag || fired[g] || stars >= (gate.def.minStars ?? 0)) continue;
      s.blank = false;
      if (gate.pred(s) || s.blank) continue;
      const tier = ctx.tiers[stars]!;
      const msg = gateMessage(ctx, gate, false, tier, tier);
      (flags ??= []).push({
        code: gate.def.code,
        severity: gate.def.severity,
        message: en ? sentence(msg.text) : msg.text,
        cell: cellOf(ctx, msg.field, rowNo),
      });
    }
  }
  for (const veto of ct.vetoes) {
    s.blank = false;
    if (!veto.pred(s)) continue;
    const def = veto.def;
    const before = ctx.tiers[stars]!;
    const outcome = def.outcome ?? { kind: "none" as const };
    const to = outcome.kind === "cap" ? Math.min(stars, outcome.stars) : 0;
    if (to !== stars) capped = true;
    stars = to;
    s.stars = stars;
    const after = ctx.tiers[stars]!;
    const text = fill(en ? (def.messageEn ?? def.message) : def.message, ctx, { tier: before, cap: after });
    explanation += sep + text + " → " + after;
    (flags ??= []).push({
      code: def.code,
      severity: def.severity,
      message: text,
      cell: cellOf(ctx, veto.fields[0], rowNo),
    });
  }

  // 5. Checks, eligibility, near-next.
  const tier = ctx.tiers[stars]!;
  for (const check of ct.checks) {
    s.blank = false;
    if (!check.pred(s)) continue;
    const def = check.def;
    s.blank = false;
    const esc = check.escalate !== null && check.escalate(s) ? def.escalate : undefined;
    const zh = esc?.message ?? def.message;
    const enText = esc
      ? (esc.messageEn ?? esc.message ?? def.messageEn ?? def.message)
      : (def.messageEn ?? def.message);
    const text = fill(en ? enText : zh, ctx, { tier });
    (flags ??= []).push({
      code: def.code,
      severity: esc ? esc.severity : def.severity,
      message: text,
      cell: cellOf(ctx, check.fields[0], rowNo),
    });
  }
  const eligibility = ctx.eligibility[stars] ?? "";
  if (!capped && method !== "count" && mins.length > 0 && total === total) {
    const near = nearNext(ctx, total);
    if (near) (flags ??= []).push(near);
  }

  return {
    row: rowNo,
    name,
    group,
    rated: true,
    total: total === total ? total : null,
    stars,
    tier,
    eligibility,
    flags: flags ? sortFlags(flags) : [],
    explanation,
    values,
  };
}

function gateMessage(
  ctx: Ctx,
  gate: CRule,
  sawBlank: boolean,
  tier: string,
  cap: string,
): { text: string; field?: number } {
  const { s, lang } = ctx;
  const def = gate.def;
  const en = lang === "en";
  let unmet: string | undefined;
  let field = gate.fields[0];
  if (gate.parts) {
    const list: string[] = [];
    let first: number | undefined;
    for (const part of gate.parts) {
      s.blank = false;
      if (part.pred(s)) continue;
      const label = en ? part.labelEn : part.label;
      if (!s.blank) list.push(label);
      else if (anyInvalid(s, part.fields)) list.push(label + (en ? " (invalid)" : "（无效）"));
      else list.push(label + (en ? " (blank)" : "（未填）"));
      first ??= part.fields[0];
    }
    unmet = list.join(en ? ", " : "、");
    if (first !== undefined) field = first;
  }
  const missing = en ? (def.messageMissingEn ?? def.messageMissing) : def.messageMissing;
  let template = en ? (def.messageEn ?? def.message) : def.message;
  if (sawBlank && anyInvalid(s, gate.fields)) {
    // The cell was filled but could not be read: saying 未填 would send the user looking for a
    // blank that is not there.
    const invalid = en ? (def.messageInvalidEn ?? def.messageInvalid) : def.messageInvalid;
    if (invalid) template = invalid;
    else if (missing) {
      const label = (en ? (def.labelEn ?? def.label) : def.label) ?? def.code;
      template = en
        ? `${label} is invalid (unreadable), so it is not shown to be met`
        : `${label}填写无效（无法识别），不能认定达标`;
    }
  } else if (sawBlank && missing) {
    template = missing;
  }
  return { text: fill(template, ctx, { tier, cap, unmet }), field };
}

/** Whether any of the fields holds a filled but unreadable (or out-of-range) cell in this row. */
function anyInvalid(s: RowState, fields: readonly number[]): boolean {
  for (const k of fields) if (s.st[k] === St.Invalid) return true;
  return false;
}

function nearNext(ctx: Ctx, total: number): Flag | null {
  const { cr, ct, s, lang } = ctx;
  const mins = cr.bandMins;
  let next = -1;
  for (let b = mins.length - 1; b >= 0; b--) {
    if (mins[b]! > total) {
      next = b;
      break;
    }
  }
  if (next < 0) return null;
  // Most rows are not near: decide on scaled integers first (no boxed doubles from calls).
  const minScaled = cr.bandMinsScaled[next]!;
  const totalScaled = Math.round(total * FAST_SCALE);
  if (
    minScaled === minScaled &&
    cr.nearNextScaled === cr.nearNextScaled &&
    totalScaled / FAST_SCALE === total
  ) {
    const d = minScaled - totalScaled;
    if (d <= 0 || d > cr.nearNextScaled) return null;
  }
  const gap = exactDiff(mins[next]!, total);
  if (!(gap > 0) || exactDiff(cr.rubric.nearNext, gap) < 0) return null;
  // No note when a gate would stop the row at the next band anyway.
  const nextStars = cr.bandStars[next]!;
  const saved = s.stars;
  s.stars = nextStars;
  let blocked = false;
  for (const gate of ct.gates) {
    if (nextStars >= (gate.def.minStars ?? 0) && !gate.pred(s)) {
      blocked = true;
      break;
    }
  }
  s.stars = saved;
  if (blocked) return null;
  const label = ctx.tiers[nextStars]!;
  const g = formatTrim(gap, cr.decimals);
  return {
    code: "NEAR_NEXT_TIER",
    severity: "info",
    message: lang === "en" ? `${g} point${g === "1" ? "" : "s"} short of ${label}` : `差${g}分可评${label}`,
  };
}

const SPACE_RE = /\s/;

/** The name as compared for duplicates: half-width, whitespace removed ("Ａ支部 " = "A支部"). */
function nameKey(name: string): string {
  const half = toHalfWidth(name);
  return SPACE_RE.test(half) ? half.replace(/\s+/g, "") : half;
}

function compileAll(
  rubric: Rubric,
  fields: Record<string, MappedField>,
  rows: readonly InputRow[],
  lang: Lang,
): Ctx {
  const cr = compileRubric(rubric);
  const ct = compileTable(cr, fields, rows, lang);
  const tiers = [0, 1, 2, 3, 4, 5].map((n) => tierLabel(rubric, n, lang));
  const eligibility = [0, 1, 2, 3, 4, 5].map((n) => {
    const e = rubric.eligibility.find((x) => x.minStars <= n);
    return e ? (lang === "en" ? (e.labelEn ?? e.label) : e.label) : "";
  });
  return {
    cr,
    ct,
    s: newState(cr.fields.length),
    lang,
    tiers,
    eligibility,
    notRated: tierLabel(rubric, null, lang),
    firstLines: new Map(),
    firedGates: new Uint8Array(ct.gates.length),
    valueTemplates: new Map(),
  };
}

function notRatedFallback(cr: CRubric, row: InputRow, lang: Lang): RowResult {
  const label = tierLabel(cr.rubric, null, lang);
  return {
    row: typeof row?.row === "number" ? row.row : 0,
    name: "",
    group: null,
    rated: false,
    total: null,
    stars: null,
    tier: label,
    eligibility: "",
    flags: [
      {
        code: "INVALID_VALUE",
        severity: "error",
        message: lang === "en" ? "The row could not be read" : "该行无法读取",
      },
    ],
    explanation: label,
    values: {},
  };
}

function safeRow(ctx: Ctx, row: InputRow): RowResult {
  try {
    return evalRow(ctx, row);
  } catch {
    return notRatedFallback(ctx.cr, row, ctx.lang);
  }
}

/**
 * Names that occur more than once (whitespace removed), or null. An open-addressing table of row
 * indexes in one Int32Array: a JS Set of 10,000 names regrows its hash table a dozen times and
 * cost about a tenth of the whole evaluation.
 */
/** How many other rows a DUPLICATE_NAME message names before it says "and N more". */
const DUPLICATE_ROWS_SHOWN = 5;

function duplicateNames(results: RowResult[]): Set<string> | null {
  const n = results.length;
  let cap = 16;
  while (cap < n * 2) cap <<= 1;
  const mask = cap - 1;
  const slots = new Int32Array(cap).fill(-1);
  const keys = new Array<string>(n);
  let dups: Set<string> | null = null;
  for (let r = 0; r < n; r++) {
    const name = results[r]!.name;
    if (!name) continue;
    const key = nameKey(name);
    keys[r] = key;
    // FNV-1a over the UTF-16 code units.
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    let slot = h & mask;
    for (;;) {
      const j = slots[slot]!;
      if (j === -1) {
        slots[slot] = r;
        break;
      }
      if (keys[j] === key) {
        (dups ??= new Set()).add(key);
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return dups;
}

/**
 * A yes in a `onePerGroup` column (标准13 考核排名第一) on several rows of one group — or of the
 * table, without a group column — flags each of them for review (docs/schemes.md).
 */
function flagRepeatedClaims(ctx: Ctx, results: RowResult[]): void {
  const en = ctx.lang === "en";
  for (const f of ctx.cr.fields) {
    if (!f.def.onePerGroup || !ctx.ct.present[f.index]) continue;
    const byGroup = new Map<string, RowResult[]>();
    for (const r of results) {
      if (r.values[f.id] !== true) continue;
      const key = r.group ?? "";
      const list = byGroup.get(key);
      if (list) list.push(r);
      else byGroup.set(key, [r]);
    }
    for (const [group, list] of byGroup) {
      if (list.length < 2) continue;
      for (const r of list) {
        const others = list.filter((x) => x !== r).map((x) => x.row);
        const where = ctx.cr.groupIdx >= 0 && ctx.ct.present[ctx.cr.groupIdx];
        const label = fieldLabel(f.def, ctx.lang);
        const message = en
          ? `${label}: also claimed on row ${others.join(", ")}${where && group ? ` of “${group}”` : ""}; only one can be, please check`
          : `${label}：${where && group ? `“${group}”中` : "本表"}另有第${others.join("、")}行也填“是”，只能有一个，请核实`;
        r.flags = sortFlags([
          ...r.flags,
          { code: "ONE_PER_GROUP_REPEATED", severity: "warning", message, cell: cellOf(ctx, f.index, r.row) },
        ]);
      }
    }
  }
}

/** Evaluates every row of a table (SPEC §4.1) plus the table-level checks. Never throws for cell values. */
export function evaluateTable(rubric: Rubric, table: InputTable, opts: EvaluateOptions = {}): Evaluation {
  const lang: Lang = opts.lang === "en" ? "en" : "zh";
  const rows = Array.isArray(table?.rows) ? table.rows : [];
  const ctx = compileAll(rubric, table?.fields ?? {}, rows, lang);
  const results: RowResult[] = new Array<RowResult>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    let res: RowResult;
    try {
      res = evalRow(ctx, rows[r]!);
    } catch {
      res = notRatedFallback(ctx.cr, rows[r]!, lang);
    }
    results[r] = res;
  }
  const dupKeys = duplicateNames(results);
  let dups: Map<string, number[]> | null = null;
  if (dupKeys) {
    dups = new Map();
    for (let r = 0; r < results.length; r++) {
      const name = results[r]!.name;
      if (!name) continue;
      const key = nameKey(name);
      if (!dupKeys.has(key)) continue;
      const list = dups.get(key);
      if (list) list.push(r);
      else dups.set(key, [r]);
    }
  }
  if (dups) {
    const en = lang === "en";
    for (const list of dups.values()) {
      const sheetRows = list.map((x) => results[x]!.row).sort((a, b) => a - b);
      for (const r of list) {
        const res = results[r]!;
        // Name a few of the other rows, not all: a sheet with one name pasted into thousands of
        // rows would otherwise carry a message per row that grows with the square of the table.
        const others: number[] = [];
        for (const row of sheetRows) {
          if (row === res.row) continue;
          if (others.length === DUPLICATE_ROWS_SHOWN) break;
          others.push(row);
        }
        const more = sheetRows.length - 1 - others.length;
        res.flags = sortFlags([
          ...res.flags,
          {
            code: "DUPLICATE_NAME",
            severity: "warning",
            message: en
              ? `Branch name “${res.name}” also on row ${others.join(", ")}${more > 0 ? ` and ${more} more` : ""}`
              : `党支部名称“${res.name}”重复（另见第${others.join("、")}行${more > 0 ? `等，另有${more}处` : ""}）`,
            cell: cellOf(ctx, ctx.cr.nameIdx, res.row),
          },
        ]);
      }
    }
  }
  flagRepeatedClaims(ctx, results);
  return {
    rubric: { id: rubric.id, version: rubric.version },
    rows: results,
    tableFlags: ctx.ct.tableFlags
      .slice()
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]),
  };
}

/**
 * Evaluates one row alone (no duplicate-name check). `fields` says which columns the sheet has;
 * without it, the keys of `row.cells` are taken as present (and flags carry no cell address).
 */
export function evaluateRow(
  rubric: Rubric,
  row: InputRow,
  fields?: Record<string, MappedField>,
  opts: EvaluateOptions = {},
): RowResult {
  const lang: Lang = opts.lang === "en" ? "en" : "zh";
  const mapped: Record<string, MappedField> =
    fields ??
    Object.fromEntries(
      Object.keys(row?.cells ?? {}).map((k) => [k, { column: "", header: k } satisfies MappedField]),
    );
  const ctx = compileAll(rubric, mapped, [row], lang);
  return safeRow(ctx, row);
}
