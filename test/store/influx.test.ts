import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpoolingWriter } from '../../collector/spool.ts';
import { InfluxStore } from '../../store/influx.ts';
import { influxQuery, installed, startInfluxd, type InfluxServer } from '../support/servers.ts';
import { storeContract } from './contract.ts';

describe.runIf(installed('influxd'))('InfluxDB 1.x (a real influxd)', () => {
  let server: InfluxServer;
  let n = 0;
  beforeAll(async () => {
    server = await startInfluxd();
  });
  afterAll(async () => server?.stop());

  // Each test gets its own database, as the embedded adapter gets its own file.
  storeContract('InfluxDB', async () => {
    const database = `contract_${++n}`;
    await influxQuery(server.url, `CREATE DATABASE ${database}`);
    return InfluxStore.open({ version: 1, url: server.url, database });
  });

  it("keeps the daily roll-ups in a retention policy of their own with year-long shards (a year's chart opens one or two shards, not 52)", async () => {
    await influxQuery(server.url, 'CREATE DATABASE days');
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'days' });
    const policies = await direct(server.url, 'days', 'SHOW RETENTION POLICIES ON days');
    expect(policies).toContainEqual(['kapasitet_days', '0s', '8736h0m0s', 1, false]);
    const day = { measurement: 'access_point_1d' as const, tags: { ap: 'a1' }, fields: { clients_max: 7, samples: 60 }, time: 86_400_000 };
    const hour = { measurement: 'access_point_1h' as const, tags: { ap: 'a1' }, fields: { clients_max: 7, samples: 60 }, time: 86_400_000 };
    await store.write([day, hour]);
    await store.close();
    expect(await direct(server.url, 'days', 'SELECT clients_max FROM "kapasitet_days"."access_point_1d"')).toEqual([[86_400_000, 7]]);
    expect(await direct(server.url, 'days', 'SELECT clients_max FROM "access_point_1d"')).toEqual([]);
    expect(await direct(server.url, 'days', 'SELECT clients_max FROM "access_point_1h"')).toEqual([[86_400_000, 7]]);
    // A second process finds the policy rather than making it again, and reads, finds and deletes there.
    const again = await InfluxStore.open({ version: 1, url: server.url, database: 'days' });
    expect(await again.range({ measurement: 'access_point_1d', from: 0, to: 2 * 86_400_000 })).toEqual([day]);
    expect(await again.earliest('access_point_1d')).toBe(86_400_000);
    await again.deleteBefore('access_point_1d', 2 * 86_400_000);
    expect(await again.range({ measurement: 'access_point_1d', from: 0, to: 2 * 86_400_000 })).toEqual([]);
  });

  it('writes compressed where store.gzip asks (a slow link), and influxd stores the same points', async () => {
    await influxQuery(server.url, 'CREATE DATABASE zipped');
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'zipped', gzip: true });
    const points = Array.from({ length: 50 }, (_, i) => ({ measurement: 'device' as const, tags: { municipality: 'm', device: `d${i}` }, fields: { up: 1 }, time: 1_700_000_000_000 + i }));
    await store.write(points);
    await store.close();
    expect((await store.range({ measurement: 'device', from: 0, to: 2_000_000_000_000 })).length).toBe(50);
  });

  it('logs points InfluxDB refuses, with its reason, and does not keep them for a retry', async () => {
    await influxQuery(server.url, 'CREATE DATABASE refused');
    // Another writer (Telegraf, say) made device.up an integer; Kapasitet writes floats.
    const direct = await fetch(`${server.url}/write?db=refused&precision=ms`, { method: 'POST', body: 'device,device=other up=1i 1000' });
    expect(direct.status).toBe(204);
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'refused' });
    const logs: string[] = [];
    const writer = new SpoolingWriter(store, { path: join(mkdtempSync(join(tmpdir(), 'kapasitet-spool-')), 'spool.jsonl'), maxPoints: 1000, log: (m) => logs.push(m) });
    const point = (device: string, fields: Record<string, number>) => ({ measurement: 'device' as const, tags: { device }, fields, time: 2000 });
    await writer.write([point('d1', { up: 0.5 }), point('d2', { poll_ms: 12 })]);
    expect(writer.pending).toBe(0);
    expect(writer.rejected).toBe(2);
    expect(logs[0]).toMatch(/^store: InfluxDB refused points: .*field type conflict/);
    // InfluxDB kept the rest of the batch (a partial write), so nothing good was lost.
    expect((await store.latest('device', { device: 'd2' })).map((p) => p.fields.poll_ms)).toEqual([12]);
  });

  it('names a missing database in one clear error at start-up', async () => {
    await expect(InfluxStore.open({ version: 1, url: server.url, database: 'nope' })).rejects.toThrow(/has no database "nope"/);
  });

  it('keeps points on disk while influxd is down, through a collector restart, and writes them in order when it is back', async () => {
    await influxQuery(server.url, 'CREATE DATABASE outage');
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'outage' });
    const spool = join(mkdtempSync(join(tmpdir(), 'kapasitet-spool-')), 'spool.jsonl');
    const logs: string[] = [];
    const options = { path: spool, maxPoints: 1000, log: (m: string) => logs.push(m) };
    const point = (time: number) => ({ measurement: 'device' as const, tags: { device: 'd1' }, fields: { up: 1, poll_ms: time }, time });

    const before = new SpoolingWriter(store, options);
    await before.write([point(1000), point(2000)]);
    await server.halt();
    await before.write([point(3000)]);
    await before.write([point(4000)]);
    expect(before.pending).toBe(2);
    expect(logs.some((l) => /^store: write failed .*keeping 1 points on disk$/.test(l))).toBe(true);

    // The collector restarts while influxd is still down, then influxd comes back.
    const after = new SpoolingWriter(store, options);
    expect(after.pending).toBe(2);
    await server.restart();
    // The client waits out its back-off (at most 10 s) before it tries the server again; the
    // collector's next cycles retry the spool until it is empty.
    for (let i = 0; i < 40 && !(await after.flush()); i++) await new Promise((r) => setTimeout(r, 500));
    await after.write([point(5000)]);
    expect(after.pending).toBe(0);
    const stored = await store.range({ measurement: 'device', filter: { device: 'd1' }, from: 0, to: 10_000 });
    expect(stored.map((p) => p.time)).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('retries a write with back-off while influxd restarts, so a short outage loses nothing and spools nothing', async () => {
    await influxQuery(server.url, 'CREATE DATABASE retried');
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'retried', retries: 6 });
    await server.halt();
    const write = store.write([{ measurement: 'device', tags: { device: 'd1' }, fields: { up: 1 }, time: 1000 }]);
    await new Promise((r) => setTimeout(r, 300));
    await server.restart();
    await write;
    expect((await store.latest('device')).map((p) => p.time)).toEqual([1000]);
  });

  it('gathers many small writes into few requests', async () => {
    await influxQuery(server.url, 'CREATE DATABASE batched');
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'batched' });
    const before = await writeRequests(server.url);
    const device = (n: number) => ({ measurement: 'device' as const, tags: { device: `d${n}` }, fields: { up: 1 }, time: 1000 });
    // A cycle's worth of devices, each written on its own as the collector does.
    await Promise.all(Array.from({ length: 200 }, (_, n) => store.write([device(n)])));
    expect((await writeRequests(server.url)) - before).toBeLessThanOrEqual(2);
    expect(await store.latest('device')).toHaveLength(200);
  });
});

/** influxd's own count of write requests it has served (SHOW STATS, module httpd). */
async function writeRequests(url: string): Promise<number> {
  const res = (await (await fetch(`${url}/query?${new URLSearchParams({ q: 'SHOW STATS FOR \'httpd\'' })}`)).json()) as { results: { series: { columns: string[]; values: number[][] }[] }[] };
  const series = res.results[0]!.series[0]!;
  return series.values[0]![series.columns.indexOf('writeReq')]!;
}

describe.runIf(installed('influxd'))('InfluxDB 1.x with authentication', () => {
  let server: InfluxServer;
  beforeAll(async () => {
    server = await startInfluxd({ auth: true });
    await influxQuery(server.url, "CREATE USER admin WITH PASSWORD 'right-password' WITH ALL PRIVILEGES");
    // Checked, and asked again for up to 5 s: once in CI it did not take, unseen, right after the user was made.
    for (let attempt = 1; ; attempt++) {
      const made = await influxQuery(server.url, 'CREATE DATABASE kapasitet', { u: 'admin', p: 'right-password' }).then(() => true, (err: Error) => (attempt < 50 ? false : Promise.reject(err)));
      if (made) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => server?.stop());

  it('writes and reads with the right password, and refuses a wrong one at start-up in one sentence', async () => {
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'kapasitet', username: 'admin', password: 'right-password' });
    await store.write([{ measurement: 'device', tags: { device: 'd1' }, fields: { up: 1 }, time: 1000 }]);
    expect((await store.latest('device')).map((p) => p.fields.up)).toEqual([1]);
    const wrong = await InfluxStore.open({ version: 1, url: server.url, database: 'kapasitet', username: 'admin', password: 'wrong-password' }).catch((e: Error) => e);
    expect((wrong as Error).message).toBe(`InfluxDB at ${server.url}: the username or password was refused`);
  });

  it('keeps the daily roll-ups in the default retention policy where the user may not make one, and says what an admin can run', async () => {
    const admin = { u: 'admin', p: 'right-password' };
    await influxQuery(server.url, 'CREATE DATABASE plain', admin);
    await influxQuery(server.url, "CREATE USER writer WITH PASSWORD 'writer-password'", admin);
    await influxQuery(server.url, 'GRANT ALL ON plain TO writer', admin);
    const logs: string[] = [];
    const store = await InfluxStore.open({ version: 1, url: server.url, database: 'plain', username: 'writer', password: 'writer-password', log: (m) => logs.push(m) });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^InfluxDB: the daily roll-ups stay in the default retention policy: the policy "kapasitet_days" could not be made \(.*admin.*\)\. A year's chart then reads 52 weekly shards; an InfluxDB admin can run: CREATE RETENTION POLICY "kapasitet_days" ON "plain" DURATION INF REPLICATION 1 SHARD DURATION 52w$/);
    expect(logs[0]).not.toContain('writer-password');
    const day = { measurement: 'access_point_1d' as const, tags: { ap: 'a1' }, fields: { clients_max: 7, samples: 60 }, time: 86_400_000 };
    await store.write([day]);
    expect(await store.range({ measurement: 'access_point_1d', from: 0, to: 2 * 86_400_000 })).toEqual([day]);
    await store.close();
  });

  it('refuses a write with wrong credentials at once, without retrying, and keeps the password out of the error', async () => {
    const running = await InfluxStore.open({ version: 1, url: server.url, database: 'kapasitet', username: 'admin', password: 'right-password' });
    // The password changes under a running collector.
    await fetch(`${server.url}/query?${new URLSearchParams({ q: "SET PASSWORD FOR admin = 'changed-password'", u: 'admin', p: 'right-password' })}`, { method: 'POST' });
    const err = (await running.write([{ measurement: 'device', tags: { device: 'd2' }, fields: { up: 1 }, time: 2000 }]).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^InfluxDB answered 401/);
    expect(err.message).not.toMatch(/password/);
  });
});

/** A statement's rows as influxd answers them, asked without the store (its first series). */
async function direct(url: string, db: string, q: string): Promise<unknown[][]> {
  const res = await fetch(`${url}/query?${new URLSearchParams({ db, q, epoch: 'ms' })}`);
  const body = (await res.json()) as { results: { series?: { values: unknown[][] }[] }[] };
  return body.results[0]?.series?.[0]?.values ?? [];
}

/** A TCP server on loopback that takes connections and never answers, unless `onConnection` does; `sockets` are those it took. */
async function silentServer(onConnection?: (socket: Socket) => void) {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onConnection?.(socket);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => server.close(done));
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets, close };
}

describe('InfluxDB that accepts and never answers', () => {
  it('fails each write attempt after the write timeout and retries it, so the collector spools the points instead of waiting forever', async () => {
    const silent = await silentServer();
    const store = InfluxStore.unchecked({ version: 1, url: silent.url, database: 'x', retries: 1, writeTimeoutMs: 300 });
    try {
      const started = Date.now();
      const err = (await store.write([{ measurement: 'device', tags: { device: 'd1' }, fields: { up: 1 }, time: 1000 }]).catch((e: Error) => e)) as Error;
      expect(err.message).toBe('InfluxDB gave no answer within 0.3 s');
      // Two attempts of 0.3 s and one back-off of 0.2 s, each on a connection of its own.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(silent.sockets).toHaveLength(2);
    } finally {
      await store.close();
      await silent.close();
    }
  });

  it('retries a write whose answer is cut off, and fails it in bounded time when every answer is', async () => {
    // Each connection gets the start of an answer, then is closed.
    const silent = await silentServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\n{"error":')));
    const store = InfluxStore.unchecked({ version: 1, url: silent.url, database: 'x', retries: 1, writeTimeoutMs: 5000 });
    try {
      const started = Date.now();
      await expect(store.write([{ measurement: 'device', tags: { device: 'd1' }, fields: { up: 1 }, time: 1000 }])).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(silent.sockets).toHaveLength(2);
    } finally {
      await store.close();
      await silent.close();
    }
  });

  it('fails a read after the read timeout, once, instead of waiting minutes through retries', async () => {
    const silent = await silentServer();
    const store = InfluxStore.unchecked({ version: 1, url: silent.url, database: 'x', readTimeoutMs: 500 });
    try {
      const started = Date.now();
      await expect(store.range({ measurement: 'interface', from: 0, to: 1 })).rejects.toThrow(/timed out/i);
      // One attempt, bounded by the timeout (the client's defaults: 30 s, two retries).
      expect(Date.now() - started).toBeLessThan(5000);
      expect(silent.sockets).toHaveLength(1);
    } finally {
      await store.close();
      await silent.close();
    }
  });
});
