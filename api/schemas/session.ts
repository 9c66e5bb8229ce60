// Logging in and who is logged in.
import { z } from '@hono/zod-openapi';
import { permissions } from '../auth/roles.ts';
import { roles } from '../../config/schema.ts';

export const loginSchema = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict().openapi('Login');

export const sessionSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['user', 'token', 'anonymous']),
    role: z.enum(roles),
    permissions: z.array(z.enum(permissions)),
    municipalities: z.array(z.object({ id: z.string(), name: z.string() })),
    demo: z.boolean(),
    notice: z.string().optional().describe('said on every page, e.g. that anonymous read-only access is open on loopback'),
  })
  .openapi('Session');

export const healthSchema = z
  .object({ status: z.literal('ok'), demo: z.boolean(), collector: z.object({ cycles: z.number() }).nullable() })
  .openapi('Health');
