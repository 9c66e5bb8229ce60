// Longest-prefix match over IPv4 and IPv6 prefixes: a binary trie in typed arrays (two children and
// a value per node), so 100,000 prefixes take a few MB and a lookup is at most 32 or 128 steps with
// no allocation. Each prefix holds a number (an index into the caller's table); a lookup reports
// every prefix on the path, most specific first, since a caller may pass over one whose port or
// protocol condition the flow does not meet.

const NONE = -1;

class BitTrie {
  #left = new Int32Array(1024).fill(NONE);
  #right = new Int32Array(1024).fill(NONE);
  #value = new Int32Array(1024).fill(NONE);
  #nodes = 1;

  /** Stores `value` at the prefix of `length` bits given by `bit(i)`; an existing value is replaced. */
  insert(bit: (i: number) => number, length: number, value: number): void {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const side = bit(i) ? this.#right : this.#left;
      let next = side[node]!;
      if (next === NONE) {
        next = this.#grow();
        // #grow may have replaced the arrays: write through the current one.
        (bit(i) ? this.#right : this.#left)[node] = next;
      }
      node = next;
    }
    this.#value[node] = value;
  }

  /** Writes the values on the path of `bits` bits of `words`, most specific first, into `out`; returns how many. */
  match(words: Uint32Array, bits: number, out: Int32Array): number {
    const left = this.#left;
    const right = this.#right;
    const value = this.#value;
    const path = MATCH_PATH;
    let node = 0;
    let found = 0;
    if (value[0] !== NONE) path[found++] = value[0]!;
    for (let i = 0; i < bits; i++) {
      node = ((words[i >> 5]! >>> (31 - (i & 31))) & 1 ? right : left)[node]!;
      if (node === NONE) break;
      if (value[node] !== NONE) path[found++] = value[node]!;
    }
    const n = Math.min(found, out.length);
    for (let k = 0; k < n; k++) out[k] = path[found - 1 - k]!;
    return n;
  }

  get nodes(): number {
    return this.#nodes;
  }

  #grow(): number {
    if (this.#nodes === this.#left.length) {
      const size = this.#left.length * 2;
      const extend = (a: Int32Array) => {
        const b = new Int32Array(size).fill(NONE);
        b.set(a);
        return b;
      };
      this.#left = extend(this.#left);
      this.#right = extend(this.#right);
      this.#value = extend(this.#value);
    }
    return this.#nodes++;
  }
}

/** At most one value per prefix length on a path: 129 covers IPv6 from /0 to /128. */
const MATCH_PATH = new Int32Array(129);

export class PrefixTrie {
  readonly #v4 = new BitTrie();
  readonly #v6 = new BitTrie();

  /** Adds an IPv4 prefix (address as an unsigned 32-bit number). */
  add4(address: number, length: number, value: number): void {
    this.#v4.insert((i) => (address >>> (31 - i)) & 1, length, value);
  }

  /** Adds an IPv6 prefix (address as four 32-bit words). */
  add6(words: Uint32Array, length: number, value: number): void {
    this.#v6.insert((i) => (words[i >> 5]! >>> (31 - (i & 31))) & 1, length, value);
  }

  readonly #word = new Uint32Array(1);

  match4(address: number, out: Int32Array): number {
    this.#word[0] = address;
    return this.#v4.match(this.#word, 32, out);
  }

  match6(words: Uint32Array, out: Int32Array): number {
    return this.#v6.match(words, 128, out);
  }

  get nodes(): number {
    return this.#v4.nodes + this.#v6.nodes;
  }
}

/** Parses "a.b.c.d/n" or "x:y::/n" (or a bare address, a host prefix); a string saying what is wrong otherwise. */
export function parsePrefix(text: string): { family: 4; address: number; length: number } | { family: 6; words: Uint32Array; length: number } | string {
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined || !addr) return `"${text}" is not an address or prefix such as 192.0.2.0/24 or 2001:db8::/32`;
  if (addr.includes(':')) {
    const words = parse6(addr);
    const length = len === undefined ? 128 : Number(len);
    if (!words || !Number.isInteger(length) || length < 0 || length > 128 || (len !== undefined && !/^\d+$/.test(len))) return `"${text}" is not an IPv6 prefix such as 2001:db8::/32`;
    return { family: 6, words, length };
  }
  const parts = addr.split('.');
  const length = len === undefined ? 32 : Number(len);
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255) || !Number.isInteger(length) || length < 0 || length > 32 || (len !== undefined && !/^\d+$/.test(len))) {
    return `"${text}" is not an IPv4 prefix such as 192.0.2.0/24`;
  }
  return { family: 4, address: parts.reduce((n, p) => n * 256 + Number(p), 0) >>> 0, length };
}

function parse6(text: string): Uint32Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if ([...head, ...tail].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0 || (halves.length === 2 && fill < 1)) return undefined;
  const all = [...head, ...new Array(halves.length === 2 ? fill : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) words[i] = ((all[2 * i]! << 16) | all[2 * i + 1]!) >>> 0;
  return words;
}

/** An address as text, for the unclassified list: IPv4 dotted, IPv6 in groups (zeros shortened once). */
export function prefixText4(address: number, length: number): string {
  const masked = length === 0 ? 0 : (address & (~0 << (32 - length))) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (masked >>> s) & 255).join('.')}/${length}`;
}

export function prefixText6(words: Uint32Array, length: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) {
    const bitStart = i * 16;
    const word = (words[i >> 1]! >>> (i & 1 ? 0 : 16)) & 0xffff;
    const keep = Math.max(0, Math.min(16, length - bitStart));
    groups.push(keep === 0 ? 0 : word & (0xffff << (16 - keep)) & 0xffff);
  }
  // Shorten the longest run of zero groups (at least two) to "::".
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  const text = best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
  return `${text}/${length}`;
}
