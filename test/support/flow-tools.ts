// The real flow tools the flow tests measure Kapasitet against: softflowd exports a capture as
// NetFlow v5, v9 or IPFIX (sampled if asked) to a loopback socket that keeps the datagrams, and
// nfcapd receives the same datagrams as the reference, read back with nfdump.
import { execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeUdpPorts } from '../../simulator/free-ports.ts';
import type { PacketFlow } from './pcap.ts';
import { sflowDatagrams } from './sflow.ts';

const run = promisify(execFile);

/** The datagrams softflowd sends for the capture at `pcap`. */
export async function softflowdExport(pcap: string, version: 5 | 9 | 10, sampling?: number, bidirectional = false): Promise<Buffer[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-softflowd-'));
  const socket = createSocket('udp4');
  const datagrams: Buffer[] = [];
  socket.on('message', (m) => datagrams.push(m));
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', () => done()));
  try {
    const port = socket.address().port;
    // The control socket by a short name in softflowd's own folder: with a long socket path,
    // softflowd 1.1.0 reading a capture blocks in accept() on it and never reads the file (seen
    // with strace on this machine; paths of 12 characters or fewer were read every time).
    const args = ['-r', pcap, '-n', `127.0.0.1:${port}`, '-v', String(version), '-d', '-6', '-T', 'full', '-c', 'ctl', '-p', 'pid', ...(sampling ? ['-s', String(sampling)] : []), ...(bidirectional ? ['-b'] : [])];
    const child = spawn('softflowd', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    clearTimeout(killer);
    if (code !== 0) throw new Error(`softflowd ${args.join(' ')} ended with ${code}: ${stderr}`);
    // softflowd sends its last datagrams as it exits; give the loopback a moment to deliver them.
    await new Promise((r) => setTimeout(r, 200));
    return datagrams;
  } finally {
    socket.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface NfdumpFlow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: string;
  packets: number;
  bytes: number;
  /** A biflow's other direction, dst to src (nfdump's opkt and obyt); 0 for a one-way flow. */
  outPackets: number;
  outBytes: number;
}

/** Sends the datagrams to nfcapd on loopback and reads back what it stored, flow by flow, with nfdump. */
export async function nfdumpReference(datagrams: Buffer[]): Promise<NfdumpFlow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-nfcapd-'));
  const [port] = (await freeUdpPorts(1)) as [number];
  const nfcapd = spawn('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-t', '3600'], { stdio: 'ignore' });
  const exited = new Promise<void>((done) => nfcapd.once('exit', () => done()));
  const killer = setTimeout(() => nfcapd.kill('SIGKILL'), 30_000);
  try {
    await udpListening(port);
    const socket = createSocket('udp4');
    for (const d of datagrams) {
      await new Promise<void>((done, fail) => socket.send(d, port, '127.0.0.1', (err) => (err ? fail(err) : done())));
      // Paced, as an exporter sends: a burst into a receiver still starting up could be lost.
      await new Promise((r) => setTimeout(r, 2));
    }
    socket.close();
    await new Promise((r) => setTimeout(r, 300));
    nfcapd.kill('SIGTERM');
    await exited;
    const files = readdirSync(dir).filter((f) => f.startsWith('nfcapd.'));
    if (files.length === 0) throw new Error('nfcapd wrote no file');
    const { stdout } = await run('nfdump', ['-R', dir, '-o', 'csv'], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    const [header, ...lines] = stdout.split('\n');
    const col = (name: string) => header!.split(',').indexOf(name);
    const at = { sa: col('sa'), da: col('da'), sp: col('sp'), dp: col('dp'), pr: col('pr'), ipkt: col('ipkt'), ibyt: col('ibyt'), opkt: col('opkt'), obyt: col('obyt') };
    const flows: NfdumpFlow[] = [];
    for (const line of lines) {
      if (line === '' || line.startsWith('Summary')) break;
      const c = line.split(',');
      flows.push({ src: c[at.sa]!, dst: c[at.da]!, srcPort: Number(c[at.sp]), dstPort: Number(c[at.dp]), protocol: c[at.pr]!.trim(), packets: Number(c[at.ipkt]), bytes: Number(c[at.ibyt]), outPackets: Number(c[at.opkt] ?? 0) || 0, outBytes: Number(c[at.obyt] ?? 0) || 0 });
    }
    return flows;
  } finally {
    clearTimeout(killer);
    nfcapd.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Until a process listens on loopback UDP `port` (the kernel's table, /proc/net/udp): a datagram
 * sent before then is lost, and a loaded machine starts a daemon late.
 */
async function udpListening(port: number): Promise<void> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (readFileSync('/proc/net/udp', 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[1] === local)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1 udp ${port} after 30 s`);
}

/**
 * A flow none of the tests sends, from a data source (interface 99) none of them uses: sharing one,
 * its 1-in-1 samples changed sfacctd's scaling of the others (407 packets counted for 400).
 */
const PROBE: PacketFlow & { inIf: number; outIf: number } = { src: '192.0.2.250', dst: '192.0.2.251', protocol: 'udp', srcPort: 9, dstPort: 9, packets: 1, ipBytes: 100, inIf: 99, outIf: 98 };
const isProbe = (f: NfdumpFlow) => f.src === PROBE.src && f.dst === PROBE.dst;

/**
 * Sends sFlow datagrams to sfacctd (pmacct) on loopback, renormalised by the sampling rate, and reads
 * back what it decoded, flow by flow, once the packets it wrote reach `expectedPackets`.
 */
export async function sfacctdReference(datagrams: Buffer[], expectedPackets: number): Promise<NfdumpFlow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-sfacctd-'));
  const [port] = (await freeUdpPorts(1)) as [number];
  const out = join(dir, 'flows.csv');
  writeFileSync(join(dir, 'sfacctd.conf'), [
    'daemonize: false',
    'sfacctd_ip: 127.0.0.1',
    `sfacctd_port: ${port}`,
    'plugins: print',
    'aggregate: src_host, dst_host, src_port, dst_port, proto',
    'print_output: csv',
    `print_output_file: ${out}`,
    'print_refresh_time: 1',
    // Each refresh writes what came since the last: appended, so nothing written earlier is lost.
    'print_output_file_append: true',
    'sfacctd_renormalize: true',
  ].join('\n'));
  // Its own process group: the core process forks a plugin process, and both must stop with the test.
  const sfacctd = spawn('sfacctd', ['-f', join(dir, 'sfacctd.conf')], { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((done) => sfacctd.once('exit', () => done()));
  const stop = () => {
    try {
      process.kill(-sfacctd.pid!, 'SIGKILL');
    } catch {
      // Gone already.
    }
  };
  const killer = setTimeout(stop, 60_000);
  try {
    await udpListening(port);
    const socket = createSocket('udp4');
    const send = async (list: Buffer[]) => {
      for (const d of list) await new Promise<void>((done, fail) => socket.send(d, port, '127.0.0.1', (err) => (err ? fail(err) : done())));
    };
    const read = () => (existsSync(out) ? readSfacctd(readFileSync(out, 'utf8')) : []);
    // The core process binds before its print plugin is up, and drops what comes before: a probe
    // flow, sent until the plugin writes it, says the plugin is ready.
    const probe = sflowDatagrams([PROBE], 1, { sequence: 1_000_000 });
    for (let waited = 0; !read().some(isProbe); waited += 500) {
      if (waited >= 30_000) throw new Error('sfacctd wrote nothing of its probe flow in 30 s');
      await send(probe);
      await new Promise((r) => setTimeout(r, 500));
    }
    await send(datagrams);
    socket.close();
    // The print plugin writes what came every second: until every packet the caller sent is written (or 30 s).
    const total = (flows: NfdumpFlow[]) => flows.reduce((n, f) => n + f.packets, 0);
    let flows = read().filter((f) => !isProbe(f));
    for (let waited = 0; total(flows) < expectedPackets && waited < 30_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      flows = read().filter((f) => !isProbe(f));
    }
    return flows;
  } finally {
    clearTimeout(killer);
    stop();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function readSfacctd(csv: string): NfdumpFlow[] {
  const [header, ...lines] = csv.trim().split('\n');
  const col = (name: string) => header!.split(',').indexOf(name);
  const at = { sa: col('SRC_IP'), da: col('DST_IP'), sp: col('SRC_PORT'), dp: col('DST_PORT'), pr: col('PROTOCOL'), pkt: col('PACKETS'), byt: col('BYTES') };
  // Each refresh appends what came since the last, under a header of its own: one flow may have
  // rows in several, which are added up.
  const flows = new Map<string, NfdumpFlow>();
  for (const line of lines.filter((l) => l && l !== header)) {
    const c = line.split(',');
    const key = [c[at.sa], c[at.da], c[at.sp], c[at.dp], c[at.pr]].join(' ');
    const f = flows.get(key) ?? { src: c[at.sa]!, dst: c[at.da]!, srcPort: Number(c[at.sp]), dstPort: Number(c[at.dp]), protocol: c[at.pr]!.toUpperCase(), packets: 0, bytes: 0, outPackets: 0, outBytes: 0 };
    f.packets += Number(c[at.pkt]);
    f.bytes += Number(c[at.byt]);
    flows.set(key, f);
  }
  return [...flows.values()];
}
