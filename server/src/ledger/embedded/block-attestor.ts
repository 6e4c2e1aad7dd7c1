import { SealError, signEmbeddedStatement, type EmbeddedBlockAttestation, type Sm2Signer } from '@eseal/core';
import type { BatchRecord, SealHistoryEntry } from '@eseal/chaincode';
import type { LedgerAttestor, LedgerNodeIdentity } from '../types';
import type { EmbeddedLedger } from './embedded-ledger';

/**
 * The embedded ledger node's attestations: it reads a record through the contract itself, finds the
 * block whose transaction wrote it, and signs a statement naming that block's header, the head of its
 * hash chain and the record. What it signs comes from its own verified state, never from the caller.
 */
export class EmbeddedBlockAttestor implements LedgerAttestor {
  readonly ledgerKind = 'embedded' as const;
  readonly nodeCertificateDer: Uint8Array;
  private readonly signer: Sm2Signer;

  constructor(
    private readonly ledger: EmbeddedLedger,
    private readonly read: (fn: string, args: string[]) => Promise<string>,
    identity: LedgerNodeIdentity,
    readonly channel: string,
  ) {
    this.signer = identity.signer;
    this.nodeCertificateDer = identity.certificateDer;
  }

  async attestBatch(batchId: string): Promise<EmbeddedBlockAttestation> {
    const batch = JSON.parse(await this.read('GetBatch', [batchId])) as BatchRecord;
    return this.attest(batch.txId, batch as unknown as Record<string, unknown>, true);
  }

  async attestSealHistory(sealId: string): Promise<{ history: EmbeddedBlockAttestation[] }> {
    const newestFirst = JSON.parse(await this.read('GetSealHistory', [sealId])) as SealHistoryEntry[];
    const oldestFirst = newestFirst.filter((e) => !e.isDelete && e.seal !== null).reverse();
    return {
      history: await Promise.all(
        oldestFirst.map((e, i) => this.attest(e.txId, e.seal as unknown as Record<string, unknown>, i === oldestFirst.length - 1)),
      ),
    };
  }

  private async attest(txId: string, record: Record<string, unknown>, current: boolean): Promise<EmbeddedBlockAttestation> {
    const block = this.ledger.blockHeader(txId);
    if (block === undefined) throw new SealError('NOT_FOUND', 'no block of this ledger committed the transaction', { details: { txId } });
    return signEmbeddedStatement(this.signer, {
      type: 'eseal.ledger-attestation',
      version: 1,
      channel: this.channel,
      block,
      head: this.ledger.head,
      record,
      current,
      attestedAt: new Date().toISOString(),
    });
  }
}
