// What every route shares: the error answer and the filters that pick series by their tags.
import { z } from '@hono/zod-openapi';

export const errorSchema = z
  .object({
    status: z.number().int(),
    message: z.string(),
    field: z.string().optional().describe('the query parameter or body field at fault'),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'bad input: the message and field say which', content: { 'application/json': { schema: errorSchema } } },
  401: { description: 'no valid session or token', content: { 'application/json': { schema: errorSchema } } },
  403: { description: 'the role may not do this', content: { 'application/json': { schema: errorSchema } } },
  404: { description: 'no such thing in the municipalities this account may read', content: { 'application/json': { schema: errorSchema } } },
} as const;

export const municipalityParam = z
  .string()
  .optional()
  .describe("municipality id; may be left out when the account reads only one")
  .openapi({ param: { name: 'municipality', in: 'query' } });

export const tagFilters = {
  municipality: municipalityParam,
  school: z.string().optional(),
  building: z.string().optional(),
  link: z.enum(['uplink', 'internet']).optional(),
  ap: z.string().optional(),
  device: z.string().optional(),
  interface: z.string().optional(),
  radio: z.string().optional(),
};

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
