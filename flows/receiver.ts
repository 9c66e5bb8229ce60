// The flow receiver: UDP sockets for NetFlow and IPFIX, each datagram decoded and metered, and every
// datagram or record that could not be used counted by reason (self-metrics) and named in a log
// line at most once a minute per reason. A datagram from an exporter the config does not name is
// counted and dropped before it is decoded, so a flood of them costs little.
import { createSocket, type Socket } from 'node:dgram';
import { Counter, Gauge, type Registry } from 'prom-client';
import { normalise } from './attribution.ts';
import type { FlowDecoder } from './decoder.ts';
import type { TrafficMeter } from './meter.ts';
import { dropReasons, FlowDecodeError, type DropReason, type FlowRecord } from './record.ts';

/** Unknown exporters remembered by address for the status; more are counted under "others". */
const MAX_UNKNOWN = 100;
/** A reason is logged at most this often. */
const LOG_EVERY_MS = 60_000;

const mbps = (bps: number) => (bps / 1e6).toPrecision(4);

export interface FlowStatus {
  datagrams: number;
  records: number;
  unattributedRecords: number;
  /** Datagrams or sets dropped, by reason. */
  dropped: Record<DropReason, number>;
  lostRecords: number;
  lostDatagrams: number;
  unknownExporters: { address: string; datagrams: number }[];
  /** Templates held, the exporter streams they belong to, streams forgotten to make room, and the bytes the templates hold. */
  templates: { streams: number; templates: number; evicted: number; bytes: number };
}

export class FlowReceiver {
  readonly #sockets: Socket[] = [];
  readonly #dropped = Object.fromEntries(dropReasons.map((r) => [r, 0])) as Record<DropReason, number>;
  readonly #unknown = new Map<string, number>();
  readonly #logged = new Map<DropReason, { at: number; since: number }>();
  #datagrams = 0;
  #records = 0;
  #lostRecords = 0;
  #lostDatagrams = 0;
  readonly #metrics?: { datagrams: Counter<'outcome'>; records: Counter<'outcome'>; lost: Counter<'unit'>; unread: Counter<'element'> };
  /** Unread counters already logged, by exporter and name: each is logged once. */
  readonly #unreadLogged = new Set<string>();
  #exporter = '';
  readonly #onRecord = (r: FlowRecord, sampling: number) => {
    this.#records++;
    const counted = this.meter.add(this.#exporter, r, sampling);
    if (counted === 'impossible') {
      const { school, claimedBps, lineBps } = this.meter.refused;
      this.#drop('impossible_rate', `${this.#exporter}: a record claims ${mbps(claimedBps)} Mbit/s over ${this.meter.bounds.intervalMs / 1000} s on ${school}'s ${mbps(lineBps)} Mbit/s line; refused (an active timeout longer than the interval makes this too)`);
    }
    this.#metrics?.records.inc({ outcome: counted === 'counted' ? 'attributed' : counted });
  };
  readonly #onProblem = (reason: DropReason, message: string) => this.#drop(reason, message);

  constructor(
    readonly decoder: FlowDecoder,
    readonly meter: TrafficMeter,
    readonly options: { log: (message: string) => void; now?: () => number; registry?: Registry },
  ) {
    const registers = options.registry ? [options.registry] : undefined;
    if (registers) {
      this.#metrics = {
        datagrams: new Counter({ name: 'kapasitet_flow_datagrams_total', help: 'Flow export datagrams received, by outcome (read, or why not)', labelNames: ['outcome'], registers }),
        records: new Counter({ name: 'kapasitet_flow_records_total', help: 'Flow records decoded, by whether they crossed a configured school line', labelNames: ['outcome'], registers }),
        lost: new Counter({ name: 'kapasitet_flow_lost_total', help: 'Export datagrams (v9) or records (v5, IPFIX) missing from exporters\' sequence numbers', labelNames: ['unit'], registers }),
        unread: new Counter({ name: 'kapasitet_flow_elements_unread_total', help: 'Templates learnt that carry a traffic counter Kapasitet does not read, by element', labelNames: ['element'], registers }),
      };
      const templates = () => this.decoder.templates.size;
      new Gauge({ name: 'kapasitet_flow_templates', help: 'Templates held for the exporters', registers, collect() { this.set(templates().templates); } });
      new Gauge({ name: 'kapasitet_flow_template_bytes', help: 'Bytes the templates held take, as counted against their bound', registers, collect() { this.set(templates().bytes); } });
    }
    decoder.onUnread = (name) => {
      this.#metrics?.unread.inc({ element: name });
      const key = `${this.#exporter} ${name}`;
      if (this.#unreadLogged.has(key) || this.#unreadLogged.size >= MAX_UNKNOWN) return;
      this.#unreadLogged.add(key);
      options.log(`flows: ${this.#exporter} sends ${name}, which Kapasitet does not read: its volumes are not counted from it (export octetDeltaCount and packetDeltaCount)`);
    };
  }

  /** Listens on each port of `host`; returns the ports bound (0 asks for a free one). */
  async listen(host: string, ports: number[]): Promise<number[]> {
    const bound: number[] = [];
    for (const port of ports) {
      // A larger receive buffer rides out bursts (an exporter's end-of-interval flush) while the
      // process is busy with a poll; the kernel caps it at net.core.rmem_max.
      const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false, recvBufferSize: 4 * 1024 * 1024 });
      socket.on('message', (msg, rinfo) => this.handle(msg, normalise(rinfo.address)));
      socket.on('error', (err) => this.options.log(`flows: socket on ${host}:${port}: ${err.message}`));
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      this.#sockets.push(socket);
      bound.push(socket.address().port);
    }
    return bound;
  }

  /** Reads one datagram from `exporter`. Never throws: what cannot be read is counted and logged. */
  handle(msg: Uint8Array, exporter: string): void {
    this.#datagrams++;
    if (!this.meter.attribution.knows(exporter)) {
      if (this.#unknown.has(exporter) || this.#unknown.size < MAX_UNKNOWN) this.#unknown.set(exporter, (this.#unknown.get(exporter) ?? 0) + 1);
      else this.#unknown.set('others', (this.#unknown.get('others') ?? 0) + 1);
      this.#drop('unknown_exporter', `flows from ${exporter}, which no flows.exporters entry names`);
      return;
    }
    this.#exporter = exporter;
    try {
      const decoded = this.decoder.decode(exporter, msg, this.#now(), this.#onRecord, this.#onProblem);
      // Heard from: its schools' quiet classes are measured as zero this interval (a datagram that cannot be read is not heard).
      this.meter.heard(exporter);
      this.#metrics?.datagrams.inc({ outcome: 'read' });
      if (decoded.lost > 0) {
        const unit = decoded.version === 9 || decoded.version === 'sflow' ? 'datagrams' : 'records';
        if (unit === 'datagrams') this.#lostDatagrams += decoded.lost;
        else this.#lostRecords += decoded.lost;
        this.#metrics?.lost.inc({ unit }, decoded.lost);
      }
    } catch (err) {
      if (err instanceof FlowDecodeError) this.#drop(err.reason, `${exporter}: ${err.message}`);
      else this.#drop('bad_length', `${exporter}: ${(err as Error).message}`);
    }
  }

  status(): FlowStatus {
    return {
      datagrams: this.#datagrams,
      records: this.#records,
      unattributedRecords: this.meter.unattributed,
      dropped: { ...this.#dropped },
      lostRecords: this.#lostRecords,
      lostDatagrams: this.#lostDatagrams,
      unknownExporters: [...this.#unknown].map(([address, datagrams]) => ({ address, datagrams })),
      templates: this.decoder.templates.size,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.#sockets.map((s) => new Promise<void>((done) => s.close(() => done()))));
    this.#sockets.length = 0;
  }

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }

  #drop(reason: DropReason, message: string): void {
    this.#dropped[reason]++;
    this.#metrics?.datagrams.inc({ outcome: reason });
    const now = this.#now();
    const last = this.#logged.get(reason);
    if (last && now - last.at < LOG_EVERY_MS) {
      last.since++;
      return;
    }
    const more = last && last.since > 0 ? ` (and ${last.since} more like it in the last minute)` : '';
    this.options.log(`flows: ${reason.replaceAll('_', ' ')}: ${message}${more}`);
    this.#logged.set(reason, { at: now, since: 0 });
  }
}
