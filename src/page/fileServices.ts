/**
 * PaneServices for one file on the page outside Excel: the pane's components (rubric, table,
 * 一键评定, flags) work unchanged, and the "workbook" is the file's bytes in the page's worker.
 * A run's scored workbook goes to `onScored`, for the page to offer as a download.
 */
import { parseRubric } from "../engine";
import type { Lang, Rubric } from "../engine/types";
import { parseRubricText } from "../taskpane/officeServices";
import type { ColumnMapping, PaneServices, PaneStart, RecordsRequest } from "../taskpane/services";
import { PageError, type PageScorer } from "./client";
import type { ScoreArgs, ScoreReply } from "./file-scoring";

/** The picker's "" means "let detection decide"; the workbook layer only takes column letters. */
function cleanMapping(mapping: ColumnMapping): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([, letter]) => /^[A-Z]{1,3}$/.test(letter)));
}

function sameRubric(a: Rubric | null, b: Rubric): boolean {
  return a !== null && (a === b || JSON.stringify(a) === JSON.stringify(b));
}

/** The rubric the CLI picks by itself for this file: the one it carries, else the detected preset. */
function automaticRubric(start: PaneStart): Rubric | null {
  return start.carried ?? start.presets.find((p) => p.id === start.suggestedPresetId) ?? null;
}

export interface FileServicesOptions {
  scorer: PageScorer;
  /** The file's id with the scorer (its bytes were sent with an "open" request). */
  file: string;
  lang: Lang;
  onScored: (reply: ScoreReply) => void;
  /** The run's time; default now. */
  now?: () => number;
}

/**
 * The page's file is never changed, so what the pane would leave in the workbook (last year's
 * results, 定稿 or 解除定稿) is remembered here and goes with every later run of the file: each run is
 * the CLI's `score` with --prior / --finalize / --unfinalize as last chosen.
 */
function recordsMemory() {
  let prior: ScoreArgs["prior"];
  let frozen: "finalize" | "unfinalize" | null = null;
  const chosen = (request: RecordsRequest | undefined) => ({
    prior: request?.prior ?? prior,
    frozen: request?.finalize
      ? ("finalize" as const)
      : request?.unfinalize
        ? ("unfinalize" as const)
        : frozen,
  });
  return {
    /** The records for a run: this request's, else the last that a run took. */
    args(request: RecordsRequest | undefined): Pick<ScoreArgs, "prior" | "finalize" | "unfinalize"> {
      const { prior: p, frozen: f } = chosen(request);
      return { ...(p ? { prior: p } : {}), ...(f ? { [f]: true } : {}) };
    },
    /**
     * Kept only once a run took them: a file that is not last year's results (or a 定稿 that
     * failed) would otherwise make every later run fail with it, though the pane shows none chosen.
     */
    keep(request: RecordsRequest | undefined): void {
      ({ prior, frozen } = chosen(request));
    },
  };
}

export function createFileServices(options: FileServicesOptions): PaneServices {
  const { scorer, file } = options;
  let automatic: Rubric | null = null;
  let memory = recordsMemory();
  // The sheet chosen on the page (the CLI's --sheet); until then, the workbook's own choice.
  let sheet: string | undefined;
  const onSheet = () => (sheet !== undefined ? { sheet } : {});
  return {
    start: async () => {
      const start = await scorer.request({ op: "start", file, lang: options.lang });
      automatic = automaticRubric(start);
      return start;
    },
    inspect: ({ rubric, mapping, lang }) =>
      scorer.request({
        op: "inspect",
        file,
        args: { rubric, mapping: cleanMapping(mapping), lang, ...onSheet() },
      }),
    chooseSheet: (name) => {
      if (name === sheet) return;
      sheet = name;
      // 定稿 and 上年结果 were chosen for the sheet rated until now: another sheet starts without them
      // (a 定稿 made on one sheet was carried to the next without a word).
      memory = recordsMemory();
    },
    recompute: async ({ rubric, mapping, lang, notice, records, onProgress }) => {
      try {
        const reply = await scorer.request(
          {
            op: "score",
            file,
            args: {
              // Left to the use case when it is the one it would choose: the CLI's bytes, exactly. Not
              // on a sheet chosen here: the use case would choose by that sheet's headers, and rate by
              // another rubric than the one the pane shows.
              ...(sheet === undefined && sameRubric(automatic, rubric) ? {} : { rubric }),
              mapping: cleanMapping(mapping),
              lang,
              ...(notice ? { notice } : {}),
              ...memory.args(records),
              ...onSheet(),
              now: (options.now ?? Date.now)(),
            },
          },
          (stage, fraction) => onProgress?.({ stage, fraction }),
        );
        if (reply.outcome.ok) memory.keep(records);
        options.onScored(reply);
        return reply.outcome;
      } catch (error) {
        if (error instanceof PageError) return { ok: false, error: error.text };
        throw error;
      }
    },
    createTemplate: async () => ({
      ok: false,
      error: { message: "网页版不能新建评分表。", messageEn: "The page cannot create a scoring sheet." },
    }),
    // The flags name their cells; there is no open workbook to select them in.
    importRubric: parseRubricText,
    validateRubric: (candidate) => parseRubric(candidate),
    exportRubric: (rubric) => ({
      fileName: `${rubric.id}-${rubric.version}.json`,
      text: `${JSON.stringify(rubric, null, 2)}\n`,
    }),
  };
}
