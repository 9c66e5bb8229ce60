// `kapasitet poll <device-id | host[:port]>`: polls one device now and prints what would be stored,
// like Telegraf's --test. For checking a new device, credentials or profile before adding it.
import { deviceTargets, type DeviceTarget } from '../config/inventory.ts';
import { Secrets } from '../config/secrets.ts';
import { pollDevice, type DeviceSample } from '../collector/poll-device.ts';
import { loadProfiles } from '../collector/profiles.ts';
import { ProbedProfiles } from '../collector/probed-profiles.ts';
import { RateTracker } from '../collector/rates.ts';
import { fastestSpeed, interfaceName, interfaceRate } from '../collector/to-points.ts';
import { reportedAps } from '../collector/wifi-points.ts';
import { adHocTarget, isAdHoc, type SnmpCliOptions } from './ad-hoc-target.ts';
import { findConfig, reportConfigError, type CliOptions } from './options.ts';
import { ConfigError } from '../config/load.ts';

export interface PollOptions extends CliOptions, SnmpCliOptions {
  samples?: string;
  json?: boolean;
}

export async function poll(what: string | undefined, options: PollOptions): Promise<number> {
  let target: DeviceTarget;
  let secrets: Secrets;
  let samples: number;
  let intervalMs: number;
  try {
    if (!what) throw new ConfigError('command line', [{ path: 'poll', message: 'name a device id from the config, or host[:port]' }]);
    ({ target, secrets } = resolveTarget(what, options));
    samples = Number(options.samples ?? 2);
    intervalMs = parseDuration(options.interval ?? '10s');
    if (!Number.isInteger(samples) || samples < 1) throw new ConfigError('command line', [{ path: '--samples', message: 'a whole number ≥ 1' }]);
  } catch (err) {
    return reportConfigError(err);
  }
  const profiles = loadProfiles();
  const rates = new RateTracker();
  // Without --profile, profiles that the sysObjectID does not select are found by their probe.
  const probed = new ProbedProfiles();
  const results = [];
  for (let i = 0; i < samples; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, intervalMs));
    const sample = await pollDevice(target, profiles, secrets, Date.now, undefined, probed);
    results.push(describeSample(target, sample, rates));
    if (!options.json) printSample(results.at(-1)!);
    if (!sample.ok) break;
  }
  if (options.json) console.log(JSON.stringify({ device: { id: target.device.id, host: target.device.snmp.host, port: target.device.snmp.port }, samples: results }, null, 2));
  return results.every((r) => r.ok) ? 0 : 1;
}

function resolveTarget(what: string, options: PollOptions): { target: DeviceTarget; secrets: Secrets } {
  if (!isAdHoc(options)) {
    const source = findConfig(options);
    if (source.demo) throw new ConfigError('command line', [{ path: 'poll', message: 'give --community or --v3-user for a device not in a config file' }]);
    const target = deviceTargets(source.config).find((t) => t.device.id === what);
    if (!target) throw new ConfigError(source.file, [{ path: 'poll', message: `no device "${what}" in the config` }]);
    return { target, secrets: source.secrets };
  }
  return adHocTarget(what, options);
}

/** "10s", "2m", "500ms" or a bare number of seconds. */
function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) throw new ConfigError('command line', [{ path: '--interval', message: `expected a duration like 10s, got "${text}"` }]);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 }[m[2] ?? 's'] ?? 1000);
}

/** What a poll read, as `poll` prints it (and `profile test`). */
export function describeSample(target: DeviceTarget, sample: DeviceSample, rates: RateTracker) {
  const mbps = (bps: number) => Math.round(bps / 1e4) / 100;
  const rows = sample.rows.filter((r) => r.entity === 'interface');
  const fastestBps = fastestSpeed(rows);
  const interfaces = rows
    .map((row) => {
      const speedBps = typeof row.values.speedBps === 'number' ? row.values.speedBps : undefined;
      const rate = interfaceRate(target, sample, row, rates, fastestBps);
      return {
        ifIndex: row.index.ifIndex,
        name: interfaceName(row),
        alias: row.values.alias,
        speedMbps: speedBps !== undefined ? speedBps / 1e6 : undefined,
        status: row.values.operStatus,
        counterBits: row.sources.inOctets ? (row.sources.inOctets.type === 'counter32' ? 32 : 64) : undefined,
        // Counters as decimal strings: JSON numbers lose precision past 2^53.
        inOctets: row.values.inOctets?.toString(),
        outOctets: row.values.outOctets?.toString(),
        inMbps: rate?.kind === 'rate' ? mbps(rate.inBps) : undefined,
        outMbps: rate?.kind === 'rate' ? mbps(rate.outBps) : undefined,
        utilisation: rate?.kind === 'rate' && speedBps ? Math.max(rate.inBps, rate.outBps) / speedBps : undefined,
        noRate: rate && rate.kind !== 'rate' ? rate.reason : undefined,
      };
    });
  const accessPoints = reportedAps(sample, target.device.id).map(({ key: _key, ...ap }) => ap);
  return { ok: sample.ok, error: sample.error, time: new Date(sample.time).toISOString(), sysName: sample.sysName, sysObjectID: sample.sysObjectID, pollMs: sample.durationMs, profilesFoundByProbe: sample.probed, interfaces, accessPoints, refused: sample.refused };
}

const percent = (share: number | undefined) => (share === undefined ? '? %' : `${Math.round(share * 1000) / 10} %`);

export function printSample(s: ReturnType<typeof describeSample>): void {
  if (!s.ok) {
    console.log(`${s.time}  ${s.error}`);
    return;
  }
  console.log(`${s.time}  ${s.sysName ?? '?'} (${s.sysObjectID ?? '?'}) in ${s.pollMs} ms`);
  if (s.profilesFoundByProbe?.length) console.log(`  profiles found by their probe: ${s.profilesFoundByProbe.join(', ')}`);
  for (const i of s.interfaces) {
    const rate = i.inMbps !== undefined ? `in ${i.inMbps} Mbit/s, out ${i.outMbps} Mbit/s, ${percent(i.utilisation)}` : `no rate (${i.noRate ?? 'no counters'})`;
    console.log(`  if ${i.ifIndex} ${i.name}  ${i.speedMbps ?? '?'} Mbit/s  ${i.status}  ${rate}`);
  }
  for (const ap of s.accessPoints) {
    const radios = ap.radios.map((r) => `radio ${r.id}${r.band ? ` ${r.band}` : ''} ${r.clients ?? '?'} clients, ${percent(r.channelUtilisation)} busy`);
    console.log(`  ap ${ap.name}${ap.mac ? ` ${ap.mac}` : ''} ${ap.up ? 'up' : 'down'}, ${ap.clients} clients: ${radios.join('; ')}`);
  }
  for (const r of s.refused) console.log(`  refused: ${r}`);
}
