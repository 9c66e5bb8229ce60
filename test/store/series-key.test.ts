// The embedded store keeps each series under its key: a key made differently for the same tags would
// split a series in a database written by an earlier version.
import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../store/store.ts';

/** The key as the embedded store has always stored it. */
const stored = (tags: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))));

describe('series keys', () => {
  const cases: Record<string, string>[] = [
    {},
    { municipality: 'fjordvik', school: 'nordli', building: 'nu-gamle', device: 'nu-sw1', interface: 'Gi1/0/1', link: 'uplink' },
    { school: 'nordli', municipality: 'fjordvik', building: 'nu-gamle', device: 'nu-sw1', link: 'uplink', interface: 'Gi1/0/1' },
    { ap: 'a"b\\\\c', band: '5GHz', radio: '1', ssid: 'Skole – Lærer', Zeta: 'upper', _x: 'under', 'a-b': 'dash', a_b: 'under', ab: 'plain' },
    { 2: 'two', 10: 'ten', b: 'x', a: 'y', '01': 'not an index' },
    { emoji: '📶', newline: 'a\nb', control: '\u0001', lone: '\ud800', empty: '' },
  ];
  it('makes the bytes the embedded store has stored, whatever order the tags come in', () => {
    for (const tags of cases) {
      expect(seriesKey(tags)).toBe(stored(tags));
      // Again, from the order remembered for that list of names.
      expect(seriesKey({ ...tags })).toBe(stored(tags));
    }
  });

  it('leaves out a tag that is not a string, as JSON does', () => {
    const tags = { a: 'x', b: undefined, c: 'z' } as unknown as Record<string, string>;
    expect(seriesKey(tags)).toBe(stored(tags));
  });
});
