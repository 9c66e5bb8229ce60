// The access-point rule names what its figure is measured against: the AP's generation by name and
// the clients it is rated for, so "548 %" beside "25" cannot be read as 25 clients.
import { describe, expect, it } from 'vitest';
import { LiveWindow } from '../../alerts/live-window.ts';
import { observeLive } from '../../alerts/observe-live.ts';
import { wording } from '../../i18n/render.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';

const MIN = 60_000;
const LESSON = Date.parse('2026-11-24T09:00:00Z'); // Tuesday 10:00 in Oslo

describe('the access-point clients rule', () => {
  it("fires on an AP over its rating, named with its generation and the clients it is rated for", async () => {
    const config = { ...demoConfig(), collector: { ...demoConfig().collector, intervalSeconds: 60 } };
    const store = new EmbeddedStore(':memory:');
    // Gamlebygget's first 802.11n AP, rated for 25 clients, carrying 137 for twenty minutes.
    const tags = { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', ap: 'nu-gamle-ap01', controller: 'nu-wlc' };
    const points: Point[] = Array.from({ length: 20 }, (_, i) => ({ measurement: 'access_point', tags, fields: { clients: 137, up: 1 }, time: LESSON - (19 - i) * MIN }));
    await store.write(points);
    const observations = await observeLive(new LiveWindow(store), { config, now: LESSON, firing: () => false });
    await store.close();
    const ap = observations.find((o) => o.subject.key === 'apClients:ap:nu-gamle-ap01')!;
    expect(ap.verdict).toMatchObject({ state: 'firing' });
    expect(wording('nb')(ap.subject.name)).toBe('tilgangspunkt NU-GAMLE-AP01 (Wi-Fi 4 (802.11n), dimensjonert for 25 klienter)');
    expect(wording('en')(ap.subject.name)).toBe('access point NU-GAMLE-AP01 (Wi-Fi 4 (802.11n), rated for 25 clients)');
  });
});
