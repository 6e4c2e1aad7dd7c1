import fs from 'node:fs';
import path from 'node:path';

export interface IssuedToken {
  serial: string;
  genTime: string;
  /** Hex SM3 the token stamps. */
  imprint: string;
}

/**
 * The TSA's log of every token it issued, one JSON line each, written before the answer leaves: a
 * serial number is never issued twice, across restarts too (RFC 3161 2.4.2). A line cut short by a
 * crash belongs to a token that was never sent, so its serial may be issued again.
 */
export class SerialJournal {
  private readonly fd: number;
  private last: bigint;
  count: number;

  constructor(dir: string) {
    const file = path.join(dir, 'issued.jsonl');
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
    let last = 0n;
    let count = 0;
    for (const line of lines) {
      const serial = readSerial(line);
      if (serial === undefined) continue;
      count += 1;
      if (serial > last) last = serial;
    }
    this.last = last;
    this.count = count;
    // A torn last line is cut off, so the next entry starts on a line of its own.
    const text = lines.filter((l) => readSerial(l) !== undefined).join('\n');
    if (lines.length > 0 && text.length + 1 !== fs.statSync(file).size) fs.writeFileSync(file, text.length > 0 ? `${text}\n` : '');
    this.fd = fs.openSync(file, 'a', 0o600);
  }

  /** The next serial number; call record() with it before answering. */
  next(): bigint {
    this.last += 1n;
    return this.last;
  }

  record(entry: IssuedToken): void {
    fs.writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.count += 1;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function readSerial(line: string): bigint | undefined {
  if (line.trim() === '') return undefined;
  try {
    const entry = JSON.parse(line) as Partial<IssuedToken>;
    return typeof entry.serial === 'string' && /^[1-9][0-9]*$/.test(entry.serial) ? BigInt(entry.serial) : undefined;
  } catch {
    return undefined;
  }
}
