/** The part of pako 1.0 (zlib ported to JavaScript) that src/xlsx/zip.ts uses. */
declare module "pako" {
  export interface DeflateOptions {
    level?: number;
    raw?: boolean;
    chunkSize?: number;
  }
  export class Deflate {
    constructor(options?: DeflateOptions);
    push(data: Uint8Array, last: boolean): boolean;
    onData(chunk: Uint8Array): void;
    err: number;
    msg: string;
  }
  export class Inflate {
    constructor(options?: { raw?: boolean; chunkSize?: number });
    push(data: Uint8Array, last: boolean): boolean;
    onData(chunk: Uint8Array): void;
    err: number;
    msg: string;
    /** Whether the stream reached its end (pushed with `last` false) or failed. */
    ended: boolean;
  }
  export function deflateRaw(data: Uint8Array, options?: DeflateOptions): Uint8Array;
  const pako: { Deflate: typeof Deflate; Inflate: typeof Inflate; deflateRaw: typeof deflateRaw };
  export default pako;
}
