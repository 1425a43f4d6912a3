/**
 * A large user's sheet patched by two threads (docs/xlsx-round-trip.md, "Scale"): the CLI's main
 * thread patches the rows before a row near the middle and streams them to its deflate worker as
 * usual, while the worker patches the rows from there on (and the rest of the sheet after
 * `</sheetData>`) and appends them once the main thread's half has arrived. The part's bytes are
 * the same as one RowPatcher over the whole sheet gives (patch-rows.ts), which is what the page
 * writes: a RowPatcher stopped at a row and another started there with the first one's state emit
 * the same text.
 *
 * The worker gets the source text from the split row on, the rest of the part as the main thread
 * has patched it (`tail`), and, for its rows only, the cells the plan writes (style ids already
 * registered on the main thread, so styles.xml is the same) in typed arrays. Whatever the half
 * throws, the caller writes the package again without splitting, which throws the same error.
 * Pure: the worker side (node-deflate-worker.ts) and the main side (patch.ts) share it; only the
 * CLI plugs a RowsOffload in.
 */
import { PlannedRows, plannedRow, type Layer, type RowWrites } from "./planned-cells";
import { CellTails } from "./cell-xml";
import { RowPatcher, rowNumberOf, type PatchNotes, type PatcherState, type RowPlan } from "./patch-rows";
import type { PartStream } from "./zip";

/** What the other thread needs to patch the rows from the split row on (the source comes in windows). */
export interface SplitJob {
  sheet: string;
  /** The characters of the sheet before the split row (the main thread's half's source). */
  before: number;
  /** The part after `</sheetData>`'s position, as patched (merges, page setup): emitted last. */
  tail: string;
  /** The number of the source row before the split row. */
  lastRow: number;
  /** The plan's changed rows from the split row on, in order. */
  rows: Int32Array;
  /**
   * The plan's layers on the sheet (planned-cells.ts) that reach the split row, cut to start there
   * at the latest: values without their formats, whose style ids are already resolved in `styles`.
   */
  layers: Layer[];
  /** The plan's row heights from the split row on. */
  heights: [number, number | null][];
}

/**
 * A window of the source from the split row on: text ending where a row starts (or at the rows'
 * end), and that row's number (Infinity after the last window). The worker takes one at a time
 * (node-deflate-worker.ts), so it never holds the whole half's source.
 */
export interface SourceWindow {
  text: string;
  next: number;
}

/** Where a sheet's rows are split: the split row's start tag at `at`, its number, the row before's. */
export interface SplitPoint {
  at: number;
  number: number;
  lastRow: number;
  /** The index in plan.changed of the first changed row from the split row on. */
  firstChanged: number;
}

/** The other thread's part of a split sheet: its bytes follow this thread's in the part. */
export interface HalfStream extends PartStream {
  /** What the other thread's half noted, once patched; rejects (SplitFailed, OffloadFailed) when it could not be. */
  readonly half: Promise<PatchNotes>;
  /** The other half is not wanted after all (this thread writes the whole part). Before end(). */
  dropHalf(): void;
}

/** Where the rows of large sheets can be patched in part elsewhere (the CLI's deflate worker). */
export interface RowsOffload {
  /** Sheets whose rows are at least this many characters are split. */
  readonly minChars: number;
  /** The place to start getting ready (a package with a sheet this large was opened). */
  prepare(): void;
  /** A stream for the part `name` whose rows from the job's split row on the other thread patches, or null. */
  open(name: string, job: SplitJob, windows: readonly SourceWindow[]): HalfStream | null;
}

/** The other thread's half failed: the package is written again without splitting (which throws the same error). */
export class SplitFailed extends Error {
  override name = "SplitFailed";
}

let rowsOffload: RowsOffload | null = null;

/** Split large sheets' rows with `offload` (the CLI's worker); null, the default and the page's: never. */
export function useRowsOffload(offload: RowsOffload | null): void {
  rowsOffload = offload;
}

export function currentRowsOffload(): RowsOffload | null {
  return rowsOffload;
}

/**
 * Sheets whose rows are longer stay whole: the part must stay below WHOLE_DEFLATE_MAX_BYTES
 * (part-deflate.ts), to be deflated by libdeflate in the worker's memory, where the worker's half
 * is written. At 100,000 rows the patched part is ~2.1 times the rows' source (33 MB to 69 MB).
 */
export const SPLIT_MAX_CHARS = 48 * 1024 * 1024;

/** Where the split falls, as a share of the rows' characters: the main thread also builds the job. */
const SPLIT_SHARE = 0.5;

/**
 * A row boundary near `share` of the rows between `from` and `to` where a second patcher can take
 * over, or null: the split row must follow a row of a lower number, and the plan must change a
 * row from it on (else one patcher stops before it, and the two would not agree).
 */
export function chooseSplit(
  xml: string,
  from: number,
  to: number,
  plan: RowPlan,
  share = SPLIT_SHARE,
): SplitPoint | null {
  const ROW = /<row\b[^>]*?\/?>/g;
  ROW.lastIndex = from + Math.floor((to - from) * share);
  const m = ROW.exec(xml);
  if (!m || m.index >= to) return null;
  let before = xml.lastIndexOf("<row", m.index - 1);
  while (before >= from && !/^<row[\s>/]/.test(xml.slice(before, before + 5)))
    before = xml.lastIndexOf("<row", before - 1);
  if (before < from) return null;
  const previous = /<row\b[^>]*?\/?>/y;
  previous.lastIndex = before;
  const tag = previous.exec(xml);
  if (!tag) return null;
  let number: number;
  let lastRow: number;
  try {
    number = rowNumberOf(m[0], plan.sheet);
    lastRow = rowNumberOf(tag[0], plan.sheet);
  } catch {
    return null; // the one patcher reports it
  }
  const changed = plan.changed;
  let firstChanged = 0;
  for (let hi = changed.length; firstChanged < hi;) {
    const mid = (firstChanged + hi) >>> 1;
    if (changed[mid] < number) firstChanged = mid + 1;
    else hi = mid;
  }
  if (number <= lastRow || firstChanged >= changed.length) return null;
  return { at: m.index, number, lastRow, firstChanged };
}

/** Characters of the source in a window (a window is cut where a row starts after this many). */
const WINDOW_CHARS = 128 * 1024;

/**
 * The layers that reach row `from`, cut to start there at the latest: what the other thread needs
 * of them is cloned (a values layer's rows from `from` on, without formats; its style ids).
 */
export function layersFrom(layers: readonly Layer[], from: number): Layer[] {
  const out: Layer[] = [];
  for (const layer of layers) {
    if (layer.rect.bottom < from) continue;
    if (layer.kind !== "values") {
      out.push(layer);
      continue;
    }
    const skip = Math.max(0, from - layer.rect.top);
    const { op, width } = layer;
    const top = layer.rect.top + skip;
    const values = op.values.slice(skip);
    out.push({
      kind: "values",
      index: layer.index,
      rect: { ...layer.rect, top },
      op: { kind: "values", sheet: op.sheet, row: top, col: op.col, values },
      width,
      styles: layer.styles.slice(skip * width, (skip + values.length) * width),
    });
  }
  return out;
}

/**
 * The job and the windows for the rows from `split` on (to `rowsEnd`), windows of about `chars`
 * characters each cut where a row starts. Null when a row at a cut has no number (the one patcher
 * reports it).
 */
export function splitWork(
  xml: string,
  rowsEnd: number,
  tail: string,
  split: SplitPoint,
  plan: { sheet: string; changed: ArrayLike<number>; layers: readonly Layer[] },
  heights: ReadonlyMap<number, number | null>,
  chars = WINDOW_CHARS,
): { job: SplitJob; windows: SourceWindow[] } | null {
  const windows: SourceWindow[] = [];
  const ROW = /<row\b[^>]*?\/?>/g;
  for (let from = split.at; from < rowsEnd;) {
    ROW.lastIndex = from + chars;
    const m = from + chars < rowsEnd ? ROW.exec(xml) : null;
    let next = Infinity;
    if (m && m.index < rowsEnd) {
      try {
        next = rowNumberOf(m[0], plan.sheet);
      } catch {
        return null;
      }
    }
    const to = next === Infinity ? rowsEnd : (m as RegExpExecArray).index;
    windows.push({ text: xml.slice(from, to), next });
    from = to;
  }
  const rows = new Int32Array(plan.changed.length - split.firstChanged);
  for (let k = 0; k < rows.length; k++) rows[k] = plan.changed[split.firstChanged + k];
  const jobHeights: [number, number | null][] = [];
  for (const [row, height] of heights) if (row >= split.number) jobHeights.push([row, height]);
  const job: SplitJob = {
    sheet: plan.sheet,
    before: split.at,
    tail,
    lastRow: split.lastRow,
    rows,
    layers: layersFrom(plan.layers, split.number),
    heights: jobHeights,
  };
  return { job, windows };
}

/** A job's rows as a RowPlan (the other thread's side): its layers' cells, as the main thread's plan gives them. */
export class JobPlan implements RowPlan {
  readonly sheet: string;
  readonly changed: Int32Array;
  private readonly layers: Layer[];
  private readonly planned: PlannedRows;
  private readonly heights: Map<number, number | null>;

  constructor(job: SplitJob) {
    this.sheet = job.sheet;
    this.changed = job.rows;
    this.layers = job.layers;
    this.planned = new PlannedRows(job.layers);
    this.heights = new Map(job.heights);
  }

  at(row: number): RowWrites {
    return this.planned.at(row);
  }

  row(row: number, into: RowWrites): RowWrites {
    return plannedRow(this.layers, row, into);
  }

  height(row: number): number | null | undefined {
    return this.heights.size > 0 ? this.heights.get(row) : undefined;
  }
}

/**
 * The other thread's half: step() patches the next window of its source, finish() emits the
 * part's tail. A RowPatcher per window, each started in the state the one before left (as the
 * main thread's and the worker's halves are), so the text is what one patcher gives.
 */
export class HalfPatcher {
  readonly notes: PatchNotes = { formulasRemoved: false };
  private readonly plan: JobPlan;
  private readonly tails = new CellTails();
  private state: PatcherState;

  constructor(
    private readonly job: SplitJob,
    private readonly nextWindow: () => SourceWindow | undefined,
    private readonly emit: (piece: string) => void,
  ) {
    this.plan = new JobPlan(job);
    this.state = { next: 0, lastRow: job.lastRow };
  }

  /** The next window's rows patched; false after the last window. */
  step(): boolean {
    const window = this.nextWindow();
    if (!window) throw new Error("split: a window of the source is missing");
    const { text, next } = window;
    const patcher = new RowPatcher(
      text,
      0,
      text.length,
      this.plan,
      this.notes,
      this.emit,
      this.state,
      this.tails,
    );
    patcher.step(text.length);
    patcher.finish(text.length, next);
    this.state = patcher.state;
    return next !== Infinity;
  }

  /** The part's tail, after the last window. */
  finish(): void {
    this.emit(this.job.tail);
  }
}

/** The whole half at once (tests; the worker steps through it between messages). */
export function patchHalf(
  job: SplitJob,
  windows: readonly SourceWindow[],
  emit: (piece: string) => void,
): PatchNotes {
  let k = 0;
  const half = new HalfPatcher(job, () => windows[k++], emit);
  while (half.step());
  half.finish();
  return half.notes;
}
