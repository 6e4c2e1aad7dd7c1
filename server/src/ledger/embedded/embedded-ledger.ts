import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessPolicy, CallerIdentity, TxTimestamp } from '@eseal/chaincode';
import { chaincode } from '../chaincode-runtime';
import { namingDamagedFile } from './damaged-ledger';
import { LedgerError, chaincodeFailure } from '../ledger-error';
import type { LedgerTransport, RawLedgerEvent, SubmitOutcome } from '../ledger-transport';
import type { LedgerEventCursor, LedgerSubscription } from '../types';
import { GENESIS_PREVIOUS_HASH, type LedgerBlock, decodeWriteSet, encodeWriteSet, sealBlock, serializeBlock } from './block';
import { BlockFileWriter, readVerifiedBlocks } from './block-file';
import { DataDirLock } from './data-dir-lock';
import { EventLog } from './event-log';
import { HeadRecordWriter, readHeadRecord } from './head-record';
import { readCommittedBlocks } from './read-only-open';
import { AnchoredBatchIndex } from './anchored-batch-index';
import { type BlockHeader, BlockHeaderIndex } from './block-header-index';

export const BLOCK_FILE_NAME = 'blocks.jsonl';
export const HEAD_FILE_NAME = 'head.json';
export const LOCK_FILE_NAME = 'LOCK';

export interface EmbeddedLedgerOptions {
  /** Directory for the block file, head record and lock; created if missing. */
  dataDir: string;
  /** Sync each block to disk before acknowledging it (default true). Off, a power loss may drop the last blocks. */
  durable?: boolean;
  /** Transaction clock in ms since the epoch (default Date.now); the contract judges expiry by it. */
  clock?: () => number;
  /** The contract's access policy (default: the chaincode's own default, MakerMSP / PublicSecurityMSP). */
  accessPolicy?: AccessPolicy;
  channelId?: string;
  chaincodeName?: string;
}

/**
 * A single-node ledger in this process: the real SealRegistry contract over an in-memory world state,
 * every transaction appended as a hash-chained block. On open the block file is verified and replayed
 * (write sets applied, not re-executed, as a peer does); any damage stops it from serving.
 * Writes are serialised: one transaction executes and commits at a time, so no MVCC conflicts arise.
 */
export class EmbeddedLedger {
  private readonly state = new chaincode.WorldState();
  private readonly events = new EventLog();
  private readonly headers = new BlockHeaderIndex();
  #anchoredBatches: AnchoredBatchIndex | undefined;
  private readonly contract: InstanceType<typeof chaincode.SealRegistry>;
  private readonly clock: () => number;
  private readonly channelId: string;
  private readonly chaincodeName: string;
  private blockWriter!: BlockFileWriter;
  private headWriter!: HeadRecordWriter;
  private nextNumber = 0;
  private lastHash = GENESIS_PREVIOUS_HASH;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private failure: LedgerError | undefined;
  private closed = false;

  /** null: opened read-only (openReadOnly), no lock held, no writers open. */
  private constructor(
    options: EmbeddedLedgerOptions,
    private readonly lock: DataDirLock | null,
  ) {
    this.contract = new chaincode.SealRegistry(options.accessPolicy ?? chaincode.DEFAULT_ACCESS_POLICY);
    this.clock = options.clock ?? Date.now;
    this.channelId = options.channelId ?? 'eseal';
    this.chaincodeName = options.chaincodeName ?? 'eseal';
  }

  /** Opens (or creates) the ledger; throws LEDGER_TAMPERED naming the first bad block when the files are damaged. */
  static open(options: EmbeddedLedgerOptions): EmbeddedLedger {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const lock = DataDirLock.acquire(join(options.dataDir, LOCK_FILE_NAME));
    try {
      const ledger = new EmbeddedLedger(options, lock);
      ledger.load(options.dataDir, options.durable ?? true);
      return ledger;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /**
   * A snapshot for readers beside a running server (the CLI's verify commands): takes no lock, opens
   * nothing for writing, reads and verifies the blocks committed up to the head record at this moment
   * (LEDGER_TAMPERED when damaged) and serves reads of that state. Writes fail with LEDGER_ACCESS_DENIED.
   * Later commits by the writer are not seen; open again for a newer snapshot.
   */
  static async openReadOnly(options: Omit<EmbeddedLedgerOptions, 'durable'>): Promise<EmbeddedLedger> {
    const ledger = new EmbeddedLedger(options, null);
    const anchors = new AnchoredBatchIndex();
    const { height, lastHash } = await readCommittedBlocks(
      join(options.dataDir, BLOCK_FILE_NAME),
      join(options.dataDir, HEAD_FILE_NAME),
      (block) => {
        ledger.replay(block);
        anchors.add(block);
      },
    );
    ledger.#anchoredBatches = anchors;
    ledger.nextNumber = height;
    ledger.lastHash = lastHash;
    return ledger;
  }

  /** Read-only snapshots: the batch that first anchored each signature, from the blocks' arguments. */
  get anchoredBatches(): AnchoredBatchIndex | undefined {
    return this.#anchoredBatches;
  }

  get readOnly(): boolean {
    return this.lock === null;
  }

  /** Number of blocks; the next block gets this number. */
  get height(): number {
    return this.nextNumber;
  }

  private load(dataDir: string, durable: boolean): void {
    namingDamagedFile({ blockPath: join(dataDir, BLOCK_FILE_NAME), headPath: join(dataDir, HEAD_FILE_NAME) }, () =>
      this.loadVerified(dataDir, durable),
    );
  }

  private loadVerified(dataDir: string, durable: boolean): void {
    const blockPath = join(dataDir, BLOCK_FILE_NAME);
    const headPath = join(dataDir, HEAD_FILE_NAME);
    const head = readHeadRecord(headPath);
    let hashAtHead: string | undefined;
    const { height, lastHash } = readVerifiedBlocks(blockPath, (block) =>
      this.replay(block, head?.number === block.number ? (h) => (hashAtHead = h) : undefined),
    );
    if (head === undefined && height > 0) {
      throw new LedgerError('LEDGER_TAMPERED', 'the ledger head record is missing', {
        phase: 'storage',
        retry: 'none',
        details: { blockNumber: height - 1 },
      });
    }
    if (head !== undefined && head.number >= height) {
      throw new LedgerError(
        'LEDGER_TAMPERED',
        `block file is damaged at block ${height}: it ends before block ${head.number} recorded as committed (truncated)`,
        {
          phase: 'storage',
          retry: 'none',
          details: { blockNumber: height, recordedHead: head.number },
        },
      );
    }
    if (head !== undefined && head.number >= 0 && hashAtHead !== head.hash) {
      throw new LedgerError('LEDGER_TAMPERED', `block file is damaged at block ${head.number}: its hash differs from the head record`, {
        phase: 'storage',
        retry: 'none',
        details: { blockNumber: head.number },
      });
    }
    this.nextNumber = height;
    this.lastHash = lastHash;
    this.blockWriter = new BlockFileWriter(blockPath, durable);
    this.headWriter = new HeadRecordWriter(headPath, durable);
    // A newly created file is only durable once its directory entry is.
    if (durable) syncDirectory(dataDir);
    // Blocks past the head are ones whose head update was lost in a crash; they verified, so roll forward.
    if (head === undefined || head.number !== height - 1) this.headWriter.write({ number: height - 1, hash: lastHash });
  }

  get channel(): string {
    return this.channelId;
  }

  /** The committed head: the last block's number (-1 when empty) and hash. */
  get head(): { number: number; hash: string } {
    return { number: this.nextNumber - 1, hash: this.lastHash };
  }

  /** The header of the block that committed `txId`; undefined for a transaction this ledger never committed. */
  blockHeader(txId: string): BlockHeader | undefined {
    return this.headers.get(txId);
  }

  private replay(block: LedgerBlock, onHash?: (hash: string) => void): void {
    this.state.apply(decodeWriteSet(block.writeSet), block.txId, block.timestamp);
    this.headers.add(block);
    if (block.event !== null) {
      this.events.append({
        name: block.event.name,
        payload: Buffer.from(block.event.payload, 'base64'),
        blockNumber: block.number,
        transactionId: block.txId,
      });
    }
    onHash?.(block.hash);
  }

  async evaluate(caller: CallerIdentity, fn: string, args: string[]): Promise<string> {
    this.assertServing();
    const txId = newQueryTxId();
    const outcome = await chaincode.executeTransaction(
      this.contract,
      this.state,
      this.request(caller, fn, args, txId, toTimestamp(this.clock())),
    );
    if (!outcome.ok) throw chaincodeFailure(outcome.message, 'evaluate', txId);
    return outcome.payload;
  }

  submit(caller: CallerIdentity, fn: string, args: string[]): Promise<SubmitOutcome> {
    if (this.readOnly) {
      return Promise.reject(
        new LedgerError('LEDGER_ACCESS_DENIED', `the embedded ledger is open read-only; ${fn} needs the server's ledger`, {
          phase: 'endorse',
          retry: 'none',
          details: { readOnly: true, transaction: fn },
        }),
      );
    }
    const run = this.writeQueue.then(() => this.commit(caller, fn, args));
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  private async commit(caller: CallerIdentity, fn: string, args: string[]): Promise<SubmitOutcome> {
    this.assertServing();
    const txId = newTxId();
    const timestamp = toTimestamp(this.clock());
    const outcome = await chaincode.executeTransaction(this.contract, this.state, this.request(caller, fn, args, txId, timestamp));
    if (!outcome.ok) throw chaincodeFailure(outcome.message, 'endorse', txId);
    const block = sealBlock({
      number: this.nextNumber,
      previousHash: this.lastHash,
      txId,
      timestamp,
      creator: caller,
      fn,
      args,
      writeSet: encodeWriteSet(outcome.writeSet),
      event: outcome.event === null ? null : { name: outcome.event.name, payload: Buffer.from(outcome.event.payload).toString('base64') },
    });
    try {
      this.blockWriter.append(serializeBlock(block));
      this.headWriter.write({ number: block.number, hash: block.hash });
    } catch (error) {
      // The file may now end in a partial block; serving on would chain new blocks onto it.
      this.failure = new LedgerError('LEDGER_UNAVAILABLE', 'embedded ledger storage failed; restart after checking the data directory', {
        phase: 'storage',
        retry: 'none',
        cause: error,
      });
      throw new LedgerError('LEDGER_COMMIT_FAILED', 'the block could not be written; the transaction may or may not be on disk', {
        phase: 'commit',
        transactionId: txId,
        retry: 'none',
        cause: error,
      });
    }
    this.state.apply(outcome.writeSet, txId, timestamp);
    this.headers.add(block);
    this.nextNumber = block.number + 1;
    this.lastHash = block.hash;
    if (outcome.event !== null) {
      this.events.append({ name: outcome.event.name, payload: outcome.event.payload, blockNumber: block.number, transactionId: txId });
    }
    return { payload: outcome.payload, transactionId: txId, blockNumber: block.number };
  }

  async subscribe(
    listener: (event: RawLedgerEvent) => void | Promise<void>,
    from: LedgerEventCursor | undefined,
  ): Promise<LedgerSubscription> {
    this.assertServing();
    return this.events.subscribe(listener, from);
  }

  health(): void {
    this.assertServing();
  }

  /** Waits for queued writes, ends subscriptions, closes files and releases the directory lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeQueue;
    this.events.closeAll();
    if (this.lock === null) return;
    this.blockWriter.close();
    this.headWriter.close();
    this.lock.release();
  }

  /** A LedgerTransport acting as one caller; closing it closes the ledger only when `ownsLedger`. */
  transport(caller: CallerIdentity, ownsLedger = false): LedgerTransport {
    return {
      evaluate: (fn, args) => this.evaluate(caller, fn, args),
      submit: (fn, args) => this.submit(caller, fn, args),
      subscribe: (listener, from) => this.subscribe(listener, from),
      health: async () => this.health(),
      close: async () => {
        if (ownsLedger) await this.close();
      },
    };
  }

  private assertServing(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'embedded ledger is closed', { phase: 'connect', retry: 'none' });
  }

  private request(caller: CallerIdentity, fn: string, args: string[], txId: string, timestamp: TxTimestamp) {
    return { fcn: fn, args, caller, txId, timestamp, channelId: this.channelId, chaincodeName: this.chaincodeName };
  }
}

function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Same form as Fabric's: 64 hex digits. */
function newTxId(): string {
  return randomBytes(32).toString('hex');
}

/** Random once per process: query ids from two processes (a server and a CLI reader) never meet. */
const QUERY_TX_ID_PREFIX = randomBytes(24).toString('hex');
let queryCount = 0;

/**
 * A query commits nothing and its id is never recorded, so it needs only to be unique, not unpredictable:
 * a process prefix and a counter, still 64 hex digits. Drawing random bytes per query showed up on the
 * verification path's profile.
 */
function newQueryTxId(): string {
  queryCount += 1;
  return QUERY_TX_ID_PREFIX + queryCount.toString(16).padStart(16, '0');
}

function toTimestamp(ms: number): TxTimestamp {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}
