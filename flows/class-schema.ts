// A traffic class, as the shipped catalogue (flows/classes.yaml) and a municipality's config declare
// it: what it is, whether it can move out of school hours, the priority it should get, and the
// prefixes, protocols and ports that match it. One schema for both, so a config's class reads like
// the shipped ones.
import { z } from 'zod';
import { parsePrefix } from './prefix-trie.ts';

/** An IPv4 or IPv6 address or prefix, checked as the trie reads it: the config's ranges use it too. */
export const prefixSchema = z.string().superRefine((text, ctx) => {
  const parsed = parsePrefix(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

const port = z.union([
  z.number().int().min(0).max(65535),
  z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'a port such as 443 or a range such as "3478-3481"')
    .refine((r) => {
      const [a, b] = r.split('-').map(Number) as [number, number];
      return a <= b && b <= 65535;
    }, 'a range from a lower to a higher port, at most 65535'),
]);

export const matchRuleSchema = z
  .object({
    prefixes: z.array(prefixSchema).min(1).optional().describe('remote addresses: IPv4 or IPv6 prefixes; the longest match wins'),
    protocol: z.enum(['tcp', 'udp', 'any']).default('any'),
    ports: z.array(port).min(1).optional().describe('either end of the flow on one of these ports'),
    source: z.string().min(1).optional().describe('where the prefix list comes from and the date it was read'),
  })
  .strict()
  .refine((r) => r.prefixes || r.ports, 'give prefixes, ports, or both')
  .refine((r) => !r.prefixes || r.source, { message: 'name the source of the prefixes and the date they were read (source: "…, read 2026-11-30")', path: ['source'] });
export type MatchRule = z.infer<typeof matchRuleSchema>;

export const trafficClassSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, such as exam-service'),
    name: z.string().min(1).optional().describe('as people read it; defaults to the id'),
    description: z.string().optional(),
    movable: z.boolean().default(false).describe('can wait until after school hours (updates): the plan may move it instead of buying capacity'),
    lowerBound: z.boolean().default(false).describe('address lists under-count it (content on shared CDNs): shown as "at least"'),
    qos: z
      .object({
        rank: z.number().int().min(1).max(99).describe('1 is served first'),
        dscp: z.number().int().min(0).max(63),
        phb: z.string().min(1).describe('the per-hop behaviour the DSCP value names, e.g. AF41'),
      })
      .strict()
      .optional(),
    match: z.array(matchRuleSchema).default([]),
  })
  .strict();
export type TrafficClassInput = z.input<typeof trafficClassSchema>;
export type TrafficClassConfig = z.infer<typeof trafficClassSchema>;

export const classCatalogueSchema = z.object({ classes: z.array(trafficClassSchema).min(1) }).strict();

/** What no class matches. */
export const OTHER_CLASS = 'other';

/** Where a flow is priced when nothing else says: best effort (RFC 4594's default forwarding). */
export const DEFAULT_QOS = { rank: 90, dscp: 0, phb: 'DF' } as const;
