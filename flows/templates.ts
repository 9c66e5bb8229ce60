// Templates per exporter stream (exporter address and v9 source id or IPFIX observation domain):
// learnt from template sets, replaced when redefined, forgotten when not refreshed in time, and
// bounded, so a flood of templates from one or many exporters cannot grow memory without end.
import { ELEMENTS, type ElementKind } from './elements.ts';

export interface TemplateField {
  /** The element id (enterprise bit cleared) and, for IPFIX enterprise elements, the enterprise number. */
  id: number;
  enterprise: number;
  /** Bytes, or 65535 for an IPFIX variable-length field. */
  length: number;
  /** What Kapasitet reads from it; undefined: skipped. */
  kind?: ElementKind;
}

export interface Template {
  id: number;
  fields: TemplateField[];
  /** Options templates describe the exporter (sampling), not flows. */
  options: boolean;
  /** The record length when every field is fixed, else -1. */
  fixedLength: number;
  /** The fewest bytes a record can take: what is left over at the end of a set is padding. */
  minLength: number;
  /** When it was last (re)defined, in ms. */
  seen: number;
}

export interface Stream {
  templates: Map<number, Template>;
  /** The last sequence number and records seen, for gaps. */
  sequence?: number;
  records: number;
  /** 1 in N, from the exporter's options records; 0 until it says. */
  sampling: number;
  /** When anything last came from this stream, in ms. */
  seen: number;
}

export interface TemplateLimits {
  /** A template not refreshed within this is forgotten (exporters resend them; RFC 7011 §8.4). */
  timeoutMs: number;
  maxStreams: number;
  maxTemplatesPerStream: number;
}

export const VARIABLE = 65535;

/** Compiles a template's field list: skipping nothing it cannot measure, refusing what it cannot read. */
export function makeTemplate(id: number, fields: TemplateField[], options: boolean, now: number): Template | string {
  if (fields.length === 0) return `template ${id} has no fields`;
  let fixed = 0;
  let min = 0;
  let variable = false;
  for (const f of fields) {
    if (f.length === 0) return `template ${id}: element ${f.id} has length 0`;
    if (f.length === VARIABLE) {
      variable = true;
      min += 1;
    } else {
      fixed += f.length;
      min += f.length;
    }
    if (f.enterprise === 0) f.kind = ELEMENTS.get(f.id);
  }
  return { id, fields, options, fixedLength: variable ? -1 : fixed, minLength: min, seen: now };
}

export class TemplateCache {
  readonly #streams = new Map<string, Stream>();

  constructor(readonly limits: TemplateLimits) {}

  /** Streams forgotten to make room: a known exporter sending garbage ids makes them. */
  evicted = 0;

  /**
   * The stream for an exporter and domain, made on first sight. At the bound, the stream heard from
   * least recently is forgotten: exporters in use keep sending, so what goes is stale or garbage.
   */
  stream(exporter: string, domain: number, now: number): Stream {
    const key = `${exporter}|${domain}`;
    let stream = this.#streams.get(key);
    if (stream) {
      // Most recently heard from last: the Map's order is the eviction order.
      this.#streams.delete(key);
    } else {
      if (this.#streams.size >= this.limits.maxStreams) {
        this.#streams.delete(this.#streams.keys().next().value!);
        this.evicted++;
      }
      stream = { templates: new Map(), records: 0, sampling: 0, seen: now };
    }
    this.#streams.set(key, stream);
    stream.seen = now;
    return stream;
  }

  /** Learns a template; false when the stream already holds as many as it may. A redefinition replaces. */
  learn(stream: Stream, template: Template): boolean {
    if (!stream.templates.has(template.id) && stream.templates.size >= this.limits.maxTemplatesPerStream) return false;
    stream.templates.set(template.id, template);
    return true;
  }

  /** The template for a data set, if known and not expired. */
  find(stream: Stream, id: number, now: number): Template | undefined {
    const template = stream.templates.get(id);
    if (template && now - template.seen > this.limits.timeoutMs) {
      stream.templates.delete(id);
      return undefined;
    }
    return template;
  }

  /** Withdraws a template (IPFIX field count 0) or, with id 2 or 3, all of a kind. */
  withdraw(stream: Stream, id: number): void {
    if (id === 2 || id === 3) {
      for (const t of stream.templates.values()) if (t.options === (id === 3)) stream.templates.delete(t.id);
    } else stream.templates.delete(id);
  }

  get size(): { streams: number; templates: number; evicted: number } {
    let templates = 0;
    for (const s of this.#streams.values()) templates += s.templates.size;
    return { streams: this.#streams.size, templates, evicted: this.evicted };
  }
}
