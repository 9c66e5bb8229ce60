// Adds up attributed flows per school, class and direction (scaled up for sampling), and the
// unclassified remainder per remote prefix and port, and turns them into points: the classes at the
// collector's interval, the unclassified top list once an hour. Flows count in the interval they
// arrive in, so an exporter's active timeout should be no longer than that interval (docs/traffic.md).
// A school whose exporter was heard from in an interval gets a point for every class, zero where no
// flow had it, so that hourly means, shares of the busy hour and alerts count the quiet intervals;
// an interval its exporter sent nothing in is unknown, and has no points.
// A record that claims more bytes than its school's line carries in an interval is refused, as an
// impossible counter rate is: anyone can forge a datagram from an exporter's address.
import type { Point } from '../store/point.ts';
import { Attribution, IN, OUT } from './attribution.ts';
import type { Classifier } from './classifier.ts';
import { prefixText4, prefixText6 } from './prefix-trie.ts';
import type { FlowRecord } from './record.ts';

/** Counters per class: bytes in, bytes out, packets in, packets out. */
const SLOTS = 4;

interface Unclassified {
  prefix: string;
  port: string;
  /** Bytes in, bytes out, packets in, packets out: a plain array, lighter than a typed one per key. */
  counts: number[];
}

/** Distinct prefix-and-port keys kept per school and hour; the rest are summed under prefix "*". */
const MAX_UNCLASSIFIED_KEYS = 10_000;
const REST = '* *';
/** A school with no internet line in the config: no school line is faster than this. */
export const FASTEST_LINE_BPS = 100e9;

/** What became of a record: counted, on none of the exporter's lines, or more than its line can carry. */
export type Counted = 'counted' | 'unattributed' | 'impossible';

export interface MeterBounds {
  /** How often the meter is flushed: a record can carry no more than its line does in this. */
  intervalMs: number;
  /** Each school's internet line, bit/s; schools not here are bounded by FASTEST_LINE_BPS. */
  lineBps: ReadonlyMap<string, number>;
}

export class TrafficMeter {
  readonly #counts: Float64Array[];
  readonly #unclassified: Map<number | string, Unclassified>[];
  readonly #v6Scratch = new Uint32Array(4);
  /** Per school index: the most bytes one record may claim. */
  readonly #maxBytes: Float64Array;
  /** The exporters that sent a datagram in the interval under way: their schools are measured in it. */
  readonly #heard = new Set<string>();
  /** Flows from a known exporter on none of its lines, since start. */
  unattributed = 0;
  /** Set when `add` refuses a record: the school and the rate it claimed, bit/s, for the log. */
  refused = { school: '', claimedBps: 0, lineBps: 0 };

  constructor(
    readonly classifier: Classifier,
    readonly attribution: Attribution,
    /** School id → municipality id, for the points' tags. */
    readonly municipalityOf: ReadonlyMap<string, string>,
    readonly unclassifiedTop: number,
    readonly bounds: MeterBounds,
  ) {
    const width = classifier.classes.length * SLOTS;
    this.#counts = attribution.schools.map(() => new Float64Array(width));
    this.#unclassified = attribution.schools.map(() => new Map());
    this.#maxBytes = Float64Array.from(attribution.schools, (school) => ((bounds.lineBps.get(school) ?? FASTEST_LINE_BPS) / 8) * (bounds.intervalMs / 1000));
  }

  /** Notes a datagram from `exporter`: its schools' classes are measured in this interval, zero or not. */
  heard(exporter: string): void {
    this.#heard.add(exporter);
  }

  /** Counts one decoded flow from `exporter`, unless it crossed none of the exporter's lines or claims more than its line carries. */
  add(exporter: string, r: FlowRecord, sampling: number): Counted {
    const a = this.attribution;
    if (!a.attribute(exporter, r)) {
      this.unattributed++;
      return 'unattributed';
    }
    const bytes = r.bytes * sampling;
    const reverseBytes = r.reverseBytes * sampling;
    const also = a.also;
    if (this.#tooMuch(a.school, bytes, reverseBytes) || (also >= 0 && this.#tooMuch(also, bytes, reverseBytes))) return 'impossible';
    this.#count(a.school, a.direction, r, sampling);
    // From one school to another: the receiving school's line carried it too, as a download.
    if (also >= 0) this.#count(also, IN, r, sampling);
    return 'counted';
  }

  /** Whether a record claims more than `school`'s line carries in an interval; if so, says which for the log. */
  #tooMuch(school: number, bytes: number, reverseBytes: number): boolean {
    if (bytes <= this.#maxBytes[school]! && reverseBytes <= this.#maxBytes[school]!) return false;
    const id = this.attribution.schools[school]!;
    this.refused = { school: id, claimedBps: (Math.max(bytes, reverseBytes) * 8) / (this.bounds.intervalMs / 1000), lineBps: this.bounds.lineBps.get(id) ?? FASTEST_LINE_BPS };
    return true;
  }

  /** Adds a flow to `school`'s counters in `direction`, its class told by its remote end; a biflow's reverse the other way. */
  #count(school: number, direction: number, r: FlowRecord, sampling: number): void {
    const download = direction === IN;
    const cls = this.classifier.classify(r, download);
    const bytes = r.bytes * sampling;
    const packets = r.packets * sampling;
    const counts = this.#counts[school]!;
    const at = cls * SLOTS + direction;
    counts[at] = counts[at]! + bytes;
    counts[at + 2] = counts[at + 2]! + packets;
    if (cls === this.classifier.other) this.#addUnclassified(school, r, download, direction, bytes, packets);
    // A biflow's reverse counts (RFC 5103) went the other way over the same line, with the same remote end.
    if (r.reverseBytes > 0 || r.reversePackets > 0) {
      const back = cls * SLOTS + (1 - direction);
      const reverseBytes = r.reverseBytes * sampling;
      const reversePackets = r.reversePackets * sampling;
      counts[back] = counts[back]! + reverseBytes;
      counts[back + 2] = counts[back + 2]! + reversePackets;
      if (cls === this.classifier.other) this.#addUnclassified(school, r, download, 1 - direction, reverseBytes, reversePackets);
    }
  }

  /** The interval's points (time: its start), and the counters emptied for the next. */
  flush(start: number, intervalMs: number): Point[] {
    const seconds = intervalMs / 1000;
    const points: Point[] = [];
    // Once an interval, not per datagram: an aggregation router may carry a hundred schools' lines.
    const heardSchools = new Set([...this.#heard].flatMap((e) => this.attribution.schoolsOf(e)));
    this.#counts.forEach((counts, s) => {
      const school = this.attribution.schools[s]!;
      const heard = heardSchools.has(s);
      this.classifier.classes.forEach((cls, c) => {
        const at = c * SLOTS;
        if (!heard && counts[at + 2] === 0 && counts[at + 3] === 0) return;
        points.push({
          measurement: 'traffic',
          tags: { municipality: this.municipalityOf.get(school) ?? '', school, class: cls.id },
          fields: { in_bps: (counts[at]! * 8) / seconds, out_bps: (counts[at + 1]! * 8) / seconds, in_bytes: counts[at]!, out_bytes: counts[at + 1]!, in_packets: counts[at + 2]!, out_packets: counts[at + 3]! },
          time: start,
        });
      });
      counts.fill(0);
    });
    this.#heard.clear();
    return points;
  }

  /**
   * The unclassified top list per school since the last call, the rest under prefix "*"; `time` is
   * when that tally began (an hour's start, or a process's start within the hour).
   */
  flushHour(time: number): Point[] {
    const points: Point[] = [];
    this.#unclassified.forEach((entries, s) => {
      const school = this.attribution.schools[s]!;
      const sorted = [...entries.values()].sort((a, b) => b.counts[0]! + b.counts[1]! - (a.counts[0]! + a.counts[1]!));
      const rest = [0, 0, 0, 0];
      sorted.forEach((u, i) => {
        if (i < this.unclassifiedTop && u.prefix !== '*') points.push(unclassifiedPoint(this.municipalityOf.get(school) ?? '', school, u.prefix, u.port, u.counts, time));
        else for (let k = 0; k < SLOTS; k++) rest[k] = rest[k]! + u.counts[k]!;
      });
      if (rest[2]! + rest[3]! > 0) points.push(unclassifiedPoint(this.municipalityOf.get(school) ?? '', school, '*', '*', rest, time));
      entries.clear();
    });
    return points;
  }

  #addUnclassified(school: number, r: FlowRecord, remoteIsSource: boolean, direction: number, bytes: number, packets: number): void {
    const entries = this.#unclassified[school]!;
    const tcpUdp = r.protocol === 6 || r.protocol === 17;
    const port = tcpUdp ? Math.min(r.srcPort, r.dstPort) : r.protocol;
    // IPv4 keys are numbers (the /24, the protocol, the port): no string per flow; text is made once, when first seen.
    let key: number | string;
    if (r.family === 4) key = ((remoteIsSource ? r.src4 : r.dst4) >>> 8) * 2 ** 24 + (r.protocol === 6 ? 0 : r.protocol === 17 ? 1 : 2) * 2 ** 16 + port;
    else if (r.family === 6) {
      this.#v6Scratch.set(remoteIsSource ? r.src6 : r.dst6);
      key = `${prefixText6(this.#v6Scratch, 48)} ${r.protocol}/${port}`;
    } else key = `unknown ${r.protocol}/${port}`;
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size >= MAX_UNCLASSIFIED_KEYS) entry = entries.get(REST) ?? { prefix: '*', port: '*', counts: [0, 0, 0, 0] };
      else {
        const prefix = r.family === 4 ? prefixText4(remoteIsSource ? r.src4 : r.dst4, 24) : r.family === 6 ? prefixText6(this.#v6Scratch, 48) : 'unknown';
        entry = { prefix, port: tcpUdp ? `${r.protocol === 6 ? 'tcp' : 'udp'}/${port}` : `ip/${r.protocol}`, counts: [0, 0, 0, 0] };
      }
      entries.set(entry.prefix === '*' ? REST : key, entry);
    }
    const b = direction === OUT ? 1 : 0;
    entry.counts[b] = entry.counts[b]! + bytes;
    entry.counts[b + 2] = entry.counts[b + 2]! + packets;
  }
}

function unclassifiedPoint(municipality: string, school: string, prefix: string, port: string, c: number[], time: number): Point {
  return { measurement: 'traffic_unclassified', tags: { municipality, school, prefix, port }, fields: { in_bytes: c[0]!, out_bytes: c[1]!, in_packets: c[2]!, out_packets: c[3]! }, time };
}
