/**
 * The pane: which rubric, which table, rate now, what was flagged, a new scoring sheet.
 * All Excel and engine work goes through `PaneServices`; this component only holds the choices
 * (rubric in use, column mapping) between actions and shows every outcome, errors included.
 */
import { makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Lang as PaneLang, Rubric } from "../engine/types";
import { FlagsPanel } from "./FlagsPanel";
import { messages, useI18n } from "./i18n";
import { draftFrom, NoticePanel, noticeForRun, periodProblem, type NoticeDraft } from "./NoticePanel";
import { RecordsPanel, type RecordsState } from "./RecordsPanel";
import { RubricPanel, type RubricChoice } from "./RubricPanel";
import { RunPanel, type RunState } from "./RunPanel";
import {
  localize,
  type ColumnMapping,
  type LocalizedText,
  type PaneServices,
  type PaneStart,
  type RecomputeSuccess,
  type RecordsRequest,
  type TableInspection,
  thrownText,
} from "./services";
import { TablePanel, type SheetChoice } from "./TablePanel";
import { TemplatePanel } from "./TemplatePanel";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: "16px",
    padding: "12px 14px 24px",
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    minHeight: "100vh",
    boxSizing: "border-box",
  },
  header: { display: "flex", flexDirection: "column", gap: "2px" },
  // Inside the page that scores files (OutsideExcel.tsx): part of that page, not a page of its own.
  embedded: { display: "flex", flexDirection: "column", gap: "20px" },
});

type StartState =
  { kind: "loading" } | { kind: "failed"; error: LocalizedText } | { kind: "ready"; start: PaneStart };

/** Manual picks for fields of this rubric only: picks made under another rubric stay for when it comes back. */
export function mappingFor(rubric: Rubric, mapping: ColumnMapping): ColumnMapping {
  const ids = new Set(rubric.fields.map((f) => f.id));
  return Object.fromEntries(Object.entries(mapping).filter(([id]) => ids.has(id)));
}

function initialChoice(start: PaneStart): RubricChoice | null {
  if (start.carried) return { source: "carried", rubric: start.carried };
  const preset = start.presets.find((p) => p.id === start.suggestedPresetId) ?? start.presets[0];
  return preset ? { source: "preset", rubric: preset } : null;
}

/**
 * Each notice once: a section drops what a section above it already shows (a carried-settings
 * problem is reported by the start-up, the table's detection and the run alike), and repeats.
 */
export function unseen(
  texts: readonly LocalizedText[],
  shownAbove: readonly LocalizedText[],
): LocalizedText[] {
  const seen = new Set(shownAbove.map((w) => w.message));
  return texts.filter((w) => {
    if (seen.has(w.message)) return false;
    seen.add(w.message);
    return true;
  });
}

/** The table panel's inspection without the notices the pane already shows at the top. */
function withoutShown(
  inspection: TableInspection | null,
  shownAbove: LocalizedText[],
): TableInspection | null {
  if (!inspection?.ok) return inspection;
  return { ...inspection, warnings: unseen(inspection.warnings, shownAbove) };
}

/** The run's outcome without the notices the sections above already show. */
function runWithoutShown(run: RunState, shownAbove: LocalizedText[]): RunState {
  if (run.kind !== "done" || !run.outcome.ok) return run;
  return { ...run, outcome: { ...run.outcome, warnings: unseen(run.outcome.warnings, shownAbove) } };
}

/** How long the active sheet must stay put before the pane re-detects its table. */
const ACTIVATION_SETTLE_MS = 300;

/** services.start() once: presets, what the workbook carries, problems reading it. */
function useStart(services: PaneServices, onReady: (start: PaneStart) => void): StartState {
  const [startState, setStartState] = useState<StartState>({ kind: "loading" });
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  useEffect(() => {
    let live = true;
    services.start().then(
      (start) => {
        if (!live) return;
        setStartState({ kind: "ready", start });
        onReadyRef.current(start);
      },
      (error: unknown) => live && setStartState({ kind: "failed", error: thrownText(error) }),
    );
    return () => {
      live = false;
    };
  }, [services]);
  return startState;
}

/** The detected table; only the latest of overlapping inspections is shown. */
function useInspection(services: PaneServices, lang: PaneLang) {
  const [inspection, setInspection] = useState<TableInspection | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const inspectSeq = useRef(0);
  const runInspect = useCallback(
    (target: Rubric, currentMapping: ColumnMapping) => {
      const seq = ++inspectSeq.current;
      setInspecting(true);
      services
        .inspect({ rubric: target, mapping: mappingFor(target, currentMapping), lang })
        .then(
          (result) => seq === inspectSeq.current && setInspection(result),
          (error: unknown) =>
            seq === inspectSeq.current && setInspection({ ok: false, error: thrownText(error) }),
        )
        .finally(() => seq === inspectSeq.current && setInspecting(false));
    },
    [services, lang],
  );
  return { inspection, inspecting, runInspect };
}

/**
 * Follow the sheet on screen: activating another worksheet calls `onSettled` once the user stops on
 * one (flicking through tabs reads only the last). Without activation events the pane still works;
 * 重新识别 re-detects by hand.
 */
function useActiveSheet(services: PaneServices, enabled: boolean, onSettled: () => void): void {
  const onSettledRef = useRef(onSettled);
  onSettledRef.current = onSettled;
  useEffect(() => {
    if (!services.watchActiveSheet || !enabled) return;
    let stop: (() => void) | null = null;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    services
      .watchActiveSheet(() => {
        clearTimeout(timer);
        timer = setTimeout(() => live && onSettledRef.current(), ACTIVATION_SETTLE_MS);
      })
      .then(
        (unsubscribe) => (live ? (stop = unsubscribe) : unsubscribe()),
        () => undefined,
      );
    return () => {
      live = false;
      clearTimeout(timer);
      stop?.();
    };
  }, [services, enabled]);
}

/**
 * `useActiveSheet` for the pane: not while a recompute runs (it reads the sheet it started on, and
 * creating a template activates its sheet, which inspects anyway), but a sheet activated meanwhile
 * is detected once the run ends, so the table panel never describes a sheet the user has left.
 */
function useFollowSheet(
  services: PaneServices,
  enabled: boolean,
  running: boolean,
  inspect: () => void,
): void {
  const missed = useRef(false);
  const runningRef = useRef(running);
  runningRef.current = running;
  const inspectRef = useRef(inspect);
  inspectRef.current = inspect;
  useActiveSheet(services, enabled, () => {
    if (runningRef.current) missed.current = true;
    else inspectRef.current();
  });
  useEffect(() => {
    if (running || !missed.current) return;
    missed.current = false;
    inspectRef.current();
  }, [running]);
}

const NO_RECORDS: RecordsState = { finalizedAt: null, priorSource: null };

/** What the records panel shows: the workbook's at the start, then each successful run's. */
function recordsOf(from: { finalizedAt?: string; priorSource?: string }): RecordsState {
  return { finalizedAt: from.finalizedAt ?? null, priorSource: from.priorSource ?? null };
}

/**
 * 一键评定 (and 定稿 / 解除定稿 / 上年结果, which are runs with a records request): refuses a 公示期
 * that ends before it starts, else runs and keeps the last success's flags and records.
 */
function useRecompute(services: PaneServices, lang: PaneLang, keepLast: boolean) {
  const [run, setRun] = useState<RunState>({ kind: "idle" });
  const [lastSuccess, setLastSuccess] = useState<RecomputeSuccess | null>(null);
  const [runCount, setRunCount] = useState(0);
  const [records, setRecords] = useState<RecordsState>(NO_RECORDS);
  // One run at a time: a disabled button is not enough, since last year's file is read before its
  // run starts and may finish reading while another run is under way.
  const underWay = useRef(false);
  const recompute = useCallback(
    async (
      rubric: Rubric,
      mapping: ColumnMapping,
      noticeDraft: NoticeDraft,
      asked?: RecordsRequest | Promise<RecordsRequest>,
    ): Promise<boolean> => {
      if (underWay.current) return false;
      if (periodProblem(noticeDraft)) {
        const refused = { message: messages.zh.runNoticeInvalid, messageEn: messages.en.runNoticeInvalid };
        setRun({ kind: "done", outcome: { ok: false, error: refused } });
        return false;
      }
      const notice = noticeForRun(noticeDraft);
      setRun({ kind: "running", progress: { stage: "read" } });
      // Flags of an earlier run would no longer describe the workbook once it is being rewritten; on
      // the page nothing is rewritten (a run makes a new download), so a refused run leaves them.
      if (!keepLast) setLastSuccess(null);
      underWay.current = true;
      try {
        // Last year's file may still be being read: the run (and its busy button) starts now.
        const request = await asked;
        const outcome = await services.recompute({
          rubric,
          mapping: mappingFor(rubric, mapping),
          lang,
          ...(notice ? { notice } : {}),
          ...(request ? { records: request } : {}),
          onProgress: (progress) => setRun({ kind: "running", progress }),
        });
        setRun({ kind: "done", outcome });
        if (outcome.ok) {
          setRecords(recordsOf(outcome));
          setLastSuccess(outcome);
          setRunCount((n) => n + 1);
        }
        return outcome.ok;
      } catch (error) {
        setRun({ kind: "done", outcome: { ok: false, error: thrownText(error) } });
        return false;
      } finally {
        underWay.current = false;
      }
    },
    [services, lang, keepLast],
  );
  return { run, lastSuccess, runCount, recompute, records, setRecords };
}

/** A manual pick for a field, or (column null) the field handed back to detection. */
function withPick(mapping: ColumnMapping, fieldId: string, column: string | null): ColumnMapping {
  const next = { ...mapping };
  if (column) next[fieldId] = column;
  else delete next[fieldId];
  return next;
}

/**
 * Re-detect the table whenever the rubric changes: its aliases decide the header row and columns.
 * The mapping is deliberately not a dependency: a manual pick is applied locally and kept for the
 * next run. Returns the latest mapping, for inspections started elsewhere.
 */
function useInspectOnRubric(
  rubric: Rubric | null,
  mapping: ColumnMapping,
  runInspect: (rubric: Rubric, mapping: ColumnMapping) => void,
) {
  const mappingRef = useRef(mapping);
  mappingRef.current = mapping;
  useEffect(() => {
    if (rubric) runInspect(rubric, mappingRef.current);
  }, [rubric, runInspect]);
  return mappingRef;
}

/** What a run is made with, as one string: a change after a run means its result is out of date. */
function runInputs(rubric: Rubric, mapping: ColumnMapping, draft: NoticeDraft, sheet: string | null): string {
  return JSON.stringify([rubric, mappingFor(rubric, mapping), noticeForRun(draft), sheet]);
}

/**
 * 一键评定, remembering what a run that succeeded was made with: changed since (the rubric, a column,
 * a 公示名单 text, the page's sheet), its result is `stale`, said above the button until the next run.
 */
function useRate(
  runs: Pick<ReturnType<typeof useRecompute>, "recompute" | "run" | "lastSuccess">,
  inputs: { rubric: Rubric | null; mapping: ColumnMapping; noticeDraft: NoticeDraft; sheet: string | null },
) {
  const { recompute, run } = runs;
  const succeeded = runs.lastSuccess !== null;
  const [ranWith, setRanWith] = useState<string | null>(null);
  const { rubric, mapping, noticeDraft, sheet } = inputs;
  const now = rubric ? runInputs(rubric, mapping, noticeDraft, sheet) : null;
  const rate = (request?: RecordsRequest | Promise<RecordsRequest>) => {
    if (!rubric) return;
    void recompute(rubric, mapping, noticeDraft, request).then((ok) => ok && setRanWith(now));
  };
  return { rate, stale: succeeded && ranWith !== null && ranWith !== now && run.kind !== "running" };
}

/**
 * The table detected again when the rubric changes, and (in Excel) when the user stops on another
 * sheet; the mapping as it is then.
 */
function useReinspect(
  services: PaneServices,
  table: { rubric: Rubric | null; mapping: ColumnMapping; runInspect: (r: Rubric, m: ColumnMapping) => void },
  ready: boolean,
  running: boolean,
): void {
  const { rubric, runInspect } = table;
  const mappingRef = useInspectOnRubric(rubric, table.mapping, runInspect);
  useFollowSheet(services, ready, running, () => {
    if (rubric) runInspect(rubric, mappingRef.current);
  });
}

/**
 * The start's warnings, shown once at the top; the inspection without them; and every warning shown
 * before a run, which the run's own list leaves out.
 */
function warningsShown(start: PaneStart, inspection: TableInspection | null) {
  const startWarnings = unseen(start.warnings, []);
  const shownInTable = withoutShown(inspection, startWarnings);
  const runWarnings = [...startWarnings, ...(shownInTable?.ok ? shownInTable.warnings : [])];
  return { startWarnings, shownInTable, runWarnings };
}

/** The sheet a run is made on when none was chosen: the one read (picking it back is no change). */
function shownSheet(inspection: TableInspection | null): string | null {
  return inspection?.ok ? inspection.sheet : null;
}

/** The page's choice of sheet, when the host offers one and the file has several; else none. */
function sheetChoiceFor(
  services: PaneServices,
  sheets: readonly string[] | undefined,
  chosen: string | null,
  onChosen: (sheet: string) => void,
): SheetChoice | undefined {
  const choose = services.chooseSheet;
  if (!choose || !sheets || sheets.length < 2) return undefined;
  return {
    sheets,
    chosen,
    onChoose: (name) => {
      choose(name);
      onChosen(name);
    },
  };
}

/** Shown above 一键评定 while the threshold editor holds edits that were not applied. */
const THRESHOLDS_PENDING: LocalizedText = {
  message: messages.zh.runThresholdsPending,
  messageEn: messages.en.runThresholdsPending,
};

function Warnings({ texts }: { texts: readonly LocalizedText[] }) {
  const { lang } = useI18n();
  return texts.map((w, i) => (
    <MessageBar key={i} intent="warning">
      <MessageBarBody>{localize(w, lang)}</MessageBarBody>
    </MessageBar>
  ));
}

/**
 * What the user chooses in the pane: the rubric, columns picked by hand, the 公示名单's texts (each
 * first what the workbook carries, once it is read) and, on the page, the sheet (null: the
 * workbook's own choice).
 */
function useChoices(services: PaneServices, onStart: (start: PaneStart) => void) {
  const [choice, setChoice] = useState<RubricChoice | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [noticeDraft, setNoticeDraft] = useState<NoticeDraft>({});
  const [sheet, setSheet] = useState<string | null>(null);
  const startState = useStart(services, (start) => {
    setChoice(initialChoice(start));
    setMapping(start.carriedMapping);
    setNoticeDraft(draftFrom(start.carriedNotice));
    onStart(start);
  });
  return { startState, choice, setChoice, mapping, setMapping, noticeDraft, setNoticeDraft, sheet, setSheet };
}

/**
 * `embedded`: the pane for one file on the page outside Excel (OutsideExcel.tsx): no title of its
 * own and no 新建评分表, which adds a sheet to the open workbook.
 */
export function App({ services, embedded = false }: { services: PaneServices; embedded?: boolean }) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const [thresholdsPending, setThresholdsPending] = useState(false);
  const runs = useRecompute(services, lang, embedded);
  const { run, lastSuccess, runCount, records, setRecords } = runs;
  const { startState, choice, setChoice, mapping, setMapping, noticeDraft, setNoticeDraft, sheet, setSheet } =
    useChoices(services, (start) => setRecords(recordsOf(start)));
  const { inspection, inspecting, runInspect } = useInspection(services, lang);
  const rubric: Rubric | null = choice?.rubric ?? null;
  const onSheet = sheet ?? shownSheet(inspection);
  const { rate, stale } = useRate(runs, { rubric, mapping, noticeDraft, sheet: onSheet });
  const ready = startState.kind === "ready";
  useReinspect(services, { rubric, mapping, runInspect }, ready, run.kind === "running");

  if (startState.kind !== "ready") return <StartScreen state={startState} />;
  const { start } = startState;
  const { startWarnings, shownInTable, runWarnings } = warningsShown(start, inspection);

  // Columns picked for one sheet are letters of that sheet: another starts from detection.
  const sheetChoice = sheetChoiceFor(services, start.sheets, sheet, (name) => {
    setSheet(name);
    setMapping({});
    if (rubric) runInspect(rubric, {});
  });

  const Root = embedded ? "div" : "main";
  return (
    <Root className={embedded ? styles.embedded : styles.root}>
      {!embedded && <PaneHeader />}
      <Warnings texts={startWarnings} />
      {rubric && choice ? (
        <>
          <RubricPanel
            presets={start.presets}
            carried={start.carried}
            choice={choice}
            onChoose={setChoice}
            services={services}
            onThresholdsPending={setThresholdsPending}
          />
          <TablePanel
            inspection={shownInTable}
            busy={inspecting}
            mapping={mappingFor(rubric, mapping)}
            onPick={(fieldId, column) => setMapping((current) => withPick(current, fieldId, column))}
            onRefresh={() => runInspect(rubric, mapping)}
            sheetChoice={sheetChoice}
          />
          <RunPanel
            state={runWithoutShown(run, runWarnings)}
            onRun={() => rate()}
            before={
              <BeforeRun
                draft={noticeDraft}
                onChange={setNoticeDraft}
                pending={thresholdsPending}
                stale={stale ? t.runStale(embedded) : null}
              />
            }
          />
          <BelowRun
            records={records}
            busy={run.kind === "running"}
            embedded={embedded}
            onRecords={rate}
            flags={lastSuccess ? { of: runCount, flags: lastSuccess.flags } : null}
            services={services}
            rubric={rubric}
            onCreated={() => runInspect(rubric, mapping)}
          />
        </>
      ) : (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t.noRubric}</MessageBarBody>
        </MessageBar>
      )}
    </Root>
  );
}

/** Below 一键评定: 定稿与上年结果, the last run's flags, and (in Excel) 新建评分表. */
function BelowRun(props: {
  records: RecordsState;
  busy: boolean;
  embedded: boolean;
  onRecords: (request: RecordsRequest | Promise<RecordsRequest>) => void;
  /** The last successful run's flags, and which run it was (a new run starts a fresh list). */
  flags: { of: number; flags: RecomputeSuccess["flags"] } | null;
  services: PaneServices;
  rubric: Rubric;
  onCreated: () => void;
}) {
  const { records, busy, embedded, flags, services } = props;
  return (
    <>
      <RecordsPanel state={records} busy={busy} onPage={embedded} onRun={props.onRecords} />
      {flags && <FlagsPanel key={flags.of} flags={flags.flags} services={services} />}
      {!embedded && <TemplatePanel rubric={props.rubric} services={services} onCreated={props.onCreated} />}
    </>
  );
}

/**
 * Above 一键评定: the 公示名单's texts, a word when threshold edits are not applied yet, and one when
 * the last result no longer shows what was chosen since (`stale`, in the pane's language).
 */
function BeforeRun(props: {
  draft: NoticeDraft;
  onChange: (d: NoticeDraft) => void;
  pending: boolean;
  stale: string | null;
}) {
  return (
    <>
      <NoticePanel draft={props.draft} onChange={props.onChange} />
      {props.pending && <Warnings texts={[THRESHOLDS_PENDING]} />}
      {props.stale && (
        <MessageBar intent="warning">
          <MessageBarBody>{props.stale}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

function PaneHeader() {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <header className={styles.header}>
      <Text as="h1" size={500} weight="semibold" style={{ margin: 0 }}>
        {t.appTitle}
      </Text>
      <Text size={200}>{t.appSubtitle}</Text>
    </header>
  );
}

/** Before the pane is ready: reading the workbook, or why it could not. */
function StartScreen({ state }: { state: Exclude<StartState, { kind: "ready" }> }) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  return (
    <main className={styles.root}>
      {state.kind === "loading" ? (
        <Spinner label={t.loading} />
      ) : (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{localize(state.error, lang)}</MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}
