// The part of asn1-ber (net-snmp's BER codec, MIT) that the bench agents use; it ships no types.
declare module 'asn1-ber' {
  export class BerReader {
    constructor(data: Buffer);
    readonly offset: number;
    readSequence(tag?: number): number | null;
    readInt(tag?: number): number;
    readString(tag: number, asBuffer: true): Buffer;
    peek(): number | null;
  }
  export class BerWriter {
    readonly buffer: Buffer;
    startSequence(tag?: number): void;
    endSequence(): void;
    writeInt(value: number, tag?: number): void;
    writeBuffer(value: Buffer, tag: number): void;
  }
}
