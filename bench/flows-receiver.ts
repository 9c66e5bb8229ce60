// The flow receiver as its own process for bench/flows.ts: the bench config's 100,000 prefixes
// loaded, listening on a free loopback port, answering the parent's "status" with its counts, so the
// parent can read this process's CPU time and memory from /proc as it reads nfcapd's.
import { Attribution } from '../flows/attribution.ts';
import { Classifier, mergeClasses, shippedClasses } from '../flows/classifier.ts';
import { FlowDecoder } from '../flows/decoder.ts';
import { TrafficMeter } from '../flows/meter.ts';
import { FlowReceiver } from '../flows/receiver.ts';
import { benchFlows } from './flow-export.ts';

const meter = new TrafficMeter(new Classifier(mergeClasses(shippedClasses(), benchFlows.classes)), new Attribution(benchFlows), new Map(), 20, { intervalMs: 60_000, lineBps: new Map() });
const receiver = new FlowReceiver(new FlowDecoder({ timeoutMs: 1_800_000, maxStreams: 64, maxTemplatesPerStream: 16 }), meter, { log: () => {} });
const [port] = await receiver.listen('127.0.0.1', [0]);
// The meter's points are made every interval in the collector; so here, every 10 s.
setInterval(() => meter.flush(Date.now(), 10_000), 10_000);
process.on('message', (m) => {
  if (m === 'status') process.send!({ records: receiver.status().records, datagrams: receiver.status().datagrams });
  if (m === 'stop') void receiver.close().then(() => process.exit(0));
});
process.send!({ port });
