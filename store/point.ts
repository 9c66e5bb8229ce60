// A measurement point, the unit every store adapter writes and reads. The measurement names and their
// tags and fields are documented in docs/schema.md.
import { z } from 'zod';

/** What the collector writes, kept for the raw retention (30 days by default). */
export const rawMeasurements = ['interface', 'access_point', 'radio', 'device', 'collector', 'traffic', 'traffic_unclassified'] as const;
export type RawMeasurement = (typeof rawMeasurements)[number];

/** Hourly roll-ups of the raw measurements, kept for years (store/rollup.ts). */
export const rollupMeasurements = ['interface_1h', 'access_point_1h', 'radio_1h', 'device_1h', 'traffic_1h'] as const;
export type RollupMeasurement = (typeof rollupMeasurements)[number];

/** Daily roll-ups of the hourly ones (UTC days), for charts of months and years (store/daily.ts). */
export const dailyMeasurements = ['interface_1d', 'access_point_1d', 'radio_1d', 'device_1d', 'traffic_1d'] as const;
export type DailyMeasurement = (typeof dailyMeasurements)[number];

/** Summaries of the roll-ups kept for a day, made once an hour (planning/load-summaries.ts). */
export const summaryMeasurements = ['load_summary'] as const;

/** Notes between processes, kept a day: spans of raw points written late, to be rolled up again (store/late.ts). */
export const noteMeasurements = ['late_points'] as const;

export const measurements = [...rawMeasurements, ...rollupMeasurements, ...dailyMeasurements, ...summaryMeasurements, ...noteMeasurements] as const;
export type Measurement = (typeof measurements)[number];

export const pointSchema = z.object({
  measurement: z.enum(measurements),
  /** Inventory ids only: bounded cardinality, no free text. */
  tags: z.record(z.string(), z.string()),
  fields: z.record(z.string(), z.number().refine(Number.isFinite, 'fields are finite numbers')),
  /** Milliseconds since the epoch. */
  time: z.number().int(),
});
export type Point = z.infer<typeof pointSchema>;
