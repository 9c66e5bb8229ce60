// The alert routes across two municipalities: each sees its own alerts, only network roles act on
// them, and bad silences are refused naming the field.
import { beforeAll, describe, expect, it } from 'vitest';
import { AlertEvaluator } from '../../alerts/evaluator.ts';
import { Notifier } from '../../alerts/notify/notifier.ts';
import { AlertStateStore } from '../../alerts/state-store.ts';
import { createApp } from '../../api/app.ts';
import { configSchema } from '../../config/schema.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import { TOKENS, twoMunicipalities } from '../support/two-municipalities.ts';

const MIN = 60_000;
const NOW = Date.parse('2026-11-24T09:30:00Z');
const body = async (res: Response): Promise<any> => res.json();
const as = (token: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
const post = (token: string, value: unknown) => as(token, { method: 'POST', body: JSON.stringify(value) });

let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const { config: base, secrets } = await twoMunicipalities();
  const config = configSchema.parse({ ...base, collector: { ...base.collector, intervalSeconds: 60 } });
  const store = new EmbeddedStore(':memory:');
  const points: Point[] = [];
  for (const [municipality, school, building] of [['fjordvik', 'nordli-ungdomsskole', 'nu-gamle'], ['nordvik', 'storeng-skole', 'st-nord']] as const) {
    for (let t = NOW - 20 * MIN; t <= NOW; t += MIN) points.push({ measurement: 'interface', tags: { municipality, school, building, link: 'uplink', device: `${building}-sw`, interface: 'x' }, fields: { utilisation: 0.95, oper_up: 1 }, time: t });
  }
  await store.write(points);
  const state = new AlertStateStore(':memory:');
  const evaluator = new AlertEvaluator(config, store, state, new Notifier(config, secrets, state, () => {}), { now: () => NOW, log: () => {} });
  await evaluator.evaluate();
  app = createApp({ config, secrets, store, alerts: evaluator, now: () => NOW });
});

describe('alert routes', () => {
  it("lists each municipality's own alerts only", async () => {
    const fjordvik = await body(await app.request('/api/v1/alerts', as(TOKENS.fjordvikViewer)));
    expect(fjordvik.alerts.map((a: any) => a.key)).toContain('linkLoad:uplink:nu-gamle');
    expect(fjordvik.alerts.every((a: any) => a.municipality === 'fjordvik')).toBe(true);
    const nordvik = await body(await app.request('/api/v1/alerts', as(TOKENS.nordvikAdmin)));
    expect(nordvik.alerts.map((a: any) => a.key)).toContain('linkLoad:uplink:st-nord');
    expect(nordvik.alerts.some((a: any) => a.municipality === 'fjordvik')).toBe(false);
  });

  it("words an alert in its reader's language: the same alert in Swedish and in Norwegian, and in the history", async () => {
    const read = async (language: string, path = '/api/v1/alerts') => body(await app.request(path, as(TOKENS.fjordvikViewer, { headers: { 'accept-language': language } })));
    const uplink = (answer: any) => answer.alerts.find((a: any) => a.key === 'linkLoad:uplink:nu-gamle');
    expect(uplink(await read('sv-SE,sv;q=0.9'))).toMatchObject({ title: 'Ihållande belastning', name: 'upplänk (100 Mbit/s)' });
    expect(uplink(await read('nb'))).toMatchObject({ title: 'Vedvarende last', name: 'opplink (100 Mbit/s)' });
    const history = await read('sv', `/api/v1/alerts/history?since=${NOW - 60 * MIN}`);
    expect(history.entries.find((e: any) => e.key === 'linkLoad:uplink:nu-gamle')?.alert.name).toBe('upplänk (100 Mbit/s)');
  });

  it('lets only network roles acknowledge, and only in their own municipality', async () => {
    expect((await app.request('/api/v1/alerts/acknowledge', post(TOKENS.fjordvikPlanner, { key: 'linkLoad:uplink:nu-gamle' }))).status).toBe(403);
    expect((await app.request('/api/v1/alerts/acknowledge', post(TOKENS.nordvikAdmin, { key: 'linkLoad:uplink:nu-gamle' }))).status).toBe(404);
    const acked = await app.request('/api/v1/alerts/acknowledge', post(TOKENS.nordvikAdmin, { key: 'linkLoad:uplink:st-nord' }));
    expect(acked.status).toBe(200);
    expect(await body(acked)).toMatchObject({ state: 'firing', acknowledgedBy: 'noc' });
  });

  it('refuses a silence in the past, without a place, or in another municipality; keeps and ends a good one', async () => {
    const later = new Date(NOW + 4 * 3600_000).toISOString();
    const past = await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { building: 'st-nord', until: new Date(NOW - MIN).toISOString(), comment: 'x' }));
    expect(past.status).toBe(400);
    expect(await body(past)).toMatchObject({ field: 'until' });
    const nowhere = await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { until: later, comment: 'x' }));
    expect(await body(nowhere)).toMatchObject({ status: 400, field: 'school' });
    expect((await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { building: 'nu-gamle', until: later, comment: 'x' }))).status).toBe(404);
    // A school with another school's building, in one's own municipality or another's.
    const mixed = await app.request('/api/v1/alerts/silences', post(TOKENS.everywhere, { school: 'fjordvik-barneskole', building: 'nu-gamle', until: later, comment: 'x' }));
    expect(await body(mixed)).toMatchObject({ status: 400, field: 'building', message: 'body field building: "nu-gamle" is not a building of Fjordvik barneskole' });
    expect((await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { school: 'storeng-skole', building: 'nu-gamle', until: later, comment: 'x' }))).status).toBe(400);
    const made = await body(await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { building: 'st-nord', rule: 'linkLoad', until: later, comment: 'line upgrade on Thursday' })));
    expect(made).toMatchObject({ building: 'st-nord', rule: 'linkLoad', createdBy: 'noc', until: NOW + 4 * 3600_000 });
    expect((await body(await app.request('/api/v1/alerts', as(TOKENS.nordvikAdmin)))).silences.map((s: any) => s.id)).toEqual([made.id]);
    expect((await body(await app.request('/api/v1/alerts', as(TOKENS.fjordvikViewer)))).silences).toEqual([]);
    expect((await app.request(`/api/v1/alerts/silences/${made.id}`, as(TOKENS.nordvikAdmin, { method: 'DELETE', headers: { origin: 'http://localhost' } }))).status).toBe(204);
    expect((await body(await app.request('/api/v1/alerts', as(TOKENS.nordvikAdmin)))).silences).toEqual([]);
  });

  it('refuses a silence more than 90 days ahead, and a date no calendar has', async () => {
    const far = await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { building: 'st-nord', until: '+275760-09-13T00:00:00.000Z', comment: 'x' }));
    expect(far.status).toBe(400);
    expect(await body(far)).toMatchObject({ field: 'until' });
    const day91 = await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { building: 'st-nord', until: new Date(NOW + 91 * 86_400_000).toISOString(), comment: 'x' }));
    expect(await body(day91)).toEqual({ status: 400, field: 'until', message: 'body field until: at most 90 days ahead; silence again when that ends' });
    const day90 = await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { building: 'st-nord', until: new Date(NOW + 90 * 86_400_000).toISOString(), comment: 'summer' }));
    expect(day90.status).toBe(200);
    expect((await app.request(`/api/v1/alerts/silences/${(await body(day90)).id}`, as(TOKENS.nordvikAdmin, { method: 'DELETE' }))).status).toBe(204);
  });

  it('takes a script\'s token on DELETE and a text/plain POST without an Origin, and says why a cross-site form is refused', async () => {
    const made = await body(await app.request('/api/v1/alerts/silences', post(TOKENS.nordvikAdmin, { building: 'st-nord', until: new Date(NOW + 3600_000).toISOString(), comment: 'x' })));
    // curl and scripts send no Origin; the token is what proves them.
    expect((await app.request(`/api/v1/alerts/silences/${made.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.nordvikAdmin}` } })).status).toBe(204);
    const plain = await app.request('/api/v1/alerts/acknowledge', { method: 'POST', headers: { authorization: `Bearer ${TOKENS.nordvikAdmin}`, 'content-type': 'text/plain' }, body: '{"key":"x"}' });
    expect(plain.status).not.toBe(403);
    expect(await plain.text()).toMatch(/./);
    // A form posted from another site with the browser's cookie: refused, and the answer says why.
    const forged = await app.request('http://127.0.0.1/api/v1/alerts/acknowledge', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: 'key=x' });
    expect(forged.status).toBe(403);
    expect((await body(forged)).message).toMatch(/^refused: this request came from another site/);
  });

  it('refuses a body over 64 KB before reading it, and echoes no more than it must', async () => {
    const huge = await app.request('/api/v1/alerts/acknowledge', post(TOKENS.nordvikAdmin, { key: 'x'.repeat(64 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await body(huge)).toEqual({ status: 413, message: 'the request body is over 64 KB' });
    // The login is public: the bound holds before anyone is known.
    const login = await app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', password: 'y'.repeat(70_000) }) });
    expect(login.status).toBe(413);
    const longKey = await app.request('/api/v1/alerts/acknowledge', post(TOKENS.nordvikAdmin, { key: 'k'.repeat(5000) }));
    expect(longKey.status).toBe(400);
    expect(JSON.stringify(await body(longKey))).not.toContain('k'.repeat(201));
  });
});
