// A series' key is stored by the embedded store: it must stay the JSON of the tags with their names
// sorted, whatever order a point lists them in, and whatever its values hold.
import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../store/store.ts';

/** The key as it was first defined, by sorting every point's entries. */
const sortedJson = (tags: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))));

describe('series key', () => {
  it('is the sorted JSON of the tags, for any order, names and values', () => {
    const cases: Record<string, string>[] = [
      { municipality: 'm', school: 's', building: 'b', device: 'sw1', interface: 'Gi1/0/1', link: 'uplink' },
      { link: 'uplink', interface: 'Gi1/0/1', device: 'sw1', building: 'b', school: 's', municipality: 'm' },
      { Zone: 'a', zone: 'b', _x: 'c', 'b c': 'd', 'ü': 'e' },
      { 10: 'ten', 2: 'two', a: 'letter' },
      { ap: 'AP "north"\\\n\u0000\u2028', radio: '1' },
      {},
    ];
    for (const tags of cases) {
      expect(seriesKey(tags)).toBe(sortedJson(tags));
      // Met a second time, the names' order comes from what was worked out the first.
      expect(seriesKey({ ...tags })).toBe(sortedJson(tags));
    }
    expect(seriesKey(cases[0]!)).toBe(seriesKey(cases[1]!));
  });
});
