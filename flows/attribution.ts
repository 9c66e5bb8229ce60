// Which school's internet line a flow crossed, and which way: from the exporter's address and either
// the interface facing the internet (a router serving several schools names each by its ifIndex) or
// the school's own address ranges. What an exporter in the config sends that matches none of its
// lines is unattributed, and counted.
import type { FlowsConfig } from '../config/schema.ts';
import { parsePrefix, PrefixTrie } from './prefix-trie.ts';
import type { FlowRecord } from './record.ts';

export const IN = 0;
export const OUT = 1;

interface ExporterLines {
  /** The school indices of every line the exporter carries. */
  schools: number[];
  /** ifIndex → school index. */
  byInterface: Map<number, number>;
  /** The schools' own ranges → school index, for lines given by their addresses. */
  inside?: PrefixTrie;
}

export class Attribution {
  /** School ids by index, in the order the config first names them. */
  readonly schools: string[] = [];
  readonly #exporters = new Map<string, ExporterLines>();
  readonly #path = new Int32Array(129);
  /** Set by `attribute`: the school index and direction of the last flow attributed. */
  school = -1;
  direction = IN;
  /**
   * Set by `attribute` for a flow from one school to another (both ends in the schools' own ranges):
   * the receiving school's index, which counts it as a download; -1 otherwise. The sending school
   * counts it as an upload (`school`, OUT): it crossed both lines.
   */
  also = -1;

  constructor(config: Pick<FlowsConfig, 'exporters'>) {
    for (const e of config.exporters) {
      const lines: ExporterLines = { schools: [], byInterface: new Map() };
      for (const line of e.lines) {
        let index = this.schools.indexOf(line.school);
        if (index < 0) index = this.schools.push(line.school) - 1;
        if (!lines.schools.includes(index)) lines.schools.push(index);
        if (line.ifIndex !== undefined) lines.byInterface.set(line.ifIndex, index);
        for (const text of line.inside ?? []) {
          const p = parsePrefix(text);
          if (typeof p === 'string') throw new Error(`exporter ${e.address}: ${p}`);
          lines.inside ??= new PrefixTrie();
          if (p.family === 4) lines.inside.add4(p.address, p.length, index);
          else lines.inside.add6(p.words, p.length, index);
        }
      }
      this.#exporters.set(normalise(e.address), lines);
    }
  }

  /** The school indices of the lines `exporter` carries; none for an exporter the config does not name. */
  schoolsOf(exporter: string): readonly number[] {
    return this.#exporters.get(exporter)?.schools ?? [];
  }

  /** Whether the config names this exporter: datagrams from others are not read at all. */
  knows(exporter: string): boolean {
    return this.#exporters.has(exporter);
  }

  /**
   * Finds the line a flow from `exporter` crossed: sets `school` and `direction` and returns true,
   * or returns false for a flow on none of the exporter's lines (internal traffic, another interface).
   */
  attribute(exporter: string, r: FlowRecord): boolean {
    this.also = -1;
    const lines = this.#exporters.get(exporter);
    if (!lines) return false;
    if (lines.byInterface.size > 0) {
      const inSchool = lines.byInterface.get(r.inIf);
      if (inSchool !== undefined) return this.#set(inSchool, IN);
      const outSchool = lines.byInterface.get(r.outIf);
      if (outSchool !== undefined) return this.#set(outSchool, OUT);
    }
    if (!lines.inside) return false;
    const dst = this.#inside(lines.inside, r, false);
    const src = this.#inside(lines.inside, r, true);
    // Both ends in one school is traffic within it; neither is traffic the line did not carry.
    if (dst >= 0 && src < 0) return this.#set(dst, IN);
    if (src >= 0 && dst < 0) return this.#set(src, OUT);
    if (src >= 0 && dst >= 0 && src !== dst) {
      this.also = dst;
      return this.#set(src, OUT);
    }
    return false;
  }

  #inside(trie: PrefixTrie, r: FlowRecord, source: boolean): number {
    const n = r.family === 4 ? trie.match4(source ? r.src4 : r.dst4, this.#path) : r.family === 6 ? trie.match6(source ? r.src6 : r.dst6, this.#path) : 0;
    return n > 0 ? this.#path[0]! : -1;
  }

  #set(school: number, direction: number): true {
    this.school = school;
    this.direction = direction;
    return true;
  }
}

/** An IPv4 address as Node gives it for a datagram over an IPv6 socket ("::ffff:192.0.2.1") or plain. */
export function normalise(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
