// `npm run bench` (polling): what polling costs, on loopback, with the agents in a process of their
// own (bench/agents.ts) so that only the pollers' CPU is counted.
//  1. Cost: Kapasitet's collector (`kapasitet collect`, IF-MIB profile, writing to the embedded
//     store) against Prometheus' snmp_exporter (Debian's prometheus-snmp-exporter) walking the same
//     IF-MIB columns of the same agents. CPU seconds per million varbinds. Goal: no more than it.
//  2. Scale: `kapasitet collect` alone over 2,000 switches × 48 interfaces and a controller with 500
//     APs, every 60 s: cycle duration, CPU share of one core and peak RSS. Goals: < 20 s, < 50 %, < 300 MB.
// BENCH_POLLING=cost|scale picks one (default: both); BENCH_SCALE_DEVICES and BENCH_SCALE_INTERVAL
// shrink the scale run; BENCH_PROFILE=DIR writes CPU profiles of the collector and the agents there.
// Prints figures; asserts nothing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { stringify } from 'yaml';

const ROOT = join(import.meta.dirname, '..');
const PROFILE = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
const LAUNCHER = join(ROOT, 'bin', 'kapasitet.js');

/**
 * The collector runs with the Node options of the launcher's first line, as deployed. Node takes
 * --cpu-prof only on its command line (not from NODE_OPTIONS), so a profiled run passes the
 * launcher's options there too.
 */
function launch(args: string[]): [string, string[]] {
  if (PROFILE.length === 0) return [LAUNCHER, args];
  const options = readFileSync(LAUNCHER, 'utf8').split('\n')[0]!.split(/\s+/).filter((word) => word.startsWith('--'));
  return [process.execPath, [...options, ...PROFILE, LAUNCHER, ...args]];
}

const TICK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const IF_COLUMNS = {
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifAlias: '1.3.6.1.2.1.31.1.1.1.18',
  ifHighSpeed: '1.3.6.1.2.1.31.1.1.1.15',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
  ifHCInOctets: '1.3.6.1.2.1.31.1.1.1.6',
  ifHCOutOctets: '1.3.6.1.2.1.31.1.1.1.10',
  ifCounterDiscontinuityTime: '1.3.6.1.2.1.31.1.1.1.19',
};

interface Agents {
  community: string;
  devices: { id: string; role: string; port: number }[];
  children: ChildProcess[];
}

/** Seconds of CPU (user + system) a process has used so far; with `thread`, that thread's alone (its main thread: its pid). */
function cpuSeconds(pid: number, thread?: number): number {
  const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

/** The process's peak resident set, MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (d) => {
      buffer += d;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
      }
    });
  }
}

/**
 * The agents, in `processes` processes of their own (the controller in the first). The switches
 * replay encoded answers (bench/agents.ts), so one process answers for 2,000 of them.
 */
async function startAgents(devices: number, interfaces: number, aps: number, processes = 1): Promise<Agents> {
  const community = randomBytes(12).toString('hex');
  const share = Math.ceil(devices / processes);
  const started: { devices: Agents['devices']; child: ChildProcess }[] = [];
  // One after another: each process looks for free ports, which another starting at once could take.
  for (let i = 0; i < processes; i++) {
    const count = Math.max(0, Math.min(share, devices - i * share));
    // tsx as a loader in this very process (not its CLI, which would start a second one), so /proc shows the agents' own CPU.
    const args = [...PROFILE, '--import', 'tsx', join(ROOT, 'bench', 'agents.ts'), String(count), String(interfaces), String(i === 0 ? aps : 0), String(i * share)];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, BENCH_COMMUNITY: community } });
    started.push(
      await new Promise((resolve, reject) => {
        lines(child, (line) => {
          if (line.startsWith('{')) resolve({ devices: JSON.parse(line).devices, child });
          else console.error(`agents: ${line}`);
        });
        child.once('exit', (code) => reject(new Error(`agents exited with ${code}`)));
      }),
    );
  }
  return { community, devices: started.flatMap((s) => s.devices), children: started.map((s) => s.child) };
}

const cpuOfAgents = (agents: Agents) => agents.children.reduce((sum, c) => sum + cpuSeconds(c.pid!), 0);
const stopAgents = (agents: Agents) => agents.children.forEach((c) => c.kill('SIGTERM'));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

interface RunOptions {
  intervalSeconds: number;
  /** Cycles measured, after a first one that pays for start-up. */
  cycles: number;
  onlyIfMib: boolean;
  concurrency: number;
  /** collector.staticRefreshMinutes: 0 reads names every poll, as snmp_exporter does. */
  staticRefreshMinutes: number;
  /** APs the controller reports, listed in the inventory as a real config would. */
  aps: number;
}

/** Runs `kapasitet collect` over the agents until `cycles` cycles after the first; CPU and RSS from /proc. */
async function kapasitet(agents: Agents, dir: string, o: RunOptions) {
  const config = {
    municipality: { id: 'bench', name: 'Bench' },
    secretsFile: join(dir, 'secrets.yaml'),
    devicePolicies: [{ name: 'p', effectiveFrom: 2024, bands: [{ grades: [1, 10], pupilsPerDevice: 1, deviceType: 'laptop' }] }],
    schools: [
      {
        id: 'bench',
        name: 'Bench',
        enrolment: [{ year: 2026, pupils: { 5: 10 }, staff: 1 }],
        devices: agents.devices.map((d) => ({ id: d.id, role: d.role, ...(o.onlyIfMib ? { profiles: ['if-mib'] } : {}), snmp: { version: '2c', host: '127.0.0.1', port: d.port, community: { secret: 'bench' }, timeoutMs: 5000 } })),
        buildings: [{ id: 'b', name: 'B', classrooms: 1, accessPoints: Array.from({ length: o.aps }, (_, i) => ({ id: `ap${i}`, name: `AP${i}`, generation: 'wifi6', controller: 'wlc' })) }],
      },
    ],
    store: { kind: 'embedded', path: join(dir, 'store.sqlite') },
    collector: { intervalSeconds: o.intervalSeconds, concurrency: o.concurrency, spoolPath: join(dir, 'spool.jsonl'), staticRefreshMinutes: o.staticRefreshMinutes },
    alerts: { statePath: join(dir, 'alerts.sqlite') },
  };
  for (const file of ['store.sqlite', 'store.sqlite-wal', 'store.sqlite-shm', 'spool.jsonl']) rmSync(join(dir, file), { force: true });
  writeFileSync(join(dir, 'secrets.yaml'), `bench: ${agents.community}\n`);
  writeFileSync(join(dir, 'kapasitet.yaml'), stringify(config));
  const metricsPort = await freePort();
  const child = spawn(...launch(['collect', '--config', join(dir, 'kapasitet.yaml'), '--metrics-port', String(metricsPort)]));
  const metric = async (name: string) => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return Number(new RegExp(`^kapasitet_${name}(\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[2] ?? NaN);
  };
  const durations: number[] = [];
  let first: Promise<{ cpu: number; mainCpu: number; agentsCpu: number; wall: number; varbinds: number }> | undefined;
  const done = new Promise<{ cpu: number; mainCpu: number; wall: number; agentsCpu: number }>((resolve, reject) => {
    lines(child, (line) => {
      const m = /^poll \(every \d+ s\): (\d+) devices in (\d+) ms/.exec(line);
      if (!m) return;
      durations.push(Number(m[2]));
      // The first cycle also pays for start-up (loading TypeScript, opening the store): counted from its end.
      if (durations.length === 1) {
        const at = { cpu: cpuSeconds(child.pid!), mainCpu: cpuSeconds(child.pid!, child.pid!), agentsCpu: cpuOfAgents(agents), wall: Date.now() };
        first = metric('snmp_varbinds_total').then((varbinds) => ({ ...at, varbinds }));
      }
      if (durations.length === o.cycles + 1) resolve({ cpu: cpuSeconds(child.pid!), mainCpu: cpuSeconds(child.pid!, child.pid!), wall: Date.now(), agentsCpu: cpuOfAgents(agents) });
    });
    child.once('exit', (code) => reject(new Error(`kapasitet collect exited with ${code}`)));
  });
  const end = await done;
  const start = await first!;
  const rss = peakRssMb(child.pid!);
  // Where the resident memory is: the JavaScript heap, by the collector's own /metrics.
  const heap = { used: (await metric('nodejs_heap_size_used_bytes')) / 2 ** 20, total: (await metric('nodejs_heap_size_total_bytes')) / 2 ** 20 };
  const varbinds = (await metric('snmp_varbinds_total')) - start.varbinds;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { cpu: end.cpu - start.cpu, mainCpu: end.mainCpu - start.mainCpu, wall: (end.wall - start.wall) / 1000, agentsCpu: end.agentsCpu - start.agentsCpu, rss, heap, varbinds, durations: durations.slice(1) };
}

/** snmp_exporter over the same agents and columns: `rounds` scrapes of every device after a warm-up round. */
async function exporter(agents: Agents, dir: string, rounds: number) {
  const module = {
    walk: Object.values(IF_COLUMNS),
    metrics: ['ifHighSpeed', 'ifOperStatus', 'ifHCInOctets', 'ifHCOutOctets', 'ifCounterDiscontinuityTime'].map((name) => ({
      name,
      oid: IF_COLUMNS[name as keyof typeof IF_COLUMNS],
      type: name.startsWith('ifHC') ? 'counter' : 'gauge',
      indexes: [{ labelname: 'ifIndex', type: 'gauge' }],
      lookups: ['ifName', 'ifDescr', 'ifAlias'].map((label) => ({ labels: ['ifIndex'], labelname: label, oid: IF_COLUMNS[label as keyof typeof IF_COLUMNS], type: 'DisplayString' })),
    })),
    version: 2,
    max_repetitions: 25,
    auth: { community: agents.community },
  };
  writeFileSync(join(dir, 'snmp.yml'), stringify({ if_bench: module }));
  const port = await freePort();
  const child = spawn('prometheus-snmp-exporter', [`--config.file=${join(dir, 'snmp.yml')}`, `--web.listen-address=127.0.0.1:${port}`]);
  lines(child, () => {});
  for (let i = 0; i < 50; i++) {
    if (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const limit = pLimit(32);
  let pdus = 0;
  const round = () =>
    Promise.all(
      agents.devices.map((d) =>
        limit(async () => {
          const text = await (await fetch(`http://127.0.0.1:${port}/snmp?module=if_bench&target=127.0.0.1:${d.port}`)).text();
          pdus += Number(/^snmp_scrape_pdus_returned (\S+)$/m.exec(text)?.[1] ?? 0);
        }),
      ),
    );
  await round();
  pdus = 0;
  const cpuBefore = cpuSeconds(child.pid!);
  const started = Date.now();
  for (let i = 0; i < rounds; i++) await round();
  const result = { cpu: cpuSeconds(child.pid!) - cpuBefore, wall: (Date.now() - started) / 1000, pdus, rss: peakRssMb(child.pid!) };
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return result;
}

function installed(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

const which = process.env.BENCH_POLLING ?? 'both';
const dir = mkdtempSync(join(tmpdir(), 'kapasitet-bench-poll-'));
try {
  if (which !== 'scale') {
    const devices = Number(process.env.BENCH_COST_DEVICES ?? 200);
    const cycles = 5;
    const agents = await startAgents(devices, 48, 0);
    try {
      const run = { intervalSeconds: 10, cycles, onlyIfMib: true, concurrency: 32, aps: 0 };
      // The same 8 columns every poll, as the exporter walks them; then as shipped, names every 15 min.
      const same = await kapasitet(agents, dir, { ...run, staticRefreshMinutes: 0 });
      const shipped = await kapasitet(agents, dir, { ...run, staticRefreshMinutes: 15 });
      if (!installed('prometheus-snmp-exporter')) {
        console.log('polling cost: prometheus-snmp-exporter is not installed (apt-get install prometheus-snmp-exporter); only Kapasitet measured');
      }
      const e = installed('prometheus-snmp-exporter') ? await exporter(agents, dir, cycles) : undefined;
      const polls = cycles * devices;
      const perMillion = (cpu: number, varbinds: number) => ((cpu / varbinds) * 1e6).toFixed(2);
      const perPoll = (cpu: number) => ((cpu / polls) * 1000).toFixed(2);
      console.log(`polling cost: ${devices} switches × 48 interfaces, IF-MIB, ${cycles} rounds after a warm-up`);
      for (const [label, k] of [['kapasitet collect, every column every poll', same], ['kapasitet collect, names every 15 min (as shipped)', shipped]] as const) {
        console.log(`polling cost: ${label} (with its writes to the embedded store): ${k.cpu.toFixed(2)} CPU s, ${perMillion(k.cpu, k.varbinds)} CPU s per million varbinds (${(k.varbinds / polls).toFixed(0)} a poll), ${perPoll(k.cpu)} CPU ms a poll (the main thread ${k.mainCpu.toFixed(2)} s, V8's and libuv's workers the rest); cycles ${k.durations.join(', ')} ms; peak RSS ${k.rss.toFixed(0)} MB`);
      }
      if (e) {
        console.log(`polling cost: snmp_exporter: ${e.cpu.toFixed(2)} CPU s, ${perMillion(e.cpu, e.pdus)} CPU s per million varbinds (${(e.pdus / polls).toFixed(0)} a poll), ${perPoll(e.cpu)} CPU ms a poll; ${(e.wall / cycles).toFixed(2)} s a round; peak RSS ${e.rss.toFixed(0)} MB`);
        const ratio = same.cpu / same.varbinds / (e.cpu / e.pdus);
        console.log(`polling cost: goal: no more CPU per varbind than snmp_exporter: ${ratio <= 1 ? 'met' : 'MISSED'} (${ratio.toFixed(2)} ×); for the same interfaces as shipped, ${(shipped.cpu / e.cpu).toFixed(2)} × the exporter's CPU`);
      }
    } finally {
      stopAgents(agents);
    }
  }
  if (which !== 'cost') {
    const devices = Number(process.env.BENCH_SCALE_DEVICES ?? 2000);
    const aps = 500;
    const agents = await startAgents(devices, 48, aps, Number(process.env.BENCH_AGENT_PROCESSES ?? 1));
    try {
      const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
      const intervalSeconds = Number(process.env.BENCH_SCALE_INTERVAL ?? 60);
      const k = await kapasitet(agents, dir, { intervalSeconds, cycles: 2, onlyIfMib: false, concurrency, staticRefreshMinutes: 15, aps });
      const share = k.cpu / k.wall;
      const longest = Math.max(...k.durations);
      const perCycle = (cpu: number) => ((cpu / k.wall) * intervalSeconds).toFixed(1);
      console.log(`scale: ${devices} switches × 48 interfaces + a controller with ${aps} APs, every ${intervalSeconds} s, default profiles, ${concurrency} polls at once`);
      console.log(`scale: cycles ${k.durations.join(', ')} ms (goal < 20,000: ${longest < 20_000 ? 'met' : 'MISSED'}); CPU ${(share * 100).toFixed(0)} % of one core (goal < 50 %: ${share < 0.5 ? 'met' : 'MISSED'}); peak RSS ${k.rss.toFixed(0)} MB (goal < 300: ${k.rss < 300 ? 'met' : 'MISSED'}), heap at the end ${k.heap.used.toFixed(0)} MB used of ${k.heap.total.toFixed(0)} MB`);
      console.log(`scale: CPU s a cycle: collector ${perCycle(k.cpu)}, the agents' ${agents.children.length} processes ${perCycle(k.agentsCpu)}, on ${cpus().length} cores; ${(k.varbinds / 2).toFixed(0)} varbinds a cycle`);
    } finally {
      stopAgents(agents);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
