// The behaviour every store adapter owes the collector and the API. Each adapter's test file runs it.
import { describe, expect, it } from 'vitest';
import type { Point } from '../../store/point.ts';
import type { Store } from '../../store/store.ts';

const T0 = Date.parse('2026-11-24T09:00:00Z');

const uplink = (building: string, time: number, inBps: number): Point => ({
  measurement: 'interface',
  tags: { municipality: 'm', school: 's1', building, device: `${building}-sw`, interface: 'Te1/1/1', link: 'uplink' },
  fields: { in_bps: inBps, out_bps: inBps / 5, utilisation: inBps / 1e9 },
  time,
});

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    it('returns the newest point of each series, with tags and fields as written', async () => {
      const store = await open();
      await store.write([uplink('b1', T0, 1e6), uplink('b1', T0 + 10_000, 2e6), uplink('b2', T0, 5e6)]);
      const latest = (await store.latest('interface')).sort((a, b) => a.tags.building!.localeCompare(b.tags.building!));
      expect(latest).toEqual([uplink('b1', T0 + 10_000, 2e6), uplink('b2', T0, 5e6)]);
      await store.close();
    });

    it('filters by tags and by time range, oldest first, end exclusive', async () => {
      const store = await open();
      await store.write([uplink('b1', T0 + 20_000, 3e6), uplink('b1', T0, 1e6), uplink('b1', T0 + 10_000, 2e6), uplink('b2', T0, 9e6)]);
      const points = await store.range({ measurement: 'interface', filter: { building: 'b1' }, from: T0, to: T0 + 20_000 });
      expect(points.map((p) => [p.time, p.fields.in_bps])).toEqual([
        [T0, 1e6],
        [T0 + 10_000, 2e6],
      ]);
      expect(await store.range({ measurement: 'interface', filter: { building: 'nowhere' }, from: T0, to: T0 + 60_000 })).toEqual([]);
      await store.close();
    });

    it('replaces a point written again for the same series and instant', async () => {
      const store = await open();
      await store.write([uplink('b1', T0, 1e6)]);
      await store.write([uplink('b1', T0, 4e6)]);
      const points = await store.range({ measurement: 'interface', from: T0, to: T0 + 1 });
      expect(points.map((p) => p.fields.in_bps)).toEqual([4e6]);
      await store.close();
    });

    it('keeps measurements apart and treats tag values literally (quotes, spaces, unicode)', async () => {
      const store = await open();
      const odd = { ...uplink("Sørfløyen 'B'", T0, 7e6) };
      await store.write([odd, { measurement: 'device', tags: { municipality: 'm', school: 's1', device: 'd1', role: 'switch' }, fields: { up: 1, poll_ms: 12 }, time: T0 }]);
      expect(await store.latest('interface', { building: "Sørfløyen 'B'" })).toEqual([odd]);
      expect((await store.latest('device')).map((p) => p.fields)).toEqual([{ up: 1, poll_ms: 12 }]);
      await store.close();
    });
  });
}
