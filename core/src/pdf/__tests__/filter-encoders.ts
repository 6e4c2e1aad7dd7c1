/**
 * Encoders for the standard filters, used to build test inputs (re-filtered copies of real files).
 * Decoding is checked against pdf-lib's decoders, so these need only be valid, not clever.
 */

export function encodeAsciiHex(data: Uint8Array): Buffer {
  return Buffer.from(Buffer.from(data).toString('hex').replace(/(.{64})/g, '$1\n') + '>', 'latin1');
}

export function encodeAscii85(data: Uint8Array): Buffer {
  let text = '';
  for (let i = 0; i < data.length; i += 4) {
    const group = [0, 1, 2, 3].map((k) => data[i + k] ?? 0);
    const used = Math.min(4, data.length - i);
    let value = ((group[0] << 24) | (group[1] << 16) | (group[2] << 8) | group[3]) >>> 0;
    if (value === 0 && used === 4) {
      text += 'z';
      continue;
    }
    const digits: string[] = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(String.fromCharCode(0x21 + (value % 85)));
      value = Math.floor(value / 85);
    }
    text += digits.slice(0, used + 1).join('');
  }
  return Buffer.from(text.replace(/(.{75})/g, '$1\n') + '~>', 'latin1');
}

export function encodeRunLength(data: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && run < 128 && data[i + run] === data[i]) run++;
    if (run >= 3) {
      out.push(257 - run, data[i]);
      i += run;
      continue;
    }
    const start = i;
    while (i < data.length && i - start < 128 && !(i + 2 < data.length && data[i] === data[i + 1] && data[i] === data[i + 2])) i++;
    out.push(i - start - 1, ...data.subarray(start, i));
  }
  out.push(128);
  return Buffer.from(out);
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
  let table = new Map<string, number>();
  let next = 258;
  const reset = () => {
    table = new Map();
    next = 258;
  };
  write(256);
  let current = '';
  for (const byte of data) {
    const candidate = current + String.fromCharCode(byte);
    if (current === '' || table.has(candidate)) {
      current = candidate;
      continue;
    }
    write(current.length === 1 ? current.charCodeAt(0) : table.get(current)!);
    table.set(candidate, next++);
    if (next >= 1 << width && width < 12) width++;
    if (next >= 4094) {
      write(256);
      reset();
      width = 9;
    }
    current = String.fromCharCode(byte);
  }
  if (current !== '') write(current.length === 1 ? current.charCodeAt(0) : table.get(current)!);
  write(257);
  if (bitCount > 0) out.push((bits << (8 - bitCount)) & 0xff);
  return Buffer.from(out);
}
