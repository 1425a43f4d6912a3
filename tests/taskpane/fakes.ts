/**
 * A fake of PaneServices over the real presets and the real rubric schema, recording every call.
 * Only Excel is faked: what the pane shows about rubrics is what the engine really says.
 */
import { presets } from "../../src/engine/presets";
import type { PageScorer } from "../../src/page/client";
import type { ScoreReply } from "../../src/page/file-scoring";
import type { PageRequest } from "../../src/page/protocol";
import { parseRubric } from "../../src/engine/rubric-schema";
import type { Rubric } from "../../src/engine/types";
import type {
  ColumnMapping,
  NoticeTexts,
  PaneServices,
  PaneStart,
  RecomputeOutcome,
  RecomputeRequest,
  TableInspection,
  TemplateOutcome,
} from "../../src/taskpane/services";

export const serviceOrg = presets.find((p) => p.id === "service-org") as Rubric;
export const starBranch = presets.find((p) => p.id === "star-branch") as Rubric;
export const modelOrgan = presets.find((p) => p.id === "model-organ") as Rubric;

/** A detected service-org table: 服务业绩 (performance) missing, so the picker can fix it. */
export function serviceOrgInspection(): TableInspection {
  return {
    ok: true,
    sheet: "评分表",
    headerRow: 2,
    headers: [
      { column: "A", header: "序号" },
      { column: "B", header: "党支部名称" },
      { column: "D", header: "服务体系" },
      { column: "E", header: "服务队伍" },
      { column: "F", header: "服务机制" },
      { column: "G", header: "服务保障" },
      { column: "H", header: "业绩得分" },
      { column: "I", header: "群众满意率" },
    ],
    fields: [
      {
        id: "name",
        label: "党支部名称",
        labelEn: "Branch",
        required: true,
        column: "B",
        header: "党支部名称",
      },
      {
        id: "system",
        label: "服务体系",
        labelEn: "Service system",
        required: true,
        column: "D",
        header: "服务体系",
      },
      {
        id: "team",
        label: "服务队伍",
        labelEn: "Service team",
        required: true,
        column: "E",
        header: "服务队伍",
      },
      { id: "mechanism", label: "服务机制", required: true, column: "F", header: "服务机制" },
      { id: "support", label: "服务保障", required: true, column: "G", header: "服务保障" },
      {
        id: "performance",
        label: "服务业绩",
        labelEn: "Service performance",
        required: true,
        column: null,
        header: null,
      },
      {
        id: "satisfaction",
        label: "群众满意率",
        required: false,
        column: "I",
        header: "群众满意率",
        via: "settings",
      },
      {
        id: "priorStars",
        label: "上年星级",
        labelEn: "Prior stars",
        required: false,
        column: null,
        header: null,
      },
    ],
    warnings: [],
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A rated service-org table, as the worker answers 一键评定 with its scored workbook. */
export function scoredReply(outputName = "考评表（评定结果）.xlsx"): ScoreReply {
  return {
    outcome: {
      ok: true,
      sheet: "评分表",
      resultLine: "已评定 2 个支部：五星级 1，无星 1",
      summarySheet: "评定汇总",
      writtenSheets: ["评定汇总"],
      warnings: [],
      flags: [],
    },
    bytes: new Uint8Array([80, 75, 3, 4]),
    outputName,
  };
}

/**
 * The page's scorer (the worker) for service-org tables, recording every request: each file opens
 * and its table is found; a run's reply is `score`'s, so a test can hold a run under way or fail it.
 */
export function fakePageScorer(
  score: (request: PageRequest) => Promise<ScoreReply> = async () => scoredReply(),
): {
  scorer: PageScorer;
  calls: PageRequest[];
} {
  const calls: PageRequest[] = [];
  const answer = async (request: PageRequest): Promise<unknown> => {
    calls.push(request);
    switch (request.op) {
      case "start":
        return {
          presets: [...presets],
          carried: null,
          carriedMapping: {},
          suggestedPresetId: "service-org",
          warnings: [],
          carriedNotice: {},
        } satisfies PaneStart;
      case "inspect":
        return serviceOrgInspection();
      case "score":
        return score(request);
      default:
        return null;
    }
  };
  const scorer: PageScorer = {
    mode: () => "worker",
    subscribe: () => () => undefined,
    request: answer as PageScorer["request"],
  };
  return { scorer, calls };
}

export class FakeServices implements PaneServices {
  startResult: PaneStart = {
    presets: [...presets],
    carried: null,
    carriedMapping: {},
    warnings: [],
    carriedNotice: {},
  };
  inspectResult: TableInspection = serviceOrgInspection();
  /** When set, recompute waits on it (so a test can watch the progress), else returns `recomputeResult`. */
  recomputeGate: Deferred<RecomputeOutcome> | null = null;
  recomputeResult: RecomputeOutcome = {
    ok: true,
    sheet: "评分表",
    resultLine: "已评定 3 个支部：五星级 1，四星级 1，三星级 1",
    summarySheet: "评定汇总",
    writtenSheets: ["评定汇总", "评定核查", "公示名单"],
    warnings: [],
    flags: [],
  };
  templateResult: TemplateOutcome = { ok: true, sheet: "评分表 (2)" };

  inspectCalls: { rubric: Rubric; mapping: ColumnMapping }[] = [];
  recomputeCalls: {
    rubric: Rubric;
    mapping: ColumnMapping;
    lang: string;
    notice?: NoticeTexts;
    records?: RecomputeRequest["records"];
  }[] = [];
  templateCalls: { rubric: Rubric; sample: boolean; lang: string }[] = [];
  selectCalls: [string, string][] = [];
  progress: RecomputeRequest["onProgress"] | undefined;

  start = async (): Promise<PaneStart> => this.startResult;

  /** The pane's sheet-activation listener while it watches; `activateSheet` plays the user switching tabs. */
  activationListener: (() => void) | null = null;
  watchActiveSheet = async (onChange: () => void): Promise<() => void> => {
    this.activationListener = onChange;
    return () => {
      if (this.activationListener === onChange) this.activationListener = null;
    };
  };
  activateSheet(): void {
    this.activationListener?.();
  }

  inspect = async (request: { rubric: Rubric; mapping: ColumnMapping }): Promise<TableInspection> => {
    this.inspectCalls.push({ rubric: request.rubric, mapping: { ...request.mapping } });
    return this.inspectResult;
  };

  recompute = async (request: RecomputeRequest): Promise<RecomputeOutcome> => {
    this.recomputeCalls.push({
      rubric: request.rubric,
      mapping: { ...request.mapping },
      lang: request.lang,
      ...(request.notice ? { notice: { ...request.notice } } : {}),
      ...(request.records ? { records: request.records } : {}),
    });
    this.progress = request.onProgress;
    if (this.recomputeGate) return this.recomputeGate.promise;
    return this.recomputeResult;
  };

  createTemplate = async (request: {
    rubric: Rubric;
    sample: boolean;
    lang: string;
  }): Promise<TemplateOutcome> => {
    this.templateCalls.push(request);
    return this.templateResult;
  };

  /** Set: a host that lets the pane choose the sheet (the page). */
  chooseSheet: PaneServices["chooseSheet"] = undefined;

  /** undefined: a host with no cell to show (the page outside Excel). */
  selectCell: PaneServices["selectCell"] = async (sheet: string, address: string): Promise<void> => {
    this.selectCalls.push([sheet, address]);
  };

  importRubric = (text: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ok: false as const,
        errors: [
          {
            path: "",
            message: `文件格式有误：${detail}`,
            messageEn: `The file is not well-formed: ${detail}`,
          },
        ],
      };
    }
    return parseRubric(json);
  };

  validateRubric = (candidate: unknown) => parseRubric(candidate);

  exportRubric = (rubric: Rubric) => ({
    fileName: `${rubric.id}-${rubric.version}.json`,
    text: JSON.stringify(rubric, null, 2),
  });
}
