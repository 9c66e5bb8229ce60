// The inventory as an account may see it: no credentials ever, and device addresses only for roles
// that manage the network.
import { z } from '@hono/zod-openapi';
import { accessPointSchema, linkSchema, municipalitySchema } from '../../config/schema.ts';

const device = z.object({
  id: z.string(),
  name: z.string().optional(),
  role: z.string(),
  host: z.string().optional().describe('only for roles with read:devices'),
  port: z.number().optional(),
  version: z.string().optional(),
});

export const inventorySchema = z
  .object({
    municipalities: z.array(
      municipalitySchema.extend({
        schools: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            internet: linkSchema.optional(),
            flows: z.boolean().describe("the school's line is exported as flows: traffic classes are measured"),
            devices: z.array(device),
            buildings: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                classrooms: z.number(),
                grades: z.array(z.number()).optional(),
                uplink: linkSchema.optional(),
                devices: z.array(device),
                accessPoints: z.array(accessPointSchema),
              }),
            ),
          }),
        ),
      }),
    ),
  })
  .openapi('Inventory');
