// The overview's Wi-Fi per band: each building's radios grouped by their band, with clients and the
// busiest channel, from the newest poll of each AP.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';

const T = Date.parse('2026-11-24T09:00:00Z');
const tags = (ap: string) => ({ municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', ap, controller: 'nu-wlc' });
const apPoint = (ap: string, clients: number, time = T): Point => ({ measurement: 'access_point', tags: tags(ap), fields: { clients, up: 1 }, time });
const radio = (ap: string, slot: string, band: string | undefined, clients: number, busy: number, time = T): Point => ({
  measurement: 'radio',
  tags: { ...tags(ap), radio: slot, ...(band ? { band } : {}) },
  fields: { clients, channel_utilisation: busy },
  time,
});

describe('overview, Wi-Fi per band', () => {
  it('sums clients and takes the busiest channel per band, from each AP\'s newest radios only', async () => {
    const config = demoConfig();
    const aps = config.schools.find((s) => s.id === 'nordli-ungdomsskole')!.buildings.find((b) => b.id === 'nu-gamle')!.accessPoints.map((a) => a.id);
    const [a, b] = aps as [string, string];
    const store = new EmbeddedStore(':memory:');
    await store.write([
      apPoint(a, 40), radio(a, '0', '2.4GHz', 12, 0.71), radio(a, '1', '5GHz', 28, 0.35),
      apPoint(b, 25), radio(b, '0', '2.4GHz', 5, 0.52), radio(b, '1', '5GHz', 20, 0.44),
      // A radio the AP no longer reports: its last point is older than the AP's newest.
      radio(b, '2', '6GHz', 9, 0.9, T - 3600_000),
      // A radio without a band (a profile that cannot tell) is left out of the bands.
      radio(b, '3', undefined, 1, 0.1),
    ]);
    const app = createApp({ config, store, now: () => T });
    const overview = (await (await app.request('/api/v1/overview')).json()) as any;
    const building = overview.municipalities[0].schools.flatMap((s: any) => s.buildings).find((x: any) => x.id === 'nu-gamle');
    expect(building.bands).toEqual([
      { band: '2.4GHz', radios: 2, clients: 17, channelUtilisation: 0.71 },
      { band: '5GHz', radios: 2, clients: 48, channelUtilisation: 0.44 },
    ]);
    await store.close();
  });
});
