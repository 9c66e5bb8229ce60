// Serves one simulated device over real SNMP (net-snmp's agent on a loopback UDP port): the system
// group, IF-MIB's ifTable and ifXTable with 32- and 64-bit counters, and for WLAN controllers the
// AIRESPACE-WIRELESS-MIB AP, radio and channel-load tables that Cisco controllers serve.
import snmp from 'net-snmp';
import type { SimDevice } from './world.ts';

const RO = snmp.MaxAccess['read-only'];
const NA = snmp.MaxAccess['not-accessible'];
const T = snmp.ObjectType;

export interface AgentOptions {
  port: number;
  community: string;
  /** Real clock in ms; tests may pass their own. */
  now?: () => number;
  /** Maps a real instant to the simulated instant whose school-day load is served. */
  simTime: (realMs: number) => number;
}

export interface RunningAgent {
  port: number;
  close(): Promise<void>;
}

type Column = { number: number; name: string; type: number; maxAccess?: number };

function tableProvider(name: string, oid: string, columns: Column[], tableIndex: object[], handler?: (req: any) => void) {
  return {
    name,
    type: snmp.MibProviderType.Table,
    oid,
    maxAccess: NA,
    tableColumns: columns.map((c) => ({ maxAccess: RO, ...c })),
    tableIndex,
    handler,
  };
}

function counter64(value: bigint): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(value & 0xffffffffffffffffn);
  return buf;
}

export function startAgent(device: SimDevice, options: AgentOptions): Promise<RunningAgent> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let lastRefresh = startedAt;
  let lastSimMs = options.simTime(startedAt);
  const octets: Octets[] = device.interfaces.map(() => ({ in: 0n, out: 0n }));

  let listening = false;
  return new Promise((resolvePromise, reject) => {
    const agent = snmp.createAgent(
      { port: options.port, address: '127.0.0.1', disableAuthorization: false },
      (error: Error | null) => {
        // Per-request errors (a bad community, a malformed packet) are the client's problem, not the
        // simulator's; a socket error before listening rejects the start below.
        if (error && !(error as any).rinfo && listening) console.error(`simulator ${device.config.id}: ${error.message}`);
      },
    );
    const mib = agent.getMib();
    agent.getAuthorizer().addCommunity(options.community);

    // Counters, clients and sysUpTime all move together, at most every 200 ms, so a poll sees a
    // consistent snapshot and rates computed from sysUpTime are exact.
    const refresh = () => {
      const t = now();
      if (t - lastRefresh < 200) return;
      const seconds = (t - lastRefresh) / 1000;
      const simMs = options.simTime(t);
      device.interfaces.forEach((itf, i) => {
        if (!itf.up) return;
        const r = itf.rates(simMs);
        octets[i]!.in += BigInt(Math.round((r.inBps * seconds) / 8));
        octets[i]!.out += BigInt(Math.round((r.outBps * seconds) / 8));
      });
      lastRefresh = t;
      lastSimMs = simMs;
    };
    // The moving cells, by instance OID: only the cells a request reaches are computed, when it
    // reaches them. (Writing every cell into the MIB on each refresh cost the agent more than
    // answering did, once a benchmark ran thousands of agents in one process.)
    const moving = movingCells(device, octets, () => lastSimMs);
    const handler = (req: any) => {
      refresh();
      const cell = moving.get(req.instanceNode.oid);
      if (cell) req.instanceNode.value = cell();
      req.done();
    };

    mib.registerProviders([
      { name: 'sysDescr', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.1', scalarType: T.OctetString, maxAccess: RO },
      { name: 'sysObjectID', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.2', scalarType: T.OID, maxAccess: RO },
      {
        name: 'sysUpTime',
        type: snmp.MibProviderType.Scalar,
        oid: '1.3.6.1.2.1.1.3',
        scalarType: T.TimeTicks,
        maxAccess: RO,
        handler: (req: any) => {
          refresh();
          req.instanceNode.value = Math.floor((lastRefresh - startedAt) / 10) % 4294967296;
          req.done();
        },
      },
      { name: 'sysName', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.5', scalarType: T.OctetString, maxAccess: RO },
      tableProvider(
        'ifTable',
        '1.3.6.1.2.1.2.2.1',
        [
          { number: 1, name: 'ifIndex', type: T.Integer },
          { number: 2, name: 'ifDescr', type: T.OctetString },
          { number: 3, name: 'ifType', type: T.Integer },
          { number: 5, name: 'ifSpeed', type: T.Gauge32 },
          { number: 8, name: 'ifOperStatus', type: T.Integer },
          { number: 10, name: 'ifInOctets', type: T.Counter32 },
          { number: 16, name: 'ifOutOctets', type: T.Counter32 },
        ],
        [{ columnName: 'ifIndex' }],
        handler,
      ),
      {
        ...tableProvider(
          'ifXTable',
          '1.3.6.1.2.1.31.1.1.1',
          [
            { number: 1, name: 'ifName', type: T.OctetString },
            { number: 6, name: 'ifHCInOctets', type: T.Counter64 },
            { number: 10, name: 'ifHCOutOctets', type: T.Counter64 },
            { number: 15, name: 'ifHighSpeed', type: T.Gauge32 },
            { number: 18, name: 'ifAlias', type: T.OctetString },
          ],
          [],
          handler,
        ),
        tableIndex: undefined,
        tableAugments: 'ifTable',
      },
    ]);
    mib.setScalarValue('sysDescr', device.sysDescr);
    mib.setScalarValue('sysObjectID', device.sysObjectID);
    mib.setScalarValue('sysUpTime', 0);
    mib.setScalarValue('sysName', device.sysName);
    for (const itf of device.interfaces) {
      const speedBps = Math.min(itf.speedMbps * 1e6, 4294967295);
      mib.addTableRow('ifTable', [itf.index, itf.descr, 6, speedBps, itf.up ? 1 : 2, 0, 0]);
      mib.addTableRow('ifXTable', [itf.index, itf.name, counter64(0n), counter64(0n), itf.speedMbps, itf.alias]);
    }

    if (device.accessPoints.length > 0) registerControllerTables(mib, device, handler);

    // The agent's one socket says when it listens, or why it could not bind (a port taken meanwhile).
    const socket = Object.values(agent.listener.sockets)[0] as import('node:dgram').Socket;
    socket.once('error', reject);
    socket.once('listening', () => {
      listening = true;
      resolvePromise({
        port: socket.address().port,
        close: () => new Promise<void>((done) => agent.close(() => done())),
      });
    });
  });
}

type Octets = { in: bigint; out: bigint };

/** Instance OID → the cell's value now, for the counters and the radios' clients and load. */
function movingCells(device: SimDevice, octets: Octets[], simMs: () => number): Map<string, () => number | Buffer> {
  const cells = new Map<string, () => number | Buffer>();
  device.interfaces.forEach((itf, i) => {
    const c = octets[i]!;
    cells.set(`1.3.6.1.2.1.2.2.1.10.${itf.index}`, () => Number(c.in % 4294967296n));
    cells.set(`1.3.6.1.2.1.2.2.1.16.${itf.index}`, () => Number(c.out % 4294967296n));
    cells.set(`1.3.6.1.2.1.31.1.1.1.6.${itf.index}`, () => counter64(c.in));
    cells.set(`1.3.6.1.2.1.31.1.1.1.10.${itf.index}`, () => counter64(c.out));
  });
  for (const ap of device.accessPoints) {
    for (const radio of ap.radios) {
      const row = `${ap.mac.join('.')}.${radio.slot}`;
      cells.set(`${CONTROLLER}.2.1.15.${row}`, () => radio.clients(simMs()));
      // Channel utilisation counts everything heard on the channel; receive outweighs transmit in a classroom.
      cells.set(`${CONTROLLER}.13.1.1.${row}`, () => Math.round(radio.channelUtilisation(simMs()) * 0.6));
      cells.set(`${CONTROLLER}.13.1.2.${row}`, () => Math.round(radio.channelUtilisation(simMs()) * 0.4));
      cells.set(`${CONTROLLER}.13.1.3.${row}`, () => radio.channelUtilisation(simMs()));
    }
  }
  return cells;
}

const CONTROLLER = '1.3.6.1.4.1.14179.2.2';

function registerControllerTables(mib: any, device: SimDevice, handler: (req: any) => void): void {
  mib.registerProviders([
    tableProvider(
      'bsnAPTable',
      `${CONTROLLER}.1.1`,
      [
        { number: 1, name: 'bsnAPDot3MacAddress', type: T.OctetString, maxAccess: NA },
        { number: 3, name: 'bsnAPName', type: T.OctetString },
        { number: 4, name: 'bsnAPLocation', type: T.OctetString },
        { number: 6, name: 'bsnAPOperationStatus', type: T.Integer },
      ],
      [{ columnName: 'bsnAPDot3MacAddress', length: 6 }],
    ),
    tableProvider(
      'bsnAPIfTable',
      `${CONTROLLER}.2.1`,
      [
        { number: 1, name: 'bsnAPIfSlotId', type: T.Integer, maxAccess: NA },
        { number: 2, name: 'bsnAPIfType', type: T.Integer },
        { number: 15, name: 'bsnApIfNoOfUsers', type: T.Integer },
      ],
      [{ columnName: 'bsnAPDot3MacAddress', foreign: 'bsnAPTable', length: 6 }, { columnName: 'bsnAPIfSlotId' }],
      handler,
    ),
    tableProvider(
      'bsnAPIfLoadParametersTable',
      `${CONTROLLER}.13.1`,
      [
        { number: 1, name: 'bsnAPIfLoadRxUtilization', type: T.Integer },
        { number: 2, name: 'bsnAPIfLoadTxUtilization', type: T.Integer },
        { number: 3, name: 'bsnAPIfLoadChannelUtilization', type: T.Integer },
      ],
      [
        { columnName: 'bsnAPDot3MacAddress', foreign: 'bsnAPTable', length: 6 },
        { columnName: 'bsnAPIfSlotId', foreign: 'bsnAPIfTable' },
      ],
      handler,
    ),
  ]);
  for (const ap of device.accessPoints) {
    const mac = Buffer.from(ap.mac);
    mib.addTableRow('bsnAPTable', [mac, ap.name, ap.location, 1]);
    for (const radio of ap.radios) {
      // bsnAPIfType: slot 0 is the 2.4 GHz radio (dot11b, 1), slot 1 the 5 GHz one (dot11a, 2).
      mib.addTableRow('bsnAPIfTable', [mac, radio.slot, radio.slot === 0 ? 1 : 2, 0]);
      mib.addTableRow('bsnAPIfLoadParametersTable', [mac, radio.slot, 0, 0, 0]);
    }
  }
}
