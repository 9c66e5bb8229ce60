// `npm run bench` (flows): IPFIX flow records decoded, attributed, classified and metered per second
// of CPU on one core, beside nfcapd (nfdump 1.7) receiving the same export the same way; and the
// receiver's memory with 100,000 prefixes loaded. Goals: ≥ 200,000 records/s, ≥ 1.0 × nfcapd's
// rate, < 150 MB RSS.
// Both receivers run as their own processes on loopback and get the same datagrams, paced so that
// neither drops any; each one's CPU time and RSS are read from /proc. The receiver's core work
// (FlowReceiver.handle, as its socket calls it) is also timed in this process, without the socket.
// Prints figures; asserts nothing.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribution } from '../flows/attribution.ts';
import { Classifier, mergeClasses, shippedClasses } from '../flows/classifier.ts';
import { FlowDecoder } from '../flows/decoder.ts';
import { TrafficMeter } from '../flows/meter.ts';
import { FlowReceiver } from '../flows/receiver.ts';
import { freeUdpPorts } from '../simulator/free-ports.ts';
import { benchDatagrams, benchFlows, PER_DATAGRAM, PREFIXES } from './flow-export.ts';

const DATAGRAMS = Number(process.env.BENCH_DATAGRAMS ?? 20_000);
const GOALS = { recordsPerSecond: 200_000, ratio: 1, rssMb: 150 };
const datagrams = benchDatagrams(DATAGRAMS);
const total = DATAGRAMS * PER_DATAGRAM;
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** A process's user + system CPU seconds, all its threads. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

/** A process's resident memory now and at its peak, MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * Sends the export to `port` at an exporter's steady pace, ten datagrams (300 records) every 2 ms:
 * 150,000 records a second, a busy county's routers together, which both receivers keep up with.
 */
async function send(port: number): Promise<void> {
  const socket = createSocket('udp4');
  for (let i = 0; i < datagrams.length; i++) {
    await new Promise<void>((done) => socket.send(datagrams[i]!, port, '127.0.0.1', () => done()));
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 2));
  }
  socket.close();
  await new Promise((r) => setTimeout(r, 1000));
}

/** The receiver's own work, without a socket: decode, attribute, classify, meter. */
function inProcess(): number {
  const meter = new TrafficMeter(new Classifier(mergeClasses(shippedClasses(), benchFlows.classes)), new Attribution(benchFlows), new Map(), 20, { intervalMs: 60_000, lineBps: new Map() });
  const receiver = new FlowReceiver(new FlowDecoder({ timeoutMs: 1_800_000, maxStreams: 64, maxTemplatesPerStream: 16 }), meter, { log: () => {} });
  for (const d of datagrams.slice(0, 2000)) receiver.handle(d, '127.0.0.1');
  const cpu = process.cpuUsage();
  for (const d of datagrams) receiver.handle(d, '127.0.0.1');
  const used = process.cpuUsage(cpu);
  return total / ((used.user + used.system) / 1e6);
}

async function kapasitetProcess(prefixes = PREFIXES): Promise<{ recordsPerSecond: number; records: number; rss: number; peak: number }> {
  const child = fork(join(import.meta.dirname, 'flows-receiver.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, BENCH_PREFIXES: String(prefixes) } });
  const ask = (m: string) => new Promise<{ port?: number; records?: number }>((resolve) => child.once('message', (x) => resolve(x as never)) && (m ? child.send(m) : undefined));
  try {
    const { port } = await ask('');
    const before = cpuSeconds(child.pid!);
    await send(port!);
    const used = cpuSeconds(child.pid!) - before;
    const { records } = await ask('status');
    return { recordsPerSecond: records! / used, records: records!, ...memory(child.pid!) };
  } finally {
    stop(child);
  }
}

async function nfcapd(): Promise<{ recordsPerSecond: number; stored: number; rss: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nfcapd-'));
  const [port] = (await freeUdpPorts(1)) as [number];
  const child = spawn('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-t', '3600'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const before = cpuSeconds(child.pid!);
    await send(port);
    const used = cpuSeconds(child.pid!) - before;
    const { rss } = memory(child.pid!);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const stored = Number(/^Flows:\s+(\d+)/m.exec(execFileSync('nfdump', ['-R', dir, '-I'], { encoding: 'utf8' }))?.[1] ?? 0);
    return { recordsPerSecond: stored / used, stored, rss };
  } finally {
    stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

function stop(child: ChildProcess): void {
  if (child.exitCode === null) child.kill('SIGKILL');
}

const core = inProcess();
const ours = await kapasitetProcess();
const bare = await kapasitetProcess(0);
const reference = await nfcapd();
const ratio = ours.recordsPerSecond / reference.recordsPerSecond;
const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
console.log(`flows: ${n(total)} IPFIX records in ${n(DATAGRAMS)} datagrams over loopback, ${n(PREFIXES)} prefixes loaded`);
console.log(`  Kapasitet receiver process  ${n(ours.recordsPerSecond)} records per CPU second, ${n(ours.records)} of ${n(total)} read (goal ≥ ${n(GOALS.recordsPerSecond)}: ${mark(ours.recordsPerSecond >= GOALS.recordsPerSecond)})`);
console.log(`    of which the decoding, classifying and metering alone: ${n(core)} records per CPU second`);
console.log(`  nfcapd                      ${n(reference.recordsPerSecond)} records per CPU second, ${n(reference.stored)} of ${n(total)} stored, ${n(reference.rss)} MB RSS`);
console.log(`  ratio                       ${ratio.toFixed(2)} × nfcapd (goal ≥ ${GOALS.ratio.toFixed(1)}: ${mark(ratio >= GOALS.ratio)})`);
console.log(`  Kapasitet receiver RSS      ${n(ours.rss)} MB at the end, ${n(ours.peak)} MB at the peak (goal < ${GOALS.rssMb}: ${mark(ours.peak < GOALS.rssMb)})`);
console.log(`    the same receiver without the prefix list: ${n(bare.peak)} MB at the peak, ${n(bare.recordsPerSecond)} records per CPU second`);
