// Starts the real servers integration tests talk to (InfluxDB, Net-SNMP's snmpd) on free loopback
// ports, in throw-away directories. Where a server is not installed, a developer's run skips with a
// message; under CI a missing server fails the run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { serveRecordings } from '../../cli/snmpsimd.ts';
import { freeUdpPorts } from '../../simulator/free-ports.ts';

export function installed(binary: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
  if (!found) {
    if (process.env.CI === 'true') throw new Error(`${binary} is not installed, and CI needs it (see .ci/run)`);
    console.warn(`SKIPPED: ${binary} is not installed; its integration tests do not run here`);
  }
  return found;
}

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function stopper(child: ChildProcess, dir: string) {
  return async () => {
    await halt(child);
    rmSync(dir, { recursive: true, force: true });
  };
}

export interface InfluxServer extends RunningServer {
  /** Stops influxd and keeps its data, as an outage would. */
  halt(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
}

/**
 * influxd 1.x on free loopback ports, in a throw-away directory; it can be halted and restarted.
 * With `auth`, it asks for a user (create the first admin through /query, as InfluxDB allows).
 */
export async function startInfluxd(options: { auth?: boolean } = {}): Promise<InfluxServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-influx-'));
  const [httpPort, rpcPort] = [await freeTcpPort(), await freeTcpPort()];
  writeFileSync(
    join(dir, 'influxdb.conf'),
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  auth-enabled = ${options.auth === true}
[monitor]
  store-enabled = false
`,
  );
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('influxd', ['-config', join(dir, 'influxdb.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}/ping`)).status === 204) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await stopper(child, dir)();
    throw new Error('influxd did not answer /ping within 10 s');
  };
  await launch();
  return {
    url,
    port: httpPort,
    stop: () => stopper(child, dir)(),
    halt: () => halt(child),
    restart: launch,
  };
}

/** Runs one InfluxQL statement; influxd answers 200 even when the statement failed, so the body is read too. */
export async function influxQuery(url: string, q: string, credentials?: { u: string; p: string }): Promise<void> {
  // influxd takes the credentials from the URL (or basic auth), not from the form body.
  const res = await fetch(`${url}/query${credentials ? `?${new URLSearchParams(credentials)}` : ''}`, { method: 'POST', body: new URLSearchParams({ q }) });
  const text = await res.text();
  if (!res.ok || /"error"/.test(text)) throw new Error(`InfluxDB ${q}: ${res.status} ${text}`);
}

/** A fixture of ours (test/fixtures/snmprec), else one of Debian's snmpsim examples. */
function recording(name: string): Buffer {
  const ours = join(import.meta.dirname, '..', 'fixtures', 'snmprec', `${name}.snmprec`);
  return existsSync(ours) ? readFileSync(ours) : gunzipSync(readFileSync(`/usr/share/doc/snmpsim/examples/data/${name}.snmprec.gz`));
}

/**
 * snmpsimd serving recorded devices: Debian's snmpsim examples (e.g. cisco_16_switch) or our
 * fixtures (e.g. aruba-7010, recorded/cisco-5508). A device's community is its file name.
 */
export async function startSnmpsim(recordings: string[]): Promise<RunningServer> {
  const served = await serveRecordings(Object.fromEntries(recordings.map((name) => [name, recording(name).toString('utf8')])));
  return { url: `udp://127.0.0.1:${served.port}`, port: served.port, stop: served.stop };
}

export interface SnmpdUsers {
  community: string;
  v3: { user: string; authKey: string; privKey: string };
  /** More v3 users, as snmpd's createUser takes them: name, auth protocol (MD5, SHA-256, …), privacy protocol (DES, AES, AES-256, …). */
  more?: { user: string; auth: string; priv: string }[];
}

/** snmpd with a v2c community and a v3 authPriv user (SHA/AES), serving this machine's interfaces. */
export async function startSnmpd(users: SnmpdUsers): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-snmpd-'));
  const [port] = await freeUdpPorts(1);
  writeFileSync(
    join(dir, 'snmpd.conf'),
    `rocommunity ${users.community} 127.0.0.1
createUser ${users.v3.user} SHA ${users.v3.authKey} AES ${users.v3.privKey}
rouser ${users.v3.user} priv
${(users.more ?? []).map((u) => `createUser ${u.user} ${u.auth} ${users.v3.authKey} ${u.priv} ${users.v3.privKey}\nrouser ${u.user} priv`).join('\n')}
`,
  );
  const child = spawn('snmpd', ['-f', '-Lo', '-C', '-c', join(dir, 'snmpd.conf'), '-p', join(dir, 'snmpd.pid'), `--persistentDir=${dir}`, `udp:127.0.0.1:${port}`], {
    stdio: 'ignore',
  });
  const stop = stopper(child, dir);
  for (let i = 0; i < 50; i++) {
    const probe = spawnSync('snmpget', ['-v2c', '-c', users.community, '-t', '0.2', '-r', '0', `127.0.0.1:${port}`, '1.3.6.1.2.1.1.3.0']);
    if (probe.status === 0) return { url: `udp://127.0.0.1:${port}`, port: port!, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('snmpd did not answer within 5 s');
}
