import Long from 'long';
import type {
  ChaincodeProposal,
  ChaincodeResponse,
  ChaincodeStub,
  Iterators,
  SerializedIdentity,
  StateQueryResponse,
  Timestamp,
} from 'fabric-shim-api';
import { compareKeys, sortKeys } from './key-order';
import { EMPTY_KEY_SUBSTITUTE, MAX_UNICODE_RUNE, createCompositeKey, isCompositeKey, splitCompositeKey } from './composite-key';
import { ArrayIterator, iterable, iterableResponse } from './query-iterator';
import type { ReadableWorldState, TxTimestamp, WriteSetEntry } from './world-state';

export interface ChaincodeEventRecord {
  name: string;
  payload: Uint8Array;
}

export interface TransactionStubOptions {
  state: ReadableWorldState;
  txId: string;
  timestamp: TxTimestamp;
  channelId: string;
  chaincodeName: string;
  fcn: string;
  params: string[];
  creator: SerializedIdentity;
}

/**
 * ctx.stub for one transaction, behaving as a peer's simulator does where our contract can tell:
 * reads see the committed state before the transaction (no read-your-writes), writes are buffered in a
 * write set, one event per transaction (a later setEvent replaces an earlier one), history newest first.
 * Private data and chaincode-to-chaincode calls are not offered.
 */
export class TransactionStub implements ChaincodeStub {
  private readonly writes = new Map<string, Uint8Array | null>();
  private event: ChaincodeEventRecord | null = null;

  constructor(private readonly options: TransactionStubOptions) {}

  /** The write set in key order, as Fabric records it in the transaction's read-write set. */
  writeSet(): WriteSetEntry[] {
    return sortKeys([...this.writes.keys()]).map((key) => ({ key, value: this.writes.get(key)! }));
  }

  chaincodeEvent(): ChaincodeEventRecord | null {
    return this.event;
  }

  getArgs(): string[] {
    return [this.options.fcn, ...this.options.params];
  }

  getStringArgs(): string[] {
    return this.getArgs();
  }

  getFunctionAndParameters(): { params: string[]; fcn: string } {
    return { fcn: this.options.fcn, params: [...this.options.params] };
  }

  getTxID(): string {
    return this.options.txId;
  }

  getChannelID(): string {
    return this.options.channelId;
  }

  getCreator(): SerializedIdentity {
    return this.options.creator;
  }

  getMspID(): string {
    // The peer's own MSP; the embedded runtime is its own single peer, run by the caller's organisation.
    return this.options.creator.mspid;
  }

  getTransient(): Map<string, Uint8Array> {
    return new Map();
  }

  getSignedProposal(): ChaincodeProposal.SignedProposal {
    throw new Error('getSignedProposal is not available in the embedded runtime');
  }

  getTxTimestamp(): Timestamp {
    return { seconds: Long.fromNumber(this.options.timestamp.seconds, true), nanos: this.options.timestamp.nanos };
  }

  getDateTimestamp(): Date {
    const { seconds, nanos } = this.options.timestamp;
    return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
  }

  getBinding(): string {
    throw new Error('getBinding is not available in the embedded runtime');
  }

  async getState(key: string): Promise<Uint8Array> {
    assertKey(key);
    // Fabric returns an empty buffer for a missing key, and never this transaction's own pending writes.
    return this.options.state.get(key) ?? Buffer.alloc(0);
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    assertKey(key);
    if (!(value instanceof Uint8Array) || value.length === 0) throw new Error(`putState(${key}): value must be non-empty bytes`);
    this.writes.set(key, Buffer.from(value));
  }

  async deleteState(key: string): Promise<void> {
    assertKey(key);
    this.writes.set(key, null);
  }

  async setStateValidationParameter(): Promise<void> {
    throw new Error('key-level endorsement is not available in the embedded runtime');
  }

  async getStateValidationParameter(): Promise<Uint8Array> {
    throw new Error('key-level endorsement is not available in the embedded runtime');
  }

  getStateByRange(startKey: string, endKey: string): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    assertSimpleRange(startKey, endKey);
    return iterable<ArrayIterator<Iterators.KV>, Iterators.KV>(new ArrayIterator(this.scan(startKey || EMPTY_KEY_SUBSTITUTE, endKey)));
  }

  getStateByRangeWithPagination(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark = '',
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    assertSimpleRange(startKey, endKey);
    return this.page(startKey || EMPTY_KEY_SUBSTITUTE, endKey, pageSize, bookmark);
  }

  getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    const start = createCompositeKey(objectType, attributes);
    return iterable<ArrayIterator<Iterators.KV>, Iterators.KV>(new ArrayIterator(this.scan(start, start + MAX_UNICODE_RUNE)));
  }

  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark = '',
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    const start = createCompositeKey(objectType, attributes);
    return this.page(start, start + MAX_UNICODE_RUNE, pageSize, bookmark);
  }

  getQueryResult(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    throw new Error('rich queries need CouchDB; the ledger is designed for LevelDB');
  }

  getQueryResultWithPagination(): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    throw new Error('rich queries need CouchDB; the ledger is designed for LevelDB');
  }

  getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification> {
    assertKey(key);
    const mods: Iterators.KeyModification[] = this.options.state.history(key).map((h) => ({
      txId: h.txId,
      isDelete: h.isDelete,
      value: h.value,
      timestamp: { seconds: Long.fromNumber(h.timestamp.seconds, true), nanos: h.timestamp.nanos },
    }));
    return iterable<ArrayIterator<Iterators.KeyModification>, Iterators.KeyModification>(new ArrayIterator(mods));
  }

  async invokeChaincode(): Promise<ChaincodeResponse> {
    throw new Error('chaincode-to-chaincode calls are not available in the embedded runtime');
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (typeof name !== 'string' || name.length === 0) throw new Error('event name must be a non-empty string');
    this.event = { name, payload: Buffer.from(payload) };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    return createCompositeKey(objectType, attributes);
  }

  splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    const { objectType, attributes } = splitCompositeKey(compositeKey);
    return { objectType: objectType ?? '', attributes };
  }

  async getPrivateData(): Promise<Uint8Array> {
    return noPrivateData();
  }
  async getPrivateDataHash(): Promise<Uint8Array> {
    return noPrivateData();
  }
  async putPrivateData(): Promise<void> {
    return noPrivateData();
  }
  async deletePrivateData(): Promise<void> {
    return noPrivateData();
  }
  async purgePrivateData(): Promise<void> {
    return noPrivateData();
  }
  async setPrivateDataValidationParameter(): Promise<void> {
    return noPrivateData();
  }
  async getPrivateDataValidationParameter(): Promise<Uint8Array> {
    return noPrivateData();
  }
  getPrivateDataByRange(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return noPrivateData();
  }
  getPrivateDataByPartialCompositeKey(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return noPrivateData();
  }
  getPrivateDataQueryResult(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return noPrivateData();
  }

  private scan(startKey: string, endKey: string, limit?: number): Iterators.KV[] {
    return this.options.state.range(startKey, endKey, limit).map(({ key, value }) => ({
      namespace: this.options.chaincodeName,
      key,
      value,
    }));
  }

  /** LevelDB pagination: the bookmark is the next key to read, empty once the range is exhausted. */
  private page(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error('pageSize must be a positive integer');
    const from = bookmark !== '' && compareKeys(bookmark, startKey) > 0 ? bookmark : startKey;
    const rows = this.scan(from, endKey, pageSize + 1);
    const pageRows = rows.slice(0, pageSize);
    const next = rows.length > pageSize ? rows[pageSize]!.key : '';
    const iterator = new ArrayIterator(pageRows);
    return iterableResponse<ArrayIterator<Iterators.KV>, Iterators.KV, StateQueryResponse<ArrayIterator<Iterators.KV>>>({
      iterator,
      metadata: { fetchedRecordsCount: pageRows.length, bookmark: next },
    });
  }
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new Error('key must be a non-empty string');
}

function assertSimpleRange(startKey: string, endKey: string): void {
  if (isCompositeKey(startKey) || isCompositeKey(endKey)) {
    throw new Error('getStateByRange takes simple keys; use getStateByPartialCompositeKey for composite keys');
  }
}

function noPrivateData(): never {
  throw new Error('private data collections are not available in the embedded runtime');
}
