/**
 * The rubric engine's public API. Everything is pure: rubric + raw cells in, evaluation out.
 */
export type * from "./types";
export {
  RubricSchema,
  ConditionSchema,
  parseRubric,
  formatPath,
  COMPUTED_REFS,
  type ParseRubricResult,
  type RubricError,
} from "./rubric-schema";
export { DEFAULT_OUTPUT, DEFAULT_NOT_RATED_LABEL, DEFAULT_NEAR_NEXT } from "./rubric-schema-defaults";
export { presets, getPreset } from "./presets";
export {
  parseScore,
  parsePercent,
  parseYesNo,
  parseCount,
  parseStars,
  parseText,
  toHalfWidth,
  cleanText,
  isBlankText,
} from "./cells";
export {
  normalizeHeader,
  matchHeader,
  detectPreset,
  type NormalizedHeader,
  type PresetMatch,
} from "./headers";
export { evaluateTable, evaluateRow } from "./evaluate";
export { makeFlag } from "./flag";
export {
  forEachLeaf,
  leavesOf,
  conditionFieldIds,
  combinationOf,
  isLeaf,
  isValueRef,
  OPERATORS,
  type LeafCondition,
  type LeafPlace,
  type ConditionPath,
  type Combination,
} from "./conditions";
export { columnLetter, columnIndex, cellAddress, parseCellAddress } from "./address";
export {
  tierLabel,
  isTierLabelOf,
  LANGS,
  eligibilityNames,
  starsText,
  flagText,
  formatFlagsCell,
  sortFlags,
  isSummaryRowName,
} from "./labels";
export { roundHalfUp, exactSum, formatFixed } from "./decimal";
export {
  MAX_JSON_DEPTH,
  jsonProblemMessage,
  parseJsonText,
  type JsonProblem,
  type JsonTextResult,
} from "./json-text";
