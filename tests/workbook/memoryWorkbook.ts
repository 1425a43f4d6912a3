/**
 * An in-memory workbook implementing WorkbookAdapter: sheets are SheetModels, plan ops are applied
 * cell by cell. It records every plan applied so that tests can check "nothing applied" and "the
 * second plan equals the first", and it keeps formats, validations, charts and widths so that tests
 * can look at them.
 */
import type { RawCell } from "../../src/engine/types";
import type {
  CellFormat,
  CellRect,
  DataValidationRule,
  FoundCell,
  PageSetup,
  PlanOp,
  ReadRequest,
  SheetModel,
  SheetVisibility,
  WorkbookAdapter,
  WorkbookSnapshot,
  WritePlan,
} from "../../src/workbook/model";
import { firstValueOutside } from "../../src/workbook/extent";
import type { WrittenExtent } from "../../src/workbook/settings";

export interface MemorySheet {
  model: SheetModel;
  visibility: SheetVisibility;
  formats: Map<string, CellFormat>;
  validations: { rect: CellRect; rule: DataValidationRule }[];
  charts: { title: string; data: CellRect; anchor: CellRect }[];
  widths: Map<number, number>;
  frozen: { rows: number; columns: number } | null;
  pageSetup: PageSetup | null;
  rowHeights: Map<number, number>;
  /** copyFormat ops as applied: which cell each target rectangle took its look from. */
  copied: { from: { row: number; col: number }; to: CellRect }[];
}

function key(row: number, col: number): string {
  return `${row},${col}`;
}

export function emptySheet(name: string, values: RawCell[][] = []): SheetModel {
  return { name, values: values.map((r) => r.slice()), merges: [], hiddenRows: [], hiddenColumns: [] };
}

export class MemoryWorkbook implements WorkbookAdapter {
  readonly sheets: MemorySheet[] = [];
  readonly applied: WritePlan[] = [];
  reads: ReadRequest[] = [];
  /** The sheet read when a request names none (Office: the active sheet). */
  active: string | null = null;
  /** Make apply throw (a host failing mid-write). */
  failApply = false;

  constructor(models: SheetModel[] = []) {
    for (const m of models) this.addSheet(m);
  }

  addSheet(model: SheetModel, visibility: SheetVisibility = "visible"): MemorySheet {
    const s: MemorySheet = {
      model: { ...model, values: model.values.map((r) => r.slice()), merges: model.merges.slice() },
      visibility,
      formats: new Map(),
      validations: [],
      charts: [],
      widths: new Map(),
      frozen: null,
      pageSetup: null,
      rowHeights: new Map(),
      copied: [],
    };
    this.sheets.push(s);
    return s;
  }

  sheet(name: string): MemorySheet | undefined {
    return this.sheets.find((s) => s.model.name === name);
  }

  get(name: string, row: number, col: number): RawCell {
    return this.sheet(name)?.model.values[row - 1]?.[col - 1] ?? null;
  }

  format(name: string, row: number, col: number): CellFormat | undefined {
    return this.sheet(name)?.formats.get(key(row, col));
  }

  /** Column `col` of a sheet from `fromRow` to the last row, as values. */
  column(name: string, col: number, fromRow = 1): RawCell[] {
    const m = this.sheet(name)!.model;
    const out: RawCell[] = [];
    for (let r = fromRow; r <= m.values.length; r++) out.push(m.values[r - 1]?.[col - 1] ?? null);
    return out;
  }

  /** Deep copy of every sheet's values, for before/after comparisons. */
  snapshotValues(): Record<string, RawCell[][]> {
    const out: Record<string, RawCell[][]> = {};
    for (const s of this.sheets) out[s.model.name] = s.model.values.map((r) => r.slice());
    return out;
  }

  async readTop(name: string, rows: number): Promise<RawCell[][] | null> {
    const sheet = this.sheet(name);
    return Promise.resolve(sheet ? sheet.model.values.slice(0, rows).map((r) => (r ? r.slice() : [])) : null);
  }

  async contentOutside(name: string, block: WrittenExtent): Promise<FoundCell | null> {
    const sheet = this.sheet(name);
    return Promise.resolve(sheet ? firstValueOutside(sheet.model.values, block) : null);
  }

  async read(request: ReadRequest): Promise<WorkbookSnapshot> {
    this.reads.push(request);
    let target: MemorySheet | undefined;
    if (request.sheet !== undefined) {
      target = this.sheet(request.sheet);
      if (!target) throw Object.assign(new Error(`no sheet ${request.sheet}`), { code: "NO_SHEET" });
    } else {
      target =
        (this.active !== null ? this.sheet(this.active) : undefined) ??
        this.sheets.find((s) => s.visibility === "visible");
      if (!target) throw new Error("the workbook has no visible sheet");
    }
    const settings = this.sheet(request.settingsSheet);
    let settingsJson: string | null = null;
    if (settings) {
      const parts: string[] = [];
      for (const line of settings.model.values) {
        const v = line?.[0];
        if (typeof v !== "string" || v === "") break;
        parts.push(v);
      }
      settingsJson = parts.length > 0 ? parts.join("") : null;
    }
    const m = target.model;
    return Promise.resolve({
      sheets: this.sheets.map((s) => ({ name: s.model.name, visibility: s.visibility })),
      settingsJson,
      sheet: {
        name: m.name,
        values: m.values.map((r) => (r ? r.slice() : [])),
        merges: m.merges.map((x) => ({ ...x })),
        hiddenRows: m.hiddenRows.slice(),
        hiddenColumns: m.hiddenColumns.slice(),
        ...(m.pageSetupCustomised ? { pageSetupCustomised: true } : {}),
      },
    });
  }

  async apply(plan: WritePlan): Promise<void> {
    if (this.failApply) throw new Error("host refused the write");
    this.applied.push(JSON.parse(JSON.stringify(plan)) as WritePlan);
    for (const op of plan.ops) this.applyOp(op);
    return Promise.resolve();
  }

  private setCell(s: MemorySheet, row: number, col: number, v: RawCell): void {
    const vals = s.model.values;
    while (vals.length < row) vals.push([]);
    const line = vals[row - 1]!;
    while (line.length < col) line.push(null);
    line[col - 1] = v;
  }

  private applyOp(op: PlanOp): void {
    if (op.kind === "ensureSheet") {
      let s = this.sheet(op.sheet);
      if (!s) s = this.addSheet(emptySheet(op.sheet), op.visibility);
      s.visibility = op.visibility;
      if (op.clear) {
        s.model.values = [];
        s.model.merges = [];
        s.formats.clear();
        s.charts = [];
        s.validations = [];
        s.copied = [];
      }
      return;
    }
    const s = this.sheet(op.sheet);
    if (!s) throw new Error(`plan writes to missing sheet ${op.sheet}`);
    switch (op.kind) {
      case "values":
        op.values.forEach((line, i) =>
          line.forEach((v, j) => {
            this.setCell(s, op.row + i, op.col + j, v);
            const f = op.formats?.[i]?.[j];
            if (f) s.formats.set(key(op.row + i, op.col + j), f);
          }),
        );
        break;
      case "clear":
        for (let r = op.rect.top; r <= op.rect.bottom; r++)
          for (let c = op.rect.left; c <= op.rect.right; c++) {
            if (s.model.values[r - 1]?.[c - 1] !== undefined) this.setCell(s, r, c, null);
            s.formats.delete(key(r, c));
          }
        break;
      case "merge":
        if (!s.model.merges.some((m) => JSON.stringify(m) === JSON.stringify(op.rect)))
          s.model.merges.push(op.rect);
        break;
      case "columnWidths":
        op.widths.forEach((w, i) => s.widths.set(op.col + i, w));
        break;
      case "freeze":
        s.frozen = { rows: op.rows, columns: op.columns };
        break;
      case "validation":
        s.validations.push({ rect: op.rect, rule: op.rule });
        break;
      case "chart":
        s.charts.push({ title: op.title, data: op.data, anchor: op.anchor });
        break;
      case "pageSetup":
        s.pageSetup = op.setup;
        break;
      case "rowHeights":
        op.heights.forEach((h, i) => {
          if (h !== null) s.rowHeights.set(op.row + i, h);
        });
        break;
      case "copyFormat":
        s.copied.push({ from: op.from, to: op.to });
        break;
    }
  }
}
