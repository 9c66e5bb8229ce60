// Decodes NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) datagrams into flow records, with
// the templates each exporter stream sent, the sampling its options records state, and the gaps
// in its sequence numbers. Written here, not taken from npm: the one maintained-looking package
// (node-netflowv9) is GPL-2, reads no IPFIX and builds its decoders with `new Function`.
// Every length in a datagram is checked against the bytes there before it is read.
import { setElement, type SamplingFields } from './elements.ts';
import { decodeV5 } from './netflow-v5.ts';
import { decodeSflow } from './sflow.ts';
import { emptyRecord, FlowDecodeError, resetRecord, type DropReason, type FlowRecord } from './record.ts';
import { DEFAULT_TEMPLATE_LIMITS, makeTemplate, TemplateCache, VARIABLE, type Stream, type Template, type TemplateField, type TemplateLimits } from './templates.ts';

/** The export format: NetFlow v5, v9, IPFIX (10), or sFlow version 5. */
export type FlowVersion = 5 | 9 | 10 | 'sflow';

export interface Decoded {
  version: FlowVersion;
  records: number;
  /** Export datagrams (v9) or flow records (v5, IPFIX) the sequence numbers say went missing. */
  lost: number;
}

export type OnRecord = (record: FlowRecord, sampling: number) => void;
export type OnProblem = (reason: DropReason, message: string) => void;

/** A jump larger than this is an exporter restarting or reordering, not loss. */
const MAX_GAP = 100_000;
/**
 * Flow records read from one datagram at most. An honest one holds tens (a 1,500-byte datagram of
 * 40-byte records, 37; a jumbo one, 220); a forged template of one 1-byte field would make 65,000.
 */
export const MAX_RECORDS_PER_DATAGRAM = 1024;

export class FlowDecoder {
  readonly templates: TemplateCache;
  readonly #record = emptyRecord();
  readonly #sampling: SamplingFields = { interval: 0, packetInterval: 0, packetSpace: 0 };

  #budget = 0;
  /** Told the name of each traffic counter a newly learnt template carries that Kapasitet does not read. */
  onUnread?: (name: string) => void;

  constructor(limits: Partial<TemplateLimits> & Pick<TemplateLimits, 'timeoutMs'>) {
    this.templates = new TemplateCache({ ...DEFAULT_TEMPLATE_LIMITS, ...limits });
  }

  /**
   * Decodes one datagram from `exporter`, calling `onRecord` per flow record with its sampling
   * interval (1: unsampled). A datagram that cannot be read at all throws FlowDecodeError; a set
   * within one that cannot be read is reported to `onProblem` and the rest is still read.
   */
  decode(exporter: string, bytes: Uint8Array, now: number, onRecord: OnRecord, onProblem: OnProblem): Decoded {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#budget = MAX_RECORDS_PER_DATAGRAM;
    if (view.byteLength < 2) throw new FlowDecodeError('truncated', `a datagram of ${view.byteLength} bytes has no version`);
    const version = view.getUint16(0);
    // sFlow's version is a 32-bit 5: its first two bytes are 0, which no NetFlow version is.
    if (version === 0 && view.byteLength >= 4 && view.getUint32(0) === 5) {
      const info = decodeSflow(view, this.#record, onRecord);
      const stream = this.templates.stream(exporter, info.domain, now);
      // sFlow numbers datagrams per agent and sub-agent: one more each time.
      return { version: 'sflow', records: info.records, lost: this.#gap(stream, 'sflow', info.sequence, 1, 0) };
    }
    if (version === 5) {
      const info = decodeV5(view, this.#record, onRecord);
      const stream = this.templates.stream(exporter, info.domain, now);
      return { version: 5, records: info.records, lost: this.#gap(stream, 5, info.sequence, stream.records, info.records) };
    }
    if (version === 9) return this.#v9(exporter, view, now, onRecord, onProblem);
    if (version === 10) return this.#ipfix(exporter, view, now, onRecord, onProblem);
    throw new FlowDecodeError('unknown_version', `version ${version} is not NetFlow v5, v9, IPFIX or sFlow v5`);
  }

  #v9(exporter: string, view: DataView, now: number, onRecord: OnRecord, onProblem: OnProblem): Decoded {
    if (view.byteLength < 20) throw new FlowDecodeError('truncated', `a NetFlow v9 header is 20 bytes, the datagram has ${view.byteLength}`);
    const stream = this.templates.stream(exporter, view.getUint32(16), now);
    const sequence = view.getUint32(12);
    const records = this.#sets(view, 20, view.byteLength, stream, 9, now, onRecord, onProblem);
    // v9 numbers export datagrams: one more each time.
    return { version: 9, records, lost: this.#gap(stream, 9, sequence, 1, 0) };
  }

  #ipfix(exporter: string, view: DataView, now: number, onRecord: OnRecord, onProblem: OnProblem): Decoded {
    if (view.byteLength < 16) throw new FlowDecodeError('truncated', `an IPFIX header is 16 bytes, the datagram has ${view.byteLength}`);
    const length = view.getUint16(2);
    if (length < 16) throw new FlowDecodeError('bad_length', `IPFIX message length ${length} is shorter than its header`);
    if (length > view.byteLength) throw new FlowDecodeError('truncated', `IPFIX message length ${length}, the datagram has ${view.byteLength} bytes`);
    const stream = this.templates.stream(exporter, view.getUint32(12), now);
    const sequence = view.getUint32(8);
    const records = this.#sets(view, 16, length, stream, 10, now, onRecord, onProblem);
    // IPFIX numbers data records: the next message starts where this one's records end.
    return { version: 10, records, lost: this.#gap(stream, 10, sequence, stream.records, records) };
  }

  /**
   * Records lost between the stream's last datagram and this one; remembers this one. An exporter
   * that changes version (v9 to IPFIX, say) starts a new sequence of another kind: nothing is lost.
   */
  #gap(stream: Stream, version: FlowVersion, sequence: number, step: number, records: number): number {
    if (stream.version !== version) stream.sequence = undefined;
    stream.version = version;
    const expected = stream.sequence === undefined ? sequence : (stream.sequence + step) >>> 0;
    stream.sequence = sequence;
    stream.records = records;
    const gap = (sequence - expected) >>> 0;
    return gap > 0 && gap < MAX_GAP ? gap : 0;
  }

  /** Reads the sets (v9 flowsets) between `at` and `end`; returns the flow records read. */
  #sets(view: DataView, at: number, end: number, stream: Stream, version: 9 | 10, now: number, onRecord: OnRecord, onProblem: OnProblem): number {
    let records = 0;
    const [templateSet, optionsSet] = version === 9 ? [0, 1] : [2, 3];
    while (at + 4 <= end) {
      const id = view.getUint16(at);
      const length = view.getUint16(at + 2);
      if (length < 4 || at + length > end) {
        onProblem('bad_length', `set ${id} says ${length} bytes, ${end - at} are left`);
        break;
      }
      const body = at + 4;
      const setEnd = at + length;
      if (id === templateSet) this.#templates(view, body, setEnd, stream, version, false, now, onProblem);
      else if (id === optionsSet) this.#templates(view, body, setEnd, stream, version, true, now, onProblem);
      else if (id >= 256) {
        const template = this.templates.find(stream, id, now);
        if (!template) onProblem('no_template', `data for template ${id} before its template`);
        else records += this.#data(view, body, setEnd, stream, template, onRecord, onProblem);
      }
      at = setEnd;
    }
    return records;
  }

  #templates(view: DataView, at: number, end: number, stream: Stream, version: 9 | 10, options: boolean, now: number, onProblem: OnProblem): void {
    const headerLength = options ? 6 : 4;
    while (at + headerLength <= end) {
      const id = view.getUint16(at);
      // Zeros here are padding to the set's end.
      if (id === 0) return;
      if (id < 256) {
        onProblem('bad_template', `template id ${id} is below 256`);
        return;
      }
      let count: number;
      let scopeFields = 0;
      if (options && version === 9) {
        // v9 options: scope and option lengths in bytes, four per field.
        const scopeLength = view.getUint16(at + 2);
        const optionLength = view.getUint16(at + 4);
        if (scopeLength % 4 || optionLength % 4) {
          onProblem('bad_template', `options template ${id}: lengths ${scopeLength} and ${optionLength} are not whole fields`);
          return;
        }
        scopeFields = scopeLength / 4;
        count = scopeFields + optionLength / 4;
      } else {
        count = view.getUint16(at + 2);
        if (options) scopeFields = view.getUint16(at + 4);
      }
      at += headerLength;
      if (version === 10 && count === 0) {
        this.templates.withdraw(stream, id);
        continue;
      }
      if (count > this.templates.limits.maxFieldsPerTemplate) {
        // Refused before a field is read: the rest of the set cannot be found without reading them.
        onProblem('bad_template', `template ${id} says ${count} fields; a template may have at most ${this.templates.limits.maxFieldsPerTemplate}`);
        return;
      }
      const fields: TemplateField[] = [];
      for (let i = 0; i < count; i++) {
        if (at + 4 > end) {
          onProblem('bad_template', `template ${id} says ${count} fields, the set ends after ${i}`);
          return;
        }
        let element = view.getUint16(at);
        const length = view.getUint16(at + 2);
        let enterprise = 0;
        at += 4;
        if (version === 10 && element & 0x8000) {
          if (at + 4 > end) {
            onProblem('bad_template', `template ${id}: an enterprise element runs past the set`);
            return;
          }
          element &= 0x7fff;
          enterprise = view.getUint32(at);
          at += 4;
        }
        if (version === 9 && length === VARIABLE) {
          onProblem('bad_template', `template ${id}: NetFlow v9 has no variable-length fields`);
          return;
        }
        // v9 scope fields are scope types, not elements: never read as flow fields.
        fields.push({ id: element, enterprise: version === 9 && i < scopeFields ? -1 : enterprise, length });
      }
      const template = makeTemplate(id, fields, options, now);
      const refused = typeof template === 'string' ? undefined : this.templates.learn(stream, template);
      if (typeof template === 'string') onProblem('bad_template', template);
      else if (refused) onProblem('too_many_templates', refused);
      else for (const name of template.unread) this.onUnread?.(name);
    }
  }

  #data(view: DataView, at: number, end: number, stream: Stream, template: Template, onRecord: OnRecord, onProblem: OnProblem): number {
    const record = this.#record;
    const sampling = this.#sampling;
    let records = 0;
    while (at + template.minLength <= end) {
      if (this.#budget-- <= 0) {
        onProblem('too_many_records', `the datagram holds more than the ${MAX_RECORDS_PER_DATAGRAM} records one may; the rest were not read`);
        return records;
      }
      resetRecord(record);
      sampling.interval = sampling.packetInterval = sampling.packetSpace = 0;
      for (const f of template.steps) {
        let length = f.length;
        if (length === VARIABLE) {
          length = view.getUint8(at++);
          if (length === 255) {
            if (at + 2 > end) return this.#truncated(template, records, onProblem);
            length = view.getUint16(at);
            at += 2;
          }
        }
        if (at + length > end) return this.#truncated(template, records, onProblem);
        if (f.kind) setElement(f.kind, view, at, length, record, sampling);
        at += length;
      }
      if (template.options) {
        const n = sampling.interval || (sampling.packetInterval ? (sampling.packetInterval + sampling.packetSpace) / sampling.packetInterval : 0);
        if (n >= 1) stream.sampling = n;
        continue;
      }
      records++;
      onRecord(record, record.samplingInterval || stream.sampling || 1);
    }
    return records;
  }

  #truncated(template: Template, records: number, onProblem: OnProblem): number {
    onProblem('truncated', `a record of template ${template.id} runs past its set`);
    return records;
  }
}
