/** Defaults and constants of a rubric (SPEC §5), apart from the schema so that presets and the checks can use them without a cycle. */
export const DEFAULT_OUTPUT = {
  total: "评定总分",
  stars: "星数",
  tier: "评定星级",
  eligibility: "评先资格",
  flags: "评定标记",
  explanation: "评定说明",
  summarySheet: "评定汇总",
} as const;

export const DEFAULT_NOT_RATED_LABEL = "未评定";
export const DEFAULT_NEAR_NEXT = 1;

/**
 * The row's computed values, usable in conditions and ValueRefs: "$total", "$stars", and
 * "$nextMin" — the lowest total of a band above the row's result (blank at the top, or with count
 * tiers). See docs/schemes.md "Computed values".
 */
export const COMPUTED_REFS = ["$total", "$stars", "$nextMin"] as const;

/** The patterns of ids and codes; `rubric-errors.ts` says what each must look like. */
export const ID_PATTERNS = {
  "field-id": /^[A-Za-z][A-Za-z0-9_]*$/,
  "rule-code": /^[A-Z][A-Z0-9_]*$/,
  "rubric-id": /^[a-z0-9][a-z0-9-]*$/,
} as const;
