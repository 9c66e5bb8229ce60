// Recorded walks served over SNMP on loopback by snmpsimd (Debian's snmpsim package), for
// `kapasitet profile test` and the tests: each recording answers to its name as the community.
// snmpsimd refuses to run as root, so as root it is told to drop to nobody.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { get, openSession } from '../collector/snmp-session.ts';
import { snmpSchema } from '../config/schema.ts';
import { Secrets } from '../config/secrets.ts';
import { freeUdpPorts } from '../simulator/free-ports.ts';

export interface ServedRecordings {
  port: number;
  stop(): Promise<void>;
}

/** How long snmpsimd may take to index the recordings before it answers (3 to 6 s seen for small ones). */
const READY_MS = 60_000;

/** Serves `recordings` (community → snmprec text) on a free loopback port until stop(). */
export async function serveRecordings(recordings: Record<string, string>): Promise<ServedRecordings> {
  const names = Object.keys(recordings);
  if (names.length === 0) throw new Error('no recordings to serve');
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-snmpsim-'));
  for (const [name, text] of Object.entries(recordings)) {
    mkdirSync(dirname(join(dir, 'data', name)), { recursive: true });
    writeFileSync(join(dir, 'data', `${name}.snmprec`), text);
  }
  mkdirSync(join(dir, 'cache'));
  const root = process.getuid?.() === 0;
  if (root) openToAll(dir);
  const [port] = await freeUdpPorts(1);
  const args = [`--data-dir=${join(dir, 'data')}`, `--cache-dir=${join(dir, 'cache')}`, `--agent-udpv4-endpoint=127.0.0.1:${port}`, '--logging-method=null'];
  const child = spawn('snmpsimd', root ? [...args, '--process-user=nobody', '--process-group=nogroup'] : args, { stdio: 'ignore' });
  const stop = async () => {
    await halt(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = new Promise<Error>((resolve) =>
    child.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ENOENT' ? new Error('snmpsimd is not installed (Debian: apt install snmpsim)') : err)),
  );
  const exited = new Promise<Error>((resolve) => child.once('exit', (code) => resolve(new Error(`snmpsimd stopped at start (exit code ${code})`))));
  const ready = answers(port!, names[0]!);
  const outcome = await Promise.race([ready.then(() => undefined), failed, exited]);
  if (outcome) {
    await stop();
    throw outcome;
  }
  return { port: port!, stop };
}

/** Resolves once the agent answers a GET of sysUpTime; rejects after READY_MS. */
async function answers(port: number, community: string): Promise<void> {
  const config = snmpSchema.parse({ version: '2c', host: '127.0.0.1', port, community: { secret: 'c' }, timeoutMs: 300, retries: 0 });
  const session = openSession(config, Secrets.literal({ c: community }));
  try {
    for (const started = Date.now(); Date.now() - started < READY_MS; ) {
      try {
        await get(session, ['1.3.6.1.2.1.1.3.0']);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(`snmpsimd did not answer within ${READY_MS / 1000} s`);
  } finally {
    session.close();
  }
}

/** Lets the unprivileged user snmpsimd drops to read the recordings and write its index. */
function openToAll(path: string): void {
  chmodSync(path, statSync(path).isDirectory() ? 0o777 : 0o666);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) openToAll(join(path, entry));
}

async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
