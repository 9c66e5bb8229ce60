// An answer many readers ask for between two changes (the overview between two stored polls):
// serialised once, gzipped once, its ETag made once, and the same bytes sent to every reader and
// every live stream. hono/compress would gzip each response anew; here the bytes change once a poll.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';

const gzipped = promisify(gzip);

/** The bytes of a Buffer as a plain Uint8Array, not copied. */
export const view = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);

/** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export class SharedAnswer {
  /** Weak: the same answer gzipped or not is one representation to a cache. */
  readonly etag: string;
  readonly json: Buffer;
  #gzip: Promise<Buffer> | undefined;
  readonly #frames = new Map<string, Uint8Array>();

  constructor(value: unknown) {
    this.json = Buffer.from(JSON.stringify(value));
    this.etag = `W/"${createHash('sha1').update(this.json).digest('base64url')}"`;
  }

  /** The answer for one request: gzipped when the reader takes it; a 304 comes from the etag middleware. */
  async respond(c: Context): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', etag: this.etag, vary: 'Accept-Encoding', 'cache-control': 'private, no-cache' };
    if (!acceptsGzip(c.req.header('accept-encoding'))) return c.body(view(this.json), 200, headers);
    this.#gzip ??= gzipped(this.json);
    return c.body(view(await this.#gzip), 200, { ...headers, 'content-encoding': 'gzip' });
  }

  /** This answer as one Server-Sent Event, encoded once for every stream that sends it. */
  frame(event: string): Uint8Array {
    let frame = this.#frames.get(event);
    if (!frame) {
      frame = view(Buffer.from(`event: ${event}\ndata: ${this.json.toString()}\n\n`));
      this.#frames.set(event, frame);
    }
    return frame;
  }
}
