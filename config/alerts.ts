// The alerts part of the config: rules with defaults a school network needs, overrides per school,
// building or link, and where notifications go. Declared once here; docs/config.schema.json and the
// alert engine's types come from it.
import { z } from 'zod';
import { secretRefSchema as secretRef } from './secret-ref.ts';

const minutes = z.number().min(0).max(24 * 60);
const share = z.number().gt(0).lte(1);

/** A threshold held for a while before firing, and a lower one held for a while before clearing. */
const sustained = (above: number, clearBelow: number, forMinutes: number, clearForMinutes: number) =>
  z
    .object({
      enabled: z.boolean().default(true),
      above: share.default(above).describe('fires when the value stays above this share…'),
      forMinutes: minutes.default(forMinutes).describe('…for this long'),
      clearBelow: share.default(clearBelow).describe('clears only when it stays below this share (hysteresis)…'),
      clearForMinutes: minutes.default(clearForMinutes).describe('…for this long'),
    })
    .strict()
    .default({ enabled: true, above, forMinutes, clearBelow, clearForMinutes });

const grace = (graceMinutes: number) =>
  z
    .object({ enabled: z.boolean().default(true), graceMinutes: minutes.default(graceMinutes).describe('how long it may be down before an alert fires') })
    .strict()
    .default({ enabled: true, graceMinutes });

export const alertRulesSchema = z
  .object({
    linkLoad: sustained(0.8, 0.7, 15, 10).describe("a building uplink's or internet line's utilisation"),
    apClients: sustained(1, 0.9, 15, 10).describe("an access point's or a building's clients as a share of what its Wi-Fi generation serves well"),
    channelUtilisation: sustained(0.8, 0.6, 15, 10).describe("a radio's channel utilisation"),
    deviceDown: grace(5).describe('a device not answering SNMP'),
    linkDown: grace(5).describe('an uplink or internet interface down'),
    forecast: z
      .object({
        enabled: z.boolean().default(true),
        withinDays: z.number().int().min(1).max(3650).default(90).describe("fires when a link's busy-hour trend reaches the planning limit within this many days"),
        weeks: z.number().int().min(2).max(104).default(8).describe('weeks of busy-hour p95 the trend is fitted to'),
        rolloutWithinDays: z.number().int().min(0).max(3650).default(365).describe('fires when the planned devices of a school year starting within this many days exceed capacity'),
      })
      .strict()
      .default({ enabled: true, withinDays: 90, weeks: 8, rolloutWithinDays: 365 }),
  })
  .strict();
export type AlertRules = z.infer<typeof alertRulesSchema>;
export type RuleName = keyof AlertRules;

/** The same rules, every field optional: an override changes only what it names. */
const ruleOverrides = z
  .object(Object.fromEntries(Object.entries(alertRulesSchema.shape).map(([name, schema]) => [name, (schema as z.ZodDefault<z.ZodObject>).unwrap().partial().optional()])) as {
    [K in RuleName]: z.ZodOptional<z.ZodObject>;
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
