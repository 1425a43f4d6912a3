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
import type { WriteValue } from "../workbook/model";
import { KEEP_VALUE, RowWrites } from "./planned-cells";
import { CellTails } from "./cell-xml";
import { RowPatcher, rowNumberOf, type PatchNotes, type PatcherState, type RowPlan } from "./patch-rows";
import type { PartStream } from "./zip";

/** What the other thread needs to patch the rows from the split row on (the source and the cells come in windows). */
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
  /** The plan's row heights from the split row on. */
  heights: [number, number | null][];
}

/**
 * A window of the source from the split row on: text ending where a row starts (or at the rows'
 * end), that row's number (Infinity after the last window), and the cells of the changed rows
 * before it. The worker takes one at a time (node-deflate-worker.ts), so it never holds the
 * whole half's source or cells.
 */
export interface SourceWindow {
  text: string;
  next: number;
  /** The index in job.rows of the window's first changed row; the rows' cells are entries
   * starts[k]..starts[k+1]-1 of cols, styles and values for job.rows[first + k]. */
  first: number;
  starts: Int32Array;
  cols: Int32Array;
  styles: Int32Array;
  /** undefined stands for KEEP_VALUE (a symbol does not cross threads). */
  values: (WriteValue | undefined)[];
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

/** The cells of rows[first..end-1] as the plan writes them, for a window. */
function windowCells(
  rows: Int32Array,
  first: number,
  end: number,
  plan: RowPlan,
): Omit<SourceWindow, "text" | "next"> {
  const starts = new Int32Array(end - first + 1);
  const cols: number[] = [];
  const styles: number[] = [];
  const values: (WriteValue | undefined)[] = [];
  for (let k = first; k < end; k++) {
    const writes = plan.at(rows[k]);
    starts[k - first] = cols.length;
    for (let i = 0; i < writes.size; i++) {
      cols.push(writes.cols[i]);
      styles.push(writes.styles[i]);
      const value = writes.values[i];
      values.push(value === KEEP_VALUE ? undefined : value);
    }
  }
  starts[end - first] = cols.length;
  return { first, starts, cols: Int32Array.from(cols), styles: Int32Array.from(styles), values };
}

/** Characters of the source in a window (a window is cut where a row starts after this many). */
const WINDOW_CHARS = 128 * 1024;

/**
 * The job and the windows for the rows from `split` on (to `rowsEnd`), windows of about `chars`
 * characters each cut where a row starts. `plan` is a fresh plan of the sheet (its rows are asked
 * for from the split row on). Null when a row at a cut has no number (the one patcher reports it).
 */
export function splitWork(
  xml: string,
  rowsEnd: number,
  tail: string,
  split: SplitPoint,
  plan: RowPlan,
  heights: ReadonlyMap<number, number | null>,
  chars = WINDOW_CHARS,
): { job: SplitJob; windows: SourceWindow[] } | null {
  const rows = Int32Array.from(Array.prototype.slice.call(plan.changed, split.firstChanged) as number[]);
  const windows: SourceWindow[] = [];
  const ROW = /<row\b[^>]*?\/?>/g;
  let from = split.at;
  let first = 0;
  while (from < rowsEnd) {
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
    let end = first;
    while (end < rows.length && rows[end] < next) end++;
    windows.push({ text: xml.slice(from, to), next, ...windowCells(rows, first, end, plan) });
    first = end;
    from = to;
  }
  const jobHeights: [number, number | null][] = [];
  for (const [row, height] of heights) if (row >= split.number) jobHeights.push([row, height]);
  const job = {
    sheet: plan.sheet,
    before: split.at,
    tail,
    lastRow: split.lastRow,
    rows,
    heights: jobHeights,
  };
  return { job, windows };
}

/**
 * A job's rows as a RowPlan (the other thread's side), the cells of the current window's. A
 * changed row outside it (a row listed out of order, a formula's range reaching into a later
 * window) throws: the half fails and the package is written again without splitting, which
 * gives the one patcher's result, whatever that is.
 */
export class JobPlan implements RowPlan {
  readonly sheet: string;
  readonly changed: Int32Array;
  private readonly heights: Map<number, number | null>;
  private readonly writes = new RowWrites();
  private window: SourceWindow | null = null;

  constructor(job: SplitJob) {
    this.sheet = job.sheet;
    this.changed = job.rows;
    this.heights = new Map(job.heights);
  }

  use(window: SourceWindow): void {
    this.window = window;
  }

  at(row: number): RowWrites {
    return this.row(row, this.writes);
  }

  row(row: number, into: RowWrites): RowWrites {
    into.clear();
    const rows = this.changed;
    let k = 0;
    for (let hi = rows.length; k < hi;) {
      const mid = (k + hi) >>> 1;
      if (rows[mid] < row) k = mid + 1;
      else hi = mid;
    }
    if (k >= rows.length || rows[k] !== row) return into;
    const window = this.window;
    const at = window ? k - window.first : -1;
    if (!window || at < 0 || at >= window.starts.length - 1)
      throw new Error(`split: row ${row}'s cells are not in this window`);
    const { starts, cols, styles, values } = window;
    for (let i = starts[at]; i < starts[at + 1]; i++) {
      const value = values[i];
      into.set(cols[i], value === undefined ? KEEP_VALUE : value, styles[i]);
    }
    return into;
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
    this.plan.use(window);
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
