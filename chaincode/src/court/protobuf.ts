/**
 * The protobuf wire format, read far enough to walk a Fabric transaction envelope. The chaincode is
 * deployed on its own and imports nothing of ours, so it keeps this small reader rather than the service's
 * (core/src/evidence/bundle-v2/fabric/protobuf.ts, the same rules); malformed input throws.
 */
type WireValue = bigint | Uint8Array;

export class Proto {
  private constructor(private readonly fields: Map<number, WireValue[]>) {}

  static decode(bytes: Uint8Array): Proto {
    const fields = new Map<number, WireValue[]>();
    let at = 0;
    const varint = (): bigint => {
      let value = 0n;
      for (let shift = 0n; shift < 70n; shift += 7n) {
        if (at >= bytes.length) throw new Error('truncated varint');
        const b = bytes[at++]!;
        value |= BigInt(b & 0x7f) << shift;
        if ((b & 0x80) === 0) return value;
      }
      throw new Error('varint too long');
    };
    while (at < bytes.length) {
      const key = varint();
      const field = Number(key >> 3n);
      const wire = Number(key & 7n);
      if (field === 0) throw new Error('field number 0');
      let value: WireValue;
      if (wire === 0) value = varint();
      else if (wire === 2 || wire === 1 || wire === 5) {
        const length = wire === 2 ? Number(varint()) : wire === 1 ? 8 : 4;
        if (at + length > bytes.length) throw new Error(`field ${field} runs past the end`);
        value = bytes.subarray(at, at + length);
        at += length;
      } else throw new Error(`unsupported wire type ${wire}`);
      fields.set(field, [...(fields.get(field) ?? []), value]);
    }
    return new Proto(fields);
  }

  bytes(field: number): Uint8Array {
    const v = this.fields.get(field)?.at(-1);
    if (v === undefined) return new Uint8Array(0);
    if (typeof v === 'bigint') throw new Error(`field ${field}: expected bytes`);
    return v;
  }

  repeated(field: number): Uint8Array[] {
    return (this.fields.get(field) ?? []).map((v) => {
      if (typeof v === 'bigint') throw new Error(`field ${field}: expected bytes`);
      return v;
    });
  }

  number(field: number): bigint {
    const v = this.fields.get(field)?.at(-1);
    if (v === undefined) return 0n;
    if (typeof v !== 'bigint') throw new Error(`field ${field}: expected a number`);
    return v;
  }

  message(field: number): Proto {
    return Proto.decode(this.bytes(field));
  }

  string(field: number): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(field));
  }
}
