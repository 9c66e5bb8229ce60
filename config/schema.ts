// The configuration file's schema: the one declaration of the inventory, the SNMP access to it,
// enrolment, device policies and the runtime settings. Validation, TypeScript types and the JSON
// Schema in docs/ all come from here.
import { isIP } from 'node:net';
import { z } from 'zod';
import { alertsSchema } from './alerts.ts';
import { prefixSchema, trafficClassSchema } from '../flows/class-schema.ts';
import { LOCALES } from '../i18n/locales.ts';
import { secretRefSchema } from './secret-ref.ts';
import { id } from './id.ts';
import { accessSchema } from './access.ts';

export { secretRefSchema, type SecretRef } from './secret-ref.ts';


const snmpCommon = {
  host: z.string().min(1).describe('address or host name of the SNMP agent'),
  port: z.number().int().min(1).max(65535).default(161),
  timeoutMs: z.number().int().min(100).max(60_000).default(2000),
  retries: z.number().int().min(0).max(10).default(1),
  maxRepetitions: z.number().int().min(1).max(200).default(25),
  getBulk: z.boolean().default(true).describe('false for agents that answer GetBulk badly: tables are walked with GetNext'),
};

export const snmpSchema = z.discriminatedUnion('version', [
  z.object({ version: z.literal('1'), community: secretRefSchema, ...snmpCommon }).strict(),
  z.object({ version: z.literal('2c'), community: secretRefSchema, ...snmpCommon }).strict(),
  z
    .object({
      version: z.literal('3'),
      user: z.string().min(1),
      level: z.enum(['noAuthNoPriv', 'authNoPriv', 'authPriv']),
      authProtocol: z.enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']).optional(),
      authKey: secretRefSchema.optional(),
      privProtocol: z.enum(['des', 'aes', 'aes256b', 'aes256r']).optional(),
      privKey: secretRefSchema.optional(),
      ...snmpCommon,
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.level !== 'noAuthNoPriv' && (!v.authProtocol || !v.authKey)) {
        ctx.addIssue({ code: 'custom', path: ['authKey'], message: `level ${v.level} needs authProtocol and authKey` });
      }
      if (v.level === 'authPriv' && (!v.privProtocol || !v.privKey)) {
        ctx.addIssue({ code: 'custom', path: ['privKey'], message: 'level authPriv needs privProtocol and privKey' });
      }
    }),
]);
export type SnmpConfig = z.infer<typeof snmpSchema>;

export const deviceRoles = ['router', 'switch', 'access-point', 'wlan-controller'] as const;

const pollInterval = z
  .number()
  .int()
  .min(1)
  .max(3600)
  .refine((n) => (n < 60 && 60 % n === 0) || (n % 60 === 0 && 60 % (n / 60) === 0), 'a divisor of 60 seconds or of 60 minutes, so polls fall evenly');

export const deviceSchema = z
  .object({
    id,
    name: z.string().optional(),
    role: z.enum(deviceRoles),
    snmp: snmpSchema,
    profiles: z.array(z.string()).optional().describe('SNMP profiles to read; chosen from sysObjectID when absent'),
    intervalSeconds: pollInterval.optional().describe("this device's poll interval, where it differs from collector.intervalSeconds"),
    ratedMbps: z.number().positive().optional().describe("a router's or firewall's rated throughput, Mbit/s, for the plan"),
  })
  .strict();
export type DeviceConfig = z.infer<typeof deviceSchema>;

/** A measured link: an interface on a polled device, and the capacity the planner plans against. */
export const linkSchema = z
  .object({
    device: id.describe('id of the device that carries the link'),
    interface: z.string().min(1).describe('ifName (or ifDescr) of the interface on that device'),
    capacityMbps: z.number().positive().describe('contracted or physical capacity'),
  })
  .strict();
export type LinkConfig = z.infer<typeof linkSchema>;

export const wifiGenerations = ['wifi4', 'wifi5', 'wifi6', 'wifi6e', 'wifi7'] as const;
export type WifiGeneration = (typeof wifiGenerations)[number];

export const accessPointSchema = z
  .object({
    id,
    name: z.string().min(1).describe('the AP name the controller reports (bsnAPName, etc.)'),
    mac: z
      .string()
      .regex(/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i, 'a MAC address like 00:11:22:33:44:55')
      .optional(),
    generation: z.enum(wifiGenerations),
    model: z.string().optional(),
    controller: id.optional().describe('id of the device that reports this AP: its WLAN controller, or the AP itself when polled directly'),
  })
  .strict();
export type AccessPointConfig = z.infer<typeof accessPointSchema>;

const grade = z.number().int().min(0).max(13);

/**
 * Grades from the first to the last, as [first, last]; one grade may be written alone (9 or [9]),
 * as a person would for an exam that one year group sits.
 */
const gradeRange = z
  .union([grade, z.tuple([grade]), z.tuple([grade, grade])], { error: 'expected [first, last] grade, e.g. [5, 7], or one grade such as 9' })
  .transform((g): [number, number] => (typeof g === 'number' ? [g, g] : [g[0], g[1] ?? g[0]]));

export const dhcpScopeSchema = z
  .object({
    name: z.string().min(1).max(100),
    vlan: z.number().int().min(1).max(4094).optional(),
    size: z.number().int().positive().max(16_777_214).describe('usable addresses in the scope'),
    serves: z.enum(['pupils', 'staff', 'all']).default('all').describe("whose devices it gives addresses to: pupils' (their own phones included), staff or all"),
  })
  .strict();

export const buildingSchema = z
  .object({
    id,
    name: z.string().min(1),
    classrooms: z.number().int().min(0),
    grades: z.array(grade).optional().describe('grades taught in this building; absent: a share of the rest by classrooms'),
    uplink: linkSchema.optional(),
    devices: z.array(deviceSchema).default([]),
    accessPoints: z.array(accessPointSchema).default([]),
    dhcpScopes: z.array(dhcpScopeSchema).max(64).default([]).describe("the building's client DHCP scopes, one per VLAN, for the plan"),
    chargingCabinets: z.number().int().min(0).default(0).describe('charging cabinets or trolleys the building has'),
    accessSwitchPorts: z.number().int().min(0).max(10_000).optional().describe("free PoE ports on the building's access switches, for added access points; unknown when absent"),
  })
  .strict();
export type BuildingConfig = z.infer<typeof buildingSchema>;

export const enrolmentYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100).describe('first calendar year of the school year (2026 = 2026/27)'),
    pupils: z.record(z.string().regex(/^(1[0-3]|[0-9])$/, 'a grade from 0 to 13'), z.number().int().min(0)),
    staff: z.number().int().min(0),
  })
  .strict();
export type EnrolmentYear = z.infer<typeof enrolmentYearSchema>;

export const deviceTypes = ['tablet', 'laptop', 'desktop', 'phone'] as const;

/** Devices of one type a school has, by the school year they were bought (its installed base). */
const cohortSchema = z
  .object({
    type: z.enum(deviceTypes),
    count: z.number().int().min(0),
    acquired: z.number().int().min(2000).max(2100).describe('the school year they were bought, by its first calendar year'),
  })
  .strict();

export const schoolSchema = z
  .object({
    id,
    name: z.string().min(1),
    municipality: id.optional().describe('id of the municipality the school belongs to; needed when the config lists several'),
    internet: linkSchema.optional(),
    devices: z.array(deviceSchema).default([]).describe('school-wide devices: the router, WLAN controllers'),
    buildings: z.array(buildingSchema).min(1),
    enrolment: z.array(enrolmentYearSchema).min(1),
    fleet: z.array(cohortSchema).default([]).describe('pupil and staff devices the school has now, by type and year bought: the plan replaces them at end of life'),
  })
  .strict();
export type SchoolConfig = z.infer<typeof schoolSchema> & { municipality: string };

export const municipalitySchema = z
  .object({
    id,
    name: z.string().min(1),
    timezone: z.string().default('Europe/Oslo').describe('IANA time zone: busy hours and school days are local'),
    locale: z.enum(LOCALES).default('en').describe("the language of its pages, when a reader's browser asks for none Kapasitet speaks, and of its notifications"),
  })
  .strict();
export type Municipality = z.infer<typeof municipalitySchema>;


export const policyBandSchema = z
  .object({
    grades: gradeRange.describe('first and last grade of the band'),
    pupilsPerDevice: z.number().positive().describe('2 means 1:2, 1 means 1:1'),
    deviceType: z.enum(deviceTypes),
    charging: z
      .enum(['home', 'school'])
      .optional()
      .describe('where the devices charge: shared devices (1:2 and up) stay at school by default, 1:1 devices go home'),
  })
  .strict();

/** A name shown to readers, per language: { nb: 'Én enhet per elev', en: 'One device per pupil' }. */
const titles = z.partialRecord(z.enum(LOCALES), z.string().min(1).max(100));

export const devicePolicySchema = z
  .object({
    name: id,
    title: titles.optional().describe("the scenario's name as readers see it, per language; the name where absent"),
    effectiveFrom: z.number().int().min(2000).max(2100).describe('the school year the policy takes effect'),
    bands: z.array(policyBandSchema).min(1),
    staffDevicesPerPerson: z.number().min(0).default(1),
    personalDevicesPerPupil: z.number().min(0).default(0).describe('phones and other own devices on the Wi-Fi'),
  })
  .strict();
export type DevicePolicy = z.infer<typeof devicePolicySchema>;

export const planningSchema = z
  .object({
    scenario: id.optional().describe('name of the device policy to plan with; the first one when absent'),
    headroom: z.number().gt(0).lte(1).default(0.7).describe('busy-hour p95 may use at most this share of a link'),
    mbpsPerDevice: z.number().positive().default(1).describe('busy-hour demand per device when not measured'),
    mbpsPerDeviceType: z
      .partialRecord(z.enum([...deviceTypes, 'personal']), z.number().positive())
      .optional()
      .describe('busy-hour demand per device of this type when not measured; types not named use mbpsPerDevice'),
    concurrency: z
      .number()
      .gt(0)
      .lte(1)
      .default(1)
      .describe('share of devices busy at once at busy hour, applied to the unmeasured default only (measurements include it)'),
    horizonYears: z.number().int().min(1).max(10).default(4),
    demandGrowthPerYear: z
      .number()
      .min(-0.5)
      .max(2)
      .default(0)
      .describe('yearly growth of per-device busy-hour demand, e.g. 0.2 for 20 %; none by default (docs/model.md)'),
    maxChannelUtilisation: z
      .number()
      .gt(0)
      .lte(1)
      .default(0.5)
      .describe("busy-hour channel utilisation above which an AP's cell needs another AP (docs/model.md)"),
    dhcpChurn: z.number().min(0).max(2).default(0.25).describe('share of extra addresses a scope needs beyond the devices: guests, replaced devices within the lease time'),
    movableShare: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.15)
      .describe('share of a line\'s busy hour that movable traffic (updates) may take before the plan recommends moving it out of school hours'),
    saturation: z
      .number()
      .gt(0)
      .lte(1)
      .default(0.9)
      .describe("busy-hour p95 at or above this share of a link's capacity means the link is full: the measurement is a lower bound and the plan takes the devices' estimate where higher (docs/model.md)"),
    budgetYear: z
      .object({
        startMonth: z.number().int().min(1).max(12).default(1).describe('the month the budget year starts, 1–12 (1: the calendar year)'),
        purchaseMonth: z.number().int().min(1).max(12).default(6).describe("the month a school year's equipment is paid, 1–12 (6: June, before an August start)"),
      })
      .strict()
      .default({ startMonth: 1, purchaseMonth: 6 })
      .describe('where costs fall in the municipality\'s budget years: purchases in their month, running costs month by month'),
    capitalisation: z
      .object({
        minimumCost: z.number().min(0).default(100_000).describe('a purchase costing at least this, VAT included, may be an investment'),
        minimumLifeYears: z.number().min(0).default(3).describe('…if it lasts at least this many years…'),
        minimumUnitCost: z.number().min(0).default(10_000).describe('…and each unit costs at least this, VAT included: many cheap devices bought together are operating costs'),
      })
      .strict()
      .default({ minimumCost: 100_000, minimumLifeYears: 3, minimumUnitCost: 10_000 })
      .describe('which purchases are investment (investering) and which operating (drift); the default is Norwegian municipal practice (KRS nr. 4), docs/model.md gives the Swedish and Danish'),
    contingency: z.number().min(0).max(1).default(0).describe('share added to every purchase for what the plan cannot foresee, e.g. 0.1 for 10 %'),
    financing: z.enum(['buy', 'lease']).default('buy').describe('whether equipment and devices are bought or leased in the budget (the plan shows both per school year)'),
    examDay: z
      .object({
        grades: gradeRange.describe('first and last grade sitting the exam'),
        mbpsPerDevice: z.number().positive().describe("each exam pupil's device at once, Mbit/s (from the test provider's guidance)"),
      })
      .strict()
      .optional()
      .describe('a digital national test: every pupil of these grades online at the same time'),
  })
  .strict();

const price = z.number().min(0);
/** Network equipment's life: five years, the Norwegian municipal accounting regulation's group for IT equipment (docs/model.md). */
const lifetimeYears = z.number().int().min(1).max(50).default(5).describe('years it is used: with its cost, whether buying it is an investment (planning.capitalisation)');

/**
 * What the planner may buy, at the municipality's own prices: the plan costs its recommendations from
 * this. Without a catalogue the plan gives quantities and no costs, and says so.
 */
export const catalogueSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as NOK, SEK or DKK').default('NOK'),
    leaseYears: z.number().int().min(1).max(10).default(4).describe('equipment leased is paid over this many years'),
    prices: z.enum(['excludingVat', 'includingVat']).default('excludingVat').describe('whether the prices below include VAT; the plan shows its totals excluding VAT, and the VAT apart'),
    vatRate: z.number().min(0).max(1).default(0.25).describe('VAT on these prices: 0.25 in Norway, Sweden and Denmark'),
    priceGrowthPerYear: z.number().min(-0.5).max(1).default(0).describe("yearly growth of purchase prices after the plan's budget year, e.g. 0.03 for 3 %"),
    accessPoints: z
      .array(
        z
          .object({
            generation: z.enum(wifiGenerations),
            model: z.string().optional(),
            price,
            installation: price.default(0).describe('per AP: mounting and configuration, and its cabling where cablingPerAccessPoint is not given'),
            clientsPerAp: z.number().int().positive().optional().describe('clients one AP serves well; default by generation (docs/model.md)'),
            poeWatts: z.number().positive().max(100).optional().describe("what one AP draws at its switch port, W; 30 (802.3at) when absent"),
            lifetimeYears,
          })
          .strict(),
      )
      .default([])
      .describe('APs on offer; the newest generation listed is the one the planner buys'),
    uplinks: z
      .array(z.object({ mbps: z.number().positive(), price, installation: price.default(0), lifetimeYears }).strict())
      .default([])
      .describe('uplink speeds a building can move to, with the cost of optics, switch ports and work'),
    internetTiers: z
      .array(z.object({ mbps: z.number().positive(), monthlyPrice: price, installation: price.default(0) }).strict())
      .default([])
      .describe("the internet line tiers on the municipality's contract"),
    cablingPerAccessPoint: price.optional().describe('a cable run, its patching and a wall outlet for each added access point; without it added APs are priced without cabling'),
    switches: z
      .array(
        z
          .object({
            model: z.string().min(1),
            ports: z.number().int().positive().describe('PoE ports for access points'),
            poeBudgetW: z.number().positive().describe('the PoE power the switch can give in all, W'),
            price,
            installation: price.default(0),
            lifetimeYears,
          })
          .strict(),
      )
      .default([])
      .describe("PoE access switches on offer, where a building's free ports (accessSwitchPorts) run short"),
    routers: z
      .array(z.object({ model: z.string().min(1), throughputMbps: z.number().positive(), price, installation: price.default(0), lifetimeYears }).strict())
      .default([])
      .describe('routers or firewalls on offer, by rated throughput'),
    chargingCabinet: z
      .object({
        model: z.string().optional(),
        devicesPerCabinet: z.number().int().positive(),
        price,
        installation: price.default(0).describe('per cabinet: mounting and an electrician'),
        wattsPerDevice: z.number().positive().describe("one device's charging power, W: the cabinet's rating divided by its slots"),
        lifetimeYears: z.number().int().min(1).max(50).default(10).describe('years it is used: with its cost, whether buying it is an investment (planning.capitalisation)'),
      })
      .strict()
      .optional()
      .describe('the charging cabinet or trolley on offer, for devices charged at school'),
    devices: z
      .array(
        z
          .object({
            type: z.enum(deviceTypes),
            model: z.string().optional(),
            title: titles.optional().describe("the device as readers see it in the plan, per language; the type's common name where absent"),
            price,
            leasePerMonth: price.optional().describe('per device and month, where the supplier leases it'),
            lifetimeYears: z.number().int().min(1).max(10).describe('years a device is used before it is replaced'),
            residualValue: price.default(0).describe('what a device brings back at end of life (buy-back, resale)'),
            disposalCost: price.default(0).describe('collection, data wiping and recycling per device'),
          })
          .strict()
          .refine((d) => d.residualValue <= d.price, { message: 'a residual value above the price', path: ['residualValue'] }),
      )
      .default([])
      .describe('pupil and staff devices on offer, one per type: the plan prices the fleet with them'),
  })
  .strict();
export type Catalogue = z.infer<typeof catalogueSchema>;

export const storeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('embedded'), path: z.string().default('data/kapasitet.sqlite') }).strict(),
  z
    .object({
      kind: z.literal('influxdb'),
      url: z.string().url(),
      database: z.string().min(1),
      username: z.string().optional(),
      password: secretRefSchema.optional(),
      gzip: z
        .boolean()
        .default(false)
        .describe('compress writes: for an InfluxDB across a slow or metered link. On a LAN it costs more CPU than it saves (bench/store.ts: 56,000 points/s with it, 86,000 without, influxd on the same two cores)'),
    })
    .strict()
    .describe('InfluxDB 1.x, or 2.x/3.x through their 1.x-compatible endpoints with a mapped database'),
  z
    .object({
      kind: z.literal('influxdb2'),
      url: z.string().url(),
      token: secretRefSchema,
      org: z.string().min(1),
      bucket: z.string().min(1),
      database: z.string().min(1).optional().describe('the database name mapped to the bucket (DBRP) that queries use; default: the bucket name'),
    })
    .strict()
    .describe('InfluxDB 2.x/3.x: writes with @influxdata/influxdb-client to the bucket, queries in InfluxQL through the 1.x-compatible /query'),
]);
export type StoreConfig = z.infer<typeof storeSchema>;

/** "10.0.0.5", "10.0.0.0/8", "fd00::1", "fd00::/8". */
function isAddressOrRange(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address!);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

export { accessSchema, roles, type AccessConfig, type Role } from './access.ts';

/** A school's internet line as a flow exporter sees it: by the interface facing the internet, or by the school's own addresses. */
export const flowLineSchema = z
  .object({
    school: id.describe("the school whose internet line this is"),
    ifIndex: z.number().int().min(1).optional().describe('the ifIndex of the interface facing the internet: flows in on it are downloads, flows out on it uploads'),
    inside: z.array(prefixSchema).min(1).optional().describe("the school's own address ranges (before NAT): flows to them are downloads, flows from them uploads"),
  })
  .strict()
  .refine((l) => l.ifIndex !== undefined || l.inside !== undefined, 'give ifIndex (the interface facing the internet) or inside (the school\'s own address ranges)');

export const flowExporterSchema = z
  .object({
    address: z.string().refine((a) => isIP(a) !== 0, 'an IP address: where the router or firewall sends its flows from'),
    name: z.string().optional(),
    lines: z.array(flowLineSchema).min(1).describe('the school lines this exporter sees; a router serving several schools names each by its interface'),
  })
  .strict();

export const flowsSchema = z
  .object({
    host: z.string().default('0.0.0.0').describe('the address the flow receiver listens on'),
    netflowPort: z.number().int().min(0).max(65535).default(2055).describe('NetFlow v5 and v9 (any version is read on either port)'),
    ipfixPort: z.number().int().min(0).max(65535).default(4739),
    sflowPort: z.number().int().min(0).max(65535).optional().describe('sFlow v5 from switches, usually 6343; not listened on when absent (any format is read on any port)'),
    templateTimeoutSeconds: z.number().int().min(60).max(86_400).default(1800).describe('templates not resent within this are forgotten'),
    unclassifiedTop: z.number().int().min(1).max(200).default(20).describe('remote prefixes of unclassified traffic kept per school and hour'),
    exporters: z.array(flowExporterSchema).min(1),
    classes: z.array(trafficClassSchema).default([]).describe('classes of this installation, or prefixes added to a shipped class by its id'),
  })
  .strict();
export type FlowsConfig = z.infer<typeof flowsSchema>;

/** The collector's polling: how often, how many devices at a time, and where points wait while the store is down. */
export const collectorSchema = z
  .object({
    intervalSeconds: pollInterval.default(60),
    concurrency: z.number().int().min(1).max(512).default(32),
    spoolPath: z.string().default('data/spool.jsonl').describe('where points wait on disk while the store cannot be reached'),
    spoolMaxPoints: z.number().int().min(1000).default(500_000).describe('the oldest points are dropped beyond this, and counted'),
    staticRefreshMinutes: z
      .number()
      .min(0)
      .max(1440)
      .default(15)
      .describe("how long names and descriptions (ifName, ifDescr, ifAlias, AP names) are reused between reads; new rows and agent restarts read them at once; 0 reads them every poll"),
  })
  .strict();

const configObject = z
  .object({
    municipality: municipalitySchema.optional().describe('the municipality, when the installation serves one'),
    municipalities: z
      .array(municipalitySchema)
      .min(1)
      .optional()
      .describe('the municipalities sharing this installation (merged or cooperating); each school names its own'),
    secretsFile: z.string().optional().describe('YAML file of name: value pairs for {secret: name} references'),
    schools: z.array(schoolSchema).min(1),
    devicePolicies: z.array(devicePolicySchema).min(1),
    planning: planningSchema.default({ headroom: 0.7, mbpsPerDevice: 1, concurrency: 1, horizonYears: 4, demandGrowthPerYear: 0, maxChannelUtilisation: 0.5, dhcpChurn: 0.25, movableShare: 0.15, saturation: 0.9, budgetYear: { startMonth: 1, purchaseMonth: 6 }, capitalisation: { minimumCost: 100_000, minimumLifeYears: 3, minimumUnitCost: 10_000 }, contingency: 0, financing: 'buy' }),
    catalogue: catalogueSchema.optional(),
    collector: collectorSchema.default({ intervalSeconds: 60, concurrency: 32, spoolPath: 'data/spool.jsonl', spoolMaxPoints: 500_000, staticRefreshMinutes: 15 }),
    store: storeSchema.default({ kind: 'embedded', path: 'data/kapasitet.sqlite' }),
    retention: z
      .object({
        rawDays: z.number().int().min(1).max(3650).default(30).describe('days raw points are kept; the live dashboard reads these'),
        rollupYears: z.number().min(1).max(50).default(5).describe('years hourly roll-ups are kept; planning and history read these'),
      })
      .strict()
      .default({ rawDays: 30, rollupYears: 5 }),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        trustedProxies: z
          .array(z.string().refine(isAddressOrRange, 'an IP address or a range such as 10.0.0.0/8 or fd00::/8'))
          .default([])
          .describe('reverse proxies in front of the server: for requests from these, the client is read from X-Forwarded-For (login limits are per client)'),
        secureCookies: z
          .boolean()
          .default(true)
          .describe('mark the session cookie Secure (HTTPS only); turn off only when people reach this server over plain HTTP on a trusted network'),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8080, trustedProxies: [], secureCookies: true }),
    access: accessSchema.default({ users: [], tokens: [], sessionHours: 12, preferencesPath: 'data/preferences.sqlite', providers: [], localLogin: true }),
    alerts: alertsSchema.default(alertsSchema.parse({})),
    flows: flowsSchema.optional().describe('NetFlow/IPFIX from the schools\' routers: what kind of traffic fills each line'),
  })
  .strict();

/** Either form of the municipality setting becomes one list, and every school names its municipality. */
export const configSchema = configObject.superRefine(checkReferences).transform(({ municipality, municipalities, ...cfg }) => {
  const list = municipalities ?? [municipality!];
  return { ...cfg, municipalities: list, schools: cfg.schools.map((school) => ({ ...school, municipality: school.municipality ?? list[0]!.id })) };
});
export type Config = z.infer<typeof configSchema>;
/** The config as written, before the municipality setting becomes a list: what the demo and tests build. */
export type ConfigInput = z.input<typeof configSchema>;

/** Cross-references the schema alone cannot express: unique ids, links and APs naming real devices. */
function checkReferences(cfg: z.infer<typeof configObject>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  const unique = (value: string, path: (string | number)[]) => {
    const where = path.join('.');
    const first = seen.get(value);
    if (first) ctx.addIssue({ code: 'custom', path, message: `id "${value}" is already used at ${first}` });
    else seen.set(value, where);
  };
  if ((cfg.municipality === undefined) === (cfg.municipalities === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['municipality'], message: 'give either municipality (one) or municipalities (several), not both or neither' });
  }
  const municipalities = new Set((cfg.municipalities ?? []).map((m) => m.id));
  if (municipalities.size < (cfg.municipalities?.length ?? 0)) ctx.addIssue({ code: 'custom', path: ['municipalities'], message: 'municipality ids must be unique' });
  cfg.schools.forEach((school, s) => {
    unique(school.id, ['schools', s, 'id']);
    const owner = school.municipality;
    if (cfg.municipalities && cfg.municipalities.length > 1 && owner === undefined) {
      ctx.addIssue({ code: 'custom', path: ['schools', s, 'municipality'], message: `required when there are several municipalities (${[...municipalities].join(', ')})` });
    } else if (owner !== undefined && owner !== (cfg.municipality?.id ?? owner) && !municipalities.has(owner)) {
      ctx.addIssue({ code: 'custom', path: ['schools', s, 'municipality'], message: `no municipality "${owner}"` });
    }
    const schoolDevices = new Map(school.devices.map((d) => [d.id, d]));
    school.devices.forEach((d, i) => unique(d.id, ['schools', s, 'devices', i, 'id']));
    if (school.internet && !schoolDevices.has(school.internet.device)) {
      ctx.addIssue({ code: 'custom', path: ['schools', s, 'internet', 'device'], message: `no device "${school.internet.device}" in this school's devices` });
    }
    school.buildings.forEach((building, b) => {
      const at = ['schools', s, 'buildings', b];
      unique(building.id, [...at, 'id']);
      building.devices.forEach((d, i) => unique(d.id, [...at, 'devices', i, 'id']));
      const reachable = new Set([...schoolDevices.keys(), ...building.devices.map((d) => d.id)]);
      if (building.uplink && !reachable.has(building.uplink.device)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'uplink', 'device'], message: `no device "${building.uplink.device}" in this building or its school` });
      }
      building.accessPoints.forEach((ap, a) => {
        unique(ap.id, [...at, 'accessPoints', a, 'id']);
        if (ap.controller && !reachable.has(ap.controller)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'accessPoints', a, 'controller'], message: `no device "${ap.controller}" in this building or its school` });
        }
      });
    });
  });
  const known = new Set([...municipalities, ...(cfg.municipality ? [cfg.municipality.id] : [])]);
  const accounts = new Set<string>();
  for (const kind of ['users', 'tokens'] as const) {
    cfg.access?.[kind].forEach((account, i) => {
      if (accounts.has(account.name)) ctx.addIssue({ code: 'custom', path: ['access', kind, i, 'name'], message: `"${account.name}" is already an account name` });
      accounts.add(account.name);
      account.municipalities.forEach((m, j) => {
        if (m !== '*' && !known.has(m)) ctx.addIssue({ code: 'custom', path: ['access', kind, i, 'municipalities', j], message: `no municipality "${m}"` });
      });
    });
  }
  const providerIds = new Set<string>();
  cfg.access?.providers.forEach((provider, i) => {
    const at = ['access', 'providers', i];
    if (providerIds.has(provider.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `provider "${provider.id}" is already listed` });
    providerIds.add(provider.id);
    const bound = provider.municipalities.includes('*') ? known : new Set(provider.municipalities);
    provider.municipalities.forEach((m, j) => {
      if (m !== '*' && !known.has(m)) ctx.addIssue({ code: 'custom', path: [...at, 'municipalities', j], message: `no municipality "${m}"` });
    });
    provider.rules.forEach((rule, r) => {
      rule.municipalities.forEach((m, j) => {
        if (m === '*' ? !provider.municipalities.includes('*') : !bound.has(m)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'rules', r, 'municipalities', j], message: known.has(m) || m === '*' ? `this provider may grant only ${[...bound].join(', ')}` : `no municipality "${m}"` });
        }
      });
    });
  });
  const schoolIds = new Set(cfg.schools.map((school) => school.id));
  const exporters = new Set<string>();
  cfg.flows?.exporters.forEach((e, i) => {
    if (exporters.has(e.address)) ctx.addIssue({ code: 'custom', path: ['flows', 'exporters', i, 'address'], message: `exporter ${e.address} is already listed` });
    exporters.add(e.address);
    e.lines.forEach((line, j) => {
      if (!schoolIds.has(line.school)) ctx.addIssue({ code: 'custom', path: ['flows', 'exporters', i, 'lines', j, 'school'], message: `no school "${line.school}"` });
    });
  });
  const policies = new Set(cfg.devicePolicies.map((p) => p.name));
  if (cfg.planning?.scenario && !policies.has(cfg.planning.scenario)) {
    ctx.addIssue({ code: 'custom', path: ['planning', 'scenario'], message: `no device policy named "${cfg.planning.scenario}"` });
  }
}
