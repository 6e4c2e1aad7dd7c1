import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { LedgerError } from '../ledger-error';

/**
 * The last block number and hash, kept beside the block file. Removing whole blocks from the end of the
 * file leaves a valid-looking chain; the head record is what tells that the file got shorter.
 * Fixed size and rewritten in place, so an update is a single small write.
 */
export interface HeadRecord {
  /** -1 before the first block. */
  number: number;
  hash: string;
}

const RECORD_BYTES = 128;

export function readHeadRecord(path: string): HeadRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const head = JSON.parse(text) as HeadRecord;
    if (Number.isInteger(head.number) && typeof head.hash === 'string') return head;
  } catch {
    // fall through
  }
  throw new LedgerError('LEDGER_TAMPERED', 'the ledger head record is unreadable', { phase: 'storage', retry: 'none' });
}

export class HeadRecordWriter {
  private readonly fd: number;

  constructor(
    path: string,
    private readonly durable: boolean,
  ) {
    closeSync(openSync(path, 'a', 0o600)); // create if missing, without truncating
    this.fd = openSync(path, 'r+');
  }

  write(head: HeadRecord): void {
    const text = JSON.stringify(head);
    const bytes = Buffer.alloc(RECORD_BYTES, ' ');
    bytes.write(text, 0, 'utf8');
    bytes[RECORD_BYTES - 1] = 10;
    writeSync(this.fd, bytes, 0, RECORD_BYTES, 0);
    if (this.durable) fdatasyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
