// The demo's aggregation router exporting IPFIX: every few seconds, each school line's traffic (the
// simulated internet interface's rates, split by simulator/traffic-mix.ts) as one flow record per
// class and direction, from a remote address the class catalogue puts in that class, on the line's
// interface index. The receiver classifies them as it would a real router's: nothing is pre-sorted.
import { createSocket } from 'node:dgram';
import type { Config } from '../config/schema.ts';
import { municipalityOf } from '../config/inventory.ts';
import { dataSet, ipfixMessage, ROUTER_FIELDS, templateSet } from './flow-packets.ts';
import { classRates } from './traffic-mix.ts';
import type { SimDevice } from './world.ts';

/** A remote end per class that the shipped catalogue or the demo config's classes match. */
const REMOTES: Record<string, { address: string; protocol: number; port: number }> = {
  'video-meetings': { address: '52.112.4.20', protocol: 17, port: 3478 },
  'learning-exams': { address: '192.0.2.80', protocol: 6, port: 443 },
  'cloud-office': { address: '13.107.136.10', protocol: 6, port: 443 },
  'video-streaming': { address: '198.51.100.20', protocol: 6, port: 443 },
  updates: { address: '17.253.84.1', protocol: 6, port: 443 },
  'gaming-social': { address: '203.0.113.200', protocol: 17, port: 27_015 },
  infrastructure: { address: '9.9.9.9', protocol: 17, port: 53 },
  other: { address: '203.0.113.10', protocol: 6, port: 8443 },
};

/** Starts exporting to `port` on loopback; returns a function that stops it. */
export function exportFlows(config: Config, world: readonly SimDevice[], simTime: (realMs: number) => number, port: number, everyMs = 10_000): () => Promise<void> {
  const socket = createSocket('udp4');
  const lines = (config.flows?.exporters ?? []).flatMap((e) => e.lines.filter((l) => l.ifIndex !== undefined).map((l) => ({ school: config.schools.find((s) => s.id === l.school)!, ifIndex: l.ifIndex! })));
  let sequence = 0;
  const send = () => {
    const sim = simTime(Date.now());
    const records: (number | string)[][] = [];
    for (const { school, ifIndex } of lines) {
      const router = world.find((d) => d.config.id === school.internet?.device);
      const line = router?.interfaces.find((i) => i.name === school.internet?.interface);
      if (!line) continue;
      const { inBps, outBps } = line.rates(sim);
      const seconds = everyMs / 1000;
      for (const [cls, r] of Object.entries(classRates(school.id, inBps, outBps, sim, municipalityOf(config, school).timezone))) {
        const remote = REMOTES[cls];
        if (!remote) continue;
        const inside = `10.${config.schools.indexOf(school) + 1}.0.20`;
        const down = Math.round((r.inBps / 8) * seconds);
        const up = Math.round((r.outBps / 8) * seconds);
        if (down > 0) records.push([remote.address, inside, remote.port, 50_000, remote.protocol, down, Math.max(1, Math.round(down / 1200)), ifIndex, 0]);
        if (up > 0) records.push([inside, remote.address, 50_000, remote.port, remote.protocol, up, Math.max(1, Math.round(up / 600)), 0, ifIndex]);
      }
    }
    // Thirty records a message keeps each datagram under 1,500 bytes, as routers do.
    for (let i = 0; i < records.length; i += 30) {
      const chunk = records.slice(i, i + 30);
      socket.send(ipfixMessage([templateSet(10, 256, ROUTER_FIELDS), dataSet(256, ROUTER_FIELDS, chunk)], sequence), port, '127.0.0.1');
      sequence = (sequence + chunk.length) >>> 0;
    }
  };
  const timer = setInterval(send, everyMs);
  return async () => {
    clearInterval(timer);
    await new Promise<void>((done) => socket.close(() => done()));
  };
}
