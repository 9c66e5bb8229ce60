// The alerts part of the config: rules with defaults a school network needs, overrides per school,
// building or link, and where notifications go. Declared once here; docs/config.schema.json and the
// alert engine's types come from it.
import { z } from 'zod';
import { secretRefSchema as secretRef } from './secret-ref.ts';

const minutes = z.number().min(0).max(24 * 60);
const share = z.number().gt(0).lte(1);

/** A threshold held for a while before firing, and a lower one held for a while before clearing. */
const sustainedShape = {
  enabled: z.boolean(),
  above: share.describe('fires when the value stays above this share…'),
  forMinutes: minutes.describe('…for this long'),
  clearBelow: share.describe('clears only when it stays below this share (hysteresis)…'),
  clearForMinutes: minutes.describe('…for this long'),
};
const graceShape = { enabled: z.boolean(), graceMinutes: minutes.describe('how long it may be down before an alert fires') };
const forecastShape = {
  enabled: z.boolean(),
  withinDays: z.number().int().min(1).max(3650).describe("fires when a link's busy-hour trend reaches the planning limit within this many days"),
  weeks: z.number().int().min(2).max(104).describe('weeks of busy-hour p95 the trend is fitted to'),
  rolloutWithinDays: z.number().int().min(0).max(3650).describe('fires when the planned devices of a school year starting within this many days exceed capacity'),
};

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as 08:00');
const trafficClassShape = {
  ...sustainedShape,
  above: share.describe("fires when a class's traffic stays above this share of the line's capacity…"),
  aboveMbps: z.number().positive().optional().describe('…or above this many Mbit/s, where given (instead of the share)'),
  classes: z.array(z.string().min(1)).min(1).describe('the traffic classes watched (ids from flows/classes.yaml or the config)'),
  lessonHours: z.tuple([clock, clock]).describe('only then, Monday to Friday, local time: outside lessons a class may take the line'),
};

/** A rule's fields, each with its default, and the whole rule defaulting to those. */
function rule<S extends Record<string, z.ZodType>>(shape: S, defaults: { [K in keyof S]: z.infer<S[K]> }) {
  // An optional field without a default (undefined) stays optional rather than defaulting to nothing.
  const fields = Object.fromEntries(Object.entries(shape).map(([k, schema]) => [k, defaults[k as keyof S] === undefined ? schema : schema.default(defaults[k as keyof S])])) as { [K in keyof S]: z.ZodDefault<S[K]> };
  return z.object(fields).strict().default(defaults as never);
}

export const alertRulesSchema = z
  .object({
    linkLoad: rule(sustainedShape, { enabled: true, above: 0.8, forMinutes: 15, clearBelow: 0.7, clearForMinutes: 10 }).describe("a building uplink's or internet line's utilisation"),
    apClients: rule(sustainedShape, { enabled: true, above: 1, forMinutes: 15, clearBelow: 0.9, clearForMinutes: 10 }).describe("an access point's or a building's clients as a share of what its Wi-Fi generation serves well"),
    channelUtilisation: rule(sustainedShape, { enabled: true, above: 0.8, forMinutes: 15, clearBelow: 0.6, clearForMinutes: 10 }).describe("a radio's channel utilisation"),
    deviceDown: rule(graceShape, { enabled: true, graceMinutes: 5 }).describe('a device not answering SNMP'),
    linkDown: rule(graceShape, { enabled: true, graceMinutes: 5 }).describe('an uplink or internet interface down'),
    forecast: rule(forecastShape, { enabled: true, withinDays: 90, weeks: 8, rolloutWithinDays: 365 }),
    trafficClass: rule(trafficClassShape, { enabled: true, above: 0.25, aboveMbps: undefined, forMinutes: 15, clearBelow: 0.2, clearForMinutes: 10, classes: ['updates', 'video-streaming', 'gaming-social'], lessonHours: ['08:15', '14:30'] }).describe(
      'a traffic class that should not fill the line in lesson time (updates, streaming, games), from the flows',
    ),
  })
  .strict();
export type AlertRules = z.infer<typeof alertRulesSchema>;
export type RuleName = keyof AlertRules;

/** The same rules without defaults, every field optional: an override changes only what it names. */
const partial = <S extends z.ZodRawShape>(shape: S) => z.object(shape).strict().partial().optional();
const ruleOverrides = z
  .object({
    linkLoad: partial(sustainedShape),
    apClients: partial(sustainedShape),
    channelUtilisation: partial(sustainedShape),
    deviceDown: partial(graceShape),
    linkDown: partial(graceShape),
    forecast: partial(forecastShape),
    trafficClass: partial(trafficClassShape),
  })
  .strict();

export const receiverSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('webhook'),
      name: z.string().min(1),
      url: z.string().url(),
      format: z.enum(['json', 'teams', 'slack']).default('json').describe('json: the documented body (docs/alerts.md); teams: an Adaptive Card for a Teams workflow; slack: {text}'),
      headers: z.record(z.string(), secretRef).optional().describe('extra headers, e.g. an Authorization value, from secrets'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('email'),
      name: z.string().min(1),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      tls: z.enum(['starttls', 'implicit', 'none']).default('starttls').describe('starttls (port 587), implicit TLS (465), or none (a relay on loopback only)'),
      rejectUnauthorized: z.boolean().default(true).describe('false accepts a self-signed server certificate'),
      user: z.string().optional(),
      password: secretRef.optional(),
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
    })
    .strict(),
]);
export type ReceiverConfig = z.infer<typeof receiverSchema>;

export const alertsSchema = z
  .object({
    evaluateEverySeconds: z.number().int().min(1).max(3600).default(60),
    repeatMinutes: z.number().min(1).default(240).describe('while an alert fires and is not acknowledged, it is sent again this often'),
    statePath: z.string().default('data/alerts.sqlite').describe('alert state, history and silences; kept across restarts'),
    dashboardUrl: z.string().url().optional().describe("the dashboard's address as readers reach it, for links in messages"),
    rules: alertRulesSchema.default(alertRulesSchema.parse({})),
    overrides: z
      .array(
        z
          .object({
            school: z.string().optional(),
            building: z.string().optional(),
            link: z.enum(['uplink', 'internet']).optional(),
            rules: ruleOverrides,
          })
          .strict(),
      )
      .default([])
      .describe('thresholds for one school, building or link; the most specific match wins'),
    receivers: z.array(receiverSchema).default([]),
  })
  .strict();
export type AlertsConfig = z.infer<typeof alertsSchema>;
