// Adds up attributed flows per school, class and direction (scaled up for sampling), and the
// unclassified remainder per remote prefix and port, and turns them into points: the classes at the
// collector's interval, the unclassified top list once an hour. Flows count in the interval they
// arrive in, so an exporter's active timeout should be no longer than that interval (docs/traffic.md).
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
  counts: Float64Array;
}

/** Distinct prefix-and-port keys kept per school and hour; the rest are summed under prefix "*". */
const MAX_UNCLASSIFIED_KEYS = 10_000;

export class TrafficMeter {
  readonly #counts: Float64Array[];
  readonly #unclassified: Map<string, Unclassified>[];
  readonly #v6Scratch = new Uint32Array(4);
  /** Flows from a known exporter on none of its lines, since start. */
  unattributed = 0;

  constructor(
    readonly classifier: Classifier,
    readonly attribution: Attribution,
    /** School id → municipality id, for the points' tags. */
    readonly municipalityOf: ReadonlyMap<string, string>,
    readonly unclassifiedTop: number,
  ) {
    const width = classifier.classes.length * SLOTS;
    this.#counts = attribution.schools.map(() => new Float64Array(width));
    this.#unclassified = attribution.schools.map(() => new Map());
  }

  /** Counts one decoded flow from `exporter`; false when it crossed none of the exporter's lines. */
  add(exporter: string, r: FlowRecord, sampling: number): boolean {
    const a = this.attribution;
    if (!a.attribute(exporter, r)) {
      this.unattributed++;
      return false;
    }
    const download = a.direction === IN;
    const cls = this.classifier.classify(r, download);
    const bytes = r.bytes * sampling;
    const packets = r.packets * sampling;
    const counts = this.#counts[a.school]!;
    const at = cls * SLOTS + a.direction;
    counts[at] = counts[at]! + bytes;
    counts[at + 2] = counts[at + 2]! + packets;
    if (cls === this.classifier.other) this.#addUnclassified(a.school, r, download, a.direction, bytes, packets);
    return true;
  }

  /** The interval's points (time: its start), and the counters emptied for the next. */
  flush(start: number, intervalMs: number): Point[] {
    const seconds = intervalMs / 1000;
    const points: Point[] = [];
    this.#counts.forEach((counts, s) => {
      const school = this.attribution.schools[s]!;
      this.classifier.classes.forEach((cls, c) => {
        const at = c * SLOTS;
        if (counts[at + 2] === 0 && counts[at + 3] === 0) return;
        points.push({
          measurement: 'traffic',
          tags: { municipality: this.municipalityOf.get(school) ?? '', school, class: cls.id },
          fields: { in_bps: (counts[at]! * 8) / seconds, out_bps: (counts[at + 1]! * 8) / seconds, in_bytes: counts[at]!, out_bytes: counts[at + 1]!, in_packets: counts[at + 2]!, out_packets: counts[at + 3]! },
          time: start,
        });
      });
      counts.fill(0);
    });
    return points;
  }

  /** The hour's unclassified top list per school (time: the hour's start), the rest under prefix "*". */
  flushHour(hour: number): Point[] {
    const points: Point[] = [];
    this.#unclassified.forEach((entries, s) => {
      const school = this.attribution.schools[s]!;
      const sorted = [...entries.values()].sort((a, b) => b.counts[0]! + b.counts[1]! - (a.counts[0]! + a.counts[1]!));
      const rest = new Float64Array(SLOTS);
      sorted.forEach((u, i) => {
        if (i < this.unclassifiedTop && u.prefix !== '*') points.push(unclassifiedPoint(this.municipalityOf.get(school) ?? '', school, u.prefix, u.port, u.counts, hour));
        else for (let k = 0; k < SLOTS; k++) rest[k] = rest[k]! + u.counts[k]!;
      });
      if (rest[2]! + rest[3]! > 0) points.push(unclassifiedPoint(this.municipalityOf.get(school) ?? '', school, '*', '*', rest, hour));
      entries.clear();
    });
    return points;
  }

  #addUnclassified(school: number, r: FlowRecord, remoteIsSource: boolean, direction: number, bytes: number, packets: number): void {
    let prefix: string;
    if (r.family === 4) prefix = prefixText4(remoteIsSource ? r.src4 : r.dst4, 24);
    else if (r.family === 6) {
      this.#v6Scratch.set(remoteIsSource ? r.src6 : r.dst6);
      prefix = prefixText6(this.#v6Scratch, 48);
    } else prefix = 'unknown';
    const port = r.protocol === 6 || r.protocol === 17 ? `${r.protocol === 6 ? 'tcp' : 'udp'}/${Math.min(r.srcPort, r.dstPort)}` : `ip/${r.protocol}`;
    const entries = this.#unclassified[school]!;
    let key = `${prefix} ${port}`;
    if (!entries.has(key) && entries.size >= MAX_UNCLASSIFIED_KEYS) key = '* *';
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = key === '* *' ? { prefix: '*', port: '*', counts: new Float64Array(SLOTS) } : { prefix, port, counts: new Float64Array(SLOTS) }));
    const b = direction === OUT ? 1 : 0;
    entry.counts[b] = entry.counts[b]! + bytes;
    entry.counts[b + 2] = entry.counts[b + 2]! + packets;
  }
}

function unclassifiedPoint(municipality: string, school: string, prefix: string, port: string, c: Float64Array, hour: number): Point {
  return { measurement: 'traffic_unclassified', tags: { municipality, school, prefix, port }, fields: { in_bytes: c[0]!, out_bytes: c[1]!, in_packets: c[2]!, out_packets: c[3]! }, time: hour };
}
