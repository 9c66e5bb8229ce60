// Opens a net-snmp session for a configured device: v1, v2c or v3 with the credentials resolved from
// the environment or the secrets file at the last moment.
import { getCiphers } from 'node:crypto';
import snmp from 'net-snmp';
import type { Secrets } from '../config/secrets.ts';
import type { SnmpConfig } from '../config/schema.ts';
import { installOidReader } from './ber-oid.ts';

// Every session decodes its answers' OIDs with the faster reader.
installOidReader();

const AUTH = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
} as const;

const PRIV = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256b: snmp.PrivProtocols.aes256b,
  aes256r: snmp.PrivProtocols.aes256r,
} as const;

export function openSession(config: SnmpConfig, secrets: Secrets): snmp.Session {
  const options = {
    port: config.port,
    retries: config.retries,
    timeout: config.timeoutMs,
    transport: 'udp4' as const,
    // Request ids are checked against answers, so a late answer to an earlier request is ignored.
    idBitsSize: 32 as const,
  };
  if (config.version === '3') {
    if (config.level === 'authPriv' && config.privProtocol === 'des' && !getCiphers().includes('des-cbc')) {
      // OpenSSL 3 keeps single DES in its legacy provider, which Node loads only when asked to.
      throw new Error('DES privacy needs OpenSSL\'s legacy provider: run Node with --openssl-legacy-provider (bin/kapasitet.js, npm start and the image do)');
    }
    const user: snmp.User = { name: config.user, level: snmp.SecurityLevel[config.level] };
    if (config.authProtocol && config.authKey) {
      user.authProtocol = AUTH[config.authProtocol];
      user.authKey = secrets.resolve(config.authKey).reveal();
    }
    if (config.privProtocol && config.privKey) {
      user.privProtocol = PRIV[config.privProtocol];
      user.privKey = secrets.resolve(config.privKey).reveal();
    }
    return snmp.createV3Session(config.host, user, { ...options, version: snmp.Version3 });
  }
  const version = config.version === '1' ? snmp.Version1 : snmp.Version2c;
  return snmp.createSession(config.host, secrets.resolve(config.community).reveal(), { ...options, version });
}

export function get(session: snmp.Session, oids: string[]): Promise<snmp.Varbind[]> {
  return new Promise((resolve, reject) => session.get(oids, (err, varbinds) => (err ? reject(err) : resolve(varbinds ?? []))));
}

/** The object after `oid` if it lies under `oid`, else undefined (the end of the subtree). */
async function nextUnder(session: snmp.Session, oid: string, within = oid): Promise<snmp.Varbind | undefined> {
  const varbinds = await new Promise<snmp.Varbind[]>((resolve, reject) =>
    session.getNext([oid], (err, vbs) => {
      // v1 agents end a walk with noSuchName rather than endOfMibView.
      if ((err as { status?: number } | null)?.status === snmp.ErrorStatus.NoSuchName) resolve([]);
      else if (err) reject(err);
      else resolve(vbs ?? []);
    }),
  );
  const next = varbinds[0];
  return next && !snmp.isVarbindError(next) && next.oid.startsWith(`${within}.`) ? next : undefined;
}

/** Whether the agent has anything under `oid`: one GetNext, for probing which profiles apply. */
export async function hasSubtree(session: snmp.Session, oid: string): Promise<boolean> {
  return (await nextUnder(session, oid)) !== undefined;
}

/**
 * Every varbind under `oid` with GetNext only, one object per request: for v1 and for agents that
 * answer GetBulk badly. Stops at the end of the subtree, and refuses an agent whose next OID does not
 * move forward (which would otherwise loop for ever).
 */
export async function walkWithGetNext(session: snmp.Session, oid: string): Promise<snmp.Varbind[]> {
  const rows: snmp.Varbind[] = [];
  let current = oid;
  for (;;) {
    const next = await nextUnder(session, current, oid);
    if (!next) return rows;
    if (compareOids(next.oid, current) <= 0) throw new Error(`agent answered GetNext ${current} with ${next.oid}, which is not after it`);
    rows.push(next);
    current = next.oid;
  }
}

/**
 * Orders two dotted OIDs by their numbers. It reads the strings in place rather than splitting them:
 * a walk compares every varbind it receives, and the split arrays were a visible share of a cycle.
 */
export function compareOids(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    let x = 0;
    let y = 0;
    for (; i < a.length && a.charCodeAt(i) !== DOT; i++) x = x * 10 + a.charCodeAt(i) - ZERO;
    for (; j < b.length && b.charCodeAt(j) !== DOT; j++) y = y * 10 + b.charCodeAt(j) - ZERO;
    if (x !== y) return x - y;
    i++;
    j++;
  }
  return (a.length - i) - (b.length - j);
}

const DOT = 46;
const ZERO = 48;

/**
 * Every varbind under `oid`, by GetBulk requests from the last object received. The walk ends at the
 * first error value (endOfMibView; net-snmp's own agent answers past its last object with
 * noSuchObject at the requested OID) or object outside the subtree. OIDs that do not increase are
 * refused, since such an agent would otherwise be asked again from there for ever.
 */
export async function walk(session: snmp.Session, oid: string, maxRepetitions: number): Promise<snmp.Varbind[]> {
  const rows: snmp.Varbind[] = [];
  const prefix = `${oid}.`;
  let last = oid;
  for (;;) {
    const [repeated] = await getBulk(session, last, maxRepetitions);
    if (!repeated || repeated.length === 0) return rows;
    for (const varbind of repeated) {
      if (snmp.isVarbindError(varbind) || !varbind.oid.startsWith(prefix)) return rows;
      if (compareOids(varbind.oid, last) <= 0) throw new Error(`agent answered GetBulk after ${last} with ${varbind.oid}, which is not after it`);
      rows.push(varbind);
      last = varbind.oid;
    }
  }
}

function getBulk(session: snmp.Session, oid: string, maxRepetitions: number): Promise<snmp.Varbind[][]> {
  return new Promise((resolve, reject) =>
    session.getBulk([oid], 0, maxRepetitions, (err, varbinds) => (err ? reject(err) : resolve((varbinds ?? []) as unknown as snmp.Varbind[][]))),
  );
}
