// What a notification says: what, where (school, building, link), how much against what limit,
// since when, what fixes it, and a link to the building page. One message per school and evaluation.
import type { Config } from '../../config/schema.ts';
import type { AlertRecord, Notification, SchoolNotice } from '../engine.ts';

/** What each rule is called in messages and on the page. */
export const RULE_TITLE: Record<AlertRecord['rule'], string> = {
  linkLoad: 'Sustained load',
  apClients: 'Wi-Fi clients over capacity',
  channelUtilisation: 'Channel utilisation',
  deviceDown: 'Device not answering',
  linkDown: 'Link down',
  forecast: 'Capacity forecast',
  trafficClass: 'Traffic class in lesson time',
};

const STATUS: Record<Notification['kind'], string> = { firing: 'FIRING', repeat: 'STILL FIRING', resolved: 'RESOLVED' };

export interface AlertMessage {
  status: Notification['kind'];
  rule: AlertRecord['rule'];
  key: string;
  title: string;
  school: { id: string; name: string };
  building: { id: string; name: string } | null;
  subject: string;
  value: number | null;
  limit: number;
  unit: string;
  since: string;
  firedAt: string | null;
  resolvedAt: string | null;
  /** For forecasts: the day the limit is (or was) reached, or the devices arrive. */
  date: string | null;
  fix: string | null;
  text: string;
  url: string | null;
}

/** The documented webhook body (docs/alerts.md); e-mail, Teams and Slack are made from it. */
export interface NoticeBody {
  version: 1;
  municipality: string;
  school: { id: string; name: string };
  summary: string;
  alerts: AlertMessage[];
}

const pct = (share: number) => `${Math.round(share * 100)} %`;

function when(ms: number | undefined, timeZone: string): string {
  return ms === undefined ? '' : new Date(ms).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
}

/** How much against what limit, in words. */
function measure(a: AlertRecord, timeZone: string): string {
  const day = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toLocaleDateString('en-GB', { timeZone, dateStyle: 'medium' }));
  switch (a.unit) {
    case 'share':
      return `${pct(a.value ?? 0)}, limit ${pct(a.limit)}`;
    case 'up':
      return `down (grace ${a.limit} min)`;
    case 'Mbit/s':
      return `busy-hour p95 ${Math.round(a.value ?? 0)} Mbit/s against a limit of ${Math.round(a.limit)} Mbit/s; ${a.date !== undefined && a.date <= a.since ? `limit reached in the week of ${day(a.date)}` : `reaches it about ${day(a.date)}`}`;
    default:
      return `capacity short when the planned devices arrive, ${day(a.date)}`;
  }
}

export function noticeBody(notice: SchoolNotice, config: Config): NoticeBody {
  const municipality = config.municipalities.find((m) => m.id === notice.municipality);
  const tz = municipality?.timezone ?? 'UTC';
  const base = config.alerts.dashboardUrl?.replace(/\/$/, '');
  const alerts = notice.notifications.map(({ kind, alert: a }): AlertMessage => {
    const where = [a.schoolName, a.buildingName, a.name].filter(Boolean).join(' · ');
    const since = kind === 'resolved' ? `resolved ${when(a.resolvedAt, tz)}, began ${when(a.since, tz)}` : `since ${when(a.since, tz)}`;
    const url = base ? (a.building ? `${base}/building?id=${encodeURIComponent(a.building)}&municipality=${encodeURIComponent(a.municipality)}` : `${base}/?municipality=${encodeURIComponent(a.municipality)}`) : null;
    return {
      status: kind,
      rule: a.rule,
      key: a.key,
      title: RULE_TITLE[a.rule],
      school: { id: a.school, name: a.schoolName },
      building: a.building ? { id: a.building, name: a.buildingName ?? a.building } : null,
      subject: a.name,
      value: a.value ?? null,
      limit: a.limit,
      unit: a.unit,
      since: new Date(a.since).toISOString(),
      firedAt: a.firedAt !== undefined ? new Date(a.firedAt).toISOString() : null,
      resolvedAt: a.resolvedAt !== undefined ? new Date(a.resolvedAt).toISOString() : null,
      date: a.date !== undefined ? new Date(a.date).toISOString() : null,
      fix: a.fix ?? null,
      text: `${STATUS[kind]} ${RULE_TITLE[a.rule]}: ${where}: ${measure(a, tz)}, ${since}.${a.fix ? ` Fix: ${a.fix}.` : ''}`,
      url,
    };
  });
  const firing = alerts.filter((a) => a.status !== 'resolved').length;
  const resolved = alerts.length - firing;
  const summary = `${municipality?.name ?? notice.municipality}, ${notice.schoolName}: ${[firing ? `${firing} firing` : '', resolved ? `${resolved} resolved` : ''].filter(Boolean).join(', ')}`;
  return { version: 1, municipality: notice.municipality, school: { id: notice.school, name: notice.schoolName }, summary, alerts };
}

/** Plain text: the summary, then one paragraph per alert with its link. */
export function noticeText(body: NoticeBody): string {
  return [body.summary, '', ...body.alerts.flatMap((a) => [a.text, ...(a.url ? [a.url] : []), ''])].join('\n');
}
