/**
 * Encoders for the standard filters, used to build test inputs (re-filtered copies of real files).
 * Decoding is checked against pdf-lib's decoders, so these need only be valid, not clever.
 */

export function encodeAsciiHex(data: Uint8Array): Buffer {
  return Buffer.from(
    Buffer.from(data)
      .toString('hex')
      .replace(/(.{64})/g, '$1\n') + '>',
    'latin1',
  );
}

export function encodeAscii85(data: Uint8Array): Buffer {
  const out = Buffer.alloc(Math.ceil(data.length / 4) * 5 + Math.ceil(data.length / 60) + 2);
  let n = 0;
  let column = 0;
  for (let i = 0; i < data.length; i += 4) {
    const used = Math.min(4, data.length - i);
    let value = 0;
    for (let k = 0; k < 4; k++) value = value * 256 + (k < used ? data[i + k] : 0);
    if (value === 0 && used === 4) {
      out[n++] = 0x7a; // z
    } else {
      const digits = [0, 0, 0, 0, 0];
      for (let k = 4; k >= 0; k--) {
        digits[k] = 0x21 + (value % 85);
        value = Math.floor(value / 85);
      }
      for (let k = 0; k <= used; k++) out[n++] = digits[k];
    }
    if (++column === 15) {
      out[n++] = 0x0a;
      column = 0;
    }
  }
  out[n++] = 0x7e;
  out[n++] = 0x3e;
  return out.subarray(0, n);
}

export function encodeRunLength(data: Uint8Array): Buffer {
  const out = Buffer.alloc(data.length + Math.ceil(data.length / 128) + 1);
  let n = 0;
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && run < 128 && data[i + run] === data[i]) run++;
    if (run >= 3) {
      out[n++] = 257 - run;
      out[n++] = data[i];
      i += run;
      continue;
    }
    const start = i;
    while (i < data.length && i - start < 128 && !(i + 2 < data.length && data[i] === data[i + 1] && data[i] === data[i + 2])) i++;
    out[n++] = i - start - 1;
    out.set(data.subarray(start, i), n);
    n += i - start;
  }
  out[n++] = 128;
  return out.subarray(0, n);
}

/** LZW with /EarlyChange 1 (the default): 9–12 bit codes, a clear code when the table is full. */
export function encodeLzw(data: Uint8Array): Buffer {
  const out: number[] = [];
  let bits = 0;
  let bitCount = 0;
  let width = 9;
  const write = (code: number) => {
    bits = (bits << width) | code;
    bitCount += width;
    while (bitCount >= 8) {
      out.push((bits >>> (bitCount - 8)) & 0xff);
      bitCount -= 8;
    }
    bits &= (1 << bitCount) - 1;
  };
  // A string is known by its prefix code and last byte: key = code * 256 + byte.
  let table = new Map<number, number>();
  let next = 258;
  write(256);
  let current = -1;
  for (const byte of data) {
    if (current < 0) {
      current = byte;
      continue;
    }
    const known = table.get(current * 256 + byte);
    if (known !== undefined) {
      current = known;
      continue;
    }
    write(current);
    table.set(current * 256 + byte, next++);
    if (next >= 1 << width && width < 12) width++;
    if (next >= 4094) {
      write(256);
      table = new Map();
      next = 258;
      width = 9;
    }
    current = byte;
  }
  if (current >= 0) write(current);
  // Reading that last code, a decoder adds one more entry and, with EarlyChange 1, may widen its codes
  // before it reads the end-of-data code: write EOD at the width it will read.
  if (current >= 0 && next + 1 >= 1 << width && width < 12) width++;
  write(257);
  if (bitCount > 0) out.push((bits << (8 - bitCount)) & 0xff);
  return Buffer.from(out);
}
