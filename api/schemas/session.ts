// Logging in and who is logged in.
import { z } from '@hono/zod-openapi';
import { LOCALES } from '../../i18n/locales.ts';
import { permissions } from '../auth/roles.ts';
import { roles } from '../../config/schema.ts';

export const loginSchema = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict().openapi('Login');

export const logoutSchema = z.object({ logoutUrl: z.string().describe("the identity provider's logout page, to end the session there too") }).openapi('Logout');

export const localeChoiceSchema = z.object({ locale: z.enum(LOCALES) }).strict().openapi('LocaleChoice');

export const sessionSchema = z
  .object({
    locale: z.enum(LOCALES).describe("the reader's language: their own choice, else the browser's, else the municipality's"),
    locales: z.array(z.object({ id: z.enum(LOCALES), name: z.string() })).describe('the languages to choose from, each named in itself'),
    name: z.string(),
    kind: z.enum(['user', 'token', 'anonymous']),
    via: z.string().optional().describe('the identity provider this user logged in through'),
    role: z.enum(roles),
    permissions: z.array(z.enum(permissions)),
    municipalities: z.array(z.object({ id: z.string(), name: z.string(), timezone: z.string().describe('dates and times on the pages are in this zone') })),
    demo: z.boolean(),
    notice: z.string().optional().describe('said on every page, e.g. that anonymous read-only access is open on loopback'),
    storeDownSince: z.number().optional().describe('while the measurement store does not answer: since when (ms since the epoch)'),
  })
  .openapi('Session');

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).describe('degraded while the store does not answer; the process keeps polling into its spool'),
    demo: z.boolean(),
    store: z.object({ status: z.enum(['ok', 'down']), since: z.number().optional().describe('start of the outage, ms since the epoch') }),
    collector: z
      .object({
        cycles: z.number(),
        spool: z.object({ pending: z.number(), dropped: z.number(), rejected: z.number() }).optional().describe('points waiting on disk for the store, dropped from a full spool, refused by the store'),
        flows: z
          .object({
            datagrams: z.number(),
            records: z.number(),
            unattributedRecords: z.number().describe('from configured exporters, on none of their school lines'),
            dropped: z.number().describe('datagrams or sets not read: truncated, unknown version or exporter, no template…'),
            unknownExporters: z.number().describe('addresses sending flows that no flows.exporters entry names'),
            lostRecords: z.number(),
            lostDatagrams: z.number(),
          })
          .optional()
          .describe('the flow receiver since start, where this process runs one (counts only: /metrics has them by reason)'),
      })
      .nullable(),
  })
  .openapi('Health');
