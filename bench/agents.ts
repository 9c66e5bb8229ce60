// The agents a polling benchmark reads, in their own process so that their CPU is not counted
// against the poller: `tsx bench/agents.ts DEVICES INTERFACES APS [FIRST]` (switches numbered from
// FIRST, so that several such processes serve one benchmark between them). Each device is a switch with
// INTERFACES ports (IF-MIB, 64-bit counters moving at steady rates); APS access points sit on one
// WLAN controller (AIRESPACE-WIRELESS-MIB). Prints one JSON line with the ports when all listen.
//
// The switches answer from encoded answers: one simulated switch (a real net-snmp agent) answers each
// distinct request, and every switch's socket replays that answer's bytes, with the asker's request id,
// for the next ANSWER_TTL_MS. Answering through net-snmp for every switch cost the agents twice the
// collector's CPU on the same two cores (issue 19), so the scale figures were the agents', not the
// collector's. Counters still move between cycles, as the simulated switch's do.
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { BerReader, BerWriter } from 'asn1-ber';
import { startAgent, type RunningAgent } from '../simulator/agent.ts';
import { freeUdpPorts } from '../simulator/free-ports.ts';
import type { SimAccessPoint, SimDevice, SimInterface } from '../simulator/world.ts';

const [devices, interfaces, aps, first = 0] = process.argv.slice(2).map(Number) as [number, number, number, number?];
const community = process.env.BENCH_COMMUNITY ?? randomBytes(12).toString('hex');
/** Far below a polling interval, so each poll of a switch sees counters that moved since its last. */
const ANSWER_TTL_MS = 5_000;

function ports(n: number): SimInterface[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i + 1,
    name: `Gi1/0/${i + 1}`,
    descr: `GigabitEthernet1/0/${i + 1}`,
    alias: `port ${i + 1}`,
    speedMbps: 1000,
    up: i % 12 !== 11,
    rates: () => ({ inBps: 2e6 + i * 1e5, outBps: 1e6 + i * 5e4 }),
  }));
}

function device(id: string, role: 'switch' | 'wlan-controller', accessPoints: SimAccessPoint[] = []): SimDevice {
  return {
    config: { id, role, name: id, snmp: { version: '2c', host: '127.0.0.1', port: 161, community: { secret: 'bench' } } } as SimDevice['config'],
    sysName: id,
    sysDescr: `bench ${role}`,
    sysObjectID: role === 'switch' ? '1.3.6.1.4.1.9.1.516' : '1.3.6.1.4.1.9.1.1069',
    interfaces: ports(role === 'switch' ? interfaces : 4),
    accessPoints,
  };
}

/** An SNMP message cut at its request id: what precedes it, the id, and the PDU's rest after it. */
function split(message: Buffer): { version: number; pduTag: number; requestId: number; rest: Buffer } {
  const reader = new BerReader(message);
  reader.readSequence();
  const version = reader.readInt();
  reader.readString(0x04, true);
  const pduTag = reader.peek()!;
  reader.readSequence(pduTag);
  const requestId = reader.readInt();
  return { version, pduTag, requestId, rest: message.subarray(reader.offset) };
}

/** A response message around an encoded answer (error status, index and varbinds) for `requestId`. */
function join(version: number, requestId: number, rest: Buffer): Buffer {
  const id = new BerWriter();
  id.writeInt(requestId);
  const message = new BerWriter();
  message.startSequence();
  message.writeInt(version);
  message.writeBuffer(Buffer.from(community), 0x04);
  message.writeBuffer(Buffer.concat([id.buffer, rest]), 0xa2);
  message.endSequence();
  return message.buffer;
}

/** Sockets on free loopback ports that answer as the agent at `templatePort` answers, from its encoded answers. */
async function replayingSwitches(count: number, templatePort: number): Promise<{ sockets: Socket[]; ports: number[] }> {
  const answers = new Map<string, { rest: Buffer; at: number }>();
  // Requests waiting on the simulated switch, by the request id it was asked with.
  const asked = new Map<number, { key: string; sentAt: number; waiting: { socket: Socket; port: number; version: number; requestId: number }[] }>();
  const waitingOn = new Map<string, number>();
  const upstream = createSocket('udp4');
  upstream.on('message', (message) => {
    const answer = split(message);
    const pending = asked.get(answer.requestId);
    if (!pending) return;
    asked.delete(answer.requestId);
    waitingOn.delete(pending.key);
    answers.set(pending.key, { rest: Buffer.from(answer.rest), at: Date.now() });
    for (const w of pending.waiting) w.socket.send(join(w.version, w.requestId, answer.rest), w.port, '127.0.0.1');
  });
  await new Promise<void>((resolve) => upstream.bind(0, '127.0.0.1', resolve));
  const onRequest = (socket: Socket) => (message: Buffer, from: { port: number }) => {
    let request;
    try {
      request = split(message);
    } catch {
      return; // not SNMP: a real agent drops it too
    }
    // The same request (type, repetitions, OIDs) to any switch gets the same answer.
    const key = `${request.version}|${request.pduTag}|${request.rest.toString('latin1')}`;
    const known = answers.get(key);
    const asker = { socket, port: from.port, version: request.version, requestId: request.requestId };
    if (known && Date.now() - known.at < ANSWER_TTL_MS) return void socket.send(join(asker.version, asker.requestId, known.rest), asker.port, '127.0.0.1');
    // One question at a time per request; one lost on the way is asked again after a second.
    const inFlight = asked.get(waitingOn.get(key) ?? NaN);
    if (inFlight && Date.now() - inFlight.sentAt < 1000) return void inFlight.waiting.push(asker);
    asked.delete(waitingOn.get(key) ?? NaN);
    asked.set(request.requestId, { key, sentAt: Date.now(), waiting: [asker, ...(inFlight?.waiting ?? [])] });
    waitingOn.set(key, request.requestId);
    upstream.send(message, templatePort, '127.0.0.1');
  };
  const sockets = await Promise.all(
    Array.from({ length: count }, () => {
      const socket = createSocket('udp4');
      socket.on('message', onRequest(socket));
      return new Promise<Socket>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
    }),
  );
  return { sockets: [upstream, ...sockets], ports: sockets.map((s) => s.address().port) };
}

const running: RunningAgent[] = [];
const listed: { id: string; role: string; port: number }[] = [];
const sockets: Socket[] = [];
if (devices > 0) {
  const [templatePort] = await freeUdpPorts(1);
  running.push(await startAgent(device('switch', 'switch'), { port: templatePort!, community, simTime: (t) => t }));
  const replay = await replayingSwitches(devices, templatePort!);
  sockets.push(...replay.sockets);
  replay.ports.forEach((port, i) => listed.push({ id: `sw${first + i}`, role: 'switch', port }));
}
if (aps > 0) {
  const list = Array.from({ length: aps }, (_, i) => ({
    mac: [0, 0x1a, 0x1e, 0x20, i >> 8, i & 0xff],
    name: `AP${i}`,
    location: 'bench',
    radios: [0, 1].map((slot) => ({ slot, clients: () => 10 + (i % 20), channelUtilisation: () => 30 + (i % 40) })),
  }));
  const [port] = await freeUdpPorts(1);
  const controller = await startAgent(device('wlc', 'wlan-controller', list), { port: port!, community, simTime: (t) => t });
  running.push(controller);
  listed.push({ id: 'wlc', role: 'wlan-controller', port: controller.port });
}
console.log(JSON.stringify({ community, devices: listed }));
process.on('SIGTERM', () => {
  for (const s of sockets) s.close();
  void Promise.all(running.map((a) => a.close())).then(() => process.exit(0));
});
