// What a notification says: what, where (school, building, link), how much against what limit,
// since when, what fixes it, and a link to the building page. One message per school and evaluation.
import type { Config } from '../../config/schema.ts';
import type { AlertRecord, Notification, SchoolNotice } from '../engine.ts';
import type { Locale } from '../../i18n/locales.ts';
import { wording } from '../../i18n/render.ts';
import { formatters, translator } from '../../i18n/translate.ts';

/** An alert's title, name and fix in a language: the API words them for its reader, messages for the municipality. */
export function alertWords(a: AlertRecord, locale: Locale, timeZone: string): { title: string; name: string; fix?: string } {
  const word = wording(locale, timeZone);
  return { title: translator(locale)(`notify.rule.${a.rule}`), name: word(a.name), ...(a.fix ? { fix: word(a.fix) } : {}) };
}

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

type Say = ReturnType<typeof translator>;
type Format = ReturnType<typeof formatters>;

/** How much against what limit, in words. */
function measure(a: AlertRecord, t: Say, f: Format): string {
  const day = (ms: number | undefined) => (ms === undefined ? '' : f.date(ms));
  switch (a.unit) {
    case 'share':
      return t('notify.share', { value: f.percent(a.value ?? 0), limit: f.percent(a.limit) });
    case 'up':
      return t('notify.up', { minutes: a.limit });
    case 'Mbit/s':
      return t('notify.trend', { value: f.number(a.value ?? 0), limit: f.number(a.limit), when: a.date !== undefined && a.date <= a.since ? t('notify.reached', { date: day(a.date) }) : t('notify.reaches', { date: day(a.date) }) });
    default:
      return t('notify.rollout', { date: day(a.date) });
  }
}

export function noticeBody(notice: SchoolNotice, config: Config): NoticeBody {
  const municipality = config.municipalities.find((m) => m.id === notice.municipality);
  // In the municipality's language and time zone: who reads the message reads the council's language.
  const locale = municipality?.locale ?? 'en';
  const t = translator(locale);
  const f = formatters(locale, municipality?.timezone ?? 'UTC');
  const base = config.alerts.dashboardUrl?.replace(/\/$/, '');
  const alerts = notice.notifications.map(({ kind, alert: a }): AlertMessage => {
    const { title, name, fix } = alertWords(a, locale, municipality?.timezone ?? 'UTC');
    const where = [a.schoolName, a.buildingName, name].filter(Boolean).join(' · ');
    const since = kind === 'resolved' ? t('notify.resolvedSince', { resolved: a.resolvedAt === undefined ? '' : f.dateTime(a.resolvedAt), since: f.dateTime(a.since) }) : t('notify.since', { when: f.dateTime(a.since) });
    const url = base ? (a.building ? `${base}/building?id=${encodeURIComponent(a.building)}&municipality=${encodeURIComponent(a.municipality)}` : `${base}/?municipality=${encodeURIComponent(a.municipality)}`) : null;
    return {
      status: kind,
      rule: a.rule,
      key: a.key,
      title,
      school: { id: a.school, name: a.schoolName },
      building: a.building ? { id: a.building, name: a.buildingName ?? a.building } : null,
      subject: name,
      value: a.value ?? null,
      limit: a.limit,
      unit: a.unit,
      since: new Date(a.since).toISOString(),
      firedAt: a.firedAt !== undefined ? new Date(a.firedAt).toISOString() : null,
      resolvedAt: a.resolvedAt !== undefined ? new Date(a.resolvedAt).toISOString() : null,
      date: a.date !== undefined ? new Date(a.date).toISOString() : null,
      fix: fix ?? null,
      text: `${t('notify.line', { status: t(`notify.status.${kind}`), title, where, measure: measure(a, t, f), since })}${fix ? ` ${t('notify.fix', { fix })}` : ''}`,
      url,
    };
  });
  const firing = alerts.filter((a) => a.status !== 'resolved').length;
  const resolved = alerts.length - firing;
  const counts = [firing ? t('notify.firing', { count: firing }) : '', resolved ? t('notify.resolved', { count: resolved }) : ''].filter(Boolean).join(', ');
  const summary = t('notify.summary', { municipality: municipality?.name ?? notice.municipality, school: notice.schoolName, counts });
  return { version: 1, municipality: notice.municipality, school: { id: notice.school, name: notice.schoolName }, summary, alerts };
}

/** Plain text: the summary, then one paragraph per alert with its link. */
export function noticeText(body: NoticeBody): string {
  return [body.summary, '', ...body.alerts.flatMap((a) => [a.text, ...(a.url ? [a.url] : []), ''])].join('\n');
}
