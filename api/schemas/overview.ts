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

export const buildingNowSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['ok', 'warning', 'short', 'unknown']).describe('short: a link past the planning headroom, or a device down; warning: a link past 80 % of the headroom, or a cell past the channel-utilisation limit'),
  uplink: link.optional(),
  clients: z.number(),
  accessPoints: z.array(z.object({ id: z.string(), name: z.string(), clients: z.number().optional(), channelUtilisation: z.number().optional() })),
  bands: z
    .array(z.object({ band: z.string(), radios: z.number(), clients: z.number().optional(), channelUtilisation: z.number().optional().describe('the busiest radio on the band, 0–1') }))
    .describe('Wi-Fi per band (2.4GHz, 5GHz, 6GHz …): radios, clients, busiest channel; radios a controller reports without a band are left out'),
  devicesDown: z.array(z.string()),
});

export const overviewSchema = z
  .object({
    headroom: z.number().describe('the share of a link the plan allows at busy hour; the page marks links past it'),
    municipalities: z.array(
      municipalitySchema.extend({
        schools: z.array(z.object({ id: z.string(), name: z.string(), status: buildingNowSchema.shape.status, internet: link.optional(), buildings: z.array(buildingNowSchema) })),
      }),
    ),
  })
  .openapi('Overview');
export type Overview = z.infer<typeof overviewSchema>;
export type BuildingNow = z.infer<typeof buildingNowSchema>;
