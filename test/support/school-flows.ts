// The known flows of one school's line that the flow tests export (softflowd, sFlow written here) and
// hold Kapasitet to the reference decoders with: each flow with the class the catalogue gives it, by
// the test's own reading, and the config that attributes them to the school.
import { flowsSchema, type Config } from '../../config/schema.ts';
import { demoConfig } from '../../simulator/demo.ts';
import type { PacketFlow } from './pcap.ts';

export const SCHOOL = 'nordli-ungdomsskole';
/** The school's own ranges: a flow to them is a download, from them an upload. */
const INSIDE = ['10.1.0.0/16', '2001:db8:100::/48'];

/** Known flows and the class each belongs in, by the test's own reading of the catalogue. */
export const FLOWS: (PacketFlow & { expected: string })[] = [
  // Teams media from Microsoft's Optimize range on UDP 3478: video meetings, both ways.
  { src: '52.112.10.20', dst: '10.1.2.3', protocol: 'udp', srcPort: 3478, dstPort: 50_010, packets: 400, ipBytes: 1200, expected: 'video-meetings' },
  { src: '10.1.2.3', dst: '52.112.10.20', protocol: 'udp', srcPort: 50_010, dstPort: 3478, packets: 380, ipBytes: 900, expected: 'video-meetings' },
  // Apple's network: updates.
  { src: '17.253.1.9', dst: '10.1.4.4', protocol: 'tcp', srcPort: 443, dstPort: 51_000, packets: 900, ipBytes: 1500, expected: 'updates' },
  // SharePoint and OneDrive (Microsoft 365 ID 31): cloud office, in its first range and in 52.104.0.0/14.
  { src: '13.107.136.9', dst: '10.1.5.5', protocol: 'tcp', srcPort: 443, dstPort: 52_000, packets: 250, ipBytes: 1400, expected: 'cloud-office' },
  { src: '52.104.3.9', dst: '10.1.5.6', protocol: 'tcp', srcPort: 443, dstPort: 52_001, packets: 150, ipBytes: 1400, expected: 'cloud-office' },
  // DNS by its port, to an address no list names.
  { src: '10.1.5.5', dst: '192.0.2.53', protocol: 'udp', srcPort: 53_001, dstPort: 53, packets: 40, ipBytes: 80, expected: 'infrastructure' },
  // The municipality's exam service, a class prefix from the config.
  { src: '203.0.113.40', dst: '10.1.6.6', protocol: 'tcp', srcPort: 443, dstPort: 53_000, packets: 300, ipBytes: 1000, expected: 'learning-exams' },
  // Nobody's: "other", listed by its /24 and port.
  { src: '198.51.100.7', dst: '10.1.7.7', protocol: 'tcp', srcPort: 8443, dstPort: 54_000, packets: 120, ipBytes: 1300, expected: 'other' },
  { src: '198.51.100.9', dst: '10.1.7.8', protocol: 'tcp', srcPort: 8443, dstPort: 54_001, packets: 60, ipBytes: 700, expected: 'other' },
  // IPv6: Teams media, SharePoint, and an unknown /48.
  { src: '2603:1063::5', dst: '2001:db8:100::7', protocol: 'udp', srcPort: 3479, dstPort: 50_500, packets: 200, ipBytes: 1100, expected: 'video-meetings' },
  { src: '2620:1ec:8f8::20', dst: '2001:db8:100::9', protocol: 'tcp', srcPort: 443, dstPort: 50_600, packets: 80, ipBytes: 1400, expected: 'cloud-office' },
  { src: '2001:db8:ff:1::9', dst: '2001:db8:100::8', protocol: 'tcp', srcPort: 443, dstPort: 55_000, packets: 90, ipBytes: 1250, expected: 'other' },
  // Within the school: not the line's traffic, never counted.
  { src: '10.1.2.3', dst: '10.1.9.9', protocol: 'tcp', srcPort: 445, dstPort: 56_000, packets: 50, ipBytes: 1500, expected: 'internal' },
];

export const inside = (address: string) => address.startsWith('10.1.') || address.startsWith('2001:db8:100:');

/** The demo with one exporter on loopback carrying the school's line, and the exam provider's class; `ports` as the test wants them. */
export function schoolFlowsConfig(ports: { netflowPort?: number; sflowPort?: number } = {}): Config {
  const flows = flowsSchema.parse({
    host: '127.0.0.1',
    netflowPort: ports.netflowPort ?? 0,
    ipfixPort: 0,
    ...(ports.sflowPort !== undefined ? { sflowPort: ports.sflowPort } : {}),
    exporters: [{ address: '127.0.0.1', lines: [{ school: SCHOOL, inside: INSIDE }] }],
    classes: [{ id: 'learning-exams', match: [{ prefixes: ['203.0.113.0/24'], source: "the municipality's exam provider, test data" }] }],
  });
  return { ...demoConfig(), flows };
}
