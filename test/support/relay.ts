// A UDP relay in front of an agent, for tests that look at what the collector asks: it keeps every
// request and forwards those `forward` lets through (an agent that ignores GetBulk drops them), and
// holds every answer back for `delayMs` (a slow device).
import { createSocket } from 'node:dgram';

export interface Relay {
  port: number;
  requests: Buffer[];
  close(): void;
}

export async function udpRelay(agentPort: number, forward: (request: Buffer) => boolean = () => true, delayMs = 0): Promise<Relay> {
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  const requests: Buffer[] = [];
  let client: { port: number; address: string } | undefined;
  front.on('message', (msg, rinfo) => {
    client = { port: rinfo.port, address: rinfo.address };
    requests.push(msg);
    if (forward(msg)) back.send(msg, agentPort, '127.0.0.1');
  });
  let closed = false;
  // An answer held back past close() is dropped, as a device gone away would.
  const answer = (msg: Buffer) => !closed && client && front.send(msg, client.port, client.address);
  back.on('message', (msg) => (delayMs > 0 ? setTimeout(() => answer(msg), delayMs) : answer(msg)));
  // Port 0: the system picks a free one, so parallel test files never race for it.
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
  return { port: front.address().port, requests, close: () => ((closed = true), front.close(), back.close()) };
}

/** Whether a request names `oid` or an object under it: its BER encoding appears in the message. */
export function asksFor(request: Buffer, oid: string): boolean {
  const arcs = oid.split('.').map(Number);
  const bytes = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const base128 = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift((rest & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return request.includes(Buffer.from(bytes));
}
