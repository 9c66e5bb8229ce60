// The live stream: an overview event at once, and another after every stored poll.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { LiveFeed } from '../../api/live.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

/** Reads server-sent events from a streaming body, one {event, data} at a time. */
async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      if (field('event')) yield { event: field('event')!, data: field('data') ?? '' };
    }
  }
}

describe('live stream', () => {
  it('sends the overview at once and again as each poll is stored, until the server ends it', async () => {
    const store = new EmbeddedStore(':memory:');
    const live = new LiveFeed();
    const app = createApp({ config: demoConfig(), store, live });
    const res = await app.request('/api/v1/live');
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = events(res.body!);
    const first = (await stream.next()).value!;
    expect(first.event).toBe('overview');
    expect(JSON.parse(first.data).municipalities[0].id).toBe('fjordvik');

    await store.write([{ measurement: 'interface', tags: { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', link: 'uplink', device: 'nu-gamle-sw', interface: 'Gi1/0/48' }, fields: { in_bps: 42e6, out_bps: 1e6, utilisation: 0.42 }, time: Date.now() }]);
    // Pushed when the poll is stored, not on a timer: nothing in between waits.
    live.stored(Date.now());
    const next = (await stream.next()).value!;
    const building = JSON.parse(next.data).municipalities[0].schools.flatMap((s: any) => s.buildings).find((b: any) => b.id === 'nu-gamle');
    expect(building.uplink.inMbps).toBe(42);

    live.end();
    expect((await stream.next()).done).toBe(true);
    await store.close();
  });
});
