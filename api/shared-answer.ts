// An answer many readers ask for between two changes (the overview between two stored polls):
// serialised once, gzipped once, its ETag made once, and the same bytes sent to every reader and
// every live stream. hono/compress would gzip each response anew; here the bytes change once a poll.
import { createHash } from 'node:crypto';
import { setImmediate as laterTurn } from 'node:timers/promises';
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

/** Array elements serialised in one turn by `jsonInTurns`. */
const ELEMENTS_PER_TURN = 250;

/**
 * JSON.stringify's text of `value`, made in turns: objects and arrays are descended `depth` levels
 * (the overview's schools are at the fourth: answer, municipalities, a municipality, its schools),
 * and an array at the last level is serialised a slice of elements at a time, with a turn of the
 * event loop between, so a county's overview (5 MB) does not hold every other request while it is
 * written. Each slice is one JSON.stringify: a string per element made the garbage collector pause
 * longer than the whole took at once. Keys keep their order; undefined is left out of objects and
 * written as null in arrays, as JSON.stringify does.
 */
export async function jsonInTurns(value: unknown, depth = 4): Promise<string> {
  if (depth === 0 || value === null || typeof value !== 'object' || 'toJSON' in value) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    const parts: string[] = [];
    if (depth === 1) {
      for (let at = 0; at < value.length; at += ELEMENTS_PER_TURN) {
        if (at > 0) await laterTurn();
        parts.push(JSON.stringify(value.slice(at, at + ELEMENTS_PER_TURN)).slice(1, -1));
      }
    } else {
      for (const element of value) parts.push(element === undefined || typeof element === 'function' ? 'null' : await jsonInTurns(element, depth - 1));
    }
    return `[${parts.join(',')}]`;
  }
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${JSON.stringify(key)}:${await jsonInTurns(v, depth - 1)}`);
  }
  return `{${parts.join(',')}}`;
}

export class SharedAnswer {
  /** Weak: the same answer gzipped or not is one representation to a cache. */
  readonly etag: string;
  readonly json: Buffer;
  #gzip: Promise<Buffer> | undefined;
  readonly #frames = new Map<string, Uint8Array>();

  /** `json`: the answer's text, or the value to serialise (at once; `SharedAnswer.inTurns` for a large one). */
  constructor(value: unknown, json = JSON.stringify(value)) {
    this.json = Buffer.from(json);
    this.etag = `W/"${createHash('sha1').update(this.json).digest('base64url')}"`;
  }

  /** An answer too large to serialise in one turn (the overview of a county). */
  static async inTurns(value: unknown): Promise<SharedAnswer> {
    return new SharedAnswer(undefined, await jsonInTurns(value));
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
      // The JSON's bytes copied as they are, not decoded into a string and encoded again (5 MB at county size).
      frame = view(Buffer.concat([Buffer.from(`event: ${event}\ndata: `), this.json, Buffer.from('\n\n')]));
      this.#frames.set(event, frame);
    }
    return frame;
  }
}
