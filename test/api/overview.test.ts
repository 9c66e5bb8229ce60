// The overview: each building's radios grouped by their band, with clients and the busiest channel,
// from the newest poll of each AP; one answer shared by its readers until the next stored poll, with
// an ETag and gzip; and each building's access points in the building's own answer.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { LiveFeed } from '../../api/live.ts';
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

describe('overview, shared between readers', () => {
  it('answers with an ETag, 304 to a reader who has it, gzip to one who takes it, and a new answer after a stored poll', async () => {
    const config = demoConfig();
    const [a, b] = config.schools.find((s) => s.id === 'nordli-ungdomsskole')!.buildings.find((x) => x.id === 'nu-gamle')!.accessPoints.map((x) => x.id) as [string, string];
    const store = new EmbeddedStore(':memory:');
    await store.write([apPoint(a, 40), apPoint(b, 25)]);
    const live = new LiveFeed();
    let now = T;
    const app = createApp({ config, store, live, now: () => now });

    const first = await app.request('/api/v1/overview');
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^W\/"/);
    const plain = (await first.json()) as any;
    const building = plain.municipalities[0].schools.flatMap((s: any) => s.buildings).find((x: any) => x.id === 'nu-gamle');
    // Counted here; each one is in the building's answer.
    expect(building.aps).toEqual({ total: 2, reporting: 2, busiest: { name: expect.any(String), clients: 40 } });
    expect(building.clients).toBe(65);
    expect(building.accessPoints).toBeUndefined();

    const again = await app.request('/api/v1/overview', { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const zipped = await app.request('/api/v1/overview', { headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(JSON.parse(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString())).toEqual(plain);
    const refused = await app.request('/api/v1/overview', { headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    expect(refused.headers.get('content-encoding')).toBeNull();

    // A poll stored: the next reader gets the new state at once, not after the answer's time is up.
    await store.write([apPoint(a, 41, T + 60_000)]);
    now = T + 1000;
    expect((await app.request('/api/v1/overview', { headers: { 'if-none-match': tag } })).status).toBe(304);
    live.stored(now);
    const after = await app.request('/api/v1/overview', { headers: { 'if-none-match': tag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(tag);

    const detail = (await (await app.request('/api/v1/overview/buildings/nu-gamle')).json()) as any;
    expect(detail.accessPoints).toHaveLength(2);
    expect(detail.accessPoints.find((x: any) => x.id === a)).toMatchObject({ clients: 41 });
    expect(detail).toMatchObject({ municipality: 'fjordvik', school: 'nordli-ungdomsskole', headroom: config.planning.headroom, aps: { total: 2, reporting: 2 } });
    expect((await app.request('/api/v1/overview/buildings/no-such-building')).status).toBe(404);
    await store.close();
  });

  it('serves the last answer while a timed-out one is read again, and never one from before a stored poll', async () => {
    const config = demoConfig();
    const [a] = config.schools.find((s) => s.id === 'nordli-ungdomsskole')!.buildings.find((x) => x.id === 'nu-gamle')!.accessPoints.map((x) => x.id) as [string];
    const store = new EmbeddedStore(':memory:');
    await store.write([apPoint(a, 10)]);
    const live = new LiveFeed();
    let now = T;
    const app = createApp({ config, store, live, now: () => now });
    const clientsNow = async () => ((await (await app.request('/api/v1/overview')).json()) as any).municipalities[0].schools.flatMap((s: any) => s.buildings).find((x: any) => x.id === 'nu-gamle').clients;
    expect(await clientsNow()).toBe(10);
    await store.write([apPoint(a, 20, T + 1)]);
    now = T + 10_000;
    // Past its time: this reader gets the last answer while the store is read again; the next, the new one.
    expect(await clientsNow()).toBe(10);
    await expect.poll(clientsNow).toBe(20);
    await store.write([apPoint(a, 30, T + 2)]);
    live.stored(now);
    expect(await clientsNow()).toBe(30);
    await store.close();
  });
});

