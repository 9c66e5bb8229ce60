// The alert evaluator over a real store with a clock the test sets: the sustained-load rule fires
// and resolves when it should, messages reach a real HTTP receiver and a real SMTP server once
// each, a restart sends nothing again, a failing receiver is retried without holding evaluation
// back, and the forecast rule names its date and fix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertEvaluator } from '../../alerts/evaluator.ts';
import { Notifier } from '../../alerts/notify/notifier.ts';
import { AlertStateStore } from '../../alerts/state-store.ts';
import { configSchema, type Config } from '../../config/schema.ts';
import { wording } from '../../i18n/render.ts';
import { Secrets } from '../../config/secrets.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../support/receivers.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-24T09:00:00Z'); // a Tuesday, 10:00 in Oslo
const QUICK_RETRY = { retries: 4, minTimeoutMs: 10, maxTimeoutMs: 50 };

let dir: string;
let web: HttpReceiver;
let smtp: SmtpReceiver;
let store: EmbeddedStore;
let clock: number;

/** The demo with its municipality speaking `locale` (the demo's own is Norwegian). */
function config(locale: 'en' | 'nb' = 'en'): Config {
  const demo = demoConfig();
  return configSchema.parse({
    ...demo,
    municipalities: demo.municipalities.map((m) => ({ ...m, locale })),
    collector: { ...demo.collector, intervalSeconds: 60 },
    alerts: {
      statePath: join(dir, 'alerts.sqlite'),
      dashboardUrl: 'https://kapasitet.fjordvik.example/',
      receivers: [
        { kind: 'webhook', name: 'noc-hook', url: web.url },
        { kind: 'email', name: 'noc-mail', host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'kapasitet@fjordvik.example', to: ['noc@fjordvik.example'] },
      ],
    },
  });
}

function startEvaluator(cfg: Config, state = new AlertStateStore(cfg.alerts.statePath)) {
  const log: string[] = [];
  const notifier = new Notifier(cfg, Secrets.literal({}), state, (m) => log.push(m), QUICK_RETRY);
  return { evaluator: new AlertEvaluator(cfg, store, state, notifier, { now: () => clock, log: (m) => log.push(m) }), notifier, state, log };
}

/** Gamlebygget's uplink at this utilisation, one point a minute over [from, to). */
async function uplink(from: number, to: number, utilisation: number) {
  const points: Point[] = [];
  for (let t = from; t < to; t += MIN) {
    points.push({ measurement: 'interface', tags: { municipality: 'fjordvik', school: 'nordli-ungdomsskole', device: 'nu-gamle-sw', interface: 'Gi1/0/48', link: 'uplink', building: 'nu-gamle' }, fields: { in_bps: utilisation * 1e8, out_bps: 1e7, utilisation, oper_up: 1 }, time: t });
  }
  await store.write(points);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kapasitet-alerts-'));
  [web, smtp] = await Promise.all([startHttpReceiver(), startSmtpReceiver()]);
  store = new EmbeddedStore(':memory:');
});

afterEach(async () => {
  await Promise.all([web.close(), smtp.close(), store.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const loadAlerts = (body: any) => body.alerts.filter((a: any) => a.rule === 'linkLoad');

describe('alert evaluator', () => {
  it('fires after 15 minutes above 80 %, tells the webhook and the mailbox once, and resolves after 10 minutes below 70 %', async () => {
    const { evaluator, notifier, state } = startEvaluator(config());
    await uplink(T0, T0 + 16 * MIN, 0.95);
    clock = T0 + 10 * MIN;
    expect((await evaluator.evaluate()).records.find((r) => r.key === 'linkLoad:uplink:nu-gamle')?.state).toBe('pending');
    clock = T0 + 15 * MIN + 1;
    await evaluator.evaluate();
    clock = T0 + 15 * MIN + 30_000;
    await evaluator.evaluate();
    await notifier.idle();
    const fired = web.bodies.flatMap(loadAlerts);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      status: 'firing',
      school: { id: 'nordli-ungdomsskole', name: 'Nordli ungdomsskole' },
      building: { id: 'nu-gamle', name: 'Gamlebygget' },
      value: 0.95,
      limit: 0.8,
      since: new Date(T0).toISOString(),
      url: 'https://kapasitet.fjordvik.example/building?id=nu-gamle&municipality=fjordvik',
    });
    expect(fired[0].text).toBe('FIRING Sustained load: Nordli ungdomsskole · Gamlebygget · uplink (100 Mbit/s): 95%, limit 80%, since 24 Nov 2026, 10:00.');
    // One mail per school; the other schools have their own (the plan's roll-out forecasts).
    const nordli = () => smtp.mails.filter((m) => m.subject!.includes('Nordli'));
    expect(nordli()).toHaveLength(1);
    expect(nordli()[0]!.subject).toBe('[Kapasitet] Fjordvik kommune, Nordli ungdomsskole: 1 firing');
    expect(nordli()[0]!.text).toContain('FIRING Sustained load: Nordli ungdomsskole · Gamlebygget · uplink (100 Mbit/s): 95%');

    // Between the thresholds it stays firing; ten minutes under 70 % resolve it, once.
    await uplink(T0 + 16 * MIN, T0 + 20 * MIN, 0.75);
    await uplink(T0 + 20 * MIN, T0 + 31 * MIN, 0.4);
    clock = T0 + 29 * MIN + 1;
    await evaluator.evaluate();
    expect(evaluator.get('linkLoad:uplink:nu-gamle')!.state).toBe('firing');
    clock = T0 + 30 * MIN + 1;
    await evaluator.evaluate();
    await evaluator.evaluate();
    await notifier.idle();
    expect(web.bodies.flatMap(loadAlerts).map((a: any) => a.status)).toEqual(['firing', 'resolved']);
    expect(nordli().map((m) => m.subject)).toEqual(['[Kapasitet] Fjordvik kommune, Nordli ungdomsskole: 1 firing', '[Kapasitet] Fjordvik kommune, Nordli ungdomsskole: 1 resolved']);
    expect(state.history(0).map((h) => `${h.key}:${h.state}`)).toEqual(expect.arrayContaining(['linkLoad:uplink:nu-gamle:resolved', 'linkLoad:uplink:nu-gamle:firing', 'linkLoad:uplink:nu-gamle:pending']));
  });


  it('writes to a Norwegian municipality in Norwegian: the webhook text, the summary and the mail, dates and numbers its way', async () => {
    const { evaluator, notifier } = startEvaluator(config('nb'));
    await uplink(T0, T0 + 16 * MIN, 0.95);
    clock = T0 + 15 * MIN + 1;
    await evaluator.evaluate();
    await notifier.idle();
    const body = web.bodies.find((b: any) => b.school?.id === 'nordli-ungdomsskole') as any;
    // Intl writes Norwegian percentages and dates with no-break spaces: compared with plain ones.
    const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(plain(body.alerts[0].text)).toBe('AKTIVT Vedvarende last: Nordli ungdomsskole · Gamlebygget · opplink (100 Mbit/s): 95 %, grense 80 %, siden 24. nov. 2026, 10:00.');
    expect(body.summary).toBe('Fjordvik kommune, Nordli ungdomsskole: 1 aktivt');
    expect(body.alerts[0].title).toBe('Vedvarende last');
    expect(smtp.mails.find((m) => m.subject!.includes('Nordli'))!.subject).toBe('[Kapasitet] Fjordvik kommune, Nordli ungdomsskole: 1 aktivt');
  });
  it('sends nothing again after a restart while the alert still fires', async () => {
    const cfg = config();
    const first = startEvaluator(cfg);
    await uplink(T0, T0 + 20 * MIN, 0.95);
    clock = T0 + 16 * MIN;
    await first.evaluator.evaluate();
    await first.notifier.idle();
    first.state.close();
    expect(web.bodies.flatMap(loadAlerts)).toHaveLength(1);

    const second = startEvaluator(cfg);
    clock = T0 + 19 * MIN;
    await second.evaluator.evaluate();
    await second.notifier.idle();
    expect(web.bodies.flatMap(loadAlerts)).toHaveLength(1);
    expect(second.evaluator.get('linkLoad:uplink:nu-gamle')).toMatchObject({ state: 'firing', firedAt: T0 + 16 * MIN });
  });

  it('keeps a notice not yet delivered through a restart, and delivers it once', async () => {
    // The webhook is down for the whole first run.
    web.answer = async () => 503;
    const cfg = config();
    const first = startEvaluator(cfg);
    await uplink(T0, T0 + 20 * MIN, 0.95);
    clock = T0 + 16 * MIN;
    await first.evaluator.evaluate();
    await expect.poll(() => first.log.some((l) => /noc-hook: attempt 1 failed/.test(l))).toBe(true);
    await first.evaluator.stop();
    expect(first.state.waiting()).toBeGreaterThan(0);
    first.state.close();
    const bodiesWhileDown = web.bodies.length;

    // The next start, with the webhook back: the kept notice is sent, once.
    web.answer = async () => 200;
    const second = startEvaluator(cfg, new AlertStateStore(cfg.alerts.statePath));
    expect(second.log).toContain(`alerts: ${second.state.waiting()} notices from before a restart wait to be sent`);
    await second.notifier.idle();
    const delivered = web.bodies.slice(bodiesWhileDown).flatMap(loadAlerts);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ key: 'linkLoad:uplink:nu-gamle', status: 'firing' });
    expect(second.state.waiting()).toBe(0);
    await second.evaluator.stop();
    second.state.close();
  });

  it('sends a notice queued twice before delivery once per receiver', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    web.answer = async () => (await held, 200);
    const { evaluator, notifier, state } = startEvaluator(config());
    await uplink(T0, T0 + 20 * MIN, 0.95);
    clock = T0 + 16 * MIN;
    const result = await evaluator.evaluate();
    const notice = result.notices.find((n) => n.school === 'nordli-ungdomsskole')!;
    // The same notice again (a retried evaluation, say) while the first is still on its way.
    notifier.send([notice]);
    release();
    await notifier.idle();
    expect(web.bodies.flatMap(loadAlerts)).toHaveLength(1);
    await evaluator.stop();
    state.close();
  });

  it('retries a failing receiver with backoff, without holding evaluation back', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // The first answer waits until released, then fails; the retries succeed.
    web.answer = async (n) => (n === 1 ? (await held, 503) : 200);
    const { evaluator, notifier, log } = startEvaluator(config());
    await uplink(T0, T0 + 20 * MIN, 0.95);
    clock = T0 + 16 * MIN;
    await evaluator.evaluate();
    // Evaluation is done while the webhook still holds its answer.
    clock = T0 + 17 * MIN;
    await evaluator.evaluate();
    // Other schools' messages (roll-out forecasts) may arrive meanwhile; this one is still held.
    expect(web.bodies.flatMap(loadAlerts)).toHaveLength(0);
    release();
    await notifier.idle();
    expect(web.bodies.flatMap(loadAlerts)).toHaveLength(1);
    expect(log.some((l) => /noc-hook: attempt 1 failed \(webhook noc-hook answered 503\)/.test(l))).toBe(true);
  });

  it('does not alert for a link behind a device that is down, only for the device', async () => {
    const { evaluator, notifier } = startEvaluator(config());
    await uplink(T0, T0 + 20 * MIN, 0.95);
    const down: Point[] = [];
    for (let t = T0; t < T0 + 20 * MIN; t += MIN) down.push({ measurement: 'device', tags: { municipality: 'fjordvik', school: 'nordli-ungdomsskole', device: 'nu-gamle-sw', building: 'nu-gamle', role: 'switch' }, fields: { up: 0 }, time: t });
    await store.write(down);
    clock = T0 + 19 * MIN;
    await evaluator.evaluate();
    await notifier.idle();
    const sent = web.bodies.flatMap((b: any) => b.alerts.map((a: any) => a.key));
    expect(sent).toContain('deviceDown:nu-gamle-sw');
    expect(sent).not.toContain('linkLoad:uplink:nu-gamle');
    expect(evaluator.get('linkLoad:uplink:nu-gamle')).toMatchObject({ state: 'firing', suppressedBy: 'deviceDown:nu-gamle-sw' });
  });

  it('forecasts a rising uplink reaching its limit, with the date, and the roll-out the plan says outgrows a building', async () => {
    const { evaluator, notifier } = startEvaluator(config());
    // A-bygget's 1000 Mbit/s uplink: busy hours at 400, 450, … Mbit/s, 50 more each week, up to now.
    const hours: Point[] = [];
    for (let week = 0; week < 6; week++) {
      for (let day = 0; day < 5; day++) {
        for (const hour of [8, 9, 10, 11, 12, 13]) {
          const time = T0 - (6 - week) * 7 * 86_400_000 + day * 86_400_000 + (hour - 10) * 3600_000;
          const bps = (400 + 50 * week) * 1e6;
          hours.push({ measurement: 'interface_1h', tags: { municipality: 'fjordvik', school: 'fjordvik-barneskole', device: 'fb-a-sw', interface: 'Te1/1/1', link: 'uplink', building: 'fb-a' }, fields: { in_bps_p95: bps, out_bps_p95: bps / 5, in_bps_mean: bps, samples: 360 }, time });
        }
      }
    }
    await store.write(hours);
    clock = T0;
    await evaluator.evaluate();
    await notifier.idle();
    const forecast = evaluator.get('forecast:uplink:fb-a')!;
    expect(forecast.state).toBe('firing');
    // 650 Mbit/s in the last week, 50 more a week: the 700 Mbit/s limit (70 % of 1000) about a week on.
    expect(forecast.date! - T0).toBeGreaterThan(0);
    expect(forecast.date! - T0).toBeLessThan(14 * 86_400_000);
    const rollout = [...evaluator.list(new Set(['fjordvik']))].find((a) => a.key.startsWith('forecast:rollout:fb-a:'));
    expect(rollout).toMatchObject({ state: 'firing', date: Date.UTC(2027, 7, 1) });
    // The fix is the plan's reason with its cost, worded for whoever reads it.
    expect(wording('en')(rollout!.fix!)).toMatch(/access points .*\(25,000 NOK\)$/);
    expect(wording('nb')(rollout!.fix!)).toMatch(/tilgangspunkt.*\(25\u00a0000 NOK\)$/);
    const sent = web.bodies.flatMap((b: any) => b.alerts).find((a: any) => a.key === 'forecast:uplink:fb-a');
    expect(sent.text).toMatch(/^FIRING Capacity forecast: Fjordvik barneskole · A-bygget \(1\.–4\. trinn\) · uplink \(1000 Mbit\/s\), busy-hour trend: busy-hour p95 650 Mbit\/s against a limit of 700 Mbit\/s; reaches it about \d+ (Nov|Dec) 2026/);
  });
});
