// A county for the API benchmarks: `schools` schools of three buildings with seven access points
// each, and one poll's newest points with figures that differ from point to point and poll to poll,
// as a real network's do (identical ones would gzip far better than any real overview).
import { configSchema, type Config } from '../config/schema.ts';
import { demoConfig } from '../simulator/demo.ts';
import type { Point } from '../store/point.ts';

const snmp = { version: '2c', host: '127.0.0.1', community: { secret: 'c' } };

/** With `flows`, every school's line exports flows (the plan then finds each line's busy-hour traffic mix). */
export function countyConfig(schools: number, options: { flows?: boolean } = {}): Config {
  const flows = { exporters: [{ address: '127.0.0.1', lines: Array.from({ length: schools }, (_, i) => ({ school: `s${i}`, ifIndex: i + 1 })) }] };
  return configSchema.parse({
    ...(options.flows ? { flows } : {}),
    municipality: { id: 'land', name: 'Landet' },
    devicePolicies: demoConfig().devicePolicies,
    schools: Array.from({ length: schools }, (_, i) => ({
      id: `s${i}`,
      name: `School ${i}`,
      internet: { device: `s${i}-rtr`, interface: 'wan', capacityMbps: 1000 },
      devices: [{ id: `s${i}-rtr`, role: 'router', snmp }, { id: `s${i}-wlc`, role: 'wlan-controller', snmp }],
      enrolment: [{ year: 2026, pupils: { 5: 60, 6: 60, 7: 60 }, staff: 30 }],
      buildings: [0, 1, 2].map((b) => ({
        id: `s${i}-b${b}`,
        name: `Building ${b}`,
        classrooms: 10,
        uplink: { device: `s${i}-b${b}-sw`, interface: 'up', capacityMbps: 1000 },
        devices: [{ id: `s${i}-b${b}-sw`, role: 'switch', snmp }],
        accessPoints: Array.from({ length: 7 }, (_, a) => ({ id: `s${i}-b${b}-ap${a}`, name: `S${i}-B${b}-AP${a}`, generation: 'wifi6', controller: `s${i}-wlc` })),
      })),
    })),
  });
}

/** One poll of every device, stored about `at`; `seed` makes a different poll. */
export function pollPoints(config: Config, at: number, seed = 7): Point[] {
  const points: Point[] = [];
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const linkLoad = (capacityBps: number) => {
    const inBps = Math.round(random() * capacityBps * 0.9);
    return { in_bps: inBps, out_bps: Math.round(inBps * random() * 0.3), utilisation: inBps / capacityBps };
  };
  const polled = () => at - Math.round(random() * 20_000);
  for (const s of config.schools) {
    const base = { municipality: 'land', school: s.id };
    points.push({ measurement: 'interface', tags: { ...base, device: `${s.id}-rtr`, interface: 'wan', link: 'internet' }, fields: linkLoad(1e9), time: polled() });
    for (const b of s.buildings) {
      points.push({ measurement: 'interface', tags: { ...base, device: `${b.id}-sw`, interface: 'up', link: 'uplink', building: b.id }, fields: linkLoad(1e9), time: polled() });
      for (const ap of b.accessPoints) points.push({ measurement: 'access_point', tags: { ...base, building: b.id, ap: ap.id, controller: `${s.id}-wlc` }, fields: { clients: Math.round(random() * 45), up: 1, channel_utilisation: Math.round(random() * 100) / 100 }, time: polled() });
    }
    for (const d of [...s.devices, ...s.buildings.flatMap((b) => b.devices)]) points.push({ measurement: 'device', tags: { ...base, device: d.id, role: d.role }, fields: { up: random() < 0.01 ? 0 : 1 }, time: polled() });
  }
  return points;
}
