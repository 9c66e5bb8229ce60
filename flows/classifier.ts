// Puts a flow in a traffic class by its remote end: the shipped catalogue (flows/classes.yaml) with a
// municipality's classes and prefixes merged in, compiled into one prefix trie and a port table.
// The order a rule wins in is the catalogue's header: prefix with ports, ports alone, prefix alone.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { projectPath } from '../config/install-paths.ts';
import { formatPath } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { classCatalogueSchema, DEFAULT_QOS, OTHER_CLASS, type MatchRule, type TrafficClassConfig } from './class-schema.ts';
import { parsePrefix, PrefixTrie } from './prefix-trie.ts';
import type { FlowRecord } from './record.ts';

export const CATALOGUE_FILE = projectPath('flows', 'classes.yaml');

export interface TrafficClass {
  id: string;
  name: string;
  description?: string;
  movable: boolean;
  lowerBound: boolean;
  qos: { rank: number; dscp: number; phb: string };
}

interface Entry {
  cls: number;
  /** 0: any protocol; 6 or 17. */
  protocol: number;
  /** Port ranges as [from, to] pairs; empty: any port. */
  ports: Int32Array;
  /** It names ports or a protocol: checked before the prefix-only rules. */
  conditional: boolean;
}

/** The shipped catalogue; a broken file is a bug in the release, named with its path. */
export function shippedClasses(file = CATALOGUE_FILE): TrafficClassConfig[] {
  const parsed = classCatalogueSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`traffic classes ${file}: ${formatPath(first.path)}: ${first.message}`);
  }
  return parsed.data.classes;
}

/** The shipped classes with the config's merged in: a known id gains rules, a new id is a new class. */
export function mergeClasses(shipped: TrafficClassConfig[], own: TrafficClassConfig[]): TrafficClassConfig[] {
  const merged = shipped.map((c) => ({ ...c, match: [...c.match] }));
  for (const c of own) {
    const known = merged.find((m) => m.id === c.id);
    if (known) known.match.push(...c.match);
    else merged.push(c);
  }
  return merged;
}

const classifiers = new WeakMap<object, Classifier>();

/** The classifier for a config: the shipped classes with the config's own merged in (made once per config). */
export function classifierFor(config: Pick<Config, 'flows'>): Classifier {
  let classifier = classifiers.get(config);
  if (!classifier) classifiers.set(config, (classifier = new Classifier(mergeClasses(shippedClasses(), config.flows?.classes ?? []))));
  return classifier;
}

export class Classifier {
  /** The classes by index; the last is "other". */
  readonly classes: TrafficClass[];
  readonly other: number;
  readonly #trie = new PrefixTrie();
  /** Entries per trie value: the rules naming that exact prefix. */
  readonly #atPrefix: Entry[][] = [];
  readonly #portRules: Entry[] = [];
  readonly #path = new Int32Array(129);

  constructor(config: TrafficClassConfig[]) {
    this.classes = config.map((c) => ({ id: c.id, name: c.name ?? c.id, ...(c.description ? { description: c.description } : {}), movable: c.movable, lowerBound: c.lowerBound, qos: c.qos ?? { ...DEFAULT_QOS } }));
    this.other = this.classes.length;
    this.classes.push({ id: OTHER_CLASS, name: 'Other', description: 'Traffic no class matches: see its top prefixes to classify it.', movable: false, lowerBound: false, qos: { ...DEFAULT_QOS } });
    // IPv4 prefixes by number (address × 64 + length), IPv6 by text: no string per IPv4 prefix.
    const slots = new Map<number | string, number>();
    config.forEach((c, cls) => {
      for (const rule of c.match) {
        const entry = entryOf(cls, rule);
        if (!rule.prefixes) {
          this.#portRules.push(entry);
          continue;
        }
        for (const text of rule.prefixes) {
          const p = parsePrefix(text);
          if (typeof p === 'string') throw new Error(`class ${c.id}: ${p}`);
          const key = p.family === 4 ? p.address * 64 + p.length : `${[...p.words].join('.')}/${p.length}`;
          let slot = slots.get(key);
          if (slot === undefined) {
            slots.set(key, (slot = this.#atPrefix.length));
            this.#atPrefix.push([]);
            if (p.family === 4) this.#trie.add4(p.address, p.length, slot);
            else this.#trie.add6(p.words, p.length, slot);
          }
          this.#atPrefix[slot]!.push(entry);
        }
      }
    });
  }

  /** The class index of a flow whose remote end is its source (`remoteIsSource`) or destination. */
  classify(r: FlowRecord, remoteIsSource: boolean): number {
    const path = this.#path;
    const atPrefix = this.#atPrefix;
    const found = r.family === 4 ? this.#trie.match4(remoteIsSource ? r.src4 : r.dst4, path) : r.family === 6 ? this.#trie.match6(remoteIsSource ? r.src6 : r.dst6, path) : 0;
    for (let k = 0; k < found; k++) {
      const entries = atPrefix[path[k]!]!;
      for (let e = 0; e < entries.length; e++) if (entries[e]!.conditional && matches(entries[e]!, r)) return entries[e]!.cls;
    }
    const portRules = this.#portRules;
    for (let e = 0; e < portRules.length; e++) if (matches(portRules[e]!, r)) return portRules[e]!.cls;
    for (let k = 0; k < found; k++) {
      const entries = atPrefix[path[k]!]!;
      for (let e = 0; e < entries.length; e++) if (!entries[e]!.conditional) return entries[e]!.cls;
    }
    return this.other;
  }

  get prefixes(): number {
    return this.#atPrefix.length;
  }
}

function entryOf(cls: number, rule: MatchRule): Entry {
  const ports = (rule.ports ?? []).flatMap((p) => (typeof p === 'number' ? [p, p] : p.split('-').map(Number)));
  const protocol = rule.protocol === 'tcp' ? 6 : rule.protocol === 'udp' ? 17 : 0;
  return { cls, protocol, ports: Int32Array.from(ports), conditional: ports.length > 0 || protocol !== 0 };
}

function matches(e: Entry, r: FlowRecord): boolean {
  if (e.protocol !== 0 && e.protocol !== r.protocol) return false;
  const ports = e.ports;
  if (ports.length === 0) return true;
  for (let i = 0; i < ports.length; i += 2) {
    if ((r.srcPort >= ports[i]! && r.srcPort <= ports[i + 1]!) || (r.dstPort >= ports[i]! && r.dstPort <= ports[i + 1]!)) return true;
  }
  return false;
}
