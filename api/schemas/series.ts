// Time series and the weekday × hour grid, as the building page draws them.
import { z } from '@hono/zod-openapi';
import { rawMeasurements } from '../../store/point.ts';
import { aggregations } from '../../store/queries.ts';
import { tagFilters } from './common.ts';

const field = z.string().regex(/^[a-z_]+$/, 'a field name such as in_bps or clients');

export const seriesQuery = z
  .object({
    measurement: z.enum(rawMeasurements),
    field,
    from: z.coerce.number().int().optional().describe('ms since the epoch; default: an hour before `to`'),
    to: z.coerce.number().int().optional().describe('ms since the epoch, exclusive; default: now'),
    step: z.coerce.number().int().min(1).optional().describe('seconds per value; default: the range in about 500 steps'),
    aggregation: z.enum(aggregations).default('mean'),
    across: z.enum(['sum', 'max']).optional().describe('combine the matching series into one per step'),
    ...tagFilters,
  })
  .strict();

export const seriesSchema = z
  .object({
    measurement: z.string(),
    field: z.string(),
    from: z.number(),
    to: z.number(),
    stepSeconds: z.number(),
    aggregation: z.string(),
    series: z.array(
      z.object({
        tags: z.record(z.string(), z.string()),
        source: z.enum(['raw', 'hourly', 'daily']).describe('raw points; hourly roll-ups (steps of whole hours); daily roll-ups (one-day steps), with the hourly ones for days not rolled up yet'),
        points: z.array(z.object({ time: z.number(), value: z.number() })),
      }),
    ),
  })
  .openapi('Series');

export const busyHoursQuery = z
  .object({
    measurement: z.enum(rawMeasurements),
    field,
    weeks: z.coerce.number().int().min(1).max(260).default(4),
    aggregation: z.enum(aggregations).default('p95'),
    across: z.enum(['sum', 'max']).default('sum'),
    ...tagFilters,
  })
  .strict();

export const busyHoursSchema = z
  .object({
    measurement: z.string(),
    field: z.string(),
    aggregation: z.string(),
    across: z.string(),
    timeZone: z.string(),
    from: z.number(),
    to: z.number(),
    cells: z.array(z.object({ weekday: z.number().int().min(1).max(7).describe("1 = Monday … 7 = Sunday, local time"), hour: z.number().int().min(0).max(23), mean: z.number(), max: z.number(), hours: z.number().int() })),
  })
  .openapi('BusyHours');
