/**
 * Pure helpers that turn a rubric into what the pane shows and edits: localized labels, and the
 * numeric thresholds an office may adjust (band minimums, rule lines such as the satisfaction
 * line, criterion pass lines), each addressed by the same path the schema's errors use.
 */
import { combinationOf, conditionFieldIds, forEachLeaf } from "../engine/conditions";
import { EDITED_NOTE } from "../workbook/edited-note";
import type { Band, Condition, FieldDef, Lang, Rubric, RuleDef } from "../engine/types";

export function rubricName(rubric: Rubric, lang: Lang): string {
  return lang === "en" && rubric.nameEn ? rubric.nameEn : rubric.name;
}

export function fieldLabel(field: Pick<FieldDef, "label" | "labelEn">, lang: Lang): string {
  return lang === "en" && field.labelEn ? field.labelEn : field.label;
}

export function bandLabel(band: Pick<Band, "label" | "labelEn">, lang: Lang): string {
  return lang === "en" && band.labelEn ? band.labelEn : band.label;
}

export function ruleMessage(rule: Pick<RuleDef, "message" | "messageEn">, lang: Lang): string {
  return lang === "en" && rule.messageEn ? rule.messageEn : rule.message;
}

/** A rule's short name ("一票否决"), or null when the rubric gives none (its code is not for readers). */
export function ruleName(rule: Pick<RuleDef, "label" | "labelEn">, lang: Lang): string | null {
  return (lang === "en" && rule.labelEn) || rule.label || null;
}

/**
 * What a condition of a rule does not test, as the pane names it: the condition's `leavesOut`
 * (docs/schemes.md "Requirements no column reads"), the columns it reads, and the part it stands for.
 */
export interface RequirementsLeftOut {
  /** The nearest labelled condition ("7.文体活动"), else the rule's name; null when neither has one. */
  part: string | null;
  /** The columns the condition reads ("文体活动次数"). */
  columns: string[];
  /** The plan's requirements those columns cannot show, in its words. */
  requirements: string[];
}

/** Every condition of a rule that carries `leavesOut`, in reading order. */
export function requirementsLeftOut(rule: RuleDef, rubric: Rubric, lang: Lang): RequirementsLeftOut[] {
  const fieldsById = new Map(rubric.fields.map((f) => [f.id, f]));
  const out: RequirementsLeftOut[] = [];
  const visit = (c: Condition, part: string | null): void => {
    const own = (lang === "en" && c.labelEn) || c.label || part;
    if (c.leavesOut) {
      const columns = conditionFieldIds(c).map((id) => {
        const field = fieldsById.get(id);
        return field ? fieldLabel(field, lang) : id;
      });
      const requirements = c.leavesOut.map((r) => (lang === "en" && r.labelEn) || r.label);
      out.push({ part: own, columns, requirements });
    }
    const comb = combinationOf(c);
    if (comb?.kind === "not") visit(comb.part, own);
    else comb?.parts.forEach((p) => visit(p, own));
  };
  visit(rule.when, ruleName(rule, lang));
  return out;
}

export type ThresholdKind = "band" | "rule" | "pass" | "minCount" | "nearNext";

export interface Threshold {
  /** Schema path of the number, e.g. "tiers.bands[1].min", "rules[0].when.value". */
  path: string;
  kind: ThresholdKind;
  /** What the number is about: band label, rule name + field label, or criterion label (never a code). */
  subject: string;
  /** For rule lines: the comparison, e.g. ">=". */
  op?: string;
  /** Shown and edited as a percentage (stored as a fraction 0..1). */
  percent: boolean;
  /** The stored value. */
  value: number;
}

type Path = (string | number)[];

function pathText(path: Path): string {
  return path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    "",
  );
}

const lineOps = new Set([">=", ">", "<=", "<"]);

const opSigns: Record<string, string> = { ">=": "≥", ">": ">", "<=": "≤", "<": "<" };

/** A comparison as printed maths ("≥"), not as typed in the rubric file (">="). */
export function opText(op: string): string {
  return opSigns[op] ?? op;
}

function conditionLines(
  condition: Condition,
  path: Path,
  out: { path: Path; field: string; op: string; value: number }[],
) {
  forEachLeaf(condition, (leaf, place) => {
    if (typeof leaf.value === "number" && lineOps.has(leaf.op) && !leaf.field.startsWith("$")) {
      out.push({
        path: [...path, ...place.path, "value"],
        field: leaf.field,
        op: leaf.op,
        value: leaf.value,
      });
    }
  });
}

/** Every editable number of the rubric, in reading order. */
export function listThresholds(rubric: Rubric, lang: Lang): Threshold[] {
  const result: Threshold[] = [];
  if (rubric.tiers.kind === "bands") {
    rubric.tiers.bands.forEach((band, i) =>
      result.push({
        path: pathText(["tiers", "bands", i, "min"]),
        kind: "band",
        subject: bandLabel(band, lang),
        percent: false,
        value: band.min,
      }),
    );
  }
  const fieldsById = new Map(rubric.fields.map((f) => [f.id, f]));
  rubric.rules.forEach((rule, i) => {
    const lines: { path: Path; field: string; op: string; value: number }[] = [];
    conditionLines(rule.when, ["rules", i, "when"], lines);
    for (const line of lines) {
      const field = fieldsById.get(line.field);
      // Only lines on a declared column: comparisons with another field or a computed value are not thresholds.
      if (!field) continue;
      const label = fieldLabel(field, lang);
      const name = ruleName(rule, lang);
      result.push({
        path: pathText(line.path),
        kind: "rule",
        subject: name && name !== label ? `${name} · ${label}` : label,
        op: line.op,
        percent: field.role === "percent",
        value: line.value,
      });
    }
  });
  rubric.fields.forEach((field, i) => {
    if (typeof field.pass === "number") {
      result.push({
        path: pathText(["fields", i, "pass"]),
        kind: "pass",
        subject: fieldLabel(field, lang),
        percent: field.role === "percent",
        value: field.pass,
      });
    }
    if (typeof field.minCount === "number") {
      result.push({
        path: pathText(["fields", i, "minCount"]),
        kind: "minCount",
        subject: fieldLabel(field, lang),
        percent: false,
        value: field.minCount,
      });
    }
  });
  result.push({
    path: "nearNext",
    kind: "nearNext",
    subject: lang === "en" ? "Near-next-tier margin (points)" : "升档提示分差（分）",
    percent: false,
    value: rubric.nearNext,
  });
  return result;
}

/** Percent lines are shown as 95 for 0.95; rounding avoids 0.95*100 = 95.00000000000001 on screen. */
export function displayValue(threshold: Pick<Threshold, "percent" | "value">): string {
  const shown = threshold.percent ? threshold.value * 100 : threshold.value;
  return String(Math.round(shown * 1e9) / 1e9);
}

export function storedValue(threshold: Pick<Threshold, "percent">, shown: number): number {
  return threshold.percent ? Math.round(shown * 1e7) / 1e9 : shown;
}

function parsePath(path: string): Path {
  const parts: Path = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return parts;
}

/** A deep copy of the rubric with the numbers at `edits` (path → stored value) replaced. */
export function withThresholds(rubric: Rubric, edits: Record<string, number>): Rubric {
  // A rubric is plain JSON by contract, so a JSON round trip is a faithful deep copy.
  const copy = JSON.parse(JSON.stringify(rubric)) as Rubric;
  for (const [path, value] of Object.entries(edits)) {
    const parts = parsePath(path);
    let node: unknown = copy;
    for (const part of parts.slice(0, -1)) {
      node = (node as Record<string | number, unknown>)[part];
      if (node === null || typeof node !== "object") throw new Error(`No such rubric path: ${path}`);
    }
    (node as Record<string | number, unknown>)[parts[parts.length - 1]] = value;
  }
  return copy;
}

/** Does a schema error at `errorPath` concern the number at `path` (itself or its parent object)? */
export function errorConcerns(errorPath: string, path: string): boolean {
  if (errorPath === path) return true;
  const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
  return errorPath === parent;
}

/** Schema messages start with their path ("tiers.bands[1].min 必须…"); where the path is shown beside it, drop the repeat. */
export function withoutPath(message: string, path: string): string {
  return path && message.startsWith(`${path} `) ? message.slice(path.length + 1) : message;
}

/**
 * Keep the edited rubric self-describing: a percent line written into a rule's messages ("低于95%")
 * follows the new line, and each change is recorded in `notes` (the rubric's list of choices), so
 * an exported file says what the office changed.
 */
export function describeEdits(original: Rubric, edits: Record<string, number>): Rubric {
  // Notes are part of the document, which is Chinese like the presets' own notes.
  const edited = listThresholds(original, "zh").filter(
    (th) => edits[th.path] !== undefined && edits[th.path] !== th.value,
  );
  const copy = withThresholds(original, edits);
  for (const th of edited) {
    const before = displayValue(th) + (th.percent ? "%" : "");
    const after = displayValue({ percent: th.percent, value: edits[th.path] }) + (th.percent ? "%" : "");
    const ruleIndex = th.kind === "rule" ? Number(/^rules\[(\d+)\]/.exec(th.path)?.[1]) : NaN;
    const rule = Number.isInteger(ruleIndex)
      ? (copy.rules[ruleIndex] as unknown as Record<string, unknown>)
      : null;
    if (rule && th.percent) {
      for (const [key, text] of Object.entries(rule)) {
        if (key.startsWith("message") && typeof text === "string") rule[key] = text.split(before).join(after);
      }
    }
    copy.notes = [
      ...copy.notes,
      `${EDITED_NOTE}${th.subject}${th.op ? ` ${opText(th.op)}` : ""}：${before} → ${after}`,
    ];
  }
  return copy;
}

const computedNames: Record<string, { zh: string; en: string }> = {
  total: { zh: "总分", en: "total" },
  $total: { zh: "总分", en: "total" },
  stars: { zh: "星数", en: "stars" },
  $stars: { zh: "星数", en: "stars" },
  tier: { zh: "评定星级", en: "tier" },
  cap: { zh: "封顶星级", en: "capped tier" },
  unmet: { zh: "未达到的标准", en: "unmet standards" },
  reason: { zh: "否决事由", en: "veto reason" },
};

/** A rule message for reading: "{satisfaction}低于95%" → "〈群众满意率〉低于95%". */
/**
 * A rubric note for reading in the pane. The presets' notes are written for whoever edits the rubric
 * file and name its keys and codes ("（DECLARED_STAR_HIGHER）", "score.method “weighted”"); the pane
 * drops brackets that name them, then any clause still naming one. Null when nothing is left.
 */
export function readableNote(note: string): string | null {
  const identifier = /[A-Za-z_]{2,}/;
  const unbracketed = note.replace(/[（(][^（）()]*[）)]/g, (group) => (identifier.test(group) ? "" : group));
  const kept = unbracketed
    .replace(/[。.]\s*$/, "")
    .split("；")
    .filter((clause) => !identifier.test(clause))
    .map((clause) => clause.trim())
    .filter((clause) => clause !== "");
  return kept.length > 0 ? `${kept.join("；")}。` : null;
}

export function readableMessage(message: string, rubric: Rubric, lang: Lang): string {
  const fields = new Map(rubric.fields.map((f) => [f.id, f]));
  return message.replace(/\{([A-Za-z0-9_$]+)\}/g, (whole, key: string) => {
    const field = fields.get(key);
    const name = field ? fieldLabel(field, lang) : computedNames[key]?.[lang];
    return name ? `〈${name}〉` : whole;
  });
}
