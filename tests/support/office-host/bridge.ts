/**
 * The host's side of `window._richApiNativeBridge`, shared by the Jest host (host.ts, jsdom) and
 * the browser tests' page (tests/e2e/harness.ts): Microsoft's office.js hands each
 * `context.sync()` to `sendMessageToHost(json)`; the interpreter of the workbook in use answers, and
 * the reply goes back through `bridge.onMessageFromHost(json)`, asynchronously as a host does.
 * No Node-only imports: this file is bundled into the browser page.
 */
import { utf8Bytes } from "../fake-excel";
import type { Interpreter, RequestBody } from "./interpreter";

export interface RichApiBridge {
  sendMessageToHost(text: string): void;
  onMessageFromHost?: (text: string) => void;
}

interface BridgeMessage {
  id: number;
  type: number;
  message: { body: RequestBody | string };
}

/** A bridge whose requests go to `current()`'s interpreter (null: the request is dropped). */
export function richApiBridge(current: () => Interpreter | null): RichApiBridge {
  const bridge: RichApiBridge = {
    sendMessageToHost(text: string): void {
      const message = JSON.parse(text) as BridgeMessage;
      const interpreter = current();
      if (message.type !== 1 || !interpreter) return;
      const messageBytes = utf8Bytes(text);
      if (interpreter.excel.hang) {
        interpreter.excel.syncs.push({
          requestBytes: messageBytes,
          responseBytes: 0,
          actions: 0,
          writeActions: 0,
          error: "Hang",
        });
        return; // a sync that never returns
      }
      const raw = message.message.body;
      const body = typeof raw === "string" ? (JSON.parse(raw) as RequestBody) : raw;
      // The body's own size: its text as sent when the library sent text (no second stringify).
      const bodyBytes = typeof raw === "string" ? utf8Bytes(raw) : undefined;
      const { status, wire } = interpreter.handleWire(body, messageBytes, bodyBytes);
      const reply = JSON.stringify({
        id: message.id,
        type: 2,
        message: { statusCode: status, headers: {}, body: wire },
      });
      // Answer asynchronously, as a host does, without timers (tests may fake them).
      void Promise.resolve().then(() => bridge.onMessageFromHost?.(reply));
    },
  };
  return bridge;
}
