/**
 * Cross-field checks on a rubric whose shape is already valid (SPEC §4): each a small function
 * over one part of the rubric, reporting a path and a catalogue message (src/messages/engine.ts).
 */
import { msg, type Message } from "../messages";
import { cleanText } from "./cells";
import { forEachLeaf, isValueRef } from "./conditions";
import { normalizeHeader } from "./headers";
import { formatPath } from "./rubric-errors";
import type { RubricIssue, RubricShape } from "./rubric-schema";
import { COMPUTED_REFS } from "./rubric-schema-defaults";
import type { Condition, FieldDef, RuleDef } from "./types";
import type { z } from "zod";

type Shaped = z.output<typeof RubricShape>;
type Path = (string | number)[];
type Report = (path: Path, text: Message) => void;

function fieldIds(r: Shaped, report: Report): void {
  const ids = new Map<string, number>();
  r.fields.forEach((f, i) => {
    const prev = ids.get(f.id);
    if (prev === undefined) ids.set(f.id, i);
    else report(["fields", i, "id"], msg("DUPLICATES", { other: `fields[${prev}].id`, value: f.id }));
  });
}

/** A header text (label or alias) may belong to one field only. */
function headerAliases(r: Shaped, report: Report): void {
  const owners = new Map<string, number>();
  r.fields.forEach((f, i) => {
    [f.label, ...f.aliases].forEach((text, j) => {
      const { key } = normalizeHeader(text);
      if (!key) return;
      const owner = owners.get(key);
      if (owner === undefined || owner === i) return void owners.set(key, i);
      const path = j === 0 ? ["fields", i, "label"] : ["fields", i, "aliases", j - 1];
      report(path, msg("ALIAS_TAKEN", { text, owner }));
    });
  });
}

function roleCounts(r: Shaped, report: Report): void {
  const count = (role: FieldDef["role"]) => r.fields.filter((f) => f.role === role).length;
  if (count("name") !== 1) report(["fields"], msg("ONE_NAME_FIELD"));
  if (count("group") > 1) report(["fields"], msg("ONE_GROUP_FIELD"));
}

function criterionKeys(r: Shaped, f: FieldDef, at: Path, report: Report): void {
  if (f.max === undefined) report([...at, "max"], msg("REQUIRED_FOR", { what: "criterion-max" }));
  else if (!(f.max > 0)) report([...at, "max"], msg("ABOVE_ZERO"));
  if (f.pass !== undefined && f.max !== undefined && (f.pass < 0 || f.pass > f.max)) {
    report([...at, "pass"], msg("PASS_WITHIN_MAX", { max: f.max }));
  }
  if (f.weight !== undefined && r.score.method !== "weighted") {
    report([...at, "weight"], msg("ONLY_FOR", { what: "weighted" }));
  }
}

/** Keys a field may have only in some roles. */
function fieldKeys(r: Shaped, report: Report): void {
  r.fields.forEach((f, i) => {
    const at: Path = ["fields", i];
    if (f.role === "criterion") criterionKeys(r, f, at, report);
    else {
      if (f.pass !== undefined) report([...at, "pass"], msg("ONLY_FOR", { what: "criterion" }));
      if (f.weight !== undefined) report([...at, "weight"], msg("ONLY_FOR", { what: "criterion" }));
      if (f.max !== undefined && f.role !== "total" && f.role !== "number") {
        report([...at, "max"], msg("ONLY_FOR", { what: "max-roles" }));
      }
    }
    for (const key of ["minCount", "haveWords", "onePerGroup", "countsAs"] as const) {
      if (f[key] !== undefined && f.role !== "check")
        report([...at, key], msg("ONLY_FOR", { what: "check" }));
    }
    if (f.values !== undefined && f.role !== "category")
      report([...at, "values"], msg("ONLY_FOR", { what: "category" }));
  });
}

/** A countsAs names another check field that reads counts (has minCount), and is not itself one. */
function countColumns(r: Shaped, report: Report): void {
  r.fields.forEach((f, i) => {
    if (f.countsAs === undefined || f.role !== "check") return;
    const at: Path = ["fields", i, "countsAs"];
    const target = r.fields.find((x) => x.id === f.countsAs);
    if (!target) report(at, msg("NOT_A_FIELD", { id: f.countsAs, computed: false }));
    else if (
      target === f ||
      target.role !== "check" ||
      target.minCount === undefined ||
      f.minCount !== undefined
    )
      report(at, msg("COUNTS_AS_COUNT_FIELD"));
  });
}

function columnScore(r: Shaped, report: Report): void {
  const id = r.score.field;
  if (id === undefined) return report(["score", "field"], msg("REQUIRED_FOR", { what: "column-field" }));
  const f = r.fields.find((x) => x.id === id);
  if (!f) report(["score", "field"], msg("NOT_A_FIELD", { id, computed: false }));
  else if (f.role !== "total") report(["score", "field"], msg("TOTAL_ROLE"));
}

function scoreMethod(r: Shaped, report: Report): void {
  const criteria = r.fields.filter((f) => f.role === "criterion");
  if (r.score.method === "column") columnScore(r, report);
  else {
    if (r.score.field !== undefined) report(["score", "field"], msg("ONLY_FOR", { what: "column" }));
    if (criteria.length === 0)
      report(["score", "method"], msg("NEEDS_CRITERION", { method: r.score.method }));
  }
  if (r.score.method !== "weighted") return;
  for (const f of criteria) {
    if (f.weight === undefined) {
      report(["fields", r.fields.indexOf(f), "weight"], msg("REQUIRED_FOR", { what: "weighted-weight" }));
    }
  }
}

/** Each entry's key below the previous entry's ("tiers.bands[2].min 必须小于 tiers.bands[1].min（90）"). */
function descending<T>(list: readonly T[], at: Path, key: keyof T & string, report: Report): void {
  for (let i = 1; i < list.length; i++) {
    const value = list[i]![key];
    const before = list[i - 1]![key];
    if (typeof value !== "number" || typeof before !== "number" || value < before) continue;
    report([...at, i, key], msg("BELOW_PREVIOUS", { other: formatPath([...at, i - 1, key]), value: before }));
  }
}

function tiers(r: Shaped, report: Report): void {
  const criteria = r.fields.filter((f) => f.role === "criterion").length;
  if (r.tiers.kind === "bands") {
    descending(r.tiers.bands, ["tiers", "bands"], "min", report);
    descending(r.tiers.bands, ["tiers", "bands"], "stars", report);
    if (r.score.method === "count") report(["tiers", "kind"], msg("COUNT_METHOD_TIERS"));
    return;
  }
  const { labels, labelsEn } = r.tiers;
  if (labels.length !== criteria + 1) {
    report(["tiers", "labels"], msg("COUNT_LABELS", { want: criteria + 1, got: labels.length }));
  }
  if (labelsEn && labelsEn.length !== labels.length) report(["tiers", "labelsEn"], msg("COUNT_LABELS_EN"));
  if (r.score.method !== "count") report(["score", "method"], msg("COUNT_TIERS_METHOD"));
  if (criteria > 5) report(["fields"], msg("COUNT_CRITERIA"));
}

/** The fields a rule's conditions name (and `{ref}`s point at), with their paths. */
function ruleRefs(rule: RuleDef, at: Path): { id: string; path: Path }[] {
  const refs: { id: string; path: Path }[] = [];
  const collect = (c: Condition, where: Path) =>
    forEachLeaf(c, (leaf, place) => {
      refs.push({ id: leaf.field, path: [...where, ...place.path, "field"] });
      if (isValueRef(leaf.value))
        refs.push({ id: leaf.value.ref, path: [...where, ...place.path, "value", "ref"] });
    });
  collect(rule.when, [...at, "when"]);
  if (rule.escalate) collect(rule.escalate.when, [...at, "escalate", "when"]);
  return refs;
}

/** Keys a rule needs or may have by its kind. */
function ruleKeys(rule: RuleDef, at: Path, report: Report): void {
  if (rule.escalate && rule.kind !== "check")
    report([...at, "escalate"], msg("ONLY_FOR", { what: "check-rule" }));
  if (rule.kind === "gate") {
    if (rule.minStars === undefined)
      report([...at, "minStars"], msg("REQUIRED_FOR", { what: "gate-minStars" }));
    if (rule.capTo === undefined) report([...at, "capTo"], msg("REQUIRED_FOR", { what: "gate-capTo" }));
    if (rule.minStars !== undefined && rule.capTo !== undefined && !(rule.capTo < rule.minStars)) {
      report(
        [...at, "capTo"],
        msg("BELOW_PREVIOUS", { other: formatPath([...at, "minStars"]), value: rule.minStars }),
      );
    }
    if (rule.outcome !== undefined) report([...at, "outcome"], msg("ONLY_FOR", { what: "veto" }));
    return;
  }
  if (rule.minStars !== undefined) report([...at, "minStars"], msg("ONLY_FOR", { what: "gate" }));
  if (rule.capTo !== undefined) report([...at, "capTo"], msg("ONLY_FOR", { what: "gate" }));
  if (rule.kind === "veto" && rule.outcome === undefined) {
    report([...at, "outcome"], msg("REQUIRED_FOR", { what: "veto-outcome" }));
  }
  if (rule.kind === "check" && rule.outcome !== undefined)
    report([...at, "outcome"], msg("ONLY_FOR", { what: "veto" }));
}

function rules(r: Shaped, report: Report): void {
  const known = new Set<string>([...r.fields.map((f) => f.id), ...COMPUTED_REFS]);
  const codes = new Map<string, number>();
  r.rules.forEach((rule, i) => {
    const at: Path = ["rules", i];
    const prev = codes.get(rule.code);
    if (prev === undefined) codes.set(rule.code, i);
    else report([...at, "code"], msg("DUPLICATES", { other: `rules[${prev}].code`, value: rule.code }));
    ruleKeys(rule, at, report);
    for (const ref of ruleRefs(rule, at)) {
      if (!known.has(ref.id)) report(ref.path, msg("NOT_A_FIELD", { id: ref.id, computed: true }));
    }
  });
}

/** Each category's `values`, as cells are read, by field id (with the field's index, for messages). */
function categoryLists(r: Shaped): Map<string, { index: number; values: Set<string> }> {
  const lists = new Map<string, { index: number; values: Set<string> }>();
  r.fields.forEach((f, index) => {
    if (f.role === "category" && f.values)
      lists.set(f.id, { index, values: new Set(f.values.map(cleanText)) });
  });
  return lists;
}

/**
 * A rule comparing a category with a text its `values` refuse: a cell holding it is refused on its
 * row, so the condition never holds for it (a typo in the rule, or a value missing from `values`).
 */
function categoryValues(r: Shaped, report: Report): void {
  const lists = categoryLists(r);
  if (lists.size === 0) return;
  const check = (c: Condition, at: Path) =>
    forEachLeaf(c, (leaf, place) => {
      const list = lists.get(leaf.field);
      if (!list) return;
      const path: Path = [...at, ...place.path, "value"];
      const items: [unknown, Path][] = Array.isArray(leaf.value)
        ? leaf.value.map((v, k) => [v, [...path, k]])
        : [[leaf.value, path]];
      for (const [value, where] of items) {
        if (typeof value === "string" && !list.values.has(cleanText(value)))
          report(where, msg("NOT_IN_VALUES", { value, field: list.index }));
      }
    });
  r.rules.forEach((rule, i) => {
    check(rule.when, ["rules", i, "when"]);
    if (rule.escalate) check(rule.escalate.when, ["rules", i, "escalate", "when"]);
  });
}

function eligibility(r: Shaped, report: Report): void {
  descending(r.eligibility, ["eligibility"], "minStars", report);
}

const CHECKS = [
  fieldIds,
  headerAliases,
  roleCounts,
  fieldKeys,
  countColumns,
  scoreMethod,
  tiers,
  rules,
  categoryValues,
  eligibility,
];

/** Every cross-field problem of a rubric whose shape is valid. */
export function crossCheck(r: Shaped): RubricIssue[] {
  const issues: RubricIssue[] = [];
  for (const check of CHECKS) check(r, (path, text) => issues.push({ path, text }));
  return issues;
}
