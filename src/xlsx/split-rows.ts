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
import { KEEP_VALUE, RowWrites, type PlannedValue } from "./planned-cells";
import { RowPatcher, rowNumberOf, type PatchNotes, type RowPlan } from "./patch-rows";
import type { PartStream } from "./zip";

/** What the other thread needs to patch the rows from the split row on. */
export interface SplitJob {
  sheet: string;
  /** The source sheet's text from the split row's start tag to its end. */
  source: string;
  /** Where `<sheetData>` ends in `source` (the rows' end). */
  rowsEnd: number;
  /** The part after `</sheetData>`'s position, as patched (merges, page setup): emitted last. */
  tail: string;
  /** The number of the source row before the split row. */
  lastRow: number;
  /** The plan's changed rows from the split row on, in order. */
  rows: Int32Array;
  /** Row rows[k]'s cells are entries starts[k]..starts[k+1]-1 of cols, styles and values. */
  starts: Int32Array;
  cols: Int32Array;
  styles: Int32Array;
  /** undefined stands for KEEP_VALUE (a symbol does not cross threads). */
  values: (WriteValue | undefined)[];
  /** The plan's row heights from the split row on. */
  heights: [number, number | null][];
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
  open(name: string, job: SplitJob): HalfStream | null;
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
  for (let hi = changed.length; firstChanged < hi; ) {
    const mid = (firstChanged + hi) >>> 1;
    if (changed[mid] < number) firstChanged = mid + 1;
    else hi = mid;
  }
  if (number <= lastRow || firstChanged >= changed.length) return null;
  return { at: m.index, number, lastRow, firstChanged };
}

/** Int32Array growth for the cells' entries. */
function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= array.length) return array;
  const next = new Int32Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/**
 * The job for the rows from `split` on: `plan` is a fresh plan of the sheet (its rows are asked for
 * from the split row on), `heights` the plan's row heights.
 */
export function splitJob(
  xml: string,
  rowsEnd: number,
  tail: string,
  split: SplitPoint,
  plan: RowPlan,
  heights: ReadonlyMap<number, number | null>,
): SplitJob {
  const rows = Int32Array.from(Array.prototype.slice.call(plan.changed, split.firstChanged) as number[]);
  const starts = new Int32Array(rows.length + 1);
  let cols = new Int32Array(rows.length * 4);
  let styles = new Int32Array(rows.length * 4);
  const values: (WriteValue | undefined)[] = [];
  let n = 0;
  for (let k = 0; k < rows.length; k++) {
    const writes = plan.at(rows[k]);
    starts[k] = n;
    cols = grown(cols, n + writes.size);
    styles = grown(styles, n + writes.size);
    for (let i = 0; i < writes.size; i++, n++) {
      cols[n] = writes.cols[i];
      styles[n] = writes.styles[i];
      const value = writes.values[i];
      values.push(value === KEEP_VALUE ? undefined : value);
    }
  }
  starts[rows.length] = n;
  const jobHeights: [number, number | null][] = [];
  for (const [row, height] of heights) if (row >= split.number) jobHeights.push([row, height]);
  return {
    sheet: plan.sheet,
    source: xml.slice(split.at, rowsEnd),
    rowsEnd: rowsEnd - split.at,
    tail,
    lastRow: split.lastRow,
    rows,
    starts,
    cols: cols.slice(0, n),
    styles: styles.slice(0, n),
    values,
    heights: jobHeights,
  };
}

/** A job's rows as a RowPlan (the other thread's side). */
export class JobPlan implements RowPlan {
  readonly sheet: string;
  readonly changed: Int32Array;
  private readonly heights: Map<number, number | null>;
  private readonly writes = new RowWrites();
  private cursor = 0;

  constructor(private readonly job: SplitJob) {
    this.sheet = job.sheet;
    this.changed = job.rows;
    this.heights = new Map(job.heights);
  }

  at(row: number): RowWrites {
    const rows = this.job.rows;
    while (this.cursor < rows.length && rows[this.cursor] < row) this.cursor++;
    return this.fill(this.cursor < rows.length && rows[this.cursor] === row ? this.cursor : -1, this.writes);
  }

  row(row: number, into: RowWrites): RowWrites {
    const rows = this.job.rows;
    let lo = 0;
    for (let hi = rows.length; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid] < row) lo = mid + 1;
      else hi = mid;
    }
    return this.fill(lo < rows.length && rows[lo] === row ? lo : -1, into);
  }

  height(row: number): number | null | undefined {
    return this.heights.size > 0 ? this.heights.get(row) : undefined;
  }

  private fill(k: number, into: RowWrites): RowWrites {
    into.clear();
    if (k < 0) return into;
    const { starts, cols, styles, values } = this.job;
    for (let i = starts[k]; i < starts[k + 1]; i++) {
      const value = values[i];
      into.set(cols[i], value === undefined ? KEEP_VALUE : value, styles[i]);
    }
    return into;
  }
}

/** The other thread's half: step() patches its rows source characters at a time, finish() the rest. */
export class HalfPatcher {
  readonly notes: PatchNotes = { formulasRemoved: false };
  private readonly patcher: RowPatcher;
  private reached = 0;

  constructor(
    private readonly job: SplitJob,
    private readonly emit: (piece: string) => void,
  ) {
    const start = { next: 0, lastRow: job.lastRow };
    this.patcher = new RowPatcher(job.source, 0, job.rowsEnd, new JobPlan(job), this.notes, emit, start);
  }

  /** The next `chars` characters' rows patched; false once every changed row is. */
  step(chars: number): boolean {
    this.reached += chars;
    return this.patcher.step(this.reached);
  }

  /** The rest of the rows and the part's tail. */
  finish(): void {
    this.patcher.finish();
    this.emit(this.job.tail);
  }
}

/** The whole half at once (tests; the worker steps through it between messages). */
export function patchHalf(job: SplitJob, emit: (piece: string) => void): PatchNotes {
  const half = new HalfPatcher(job, emit);
  while (half.step(1 << 20));
  half.finish();
  return half.notes;
}
