import { describe, expect, it } from 'vitest';
import { step, type AlertRecord, type Observation, type Silence, type Subject } from '../../alerts/engine.ts';
import type { Verdict } from '../../alerts/conditions.ts';
import { msg } from '../../models/message.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-24T08:00:00Z');
const REPEAT = 60 * MIN;

const subject = (key: string, over: Partial<Subject> = {}): Subject => ({
  key,
  rule: 'linkLoad',
  municipality: 'm',
  school: 's1',
  schoolName: 'School one',
  building: 'b1',
  buildingName: 'Building one',
  name: msg('notify.name.uplink', { mbps: 100 }),
  dependsOn: ['sw1', 'rtr1'],
  unit: 'share',
  limit: 0.8,
  ...over,
});

const firing = (since: number, value = 0.9): Verdict => ({ state: 'firing', since, value });
const ok: Verdict = { state: 'ok', value: 0.3 };

/** Runs evaluations in order, carrying the records, and returns every notice's kinds. */
function run(evaluations: { now: number; observations: Observation[]; silences?: Silence[] }[], start = new Map<string, AlertRecord>()) {
  let records: ReadonlyMap<string, AlertRecord> = start;
  const sent: { now: number; school: string; kinds: string[] }[] = [];
  for (const e of evaluations) {
    const result = step(records, e.observations, e.silences ?? [], e.now, REPEAT);
    records = new Map(result.records.map((r) => [r.key, r]));
    for (const n of result.notices) sent.push({ now: e.now, school: n.school, kinds: n.notifications.map((x) => `${x.kind}:${x.alert.key}`) });
  }
  return { records, sent };
}

describe('alert states and notifications', () => {
  it('sends one message when an alert fires, repeats while unacknowledged, and one when it resolves', () => {
    const link = subject('linkLoad:uplink:b1');
    const { sent, records } = run([
      { now: T0, observations: [{ subject: link, verdict: { state: 'pending', since: T0, value: 0.9 } }] },
      { now: T0 + 15 * MIN, observations: [{ subject: link, verdict: firing(T0) }] },
      { now: T0 + 16 * MIN, observations: [{ subject: link, verdict: firing(T0) }] },
      { now: T0 + 75 * MIN, observations: [{ subject: link, verdict: firing(T0) }] },
      { now: T0 + 80 * MIN, observations: [{ subject: link, verdict: ok }] },
      { now: T0 + 81 * MIN, observations: [{ subject: link, verdict: ok }] },
    ]);
    expect(sent).toEqual([
      { now: T0 + 15 * MIN, school: 's1', kinds: ['firing:linkLoad:uplink:b1'] },
      { now: T0 + 75 * MIN, school: 's1', kinds: ['repeat:linkLoad:uplink:b1'] },
      { now: T0 + 80 * MIN, school: 's1', kinds: ['resolved:linkLoad:uplink:b1'] },
    ]);
    expect(records.get(link.key)).toMatchObject({ state: 'resolved', since: T0, firedAt: T0 + 15 * MIN, resolvedAt: T0 + 80 * MIN });
  });

  it('sends nothing for an alert that was only pending', () => {
    const link = subject('linkLoad:uplink:b1');
    const { sent } = run([
      { now: T0, observations: [{ subject: link, verdict: { state: 'pending', since: T0, value: 0.9 } }] },
      { now: T0 + MIN, observations: [{ subject: link, verdict: ok }] },
    ]);
    expect(sent).toEqual([]);
  });

  it('stops repeating once acknowledged', () => {
    const link = subject('linkLoad:uplink:b1');
    const first = run([{ now: T0, observations: [{ subject: link, verdict: firing(T0) }] }]);
    const acked = new Map(first.records);
    acked.set(link.key, { ...acked.get(link.key)!, acknowledgedBy: 'ola', acknowledgedAt: T0 + MIN });
    const { sent } = run([{ now: T0 + 3 * REPEAT, observations: [{ subject: link, verdict: firing(T0) }] }], acked);
    expect(sent).toEqual([]);
  });

  it('groups a school into one message and keeps quiet about what sits behind a dead router', () => {
    const router = subject('deviceDown:rtr1', { rule: 'deviceDown', device: 'rtr1', dependsOn: [], building: undefined, name: msg('notify.name.device', { role: 'router', name: 'rtr1' }), unit: 'up', limit: 5 });
    const behind = Array.from({ length: 50 }, (_, i) => subject(`deviceDown:sw${i}`, { rule: 'deviceDown', device: `sw${i}`, dependsOn: ['rtr1'] }));
    const otherSchool = subject('linkLoad:uplink:b9', { school: 's2', schoolName: 'School two', building: 'b9', dependsOn: ['s2-sw', 's2-rtr'] });
    const { sent, records } = run([{ now: T0, observations: [router, ...behind, otherSchool].map((s) => ({ subject: s, verdict: firing(T0) })) }]);
    expect(sent).toEqual([
      { now: T0, school: 's1', kinds: ['firing:deviceDown:rtr1'] },
      { now: T0, school: 's2', kinds: ['firing:linkLoad:uplink:b9'] },
    ]);
    expect(records.get('deviceDown:sw7')).toMatchObject({ state: 'firing', suppressedBy: 'deviceDown:rtr1' });
    // The router back, the switches still down: now they are news.
    const after = run([{ now: T0 + MIN, observations: [{ subject: router, verdict: ok }, ...behind.map((s) => ({ subject: s, verdict: firing(T0) }))] }], new Map(records));
    expect(after.sent).toHaveLength(1);
    expect(after.sent[0]!.kinds).toHaveLength(51);
    expect(after.sent[0]!.kinds[0]).toBe('resolved:deviceDown:rtr1');
  });

  it('sends nothing while a matching silence lasts, and then tells of what still fires', () => {
    const link = subject('linkLoad:uplink:b1');
    const other = subject('linkLoad:uplink:b2', { building: 'b2' });
    const silence: Silence = { id: 'sil1', building: 'b1', until: T0 + 30 * MIN, comment: 'exam day', createdBy: 'ola' };
    const { sent, records } = run([
      { now: T0, observations: [link, other].map((s) => ({ subject: s, verdict: firing(T0) })), silences: [silence] },
      { now: T0 + 31 * MIN, observations: [{ subject: link, verdict: firing(T0) }], silences: [silence] },
    ]);
    expect(sent).toEqual([
      { now: T0, school: 's1', kinds: ['firing:linkLoad:uplink:b2'] },
      { now: T0 + 31 * MIN, school: 's1', kinds: ['firing:linkLoad:uplink:b1'] },
    ]);
    expect(records.get(link.key)!.silencedBy).toBeUndefined();
  });

  it('keeps the state it had when the data says nothing (a poll late, the collector restarting)', () => {
    const link = subject('linkLoad:uplink:b1');
    const { records, sent } = run([
      { now: T0, observations: [{ subject: link, verdict: firing(T0) }] },
      { now: T0 + MIN, observations: [{ subject: link, verdict: { state: 'unknown' } }] },
    ]);
    expect(records.get(link.key)!.state).toBe('firing');
    expect(sent).toHaveLength(1);
  });
});
