import type { LedgerEventCursor, LedgerSubscription } from './types';

/** An event as the ledger delivers it, before its payload is decoded. */
export interface RawLedgerEvent {
  name: string;
  payload: Uint8Array;
  blockNumber: number;
  transactionId: string;
}

export interface SubmitOutcome {
  payload: string;
  transactionId: string;
  blockNumber?: number;
}

/**
 * What each ledger implementation provides: run a contract function as a read or as a committed write,
 * stream events, report health. Arguments and results are the contract's strings; the typed API is built
 * once on top (contract-ledger-client.ts). Implementations throw LedgerError.
 */
export interface LedgerTransport {
  evaluate(fn: string, args: string[]): Promise<string>;
  submit(fn: string, args: string[]): Promise<SubmitOutcome>;
  subscribe(listener: (event: RawLedgerEvent) => void | Promise<void>, from: LedgerEventCursor | undefined): Promise<LedgerSubscription>;
  health(): Promise<void>;
  close(): Promise<void>;
}
