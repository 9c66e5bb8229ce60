// From one evaluation's verdicts to alert states and the notifications they call for: pending →
// firing → resolved, repeats while firing and unacknowledged, nothing for what sits behind a dead
// device, nothing while silenced, and one message per school. Pure: records and the time in,
// records and notifications out.
import type { RuleName } from '../config/alerts.ts';
import type { Message } from '../models/message.ts';
import type { Verdict } from './conditions.ts';

/** What a verdict is about, in the words a message uses. */
export interface Subject {
  /** Unique per rule and thing: `linkLoad:uplink:nu-gamle`. */
  key: string;
  rule: RuleName;
  municipality: string;
  school: string;
  schoolName: string;
  building?: string;
  buildingName?: string;
  /** The link, AP, radio or device, as people call it: worded in each reader's language when shown. */
  name: Message;
  /** The device this subject's data comes through, and those that device sits behind. */
  dependsOn: string[];
  /** For device-down subjects: the device itself. */
  device?: string;
  unit: string;
  limit: number;
  /** For forecasts: the day the limit is reached, and what fixes it. */
  date?: number;
  fix?: Message;
}

export interface Observation {
  subject: Subject;
  verdict: Verdict;
}

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface AlertRecord extends Subject {
  state: AlertState;
  /** When the condition began (pending or firing). */
  since: number;
  value?: number;
  firedAt?: number;
  resolvedAt?: number;
  /** When a message about this alert last went out; undefined while none has. */
  notifiedAt?: number;
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  /** Why no message went out: a silence's id, or the dead device it sits behind. */
  silencedBy?: string;
  suppressedBy?: string;
}

export interface Silence {
  id: string;
  school?: string;
  building?: string;
  rule?: RuleName;
  until: number;
  comment: string;
  createdBy: string;
}

export interface Notification {
  kind: 'firing' | 'repeat' | 'resolved';
  alert: AlertRecord;
}

/** Everything one school has to say after an evaluation: sent as one message. */
export interface SchoolNotice {
  municipality: string;
  school: string;
  schoolName: string;
  notifications: Notification[];
}

export interface StepResult {
  records: AlertRecord[];
  /** Records whose state changed, for the history. */
  changed: AlertRecord[];
  notices: SchoolNotice[];
}

export function silenceMatches(silence: Silence, alert: Pick<Subject, 'school' | 'building' | 'rule'>, now: number): boolean {
  return silence.until > now && (!silence.school || silence.school === alert.school) && (!silence.building || silence.building === alert.building) && (!silence.rule || silence.rule === alert.rule);
}

export function step(previous: ReadonlyMap<string, AlertRecord>, observations: readonly Observation[], silences: readonly Silence[], now: number, repeatMs: number): StepResult {
  const next = new Map(previous);
  const changed: AlertRecord[] = [];
  for (const { subject, verdict } of observations) {
    const before = previous.get(subject.key);
    const record = advance(before, subject, verdict, now);
    if (record === undefined || record === before) continue;
    next.set(subject.key, record);
    if (record.state !== before?.state) changed.push(record);
  }
  // A dead device's own alert stands; what sits behind it says nothing until it is back.
  const dead = new Map([...next.values()].filter((r) => r.rule === 'deviceDown' && r.state === 'firing').map((r) => [r.device!, r.key]));
  const notifications: Notification[] = [];
  for (const [key, record] of next) {
    const suppressedBy = record.dependsOn.map((d) => dead.get(d)).find((k) => k !== undefined && k !== key);
    const silencedBy = silences.find((s) => silenceMatches(s, record, now))?.id;
    let updated: AlertRecord = { ...record, suppressedBy, silencedBy };
    const quiet = suppressedBy !== undefined || silencedBy !== undefined;
    if (record.state === 'firing' && !quiet) {
      const due = record.notifiedAt === undefined || (!record.acknowledgedAt && now - record.notifiedAt >= repeatMs);
      if (due) {
        updated = { ...updated, notifiedAt: now };
        notifications.push({ kind: record.notifiedAt === undefined ? 'firing' : 'repeat', alert: updated });
      }
    } else if (record.state === 'resolved' && record.notifiedAt !== undefined) {
      // Only an alert someone heard about is announced as resolved, and only once: that closes it.
      updated = { ...updated, notifiedAt: undefined };
      notifications.push({ kind: 'resolved', alert: updated });
    }
    if (updated.suppressedBy !== record.suppressedBy || updated.silencedBy !== record.silencedBy || updated.notifiedAt !== record.notifiedAt) next.set(key, updated);
  }
  return { records: [...next.values()], changed, notices: bySchool(notifications) };
}

/** The record after this evaluation's verdict; the same object when nothing changed. */
function advance(before: AlertRecord | undefined, subject: Subject, verdict: Verdict, now: number): AlertRecord | undefined {
  if (verdict.state === 'unknown') return before;
  const active = before && before.state !== 'resolved';
  if (verdict.state === 'ok') {
    if (!active) return before;
    // A pending alert that never fired simply goes away; a firing one is resolved.
    return before.state === 'firing' ? { ...before, ...subject, state: 'resolved', value: verdict.value, resolvedAt: now } : { ...before, state: 'resolved', value: verdict.value, resolvedAt: now, notifiedAt: undefined };
  }
  const base = active ? before : { ...subject, state: 'pending' as const, since: verdict.since };
  if (verdict.state === 'pending') return { ...base, ...subject, state: 'pending', since: verdict.since, value: verdict.value };
  if (base.state === 'firing') return { ...base, ...subject, value: verdict.value };
  return { ...base, ...subject, state: 'firing', since: verdict.since, value: verdict.value, firedAt: now, notifiedAt: undefined, acknowledgedAt: undefined, acknowledgedBy: undefined, resolvedAt: undefined };
}

function bySchool(notifications: Notification[]): SchoolNotice[] {
  const groups = new Map<string, SchoolNotice>();
  for (const n of notifications) {
    const group = groups.get(n.alert.school) ?? { municipality: n.alert.municipality, school: n.alert.school, schoolName: n.alert.schoolName, notifications: [] };
    group.notifications.push(n);
    groups.set(n.alert.school, group);
  }
  return [...groups.values()];
}
