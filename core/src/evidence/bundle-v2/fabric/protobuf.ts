/**
 * A minimal protobuf wire-format reader: enough to walk Fabric's blocks and transactions offline without
 * a protobuf library. A message becomes its fields by number; each field keeps every occurrence in order
 * (repeated fields), as a varint (bigint) or a length-delimited byte string. Anything malformed throws.
 */
export type WireValue = bigint | Uint8Array;

export class ProtoMessage {
  private constructor(private readonly fields: Map<number, WireValue[]>) {}

  static decode(bytes: Uint8Array, what: string): ProtoMessage {
    const fields = new Map<number, WireValue[]>();
    let at = 0;
    const varint = (): bigint => {
      let value = 0n;
      for (let shift = 0n; shift < 70n; shift += 7n) {
        if (at >= bytes.length) throw new Error(`${what}: truncated varint`);
        const b = bytes[at++]!;
        value |= BigInt(b & 0x7f) << shift;
        if ((b & 0x80) === 0) return value;
      }
      throw new Error(`${what}: varint too long`);
    };
    while (at < bytes.length) {
      const key = varint();
      const field = Number(key >> 3n);
      const wire = Number(key & 7n);
      if (field === 0) throw new Error(`${what}: field number 0`);
      let value: WireValue;
      if (wire === 0) value = varint();
      else if (wire === 2) {
        const length = Number(varint());
        if (at + length > bytes.length) throw new Error(`${what}: field ${field} runs past the end`);
        value = bytes.subarray(at, at + length);
        at += length;
      } else if (wire === 1 || wire === 5) {
        const size = wire === 1 ? 8 : 4;
        if (at + size > bytes.length) throw new Error(`${what}: field ${field} runs past the end`);
        value = bytes.subarray(at, at + size);
        at += size;
      } else throw new Error(`${what}: unsupported wire type ${wire}`);
      const list = fields.get(field);
      if (list) list.push(value);
      else fields.set(field, [value]);
    }
    return new ProtoMessage(fields);
  }

  /** The last occurrence (protobuf's rule for a non-repeated field), or empty bytes when absent. */
  bytes(field: number): Uint8Array {
    const v = this.fields.get(field)?.at(-1);
    if (v === undefined) return new Uint8Array(0);
    if (typeof v === 'bigint') throw new Error(`field ${field} is a number, expected bytes`);
    return v;
  }

  has(field: number): boolean {
    return this.fields.has(field);
  }

  repeatedBytes(field: number): Uint8Array[] {
    return (this.fields.get(field) ?? []).map((v) => {
      if (typeof v === 'bigint') throw new Error(`field ${field} is a number, expected bytes`);
      return v;
    });
  }

  number(field: number): bigint {
    const v = this.fields.get(field)?.at(-1);
    if (v === undefined) return 0n;
    if (typeof v !== 'bigint') throw new Error(`field ${field} is bytes, expected a number`);
    return v;
  }

  message(field: number, what: string): ProtoMessage {
    return ProtoMessage.decode(this.bytes(field), what);
  }

  string(field: number): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(field));
  }
}
