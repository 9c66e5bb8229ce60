// Alerts as the API shows them, acknowledgements and silences.
import { z } from '@hono/zod-openapi';
import { alertRulesSchema } from '../../config/alerts.ts';

const rule = z.enum(Object.keys(alertRulesSchema.shape) as [keyof typeof alertRulesSchema.shape, ...(keyof typeof alertRulesSchema.shape)[]]);

export const alertSchema = z
  .object({
    key: z.string(),
    rule,
    title: z.string().describe("the rule's name in words"),
    state: z.enum(['pending', 'firing', 'resolved']),
    municipality: z.string(),
    school: z.string(),
    schoolName: z.string(),
    building: z.string().optional(),
    buildingName: z.string().optional(),
    name: z.string(),
    unit: z.string(),
    value: z.number().optional(),
    limit: z.number(),
    since: z.number(),
    firedAt: z.number().optional(),
    resolvedAt: z.number().optional(),
    date: z.number().optional().describe('forecasts: when the limit is reached, or the devices arrive'),
    fix: z.string().optional().describe("forecasts: the plan's recommendation that fixes it"),
    acknowledgedBy: z.string().optional(),
    acknowledgedAt: z.number().optional(),
    silencedBy: z.string().optional(),
    suppressedBy: z.string().optional().describe('the dead device alert this one sits behind'),
  })
  .openapi('Alert');

export const silenceSchema = z
  .object({ id: z.string(), school: z.string().optional(), building: z.string().optional(), rule: rule.optional(), until: z.number(), comment: z.string(), createdBy: z.string() })
  .openapi('Silence');

export const alertsSchema = z.object({ alerts: z.array(alertSchema), silences: z.array(silenceSchema) }).openapi('Alerts');

export const historySchema = z.object({ entries: z.array(z.object({ time: z.number(), key: z.string(), state: z.string(), alert: alertSchema })) }).openapi('AlertHistory');

export const acknowledgeSchema = z.object({ key: z.string().min(1).max(200) }).strict().openapi('Acknowledge');

export const newSilenceSchema = z
  .object({
    school: z.string().max(100).optional(),
    building: z.string().max(100).optional(),
    rule: rule.optional(),
    until: z.coerce.date().describe('ISO 8601 time the silence ends, at most 90 days ahead'),
    comment: z.string().min(1).max(500).describe('why: "exam day", "line upgrade on Thursday"'),
  })
  .strict()
  .refine((s) => s.school !== undefined || s.building !== undefined, { message: 'name a school or a building to silence', path: ['school'] })
  .openapi('NewSilence');
