/**
 * A stand-in for the page's worker (client.ts talks to it as to a Worker): it answers each request
 * with `answer`, after a macrotask as a real worker would, and can die the ways a real one does.
 */
import type { PageMessage, PageRequest } from "../../src/page/protocol";

export type Answer = (request: PageRequest, worker: FakeWorker) => unknown | Promise<unknown>;

/** What a fake answer returns to keep the request unanswered (the worker stays silent). */
export const SILENT = Symbol("silent");

export class FakeWorker {
  onmessage: ((event: MessageEvent<PageMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  terminated = false;
  /** Every request it was sent, in order. */
  readonly received: PageRequest[] = [];

  constructor(private readonly answer: Answer) {}

  postMessage(message: { id: number; request: PageRequest }): void {
    if (this.terminated) return;
    this.received.push(message.request);
    setTimeout(async () => {
      const value = await this.answer(message.request, this);
      if (value !== SILENT) this.send({ id: message.id, kind: "done", value: value as never });
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }

  send(message: PageMessage): void {
    if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent<PageMessage>);
  }

  /** An uncaught error in the worker, as the page sees it; true when the page handled it. */
  fail(kind: "error" | "messageerror" = "error"): boolean {
    let handled = false;
    const event = { preventDefault: () => (handled = true), message: "Uncaught RangeError: out of memory" };
    if (kind === "error") this.onerror?.(event as unknown as ErrorEvent);
    else this.onmessageerror?.(event as unknown as MessageEvent);
    return handled;
  }

  asWorker(): Worker {
    return this as unknown as Worker;
  }
}
