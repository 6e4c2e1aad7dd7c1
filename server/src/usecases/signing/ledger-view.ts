import { isSealError, type LedgerSealView, type LedgerSignatureView, type VerificationLedger } from '@eseal/core';
import type { LedgerClient } from '../../ledger';
import { batchOfSignature, type SigningStore } from '../../store/signing';

/**
 * Where a signature's anchor is: the ledger keeps no key per signature, so its record is read through
 * the batch that anchored it. `complete` says whether the locator knows every anchored signature (the
 * service's records do); when it does not (a CLI given a few proof bundles), a signature it cannot
 * place is not evidence missing.
 */
export interface AnchorLocator {
  batchOf(signatureSm3: string): Promise<string | undefined>;
  readonly complete: boolean;
}

/** Every signature of ours, found through its record's stored anchoring result. */
export function recordsAnchorLocator(
  signing: Pick<SigningStore, 'records' | 'anchorResults' | 'anchoredSignatures' | 'claims'>,
): AnchorLocator {
  return { batchOf: (signatureSm3) => batchOfSignature(signing, signatureSm3), complete: true };
}

/**
 * The CLI's locator, without the service's records: the batches its proof bundles name, then the
 * ledger's own index when it has one (an embedded ledger read from its files knows every anchor).
 */
export function cliAnchorLocator(
  ledger: Pick<LedgerClient, 'batchOfSignature'>,
  named: ReadonlyMap<string, string> = new Map(),
): AnchorLocator {
  const fromLedger = ledger.batchOfSignature;
  return {
    batchOf: async (signatureSm3) => named.get(signatureSm3) ?? (await fromLedger?.(signatureSm3)),
    complete: fromLedger !== undefined,
  };
}

/** No batch known for any signature (a CLI without proof bundles): anchors are not looked up. */
export const NO_BATCHES_KNOWN: AnchorLocator = { batchOf: async () => undefined, complete: false };

/** The ledger client seen through the verifier's read-only port (Fabric/chaincode types stop here). */
export function verificationLedgerOf(
  ledger: Pick<LedgerClient, 'getSeal' | 'getBatchSignature' | 'getBatch'>,
  locator: AnchorLocator,
): VerificationLedger {
  return {
    ...(locator.complete ? {} : { findsEverySignature: false }),
    async findSeal(sealCode): Promise<LedgerSealView | undefined> {
      const seal = await orUndefined(() => ledger.getSeal(sealCode));
      if (seal === undefined) return undefined;
      return {
        sealCode: seal.sealId,
        timeline: seal.timeline.map((e) => ({
          at: new Date(e.at),
          status: e.status,
          validFrom: new Date(e.validFrom),
          validTo: new Date(e.validTo),
          sesealSm3: e.sesealSm3,
          txId: e.txId,
          ...(e.compromisedAt ? { compromisedAt: new Date(e.compromisedAt) } : {}),
        })),
      };
    },
    async findSignature(signatureSm3): Promise<LedgerSignatureView | undefined> {
      const batchId = await locator.batchOf(signatureSm3);
      if (batchId === undefined) return undefined;
      const s = await orUndefined(() => ledger.getBatchSignature(batchId, signatureSm3));
      if (s === undefined) return undefined;
      return {
        signatureSm3: s.signatureSm3,
        recordId: s.recordId,
        sealCode: s.sealId,
        signedAt: new Date(s.signedAt),
        documentSm3: s.documentSm3,
        batchId: s.batchId,
        anchoredAt: new Date(s.anchoredAt),
        txId: s.txId,
      };
    },
    async findBatchRoot(batchId): Promise<string | undefined> {
      return (await orUndefined(() => ledger.getBatch(batchId)))?.root;
    },
  };
}

/** NOT_FOUND is an answer ("no such record"); every other failure (ledger down) must surface. */
async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isSealError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}
