// An SNMP profile says, as data, where a vendor keeps what Kapasitet reads: which table columns to
// walk, how a row's index splits into parts, and how each value converts. Adding a vendor is adding
// a profile file under collector/profiles/ and a fixture, not code.
import { z } from 'zod';

const oid = z.string().regex(/^\d+(\.\d+)+$/, 'a numeric OID like 1.3.6.1.2.1.2.2.1.10');

export const valueTypes = ['string', 'integer', 'gauge', 'counter32', 'counter64', 'timeticks', 'enum'] as const;

const sourceSchema = z
  .object({
    oid: oid.describe('the column OID; the row index follows it'),
    type: z.enum(valueTypes),
    scale: z.number().refine((n) => n !== 0, 'not zero').optional().describe('multiply the value by this, e.g. 1000000 for Mbit/s to bit/s'),
    offset: z.number().optional().describe('then add this: scale -1 and offset 100 turn idle % into busy %'),
    values: z.record(z.string(), z.string()).optional().describe('enum or string: what the agent sends to the name Kapasitet keeps (e.g. "1": up, ng: 2.4GHz)'),
    ranges: z
      .array(z.object({ from: z.number(), to: z.number(), name: z.string().min(1) }).strict())
      .optional()
      .describe('integer or gauge: the name of the range the value falls in, e.g. a frequency in MHz to its band'),
    static: z
      .boolean()
      .optional()
      .describe('a name or description that rarely changes: read at the first poll, when a row appears, after an agent restart and every collector.staticRefreshMinutes, not every poll'),
  })
  .strict();
export type ValueSource = z.infer<typeof sourceSchema>;

/** The entity kinds the collector understands, with the fields a profile may fill for each. */
export const entityFields = {
  interface: ['name', 'descr', 'alias', 'speedBps', 'operStatus', 'inOctets', 'outOctets', 'discontinuity'],
  /**
   * A controller's AP; status must name the value meaning "serving clients" `up`. clients where the
   * vendor counts them per AP only (Ruckus SmartZone, Meraki): radios' counts win where there are any.
   */
  'access-point': ['name', 'location', 'status', 'clients', 'model'],
  /** One radio of an AP; channelUtilisation in percent, band a name like 2.4GHz. */
  radio: ['clients', 'channelUtilisation', 'band', 'channel'],
  /** A virtual AP (one SSID on one radio), where a vendor counts clients per SSID: its clients count towards the radio of the same band. */
  vap: ['clients', 'band', 'ssid'],
  processor: ['load'],
} as const;
export type EntityKind = keyof typeof entityFields;

const indexPartSchema = z
  .object({
    name: z.string().min(1),
    kind: z
      .enum(['integer', 'mac', 'mac-with-length'])
      .describe('integer: one sub-identifier; mac: six, one per octet; mac-with-length: 6 and then the six, as agents that encode a MacAddress index as a variable-length string send it'),
  })
  .strict();
export type IndexPart = z.infer<typeof indexPartSchema>;

const tableSchema = z
  .object({
    entity: z.enum(Object.keys(entityFields) as [EntityKind, ...EntityKind[]]),
    index: z.array(indexPartSchema).min(1),
    parent: z
      .string()
      .optional()
      .describe("index part naming the parent entity (a radio's access point); without it, radios belong to the polled device itself, an AP polled directly"),
    fields: z.record(z.string(), z.union([sourceSchema, z.array(sourceSchema).min(1)])).describe('field: source, or sources in order of preference'),
    keepWhere: z
      .object({ field: z.string(), startsWith: z.array(z.string().min(1)).min(1) })
      .strict()
      .optional()
      .describe("only rows whose field starts with one of these belong to the table's entity (Meraki's device table lists switches and firewalls beside the access points); the rest are passed over"),
    virtualWhen: z
      .object({ field: z.string(), in: z.array(z.string()).min(1) })
      .strict()
      .optional()
      .describe('radio tables: rows whose field reads one of these are virtual APs (an SSID on another radio, as MikroTik lists them among its radios), counted towards their AP but never as a radio; the field is dropped from them'),
    changedWhen: oid
      .optional()
      .describe("a scalar that moves when rows are created or deleted (IF-MIB's ifTableLastChange): read every poll, and static columns are read again as soon as it moves, so a renumbered row is never taken for another"),
  })
  .strict()
  .superRefine((table, ctx) => {
    const allowed: readonly string[] = entityFields[table.entity];
    for (const field of Object.keys(table.fields)) {
      if (!allowed.includes(field)) ctx.addIssue({ code: 'custom', path: ['fields', field], message: `${table.entity} has no field "${field}" (allowed: ${allowed.join(', ')})` });
    }
    for (const [field, spec] of Object.entries(table.fields)) {
      const flags = new Set((Array.isArray(spec) ? spec : [spec]).map((s) => s.static === true));
      if (flags.size > 1) ctx.addIssue({ code: 'custom', path: ['fields', field], message: 'all sources of a field must be static, or none' });
    }
    if (table.keepWhere && !(table.keepWhere.field in table.fields)) {
      ctx.addIssue({ code: 'custom', path: ['keepWhere', 'field'], message: `"${table.keepWhere.field}" is not one of the table's fields` });
    }
    if (table.virtualWhen && (table.entity !== 'radio' || !(table.virtualWhen.field in table.fields))) {
      ctx.addIssue({ code: 'custom', path: ['virtualWhen'], message: 'only a radio table has virtual APs among its rows, marked by one of its own fields' });
    }
    if (table.parent && !table.index.some((p) => p.name === table.parent)) {
      ctx.addIssue({ code: 'custom', path: ['parent'], message: `no index part named "${table.parent}"` });
    }
  });
export type ProfileTable = z.infer<typeof tableSchema>;

export const profileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string(),
    source: z.string().describe('the MIB and where its layout was checked'),
    match: z
      .object({
        roles: z.array(z.enum(['router', 'switch', 'access-point', 'wlan-controller'])).default([]),
        sysObjectIdPrefixes: z.array(oid).default([]),
        probe: oid.optional().describe('a column whose presence on a device shows the profile applies; probed at a device\'s first poll when nothing else selects the profile'),
        replaces: z
          .array(z.string())
          .default([])
          .describe('profiles this one stands in for on a device its sysObjectID selects it for: they read the same access points from older tables, and would count them twice'),
      })
      .strict()
      .describe('devices this profile is read from when the config names no profiles'),
    tables: z.array(tableSchema).min(1),
  })
  .strict()
  .superRefine((profile, ctx) => {
    // Clients counted both per radio and per SSID would be counted twice.
    const counting = profile.tables.filter((t) => (t.entity === 'radio' || t.entity === 'vap') && 'clients' in t.fields);
    if (counting.length > 1) ctx.addIssue({ code: 'custom', path: ['tables'], message: 'clients may be read from one radio or vap table only, or they are counted twice' });
  });
export type Profile = z.infer<typeof profileSchema>;
