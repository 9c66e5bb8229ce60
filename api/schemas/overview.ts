// The live overview: what each school's links and access points carry now.
import { z } from '@hono/zod-openapi';
import { municipalitySchema } from '../../config/schema.ts';

const link = z.object({
  capacityMbps: z.number(),
  inMbps: z.number().optional(),
  outMbps: z.number().optional(),
  utilisation: z.number().optional(),
  time: z.number().optional(),
});

const status = z.enum(['ok', 'warning', 'short', 'unknown']).describe('short: a link past the planning headroom, or a device down; warning: a link past 80 % of the headroom, or a cell past the channel-utilisation limit');

/** A building now, as the overview lists it: its links and Wi-Fi in figures, its access points counted. */
export const buildingNowSchema = z.object({
  id: z.string(),
  name: z.string(),
  status,
  uplink: link.optional(),
  clients: z.number(),
  aps: z
    .object({ total: z.number(), reporting: z.number(), busiest: z.object({ name: z.string(), clients: z.number() }).optional() })
    .describe('the access points in the inventory, how many report now, and the one with most clients; each one is in the building answer'),
  bands: z
    .array(z.object({ band: z.string(), radios: z.number(), clients: z.number().optional(), channelUtilisation: z.number().optional().describe('the busiest radio on the band, 0–1') }))
    .describe('Wi-Fi per band (2.4GHz, 5GHz, 6GHz …): radios, clients, busiest channel; radios a controller reports without a band are left out'),
  devicesDown: z.array(z.string()),
});

/** One building now with each of its access points: what the building page shows. */
export const buildingDetailSchema = buildingNowSchema
  .extend({
    municipality: z.string(),
    school: z.string(),
    headroom: z.number().describe('the share of a link the plan allows at busy hour'),
    accessPoints: z.array(z.object({ id: z.string(), name: z.string(), clients: z.number().optional(), channelUtilisation: z.number().optional() })),
  })
  .openapi('BuildingNow');

export const overviewSchema = z
  .object({
    headroom: z.number().describe('the share of a link the plan allows at busy hour; the page marks links past it'),
    municipalities: z.array(
      municipalitySchema.extend({
        schools: z.array(z.object({ id: z.string(), name: z.string(), status, internet: link.optional(), buildings: z.array(buildingNowSchema) })),
      }),
    ),
  })
  .openapi('Overview');
export type Overview = z.infer<typeof overviewSchema>;
export type BuildingNow = z.infer<typeof buildingNowSchema>;
export type BuildingDetail = z.infer<typeof buildingDetailSchema>;
