// Agents are untrusted, down to the bytes: thousands of answers mutated from a real agent's, and
// datagrams of random bytes, go to the collector's SNMP session and decoder. Nothing may crash or
// hang; each datagram that is not SNMP is counted as refused.
import { createSocket } from 'node:dgram';
import fc from 'fast-check';
import snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeIndex, decodeValue } from '../../collector/decode.ts';
import { pollDevice } from '../../collector/poll-device.ts';
import { valueTypes } from '../../collector/profile-schema.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { deviceTargets, type DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import { demoConfig, DEMO_COMMUNITY_SECRET } from '../../simulator/demo.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';

/** A small seeded generator, so a failing run can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** One of: a byte flipped, cut short, bytes appended, a length octet changed, a slice repeated. */
function mutate(packet: Buffer, next: () => number): Buffer {
  const out = Buffer.from(packet);
  const at = Math.floor(next() * out.length);
  switch (Math.floor(next() * 5)) {
    case 0:
      out[at] = Math.floor(next() * 256);
      return out;
    case 1:
      return out.subarray(0, at);
    case 2:
      return Buffer.concat([out, Buffer.from(Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.floor(next() * 256)))]);
    case 3:
      // A BER length: 0x81/0x82 forms and absurd values.
      out[at] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff][Math.floor(next() * 7)]!;
      return out;
    default:
      return Buffer.concat([out.subarray(0, at), out.subarray(Math.floor(next() * out.length))]);
  }
}

describe('fuzzed answers', () => {
  let sim: RunningSimulator;
  let target: DeviceTarget;
  beforeAll(async () => {
    sim = await startSimulator(demoConfig(), { community: 'fuzz-test' });
    target = deviceTargets(sim.config).find((t) => t.device.id === 'nu-wlc')!;
  });
  afterAll(async () => sim?.stop());

  it('survives thousands of mutated and random datagrams, counting every one that is not SNMP', async () => {
    const next = random(20261130);
    const counts = { mutated: 0, random: 0, passed: 0 };
    const front = createSocket('udp4');
    const back = createSocket('udp4');
    let client: { port: number; address: string } | undefined;
    front.on('message', (msg, rinfo) => {
      client = { port: rinfo.port, address: rinfo.address };
      // Now and then, random bytes that cannot be SNMP (a message starts with 0x30) come back at once, beside the real answer.
      if (next() < 0.3) {
        counts.random++;
        front.send(Buffer.from(Array.from({ length: 1 + Math.floor(next() * 200) }, (_, i) => (i === 0 ? 0x01 + Math.floor(next() * 0x2e) : Math.floor(next() * 256)))), rinfo.port, rinfo.address);
      }
      back.send(msg, target.device.snmp.port, '127.0.0.1');
    });
    back.on('message', (msg) => {
      if (!client) return;
      const roll = next();
      if (roll < 0.6) {
        counts.mutated++;
        front.send(mutate(msg, next), client.port, client.address);
      } else {
        counts.passed++;
        front.send(msg, client.port, client.address);
      }
    });
    await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => back.bind(0, '127.0.0.1', () => r()));
    const fuzzed: DeviceTarget = { ...target, device: { ...target.device, snmp: { ...target.device.snmp, port: front.address().port, timeoutMs: 100, retries: 0 } } };
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    const profiles = loadProfiles();
    const secrets = Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'fuzz-test' });
    let refused = 0;
    let polls = 0;
    try {
      while (counts.mutated + counts.random < 2000) {
        const samples = await Promise.all(Array.from({ length: 16 }, () => pollDevice(fuzzed, profiles, secrets)));
        polls += samples.length;
        for (const s of samples) {
          expect(s.deviceId).toBe('nu-wlc');
          refused += s.refused.filter((r) => r.startsWith('unparseable packet')).length;
        }
      }
    } finally {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      front.close();
      back.close();
    }
    console.log(`fuzz: ${polls} polls, ${counts.mutated} mutated and ${counts.random} random datagrams, ${counts.passed} passed whole; ${refused} counted as not SNMP`);
    expect(crashes).toEqual([]);
    // Every random datagram is counted; mutated ones are counted unless they still parse.
    expect(refused).toBeGreaterThanOrEqual(counts.random);
    expect(refused).toBeLessThanOrEqual(counts.random + counts.mutated);
    // The agent is still polled whole after all that.
    expect((await pollDevice(target, profiles, secrets)).ok).toBe(true);
  }, 120_000);

  it('decodes any value of any type an agent may send into a value or a refusal, never a throw', () => {
    const objectTypes = Object.values(snmp.ObjectType).filter((v): v is number => typeof v === 'number');
    const anyValue = fc.oneof(fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)), fc.double(), fc.integer(), fc.string(), fc.constant(null), fc.bigInt());
    fc.assert(
      fc.property(fc.constantFrom(...objectTypes), anyValue, fc.constantFrom(...valueTypes), (type, value, kind) => {
        const decoded = decodeValue({ oid: '1.3.6.1.2.1.2.2.1.10.1', type, value } as snmp.Varbind, { oid: '1.3.6.1.2.1.2.2.1.10', type: kind });
        expect(decoded instanceof Error || ['string', 'number', 'bigint'].includes(typeof decoded)).toBe(true);
      }),
      { numRuns: 5000, seed: 20261130 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 2 ** 32 }), { maxLength: 12 }), (suffix) => {
        const decoded = decodeIndex(suffix, [{ name: 'ap', kind: 'mac' }, { name: 'slot', kind: 'integer' }]);
        expect(decoded instanceof Error || typeof decoded === 'object').toBe(true);
      }),
      { numRuns: 2000, seed: 20261130 },
    );
  });
});
