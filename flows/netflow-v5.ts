// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte IPv4 records. The layout is Cisco's
// (NetFlow Export Datagram Format, version 5); the header's last two bytes hold the sampling mode
// (2 bits) and interval (14 bits).
import { FlowDecodeError, resetRecord, type DatagramInfo, type FlowRecord } from './record.ts';

const HEADER = 24;
const RECORD = 48;
const MAX_RECORDS = 30;

/** Calls `onRecord` with each record and the header's sampling interval (1: unsampled). */
export function decodeV5(view: DataView, record: FlowRecord, onRecord: (r: FlowRecord, sampling: number) => void): DatagramInfo {
  if (view.byteLength < HEADER) throw new FlowDecodeError('truncated', `a NetFlow v5 header is ${HEADER} bytes, the datagram has ${view.byteLength}`);
  const count = view.getUint16(2);
  if (count > MAX_RECORDS) throw new FlowDecodeError('bad_length', `NetFlow v5 says ${count} records; a datagram holds at most ${MAX_RECORDS}`);
  if (view.byteLength < HEADER + count * RECORD) throw new FlowDecodeError('truncated', `NetFlow v5 says ${count} records (${HEADER + count * RECORD} bytes), the datagram has ${view.byteLength}`);
  const sampling = view.getUint16(22) & 0x3fff;
  for (let i = 0, at = HEADER; i < count; i++, at += RECORD) {
    resetRecord(record);
    record.family = 4;
    record.src4 = view.getUint32(at);
    record.dst4 = view.getUint32(at + 4);
    record.inIf = view.getUint16(at + 12);
    record.outIf = view.getUint16(at + 14);
    record.packets = view.getUint32(at + 16);
    record.bytes = view.getUint32(at + 20);
    record.srcPort = view.getUint16(at + 32);
    record.dstPort = view.getUint16(at + 34);
    record.protocol = view.getUint8(at + 38);
    onRecord(record, sampling || 1);
  }
  return { version: 5, domain: view.getUint16(20), sequence: view.getUint32(16), records: count, headerSampling: sampling };
}
