/** Defaults of a rubric (SPEC §5), apart from the schema so that presets can use them without a cycle. */
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
