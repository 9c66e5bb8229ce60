// `kapasitet serve` on an InfluxDB that does not answer (not started yet, restarting): it starts
// anyway, says so in one line without a stack trace, answers health as degraded, and stops cleanly.
// Under systemd or Docker a refusal would be a restart loop that never uses the spool.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { freeTcpPort } from '../support/servers.ts';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

it('starts on an InfluxDB that does not answer, says so in one line, and reports itself degraded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-serve-store-'));
  const port = await freeTcpPort();
  copyFileSync(join(FIXTURES, 'small-secrets.yaml'), join(dir, 'small-secrets.yaml'));
  writeFileSync(join(dir, 'kapasitet.yaml'), `${readFileSync(join(FIXTURES, 'small.yaml'), 'utf8')}store: { kind: influxdb, url: 'http://127.0.0.1:${port}', database: kapasitet }\n`);
  const env = { ...process.env, KAP_AUTH: 'auth-pass-phrase', KAP_PRIV: 'priv-pass-phrase' };
  let output = '';
  const serve = spawn(process.execPath, [CLI, 'serve', '--config', join(dir, 'kapasitet.yaml'), '--port', '0'], { env, cwd: dir });
  serve.stdout.on('data', (d) => (output += d));
  serve.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => serve.once('exit', r));
  try {
    await expect.poll(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1], { timeout: 60_000 }).toBeDefined();
    const base = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1]!;
    expect(output).toContain(`store: does not answer (InfluxDB at http://127.0.0.1:${port}: nothing answers there (connection refused)); points wait in the spool until it does\n`);
    expect(output).not.toMatch(/^\s+at /m);
    const health = (await (await fetch(`${base}/api/v1/health`)).json()) as { status: string; store: { status: string; since: number } };
    expect(health).toMatchObject({ status: 'degraded', store: { status: 'down' } });
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (serve.exitCode === null) serve.kill('SIGKILL');
  }
});

it('says in one line that its port is taken, and exits, rather than a stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-serve-port-'));
  copyFileSync(join(FIXTURES, 'small-secrets.yaml'), join(dir, 'small-secrets.yaml'));
  copyFileSync(join(FIXTURES, 'small.yaml'), join(dir, 'kapasitet.yaml'));
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as AddressInfo).port;
  try {
    const env = { ...process.env, KAP_AUTH: 'auth-pass-phrase', KAP_PRIV: 'priv-pass-phrase' };
    const serve = spawn(process.execPath, [CLI, 'serve', '--config', join(dir, 'kapasitet.yaml'), '--port', String(port), '--no-collector'], { env, cwd: dir });
    let output = '';
    serve.stdout.on('data', (d) => (output += d));
    serve.stderr.on('data', (d) => (output += d));
    expect(await new Promise<number | null>((r) => serve.once('exit', r))).toBe(1);
    expect(output).toContain(`kapasitet serve: 127.0.0.1 port ${port} is already in use (another Kapasitet, or another program): stop it, or start with --port or server.port set to a free port\n`);
    expect(output).not.toMatch(/^\s+at /m);
  } finally {
    taken.close();
  }
});
