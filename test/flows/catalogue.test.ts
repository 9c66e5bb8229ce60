// The shipped class catalogue (flows/classes.yaml): every prefix is a well-formed network, every list
// names its source and the date of the version it holds, and no prefix sits in two classes, so which
// class a flow lands in never depends on the order the file lists them in.
import { describe, expect, it } from 'vitest';
import { shippedClasses } from '../../flows/classifier.ts';
import { parsePrefix } from '../../flows/prefix-trie.ts';

/** A prefix as a range of 128-bit integers (IPv4 mapped below IPv6 by its family), for overlap checks. */
function range(text: string): { family: number; from: bigint; to: bigint; text: string } {
  const p = parsePrefix(text);
  if (typeof p === 'string') throw new Error(p);
  const bits = p.family === 4 ? 32 : 128;
  const value = p.family === 4 ? BigInt(p.address) : p.words.reduce((n, w) => (n << 32n) | BigInt(w), 0n);
  const host = (1n << BigInt(bits - p.length)) - 1n;
  return { family: p.family, from: value & ~host, to: value | host, text };
}

describe('the shipped traffic-class catalogue', () => {
  const classes = shippedClasses();
  const lists = classes.flatMap((c) => (c.match ?? []).filter((m) => m.prefixes?.length).map((m) => ({ cls: c.id, source: m.source ?? '', prefixes: m.prefixes! })));

  it('holds well-formed networks: each prefix its own network address, no host bits set', () => {
    expect(lists.length).toBeGreaterThan(0);
    for (const { cls, prefixes } of lists) {
      for (const text of prefixes) {
        const p = parsePrefix(text);
        expect(typeof p, `${cls}: ${text}`).not.toBe('string');
        const r = range(text);
        const value = parsePrefix(text) as Exclude<ReturnType<typeof parsePrefix>, string>;
        const address = value.family === 4 ? BigInt(value.address) : value.words.reduce((n, w) => (n << 32n) | BigInt(w), 0n);
        expect(address, `${cls}: ${text} has host bits set`).toBe(r.from);
      }
    }
  });

  it('names the source of every list and the date of the version it holds', () => {
    for (const { cls, source } of lists) expect(source, cls).toMatch(/\b20\d\d-\d\d-\d\d\b/);
  });

  it('puts no address in two classes', () => {
    const ranges = lists.flatMap(({ cls, prefixes }) => prefixes.map((p) => ({ cls, ...range(p) })));
    const clashes: string[] = [];
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        const a = ranges[i]!;
        const b = ranges[j]!;
        if (a.cls !== b.cls && a.family === b.family && a.from <= b.to && b.from <= a.to) clashes.push(`${a.cls} ${a.text} and ${b.cls} ${b.text}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('holds the whole SharePoint and OneDrive set it cites (ID 31), IPv4 and IPv6', () => {
    const sharepoint = lists.find((l) => l.source.includes('ID 31'))!;
    for (const p of ['52.104.0.0/14', '2603:1061:1300::/40', '2620:1ec:8f8::/46', '2a01:111:f402::/48']) expect(sharepoint.prefixes, p).toContain(p);
    expect(sharepoint.cls).toBe('cloud-office');
  });
});
