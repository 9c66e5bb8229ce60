// The real flow tools the flow tests measure Kapasitet against: softflowd exports a capture as
// NetFlow v5, v9 or IPFIX (sampled if asked) to a loopback socket that keeps the datagrams, and
// nfcapd receives the same datagrams as the reference, read back with nfdump.
import { execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeUdpPorts } from '../../simulator/free-ports.ts';

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
    await new Promise((r) => setTimeout(r, 500));
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
