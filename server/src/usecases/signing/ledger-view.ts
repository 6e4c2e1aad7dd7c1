import { isSealError, type LedgerSealView, type LedgerSignatureView, type VerificationLedger } from '@eseal/core';
import type { LedgerClient } from '../../ledger';

/** The ledger client seen through the verifier's read-only port (Fabric/chaincode types stop here). */
export function verificationLedgerOf(ledger: Pick<LedgerClient, 'getSeal' | 'getSignature' | 'getBatch'>): VerificationLedger {
  return {
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
      const s = await orUndefined(() => ledger.getSignature(signatureSm3));
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
