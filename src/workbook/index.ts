/**
 * The workbook layer's public API: pure functions from a plain sheet model to a plain write plan,
 * and the use cases (recompute, inspect, template) that every front end calls with its adapter.
 */
export type * from "./model";
export {
  detectLayout,
  chooseRubric,
  toInputTable,
  headerTexts,
  HEADER_SEARCH_ROWS,
  type Layout,
  type LayoutField,
  type LayoutResult,
  type DetectLayoutOptions,
  type HeaderCell,
  type ResultColumn,
  type ExcludedRow,
  type TableError,
  type TableErrorCode,
  type RubricSource,
  type ChooseRubricOptions,
  type ChooseRubricResult,
} from "./layout";
export {
  SETTINGS_SHEET,
  SETTINGS_FORMAT,
  SETTINGS_VERSION,
  SETTINGS_CHUNK,
  OUTPUT_KEYS,
  parseSettings,
  serializeSettings,
  settingsOps,
  chunkText,
  type CarriedSettings,
  type CarriedMapping,
  type OwnedRanges,
  type WrittenExtent,
  type OutputKey,
  type SettingsRead,
} from "./settings";
export {
  buildWritePlan,
  placeResultColumns,
  EXCEL_LAST_COLUMN,
  chooseSummarySheet,
  type WritePlanInput,
  type WritePlanBuild,
} from "./writeplan";
export { SUMMARY_LIST_LIMIT, buildSummaryOps, rankRows, type SummaryInput, type RankedRow } from "./summary";
export { TIER_FILLS, NOT_RATED_FILL, starText } from "./tier-style";
export { tierList, countByTier, type TierCount } from "./tiers";
export {
  recompute,
  inspect,
  visibleSheetNames,
  resultLine,
  type RecomputeOptions,
  type RecomputeResult,
  type RecomputeError,
  type RecomputeErrorCode,
  type RecomputeCounts,
  type RecomputeStage,
  type InspectResult,
  type FieldPlacement,
} from "./recompute";
export {
  buildTemplatePlan,
  sampleRows,
  type TemplateOptions,
  type TemplateBuild,
  type SampleSet,
} from "./template";
export type { Notice } from "./util";
export { readRecords, type CarriedRecords, type RecordOptions } from "./records";
export {
  mergeSubmissions,
  mergeSections,
  type MergeSource,
  type MergeRecord,
  type MergeResult,
} from "./merge";
export { readPrior, priorFromSheet, type PriorResults, type PriorEntry } from "./prior";
export { HISTORY_LIMIT, type HistoryEntry } from "./history";
export type { FrozenResults } from "./final";
