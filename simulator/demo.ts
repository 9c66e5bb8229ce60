// The demo municipality `npm start` runs when no config file is given: three schools, six
// buildings, 41 access points, and one building (Nordli's old wing) clearly short of capacity.
import { configSchema, type Config } from '../config/schema.ts';

/** The secret name the demo's devices use for their community; the simulator supplies its value. */
export const DEMO_COMMUNITY_SECRET = 'demo-community';

const community = { secret: DEMO_COMMUNITY_SECRET };
const snmpAt = { version: '2c' as const, host: '127.0.0.1', port: 161, community };

function aps(prefix: string, count: number, generation: 'wifi4' | 'wifi5' | 'wifi6', controller: string) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-ap${String(i + 1).padStart(2, '0')}`,
    name: `${prefix.toUpperCase()}-AP${String(i + 1).padStart(2, '0')}`,
    generation,
    model: generation === 'wifi4' ? 'AIR-CAP2602I' : generation === 'wifi5' ? 'AIR-AP2802I' : 'C9120AXI',
    controller,
  }));
}

function device(id: string, role: 'router' | 'switch' | 'wlan-controller', name: string) {
  return { id, role, name, snmp: { ...snmpAt } };
}

/** School years 2026/27 to 2029/30, with pupils per grade growing or shrinking by `trend` a year. */
function enrolment(pupilsPerGrade: Record<number, number>, staff: number, trend: number) {
  return [2026, 2027, 2028, 2029].map((year, i) => ({
    year,
    pupils: Object.fromEntries(Object.entries(pupilsPerGrade).map(([g, n]) => [g, Math.round(n * (1 + trend) ** i)])),
    staff,
  }));
}

const grades = (from: number, to: number, pupils: number) =>
  Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, pupils]));

export function demoConfig(): Config {
  return configSchema.parse({
    municipality: { id: 'fjordvik', name: 'Fjordvik kommune', timezone: 'Europe/Oslo', locale: 'nb' },
    schools: [
      {
        id: 'fjordvik-barneskole',
        name: 'Fjordvik barneskole',
        internet: { device: 'fb-rtr', interface: 'Gi0/0/0', capacityMbps: 1000 },
        devices: [device('fb-rtr', 'router', 'fb-rtr01'), device('fb-wlc', 'wlan-controller', 'fb-wlc01')],
        enrolment: enrolment(grades(1, 7, 52), 48, 0.02),
        // The devices the school has: bought in waves, the oldest due for replacement first.
        fleet: [
          { type: 'tablet', count: 100, acquired: 2022 },
          { type: 'laptop', count: 180, acquired: 2023 },
        ],
        buildings: [
          {
            id: 'fb-a',
            name: 'A-bygget (1.–4. trinn)',
            classrooms: 10,
            grades: [1, 2, 3, 4],
            uplink: { device: 'fb-a-sw', interface: 'Te1/1/1', capacityMbps: 1000 },
            devices: [device('fb-a-sw', 'switch', 'fb-a-sw01')],
            accessPoints: aps('fb-a', 8, 'wifi5', 'fb-wlc'),
            accessSwitchPorts: 4,
          },
          {
            id: 'fb-b',
            name: 'B-bygget (5.–7. trinn)',
            classrooms: 8,
            grades: [5, 6, 7],
            uplink: { device: 'fb-b-sw', interface: 'Te1/1/1', capacityMbps: 1000 },
            devices: [device('fb-b-sw', 'switch', 'fb-b-sw01')],
            accessPoints: aps('fb-b', 8, 'wifi5', 'fb-wlc'),
            accessSwitchPorts: 4,
          },
        ],
      },
      {
        id: 'nordli-ungdomsskole',
        name: 'Nordli ungdomsskole',
        internet: { device: 'nu-rtr', interface: 'Gi0/0/0', capacityMbps: 500 },
        // A branch router rated below the line the plan moves Nordli to.
        devices: [{ ...device('nu-rtr', 'router', 'nu-rtr01'), ratedMbps: 600 }, device('nu-wlc', 'wlan-controller', 'nu-wlc01')],
        enrolment: enrolment(grades(8, 10, 90), 40, 0.03),
        fleet: [{ type: 'laptop', count: 300, acquired: 2023 }],
        buildings: [
          {
            id: 'nu-hoved',
            name: 'Hovedbygget',
            classrooms: 10,
            grades: [8],
            uplink: { device: 'nu-hoved-sw', interface: 'Te1/1/1', capacityMbps: 1000 },
            devices: [device('nu-hoved-sw', 'switch', 'nu-hoved-sw01')],
            accessPoints: aps('nu-hoved', 10, 'wifi6', 'nu-wlc'),
            accessSwitchPorts: 6,
          },
          {
            // The short one: two year groups on 1:1 laptops behind a 100 Mbit/s uplink and two old
            // 802.11n access points. Short whatever the seed: they want about twice what the link carries.
            id: 'nu-gamle',
            name: 'Gamlebygget',
            classrooms: 8,
            grades: [9, 10],
            uplink: { device: 'nu-gamle-sw', interface: 'Fa0/24', capacityMbps: 100 },
            devices: [device('nu-gamle-sw', 'switch', 'nu-gamle-sw01')],
            accessPoints: aps('nu-gamle', 2, 'wifi4', 'nu-wlc'),
            accessSwitchPorts: 2,
          },
        ],
      },
      {
        id: 'storeng-skole',
        name: 'Storeng skole',
        internet: { device: 'st-rtr', interface: 'Gi0/0/0', capacityMbps: 300 },
        devices: [device('st-rtr', 'router', 'st-rtr01'), device('st-wlc', 'wlan-controller', 'st-wlc01')],
        enrolment: enrolment(grades(1, 10, 24), 38, -0.01),
        fleet: [
          { type: 'tablet', count: 40, acquired: 2024 },
          { type: 'laptop', count: 160, acquired: 2022 },
        ],
        buildings: [
          {
            id: 'st-nord',
            name: 'Nordfløyen (1.–4. trinn)',
            classrooms: 8,
            grades: [1, 2, 3, 4],
            uplink: { device: 'st-nord-sw', interface: 'Gi1/0/48', capacityMbps: 1000 },
            devices: [device('st-nord-sw', 'switch', 'st-nord-sw01')],
            accessPoints: aps('st-nord', 4, 'wifi5', 'st-wlc'),
            accessSwitchPorts: 2,
          },
          {
            id: 'st-sor',
            name: 'Sørfløyen (5.–10. trinn)',
            // A /24 for the pupils' VLAN: too small for their devices and churn. Staff have their own.
            dhcpScopes: [
              { name: 'elev', vlan: 110, size: 254, serves: 'pupils' },
              { name: 'ansatt', vlan: 120, size: 126, serves: 'staff' },
            ],
            classrooms: 10,
            grades: [5, 6, 7, 8, 9, 10],
            uplink: { device: 'st-sor-sw', interface: 'Gi1/0/48', capacityMbps: 1000 },
            devices: [device('st-sor-sw', 'switch', 'st-sor-sw01')],
            accessPoints: aps('st-sor', 9, 'wifi5', 'st-wlc'),
            accessSwitchPorts: 4,
          },
        ],
      },
    ],
    devicePolicies: [
      {
        name: 'today',
        title: { en: 'Today: 1:2 tablets to grade 4', nb: 'I dag: nettbrett 1:2 til 4. trinn', sv: 'I dag: surfplatta 1:2 till åk 4', da: 'I dag: tablet 1:2 til 4. klasse' },
        effectiveFrom: 2024,
        bands: [
          { grades: [1, 4], pupilsPerDevice: 2, deviceType: 'tablet' },
          { grades: [5, 13], pupilsPerDevice: 1, deviceType: 'laptop' },
        ],
        staffDevicesPerPerson: 1,
        personalDevicesPerPupil: 0.5,
      },
      {
        name: 'one-to-one',
        title: { en: 'One device per pupil from 2027', nb: 'Én enhet per elev fra 2027', sv: 'En enhet per elev från 2027', da: 'Én enhed pr. elev fra 2027' },
        effectiveFrom: 2027,
        bands: [
          { grades: [1, 4], pupilsPerDevice: 1, deviceType: 'tablet' },
          { grades: [5, 13], pupilsPerDevice: 1, deviceType: 'laptop' },
        ],
        staffDevicesPerPerson: 1,
        personalDevicesPerPupil: 0.5,
      },
    ],
    planning: { scenario: 'one-to-one' },
    // Illustrative prices for the demo, not quotes: a municipality enters its own framework-agreement prices.
    catalogue: {
      currency: 'NOK',
      leaseYears: 4,
      accessPoints: [{ generation: 'wifi6', model: 'Wi-Fi 6 AP (C9120AXI)', price: 9500, installation: 3000, clientsPerAp: 50 }],
      uplinks: [
        { mbps: 1000, price: 12_000, installation: 4000 },
        { mbps: 10_000, price: 35_000, installation: 6000 },
      ],
      routers: [
        { model: 'Branch router 1G', throughputMbps: 1000, price: 28_000, installation: 6000 },
        { model: 'Branch router 5G', throughputMbps: 5000, price: 60_000, installation: 8000 },
      ],
      internetTiers: [
        { mbps: 500, monthlyPrice: 5000, installation: 10_000 },
        { mbps: 1000, monthlyPrice: 8000, installation: 10_000 },
        { mbps: 2000, monthlyPrice: 12_000, installation: 10_000 },
      ],
      cablingPerAccessPoint: 3500,
      switches: [
        { model: 'Access switch 8 × PoE+', ports: 8, poeBudgetW: 240, price: 9000, installation: 2000 },
        { model: 'Access switch 24 × PoE+', ports: 24, poeBudgetW: 370, price: 28_000, installation: 3000 },
      ],
      chargingCabinet: { model: 'Charging cabinet, 32 slots', devicesPerCabinet: 32, price: 18_000, installation: 4000, wattsPerDevice: 25 },
      devices: [
        { type: 'laptop', model: 'Pupil laptop', price: 7500, leasePerMonth: 210, lifetimeYears: 4, residualValue: 300, disposalCost: 100 },
        { type: 'tablet', model: 'Pupil tablet', price: 4500, leasePerMonth: 130, lifetimeYears: 4, residualValue: 200, disposalCost: 100 },
      ],
    },
    collector: { intervalSeconds: 10 },
    // One aggregation router exports the three schools' lines as IPFIX, each line by its interface;
    // free ports, as the simulated agents have, and the exporter is told which.
    flows: {
      host: '127.0.0.1',
      netflowPort: 0,
      ipfixPort: 0,
      exporters: [{ address: '127.0.0.1', name: 'Demo aggregation router', lines: [{ school: 'fjordvik-barneskole', ifIndex: 1 }, { school: 'nordli-ungdomsskole', ifIndex: 2 }, { school: 'storeng-skole', ifIndex: 3 }] }],
      classes: [
        { id: 'learning-exams', match: [{ prefixes: ['192.0.2.0/24'], source: 'demo: the learning platform and exam service (documentation addresses, RFC 5737)' }] },
        { id: 'video-streaming', match: [{ prefixes: ['198.51.100.0/25'], source: 'demo: a streaming service (documentation addresses, RFC 5737)' }] },
      ],
    },
  });
}
