// What kind of traffic fills the schools' lines, as the API answers it: the class catalogue, each
// school's busy-hour mix, and the unclassified remainder to classify.
import { z } from '@hono/zod-openapi';
import { municipalityParam } from './common.ts';

export const trafficClassSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  movable: z.boolean().describe('can wait until after school hours'),
  lowerBound: z.boolean().describe('address lists under-count it: figures are "at least"'),
  qos: z.object({ rank: z.number().int(), dscp: z.number().int(), phb: z.string() }),
});

export const trafficClassesSchema = z.object({ classes: z.array(trafficClassSchema) }).openapi('TrafficClasses');

const mixSchema = z.object({
  busyHour: z.number().describe('start of the busiest hour, ms since the epoch'),
  totalMbps: z.number(),
  source: z.enum(['hourly roll-ups', 'raw points']),
  classes: z.array(z.object({ id: z.string(), name: z.string(), mbps: z.number(), movable: z.boolean(), lowerBound: z.boolean(), qos: z.object({ rank: z.number(), dscp: z.number(), phb: z.string() }) })),
});

export const busyHoursSchema = z
  .object({
    schools: z.array(z.object({ school: z.string(), mix: mixSchema.nullable().describe('null while no flows are stored for the school') })),
  })
  .openapi('TrafficBusyHours');

export const trafficQuery = z.object({ municipality: municipalityParam }).strict();

export const unclassifiedQuery = z
  .object({
    municipality: municipalityParam,
    school: z.string(),
    from: z.coerce.number().int().optional().describe('ms since the epoch; default: a week before `to`'),
    to: z.coerce.number().int().optional().describe('ms since the epoch, exclusive; default: now'),
  })
  .strict();

export const unclassifiedSchema = z
  .object({
    school: z.string(),
    from: z.number(),
    to: z.number(),
    totalBytes: z.number().describe('all unclassified traffic in the range, the listed prefixes and the rest'),
    prefixes: z.array(z.object({ prefix: z.string(), port: z.string(), inBytes: z.number(), outBytes: z.number(), share: z.number().describe('of all unclassified bytes') })),
    configKey: z.string().describe('where in the config a prefix is given a class'),
  })
  .openapi('UnclassifiedTraffic');
