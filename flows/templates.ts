// Templates per exporter stream (exporter address and v9 source id or IPFIX observation domain):
// learnt from template sets, replaced when redefined, forgotten when not refreshed in time, and
// bounded in bytes as well as in number: anyone can forge a UDP datagram from an exporter's address,
// so a flood of templates, each as large as a datagram allows, must not grow memory without end.
// A template keeps only what reading its records needs: the fields Kapasitet reads, and the bytes
// between them as one skip, so an honest template of 60 fields costs a few hundred bytes.
import { kindOf, UNREAD_COUNTERS, type ElementKind } from './elements.ts';

/** A field as a template set declares it. */
export interface TemplateField {
  /** The element id (enterprise bit cleared) and, for IPFIX enterprise elements, the enterprise number (-1: a v9 scope field). */
  id: number;
  enterprise: number;
  /** Bytes, or 65535 for an IPFIX variable-length field. */
  length: number;
}

/** One step of reading a record: a field to read, or (no kind) bytes to skip. */
export interface Step {
  kind?: ElementKind;
  /** Bytes, or VARIABLE for an IPFIX variable-length field (its length is in the record). */
  length: number;
}

export interface Template {
  id: number;
  steps: Step[];
  /** Options templates describe the exporter (sampling), not flows. */
  options: boolean;
  /** The record length when every field is fixed, else -1. */
  fixedLength: number;
  /** The fewest bytes a record can take: what is left over at the end of a set is padding. */
  minLength: number;
  /** When it was last (re)defined, in ms. */
  seen: number;
  /** What it holds in memory, as counted against the limits. */
  bytes: number;
  /** Traffic counters it carries that Kapasitet does not read (elements.ts UNREAD_COUNTERS), by name. */
  unread: string[];
}

export interface Stream {
  templates: Map<number, Template>;
  /** The templates' bytes. */
  bytes: number;
  /** The last sequence number and records seen, for gaps, and the version that numbered them. */
  sequence?: number;
  records: number;
  version?: 5 | 9 | 10 | 'sflow';
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
  /** Fields a template may declare: exporters send tens; a datagram has room for 16,000. */
  maxFieldsPerTemplate: number;
  /** Template bytes one exporter stream may hold: a redefinition past it is refused. */
  maxBytesPerStream: number;
  /** Template bytes held in all: past it, the streams heard from least recently are forgotten. */
  maxBytes: number;
}

/** The bounds an installation does not choose (the timeout is flows.templateTimeoutSeconds). */
export const DEFAULT_TEMPLATE_LIMITS: Omit<TemplateLimits, 'timeoutMs'> = {
  maxStreams: 4096,
  maxTemplatesPerStream: 256,
  maxFieldsPerTemplate: 1024,
  maxBytesPerStream: 1 << 20,
  maxBytes: 64 << 20,
};

export const VARIABLE = 65535;

/**
 * Bytes a template holds, as the limits count them: an estimate on the safe side. Templates of 1,024
 * steps learnt until the 64 MiB bound held 48 MiB of heap (node --expose-gc, heap used before and after).
 */
const TEMPLATE_BYTES = 200;
const STEP_BYTES = 60;

/** Compiles a template's field list into steps: reading what it can measure, skipping the rest, refusing what it cannot read. */
export function makeTemplate(id: number, fields: TemplateField[], options: boolean, now: number): Template | string {
  if (fields.length === 0) return `template ${id} has no fields`;
  let fixed = 0;
  let min = 0;
  let variable = false;
  const steps: Step[] = [];
  const unread: string[] = [];
  for (const f of fields) {
    if (f.length === 0) return `template ${id}: element ${f.id} has length 0`;
    if (f.length === VARIABLE) {
      variable = true;
      min += 1;
    } else {
      fixed += f.length;
      min += f.length;
    }
    const kind = kindOf(f.id, f.enterprise);
    const counter = kind ? undefined : UNREAD_COUNTERS.get(`${f.enterprise}/${f.id}`);
    if (counter && !unread.includes(counter)) unread.push(counter);
    const last = steps.at(-1);
    // Fixed-length fields not read, one after another, are one skip.
    if (!kind && f.length !== VARIABLE && last && !last.kind && last.length !== VARIABLE) last.length += f.length;
    else steps.push(kind ? { kind, length: f.length } : { length: f.length });
  }
  return { id, steps, options, fixedLength: variable ? -1 : fixed, minLength: min, seen: now, bytes: TEMPLATE_BYTES + steps.length * STEP_BYTES, unread };
}

export class TemplateCache {
  readonly #streams = new Map<string, Stream>();
  #bytes = 0;

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
      if (this.#streams.size >= this.limits.maxStreams) this.#evictOldest();
      stream = { templates: new Map(), bytes: 0, records: 0, sampling: 0, seen: now };
    }
    this.#streams.set(key, stream);
    stream.seen = now;
    return stream;
  }

  /**
   * Learns a template; a reason when the stream already holds as many, or as many bytes, as it may.
   * A redefinition replaces. Past the overall bound, the streams heard from least recently go first:
   * exporters in use resend their templates, so what goes is stale or a flood's.
   */
  learn(stream: Stream, template: Template): string | undefined {
    const old = stream.templates.get(template.id);
    if (!old && stream.templates.size >= this.limits.maxTemplatesPerStream) return `template ${template.id} is one more than the ${this.limits.maxTemplatesPerStream} a stream may hold`;
    const bytes = stream.bytes - (old?.bytes ?? 0) + template.bytes;
    if (bytes > this.limits.maxBytesPerStream) return `template ${template.id} would take the stream's templates to ${bytes} bytes, past the ${this.limits.maxBytesPerStream} it may hold`;
    this.#remove(stream, template.id);
    stream.templates.set(template.id, template);
    stream.bytes += template.bytes;
    this.#bytes += template.bytes;
    while (this.#bytes > this.limits.maxBytes && this.#streams.size > 1) this.#evictOldest(stream);
    return undefined;
  }

  /** The template for a data set, if known and not expired. */
  find(stream: Stream, id: number, now: number): Template | undefined {
    const template = stream.templates.get(id);
    if (template && now - template.seen > this.limits.timeoutMs) {
      this.#remove(stream, id);
      return undefined;
    }
    return template;
  }

  /** Withdraws a template (IPFIX field count 0) or, with id 2 or 3, all of a kind. */
  withdraw(stream: Stream, id: number): void {
    if (id === 2 || id === 3) {
      for (const t of stream.templates.values()) if (t.options === (id === 3)) this.#remove(stream, t.id);
    } else this.#remove(stream, id);
  }

  get size(): { streams: number; templates: number; evicted: number; bytes: number } {
    let templates = 0;
    for (const s of this.#streams.values()) templates += s.templates.size;
    return { streams: this.#streams.size, templates, evicted: this.evicted, bytes: this.#bytes };
  }

  #remove(stream: Stream, id: number): void {
    const template = stream.templates.get(id);
    if (!template) return;
    stream.templates.delete(id);
    stream.bytes -= template.bytes;
    this.#bytes -= template.bytes;
  }

  /** Forgets the stream heard from least recently (never `keep`, the one being added to). */
  #evictOldest(keep?: Stream): void {
    for (const [key, stream] of this.#streams) {
      if (stream === keep) continue;
      this.#streams.delete(key);
      this.#bytes -= stream.bytes;
      this.evicted++;
      return;
    }
  }
}
