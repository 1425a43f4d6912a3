/**
 * Applying a write plan: one look at the workbook (or the read's), then the steps packed into
 * requests under the budget; a request refused for its size is split and sent again, and a
 * failure after something was written says what was written (docs/office-host.md).
 */
import type { Message } from "../../messages";
import type { ApplyResult, WritePlan } from "../../workbook/model";
import { structureChanges } from "../../workbook/protection";
import { isSizeRefusal, partialWrite, sheetProtected, workbookProtected } from "./errors";
import {
  type AdapterEnv,
  type BatchState,
  type KnownSheets,
  SHEET_ITEMS,
  type Step,
  type WriteState,
  loadWorkbookProtection,
  rememberSheets,
  sheetItem,
  timed,
} from "./shared";
import { loadSources, stepsFor } from "./write-steps";

export async function apply(env: AdapterEnv, plan: WritePlan): Promise<ApplyResult> {
  const notices = await timed(
    env,
    "write",
    env.run((context) => applyIn(env, context, plan)),
  );
  // A notice about the host (not the workbook) is said once per session.
  const unseen = notices.filter((n) => !env.shown.has(n.code));
  for (const n of unseen) env.shown.add(n.code);
  return { notices: unseen };
}

/**
 * One sync to see the workbook as it is now (the user may have renamed, deleted or protected
 * sheets since the read), then the write in as few requests as the env.budget allows.
 */
export async function applyIn(
  env: AdapterEnv,
  context: Excel.RequestContext,
  plan: WritePlan,
): Promise<Message[]> {
  const known = await prepareWrite(env, context);
  const touched = new Set(plan.ops.map((op) => op.sheet.toLowerCase()));
  const locked = [...known.protectedSheets].filter((name) => touched.has(name.toLowerCase()));
  if (locked.length) throw sheetProtected(locked);
  const changes = known.structureLocked ? structureChanges(plan.ops, known.sheets.values()) : [];
  if (changes.length) throw workbookProtected(changes);
  const state: WriteState = { ...known, sources: await loadSources(env, context, plan, known), notices: [] };
  const steps = plan.ops.flatMap((op) => stepsFor(env, op, state));
  const batch: BatchState = {
    context,
    sheets: new Map(),
    worksheet(name) {
      const key = name.toLowerCase();
      let ws = this.sheets.get(key);
      if (!ws) {
        ws = context.workbook.worksheets.getItem(name);
        this.sheets.set(key, ws);
      }
      return ws;
    },
  };
  await writeBatches(env, batch, packBatches(env, steps), steps);
  return state.notices;
}

export function packBatches(env: AdapterEnv, steps: Step[]): Step[][] {
  // The estimates come within ~7% of what office.js sends (measured through the emulated host
  // on scoring sheets and summaries up to 100,000 rows): pack to 92% of the env.budget.
  const fill = env.budget * 0.92;
  const batches: Step[][] = [];
  let current: Step[] = [];
  let currentBytes = 0;
  for (const step of steps) {
    if (current.length > 0 && currentBytes + step.bytes > fill) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(step);
    currentBytes += step.bytes;
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * One sync per batch; more than one only when the write would pass the env.budget. A request Excel
 * refuses for its size has changed nothing: it is split in two and sent again. Any other failure
 * after something was written says exactly what was and was not written.
 */
export async function writeBatches(
  env: AdapterEnv,
  batch: BatchState,
  batches: Step[][],
  all: Step[],
): Promise<void> {
  const { context } = batch;
  const screen = env.supports("1.9");
  const queue = [...batches];
  const written: Step[] = [];
  while (queue.length > 0) {
    const steps = queue.shift()!;
    context.workbook.application.suspendApiCalculationUntilNextSync();
    if (screen) context.workbook.application.suspendScreenUpdatingUntilNextSync();
    for (const step of steps) step.emit(batch);
    try {
      await context.sync();
    } catch (error) {
      if (isSizeRefusal(error) && steps.length > 1) {
        const half = Math.ceil(steps.length / 2);
        queue.unshift(steps.slice(0, half), steps.slice(half));
        continue;
      }
      throw partialWrite(error, written, steps, all);
    }
    written.push(...steps);
  }
}

/** The workbook as the write finds it: what the read just saw, or one look now. */
export async function prepareWrite(env: AdapterEnv, context: Excel.RequestContext): Promise<KnownSheets> {
  const known = env.known;
  if (known?.fresh) {
    known.fresh = false;
    return known;
  }
  const sheets = context.workbook.worksheets;
  sheets.load(SHEET_ITEMS);
  const bookProtection = loadWorkbookProtection(env, context);
  await context.sync();
  const items = sheets.items.map(sheetItem);
  return rememberSheets(env, items, known?.active ?? null, false, bookProtection?.protected === true);
}
