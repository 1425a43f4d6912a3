/**
 * The emulated Excel host for Jest: Microsoft's own office.js (`@microsoft/office-js`'s
 * `dist/excel-web-16.00.js`, the file Excel on the web loads), unchanged, evaluated in a jsdom
 * window with `window._richApiNativeBridge` defined first, so that every `context.sync()` is
 * serialised by the real library and handed to the bridge; the interpreter answers from the
 * in-memory Excel. Requirement sets come from `Office.context.requirements.isSetSupported`.
 *
 * One window per Jest worker (loading the library takes ~0.2 s); each `run` routes the requests
 * of its `Excel.run` to its workbook.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { createOfficeAdapter, type ExcelRun, type OfficeAdapter } from "../../../src/excel";
import type { OfficeAdapterOptions } from "../../../src/excel/office-adapter";
import type { FakeExcel } from "../fake-excel";
import { richApiBridge } from "./bridge";
import { Interpreter } from "./interpreter";

export const LIBRARY_FILE = "excel-web-16.00.js";
// From the repository root (Jest and `npm run bench` both run there; this module is loaded as CommonJS and as ESM).
const LIBRARY_PATH = path.join(process.cwd(), "node_modules/@microsoft/office-js/dist", LIBRARY_FILE);

interface HostWindow {
  Excel: { run: ExcelRun };
  Office: { context: { requirements: { isSetSupported(name: string, version?: string): boolean } } };
}

class LoadedLibrary {
  readonly window: HostWindow;
  current: Interpreter | null = null;
  private readonly dom: JSDOM;

  constructor() {
    const dom = (this.dom = new JSDOM("<!doctype html><html><head></head><body></body></html>", {
      runScripts: "outside-only",
      url: "https://localhost/taskpane.html",
    }));
    const win = dom.window as unknown as Record<string, unknown> & { eval(code: string): unknown };
    win._richApiNativeBridge = richApiBridge(() => this.current);
    const requirements = {
      isSetSupported: (name: string, version = "1.1") =>
        name === "ExcelApi" && (this.current?.excel.supports(version) ?? false),
    };
    win.eval(readFileSync(LIBRARY_PATH, "utf8"));
    // The library's Office.context asks OSF's app factory, which Office's loader (office.js) would
    // set up from the host; here the host's part is the context and its requirement sets.
    const osf = win.OSF as Record<string, unknown>;
    osf._OfficeAppFactory = { getContext: () => ({ requirements }) };
    this.window = win as unknown as HostWindow;
  }

  close(): void {
    this.dom.window.close();
  }
}

let loaded: LoadedLibrary | null = null;

/**
 * The library's window closed (its timers cleared), for a test file's end: a window left open kept
 * a Jest worker alive past its tests ("failed to exit gracefully").
 */
export function closeOfficeLibrary(): void {
  loaded?.close();
  loaded = null;
}

// Every test file that loads the library closes it at its end (the bench, outside Jest, has no afterAll).
if (typeof afterAll === "function") afterAll(closeOfficeLibrary);
const interpreters = new WeakMap<FakeExcel, Interpreter>();

function library(): LoadedLibrary {
  loaded ??= new LoadedLibrary();
  return loaded;
}

export interface OfficeHost {
  excel: FakeExcel;
  /** `Excel.run` of Microsoft's library, its requests answered from `excel`. */
  run: ExcelRun;
  /** `Office.context.requirements.isSetSupported("ExcelApi", version)` for this host. */
  supports(version: string): boolean;
  adapter(options?: Omit<OfficeAdapterOptions, "supports">): OfficeAdapter;
}

/** The in-memory Excel behind Microsoft's office.js. */
export function officeHost(excel: FakeExcel): OfficeHost {
  const lib = library();
  let interpreter = interpreters.get(excel);
  if (!interpreter) {
    interpreter = new Interpreter(excel);
    interpreters.set(excel, interpreter);
  }
  const own = interpreter;
  const run: ExcelRun = (batch) => {
    lib.current = own;
    return lib.window.Excel.run(batch);
  };
  const supports = (version: string): boolean => {
    lib.current = own;
    return lib.window.Office.context.requirements.isSetSupported("ExcelApi", version);
  };
  return {
    excel,
    run,
    supports,
    adapter: (options = {}) => createOfficeAdapter(run, { ...options, supports }),
  };
}
