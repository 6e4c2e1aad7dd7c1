import { chaincode } from './chaincode-runtime';
import type { LedgerTransport, RawLedgerEvent, SubmitOutcome } from './ledger-transport';
import type { LedgerClient, LedgerCommit, LedgerEvent, LedgerEventListener, SubscribeOptions } from './types';

/** The typed LedgerClient over any transport: one place that knows the contract's function names. */
export function createContractLedgerClient(transport: LedgerTransport): LedgerClient {
  const submit = async <T>(fn: string, input: unknown): Promise<LedgerCommit<T>> =>
    decodeCommit<T>(await transport.submit(fn, [JSON.stringify(input)]));
  const evaluate = async <T>(fn: string, args: string[]): Promise<T> => JSON.parse(await transport.evaluate(fn, args)) as T;

  return {
    issueSeal: (input) => submit('IssueSeal', input),
    changeSeal: (input) => submit('ChangeSeal', input),
    renewSeal: (input) => submit('RenewSeal', input),
    revokeSeal: (input) => submit('RevokeSeal', input),
    anchorBatch: (batch) => submit('AnchorBatch', batch),
    anchorAudit: (checkpoint) => submit('AnchorAudit', checkpoint),
    getSeal: (sealId) => evaluate('GetSeal', [sealId]),
    getSealHistory: (sealId) => evaluate('GetSealHistory', [sealId]),
    querySealsByUnit: (unitId, page) => evaluate('QuerySealsByUnit', [unitId, String(page.pageSize), page.bookmark ?? '']),
    getBatchSignature: (batchId, signatureSm3) => evaluate('GetBatchSignature', [batchId, signatureSm3]),
    getBatch: (batchId) => evaluate('GetBatch', [batchId]),
    getAuditAnchors: (query) => evaluate('GetAuditAnchors', [JSON.stringify(query)]),
    getAuditAnchor: (toSeq) => evaluate('GetAuditAnchor', [String(toSeq)]),
    subscribe: (listener: LedgerEventListener, options: SubscribeOptions = {}) =>
      transport.subscribe(async (raw) => {
        const event = decodeEvent(raw);
        if (event !== undefined) await listener(event);
      }, options.from),
    health: () => transport.health(),
    close: () => transport.close(),
  };
}

function decodeCommit<T>(outcome: SubmitOutcome): LedgerCommit<T> {
  return { value: JSON.parse(outcome.payload) as T, transactionId: outcome.transactionId, blockNumber: outcome.blockNumber };
}

/** Events of other names (a newer chaincode) are skipped rather than passed on untyped. */
function decodeEvent(raw: RawLedgerEvent): LedgerEvent | undefined {
  if (!(chaincode.LEDGER_EVENT_NAMES as readonly string[]).includes(raw.name)) return undefined;
  const payload: unknown = JSON.parse(Buffer.from(raw.payload).toString('utf8'));
  return { name: raw.name, payload, blockNumber: raw.blockNumber, transactionId: raw.transactionId } as LedgerEvent;
}
