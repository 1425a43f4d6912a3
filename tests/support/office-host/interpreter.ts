/**
 * The emulated Excel host's brain: it answers the RichApi requests that Microsoft's office.js
 * (`excel-web-16.00.js`) serialises at every `context.sync()`, from the in-memory Excel's state.
 *
 * Protocol (read from the library's source; see docs/office-host.md):
 *  - a request body is `{ Actions, ObjectPaths }`; object paths are 1 root, 3 method, 4 property,
 *    5 indexer, 6 reference id; actions are 1 Instantiate, 2 Query, 3 Method, 4 SetProperty;
 *  - names are PascalCase; a loaded collection answers `{ _Items: [...] }`; a null object `null`;
 *  - an object the client keeps (`_KeepReference`) gets a `_ReferenceId` in its Instantiate result,
 *    and a worksheet an `Id`: without one, the library cannot use the proxy in a later request;
 *  - an action that fails ends the request: `Error { Code, Message, Location, ActionIndex }`, and
 *    the actions before it have taken effect (Excel does not roll back).
 *
 * The cell model, reading, writing and method calls are the in-memory Excel's (fake-excel.ts).
 * No Node-only imports: this file can be bundled into a browser page.
 */
import { columnLetter } from "../../../src/engine/address";
import {
  BORDER_SIDES,
  callMethod,
  printTitleRange,
  FakeRichApiError,
  formulaAreas,
  intersects,
  MAX_COLS,
  MAX_MERGED_AREAS,
  MAX_ROWS,
  NULL,
  parseRect,
  rangeOf,
  readProperty,
  sheetOf,
  usedRect,
  utf8Bytes,
  writeProperty,
  type Entity,
  type FakeExcel,
  type FakeSheet,
  type RangeEntity,
  type Resolved,
  type SyncRecord,
} from "../fake-excel";

interface ArgumentInfo {
  Arguments?: unknown[];
  ReferencedObjectPathIds?: number[];
}

export interface ObjectPathInfo {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: ArgumentInfo;
}

export interface ActionInfo {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: ArgumentInfo;
  QueryInfo?: { Select?: string[] | null; Expand?: string[] | null };
}

export interface RequestBody {
  Actions: ActionInfo[];
  ObjectPaths: Record<string, ObjectPathInfo>;
}

export interface ResponseBody {
  Results: Array<{ ActionId: number; Value: unknown }>;
  Error?: { Code: string; Message: string; Location?: string; ActionIndex?: number; HttpStatusCode?: number };
}

/**
 * The ExcelApi minor version that introduced a member the adapter may use, by its wire name.
 * A request that uses one above the host's level fails with ApiNotFound, as an old Excel would.
 */
export const API_LEVEL: Record<string, number> = {
  GetItemOrNullObject: 4,
  GetUsedRangeOrNullObject: 4,
  GetRangeByIndexes: 7,
  FreezePanes: 7,
  SuspendApiCalculationUntilNextSync: 6,
  DataValidation: 8,
  GetRanges: 9,
  PageLayout: 9,
  SuspendScreenUpdatingUntilNextSync: 9,
  GetMergedAreasOrNullObject: 13,
  GetSpecialCellsOrNullObject: 9,
  CopyFrom: 9,
  HeadersFooters: 9,
  SetPrintTitleRows: 9,
  SetPrintTitleColumns: 9,
  GetPrintTitleRowsOrNullObject: 9,
  GetPrintTitleColumnsOrNullObject: 9,
  Borders: 1,
  VerticalAlignment: 1,
  RowHeight: 2,
  GetVisibleView: 3,
  Protection: 2,
  RowHidden: 2,
  ColumnHidden: 2,
  Merge: 2,
  Unmerge: 2,
  ColumnWidth: 2,
};

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const rangeEntity = (sheet: FakeSheet, top: number, left: number, bottom: number, right: number): Entity => ({
  kind: "range",
  sheet,
  rect: { top, left, bottom, right },
});

/** One request's resolution state; the reference-id table outlives it (it is the host's). */
class RequestRun {
  private readonly resolved = new Map<number, Resolved>();
  /** Paths the client asked to keep in this request, and the reference id each got. */
  private readonly keptInRequest = new Map<number, string>();
  calculationSuspended = false;
  writeActions = 0;

  constructor(
    private readonly host: Interpreter,
    private readonly body: RequestBody,
  ) {}

  resolve(id: number): Resolved {
    const known = this.resolved.get(id);
    if (known !== undefined) return known;
    const info = this.body.ObjectPaths[String(id)];
    if (!info)
      throw new FakeRichApiError("InvalidObjectPath", `The object path '${id}' is not in the request.`);
    const entity = this.resolveInfo(info);
    this.resolved.set(id, entity);
    return entity;
  }

  private resolveInfo(info: ObjectPathInfo): Resolved {
    if (info.ObjectPathType === 1) return { kind: "workbook" };
    if (info.ObjectPathType === 6) {
      const entity = this.host.references.get(info.Name);
      if (!entity)
        throw new FakeRichApiError("InvalidObjectPath", `The reference '${info.Name}' is not valid.`);
      return entity;
    }
    const parent = this.resolve(info.ParentObjectPathId ?? -1);
    if (parent === NULL) {
      if (this.host.excel.nullNavigation === "throw")
        throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.");
      return NULL;
    }
    this.host.checkApi(info.Name);
    const args = this.arguments(info.ArgumentInfo);
    if (info.ObjectPathType === 4) return this.host.property(parent, info.Name);
    if (info.ObjectPathType === 5) return this.host.indexer(parent, args[0]);
    if (info.ObjectPathType === 3) {
      if (info.Name === "Add") this.writeActions++;
      return this.host.method(parent, info.Name, args);
    }
    throw new FakeRichApiError(
      "InvalidObjectPath",
      `Object path type ${info.ObjectPathType} is not supported.`,
    );
  }

  /** Arguments with object references (a chart's source range) replaced by what they resolve to. */
  arguments(info: ArgumentInfo | undefined): unknown[] {
    const args = info?.Arguments ?? [];
    const refs = info?.ReferencedObjectPathIds ?? [];
    return args.map((arg, i) => (refs[i] ? this.resolve(refs[i]) : arg));
  }

  action(action: ActionInfo): unknown {
    switch (action.ActionType) {
      case 1:
        return this.instantiate(action.ObjectPathId);
      case 2:
        return this.query(action);
      case 3:
        return this.methodAction(action);
      case 4: {
        const entity = this.nonNull(action.ObjectPathId, action.Name);
        this.host.checkApi(action.Name);
        if (entity.kind === "sheet" && (action.Name === "Position" || action.Name === "Visibility"))
          this.host.excel.undoClearing.push(`${action.Name} ${entity.sheet.name}`);
        writeProperty(this.host.excel, entity, camel(action.Name), this.arguments(action.ArgumentInfo)[0]);
        this.writeActions++;
        return null;
      }
    }
    throw new FakeRichApiError("InvalidArgument", `Action type ${action.ActionType} is not supported.`);
  }

  private nonNull(pathId: number, name: string): Entity {
    const entity = this.resolve(pathId);
    if (entity === NULL)
      throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.", name);
    return entity;
  }

  private instantiate(pathId: number): unknown {
    const entity = this.resolve(pathId);
    if (entity === NULL) return null;
    const value: Record<string, unknown> = {};
    const reference = this.keptInRequest.get(pathId);
    if (reference) value._ReferenceId = reference;
    if (entity.kind === "sheet") value.Id = this.host.sheetId(entity.sheet);
    return value;
  }

  private methodAction(action: ActionInfo): unknown {
    const args = this.arguments(action.ArgumentInfo);
    if (action.Name === "_RemoveReference") {
      this.host.references.delete(String(args[0]));
      return null;
    }
    if (action.Name === "_RemoveAllReferences") {
      this.host.references.clear();
      return null;
    }
    if (action.Name === "_KeepReference") {
      // Keeping a null object keeps nothing (office.js asks for every range it creates).
      const kept = this.resolve(action.ObjectPathId);
      if (kept !== NULL) this.keptInRequest.set(action.ObjectPathId, this.host.keep(kept));
      return null;
    }
    const entity = this.nonNull(action.ObjectPathId, action.Name);
    if (action.Name === "_ValidateArraySize") return null;
    this.host.checkApi(action.Name);
    this.writeActions++;
    if (entity.kind === "sheet" && action.Name === "Delete")
      this.host.excel.undoClearing.push(`Delete ${entity.sheet.name}`);
    const method = camel(action.Name);
    // A range argument reaches the model as its address, except where the method needs its sheet too.
    const keepRanges = ENTITY_ARGUMENTS.has(action.Name);
    const plain = args.map((a) =>
      !keepRanges && typeof a === "object" && a !== null && "kind" in a ? this.host.address(a as Entity) : a,
    );
    callMethod(this.host.excel, entity, method, plain, () => (this.calculationSuspended = true));
    return null;
  }

  private query(action: ActionInfo): unknown {
    const entity = this.resolve(action.ObjectPathId);
    if (entity === NULL) return null;
    const select = action.QueryInfo?.Select ?? [];
    if (entity.kind === "sheets" || entity.kind === "charts") {
      const items: Entity[] =
        entity.kind === "sheets"
          ? this.host.excel.sheets.map((sheet) => ({ kind: "sheet", sheet }))
          : entity.sheet.charts.map((chart) => ({ kind: "chart", sheet: entity.sheet, chart }));
      const stripped = select.map((s) => s.replace(/^items\//, ""));
      return { _Items: items.map((item) => this.host.select(item, stripped)) };
    }
    return this.host.select(entity, select);
  }
}

/** Methods whose range arguments the model takes as ranges (with their sheet), not addresses. */
const ENTITY_ARGUMENTS = new Set(["CopyFrom", "SetPrintTitleRows", "SetPrintTitleColumns"]);

/** Answers requests for one in-memory workbook; keeps the reference ids and sheet ids across requests. */
export class Interpreter {
  readonly references = new Map<string, Entity>();
  private nextReference = 1;
  private readonly sheetIds = new WeakMap<FakeSheet, string>();
  private nextSheetId = 1;

  constructor(readonly excel: FakeExcel) {}

  /**
   * Runs one request and gives the reply's text as the bridge sends it (a host error for status
   * other than 200). `bodyBytes`: the body's size as sent, when the caller has its text.
   */
  handleWire(body: RequestBody, messageBytes: number, bodyBytes?: number): { status: number; wire: string } {
    const { status, body: response, text } = this.handle(body, messageBytes, bodyBytes);
    if (status !== 200)
      return {
        status,
        wire: JSON.stringify({ error: { code: response.Error?.Code, message: response.Error?.Message } }),
      };
    return { status, wire: text ?? JSON.stringify(response) };
  }

  /** Runs one request; records its size and outcome on the workbook (`text`: the response as JSON). */
  handle(
    body: RequestBody,
    messageBytes: number,
    bodyBytes?: number,
  ): { status: number; body: ResponseBody; text?: string } {
    const requestBytes = bodyBytes ?? utf8Bytes(JSON.stringify(body));
    const cleanup = body.Actions.every(
      (a) => a.ActionType === 1 || a.Name === "_RemoveReference" || a.Name === "_RemoveAllReferences",
    );
    const record: SyncRecord = {
      requestBytes,
      messageBytes,
      responseBytes: 0,
      actions: body.Actions.length,
      writeActions: 0,
    };
    (cleanup ? this.excel.cleanupRequests : this.excel.syncs).push(record);
    if (requestBytes > this.excel.payloadLimit) {
      record.error = "RequestPayloadSizeLimitExceeded";
      return { status: 413, body: { Results: [], Error: payloadError(record.error) } };
    }
    const limit = this.excel.failAfterRequests;
    // office.js's release of the objects a run tracked still succeeds: failed, office.js retries it
    // on a timer, which kept Jest's worker alive after the run ("did not exit one second after").
    if (limit !== null && !cleanup && this.excel.syncs.length > limit) {
      record.error = "GeneralException";
      return {
        status: 200,
        body: {
          Results: [],
          Error: {
            Code: "GeneralException",
            Message: "There was an internal error while processing the request.",
            HttpStatusCode: 500,
          },
        },
      };
    }
    const run = new RequestRun(this, body);
    const results: ResponseBody["Results"] = [];
    let error: ResponseBody["Error"];
    for (let i = 0; i < body.Actions.length; i++) {
      const action = body.Actions[i];
      try {
        results.push({ ActionId: action.Id, Value: run.action(action) });
      } catch (e) {
        const code = e instanceof FakeRichApiError ? e.code : "GeneralException";
        const message = e instanceof Error ? e.message : String(e);
        error = { Code: code, Message: message, Location: action.Name, ActionIndex: i, HttpStatusCode: 400 };
        break;
      }
    }
    record.writeActions = run.writeActions;
    if (run.calculationSuspended) this.excel.calculationSuspensions++;
    const response: ResponseBody = error ? { Results: results, Error: error } : { Results: results };
    const text = JSON.stringify(response);
    record.responseBytes = utf8Bytes(text);
    if (error) record.error = error.Code;
    else if (record.responseBytes > this.excel.payloadLimit) {
      record.error = "ResponsePayloadSizeLimitExceeded";
      return { status: 200, body: { Results: [], Error: payloadError(record.error) } };
    }
    return { status: 200, body: response, text };
  }

  checkApi(name: string): void {
    const level = API_LEVEL[name];
    if (level !== undefined && !this.excel.supports(`1.${level}`))
      throw new FakeRichApiError(
        "ApiNotFound",
        `${name} needs ExcelApi 1.${level}; this host has 1.${this.excel.apiVersion}.`,
      );
  }

  keep(entity: Entity): string {
    const id = `R${this.nextReference++}`;
    this.references.set(id, entity);
    return id;
  }

  sheetId(sheet: FakeSheet): string {
    let id = this.sheetIds.get(sheet);
    if (!id) {
      id = `{00000000-0001-0000-0000-${String(this.nextSheetId++).padStart(12, "0")}}`;
      this.sheetIds.set(sheet, id);
    }
    return id;
  }

  address(entity: Entity): string {
    const range = rangeOf(entity);
    const { top, left, bottom, right } = range.rect;
    return `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
  }

  /** A Query's answer: the selected properties, PascalCase, nested for paths ("protection/protected", "charts/name"). */
  select(entity: Entity, select: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const path of select) this.selectPath(entity, out, path.split("/"));
    return out;
  }

  private selectPath(entity: Entity, holder: Record<string, unknown>, parts: string[]): void {
    const [head, ...rest] = parts;
    const key = pascal(head);
    this.checkApi(key);
    if (rest.length === 0) {
      holder[key] = readProperty(this.excel, entity, head);
      return;
    }
    const next = this.property(entity, key);
    if (next === NULL) return;
    if (next.kind === "charts") {
      // A collection under each item answers its items: { Charts: { _Items: [...] } }.
      const box = (holder[key] ??= { _Items: next.sheet.charts.map(() => ({})) }) as {
        _Items: Record<string, unknown>[];
      };
      next.sheet.charts.forEach((chart, i) =>
        this.selectPath({ kind: "chart", sheet: next.sheet, chart }, box._Items[i], rest),
      );
      return;
    }
    this.selectPath(next, (holder[key] ??= {}) as Record<string, unknown>, rest);
  }

  property(parent: Entity, name: string): Resolved {
    const sheet = (): FakeSheet => sheetOf(parent);
    switch (name) {
      case "Worksheets":
        return { kind: "sheets" };
      case "Application":
        return { kind: "application" };
      case "FreezePanes":
        return { kind: "freeze", sheet: sheet() };
      case "Charts":
        return { kind: "charts", sheet: sheet() };
      case "PageLayout":
        return { kind: "pageLayout", sheet: sheet() };
      case "Protection":
        if (parent.kind !== "workbook") return { kind: "protection", sheet: sheet() };
        // The workbook's protection came with ExcelApi 1.7 (a worksheet's with 1.2).
        if (!this.excel.supports("1.7"))
          throw new FakeRichApiError(
            "ApiNotFound",
            `Workbook.Protection needs ExcelApi 1.7; this host has 1.${this.excel.apiVersion}.`,
          );
        return { kind: "workbookProtection" };
      case "Format":
        if (parent.kind === "range" || parent.kind === "areas") return { kind: "format", target: parent };
        break;
      case "DataValidation":
        return { kind: "validation", target: rangeOf(parent) };
      case "Fill":
      case "Font":
        if (parent.kind === "format")
          return { kind: name === "Fill" ? "fill" : "font", target: parent.target };
        break;
      case "Borders":
        if (parent.kind === "format") return { kind: "borders", target: parent.target };
        break;
      case "HeadersFooters":
        if (parent.kind === "pageLayout") return { kind: "headersFooters", sheet: parent.sheet };
        break;
      case "DefaultForAllPages":
        if (parent.kind === "headersFooters") return { kind: "headerFooter", sheet: parent.sheet };
        break;
      case "Title":
      case "Legend":
        if (parent.kind === "chart")
          return { kind: name === "Title" ? "chartTitle" : "chartLegend", chart: parent.chart };
        break;
    }
    throw new FakeRichApiError("InvalidArgument", `The host does not know ${parent.kind}.${name}.`);
  }

  indexer(parent: Entity, key: unknown): Resolved {
    // `format.borders.getItem(side)` travels as an indexer on the border collection.
    if (parent.kind === "borders") return this.borderItem(parent, key);
    if (parent.kind !== "sheets")
      throw new FakeRichApiError("InvalidArgument", `No indexer on ${parent.kind}.`);
    const sheet = this.excel.sheets.find((s) => this.sheetId(s) === key) ?? this.excel.sheet(String(key));
    if (!sheet) throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.");
    return { kind: "sheet", sheet };
  }

  method(parent: Entity, name: string, args: unknown[]): Resolved {
    if (parent.kind === "sheets") return this.sheetsMethod(name, args);
    if (parent.kind === "sheet") return this.sheetMethod(parent.sheet, name, args);
    if (parent.kind === "range") return this.rangeMethod(parent, name, args);
    if (parent.kind === "borders" && name === "GetItem") return this.borderItem(parent, args[0]);
    if (parent.kind === "pageLayout" && name === "GetPrintTitleRowsOrNullObject")
      return printTitleRange(parent.sheet, true);
    if (parent.kind === "pageLayout" && name === "GetPrintTitleColumnsOrNullObject")
      return printTitleRange(parent.sheet, false);
    if (parent.kind === "charts" && (name === "GetItem" || name === "GetItemOrNullObject")) {
      const chart = parent.sheet.charts.find((c) => c.name === String(args[0]));
      if (chart) return { kind: "chart", sheet: parent.sheet, chart };
      if (name === "GetItemOrNullObject") return NULL;
      throw new FakeRichApiError(
        "ItemNotFound",
        "The requested resource doesn't exist.",
        `Charts.getItem(${String(args[0])})`,
      );
    }
    if (parent.kind === "charts" && name === "Add") {
      const source = args[1];
      const address =
        typeof source === "object" && source !== null && "kind" in source
          ? this.address(source as Entity)
          : source;
      return callMethod(this.excel, parent, "add", [args[0], address, args[2]], () => undefined) ?? NULL;
    }
    throw new FakeRichApiError("InvalidArgument", `The host does not know ${parent.kind}.${name}().`);
  }

  private borderItem(parent: Extract<Entity, { kind: "borders" }>, key: unknown): Resolved {
    const side = String(key);
    if (!BORDER_SIDES.includes(side))
      throw new FakeRichApiError(
        "InvalidArgument",
        "The argument is invalid or missing or has an incorrect format.",
      );
    return { kind: "border", target: parent.target, side };
  }

  private sheetsMethod(name: string, args: unknown[]): Resolved {
    const excel = this.excel;
    switch (name) {
      case "GetItem":
      case "GetItemOrNullObject": {
        const sheet = excel.sheet(String(args[0]));
        if (sheet) return { kind: "sheet", sheet };
        if (name === "GetItemOrNullObject") return NULL;
        throw new FakeRichApiError(
          "ItemNotFound",
          "The requested resource doesn't exist.",
          `Worksheets.getItem(${String(args[0])})`,
        );
      }
      case "GetActiveWorksheet": {
        const sheet = excel.sheet(excel.activeSheet);
        if (!sheet) throw new FakeRichApiError("ItemNotFound", "There is no active worksheet.");
        return { kind: "sheet", sheet };
      }
      case "Add":
        return callMethod(excel, { kind: "sheets" }, "add", [args[0]], () => undefined) ?? NULL;
    }
    throw new FakeRichApiError("InvalidArgument", `The host does not know Worksheets.${name}().`);
  }

  private sheetMethod(sheet: FakeSheet, name: string, args: unknown[]): Resolved {
    switch (name) {
      case "GetRange":
        return {
          kind: "range",
          sheet,
          rect: args[0] ? parseRect(String(args[0])) : { top: 1, left: 1, bottom: MAX_ROWS, right: MAX_COLS },
        };
      case "GetRangeByIndexes": {
        const [row, col, rows, cols] = args.map(Number);
        if (rows < 1 || cols < 1)
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        return rangeEntity(sheet, row + 1, col + 1, row + rows, col + cols);
      }
      case "GetRanges": {
        const addresses = String(args[0]);
        // Long area lists fail in Excel with a bare InvalidArgument (office-js#5198: ~8,200 characters).
        if (addresses.length > 8000)
          throw new FakeRichApiError(
            "InvalidArgument",
            "The argument is invalid or missing or has an incorrect format.",
          );
        return { kind: "areas", sheet, rects: addresses.split(",").map((a) => parseRect(a.trim())) };
      }
      case "GetUsedRange":
      case "GetUsedRangeOrNullObject": {
        const rect = usedRect(sheet, Boolean(args[0]));
        if (rect) return { kind: "range", sheet, rect };
        return name === "GetUsedRange" ? rangeEntity(sheet, 1, 1, 1, 1) : NULL;
      }
    }
    throw new FakeRichApiError("InvalidArgument", `The host does not know Worksheet.${name}().`);
  }

  private rangeMethod(range: RangeEntity, name: string, args: unknown[]): Resolved {
    const { sheet, rect } = range;
    switch (name) {
      // office.js itself uses these to split a large write (setRangePropertiesInBulk).
      case "GetRow": {
        const row = rect.top + Number(args[0]);
        return rangeEntity(sheet, row, rect.left, row, rect.right);
      }
      case "GetCell": {
        const [r, c] = args.map(Number);
        return rangeEntity(sheet, rect.top + r, rect.left + c, rect.top + r, rect.left + c);
      }
      case "GetBoundingRect": {
        const other = args[0];
        if (typeof other !== "object" || other === null || !("kind" in other))
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        const o = rangeOf(other as Entity).rect;
        return rangeEntity(
          sheet,
          Math.min(rect.top, o.top),
          Math.min(rect.left, o.left),
          Math.max(rect.bottom, o.bottom),
          Math.max(rect.right, o.right),
        );
      }
      case "GetUsedRangeOrNullObject": {
        const used = usedRect(range.sheet, true);
        if (!used || !intersects(used, range.rect)) return NULL;
        return rangeEntity(
          range.sheet,
          Math.max(used.top, range.rect.top),
          Math.max(used.left, range.rect.left),
          Math.min(used.bottom, range.rect.bottom),
          Math.min(used.right, range.rect.right),
        );
      }
      case "GetMergedAreasOrNullObject": {
        const rects = range.sheet.merges.filter((m) => intersects(m, range.rect));
        // Documented: with more than 512 merged areas in the range the method fails.
        if (rects.length > MAX_MERGED_AREAS)
          throw new FakeRichApiError(
            "InvalidOperation",
            `The range has ${rects.length} merged areas; getMergedAreasOrNullObject supports at most ${MAX_MERGED_AREAS}.`,
          );
        return rects.length
          ? { kind: "areas", sheet: range.sheet, rects: rects.map((m) => ({ ...m })) }
          : NULL;
      }
      case "GetSpecialCellsOrNullObject": {
        if (args[0] !== "Formulas")
          throw new FakeRichApiError("InvalidArgument", `Only Formulas is modelled, not ${String(args[0])}.`);
        const rects = formulaAreas(range.sheet, range.rect);
        return rects.length ? { kind: "areas", sheet: range.sheet, rects } : NULL;
      }
      case "GetVisibleView":
        return { kind: "visibleView", target: range };
    }
    throw new FakeRichApiError("InvalidArgument", `The host does not know Range.${name}().`);
  }
}

function payloadError(code: string): NonNullable<ResponseBody["Error"]> {
  const which = code === "ResponsePayloadSizeLimitExceeded" ? "response" : "request";
  return {
    Code: code,
    Message:
      `The ${which} payload size has exceeded the limit. Please refer to the documentation: ` +
      "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.",
    HttpStatusCode: 413,
  };
}
