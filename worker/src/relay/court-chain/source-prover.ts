import { decodeBlock, decodeEndorsedTransaction, envelopeOfPreparedTransaction } from '@eseal/core';
import type { FabricChannelConnection } from './fabric-connection';
import type { LazyFabricChannel } from './lazy-channel';
import type { EvidenceSubmission } from './protocol';

/**
 * The source proof a court chaincode checks before recording our evidence: a query of our ledger
 * (GetBatch for an anchored batch, GetSeal for a seal event), endorsed by the endorsement policy's
 * organisations and never submitted (Weaver's proof of a query). Its envelope carries the proposal
 * response payload and every endorsement; its transaction id, from a fresh nonce, is used once.
 */
export interface SourceProver {
  prove(evidence: EvidenceSubmission): Promise<Uint8Array>;
}

export class EndorsedQueryProver implements SourceProver {
  constructor(private readonly channel: LazyFabricChannel) {}

  async prove(evidence: EvidenceSubmission): Promise<Uint8Array> {
    const source = await this.channel.get();
    const query =
      evidence.phase === 'SIGN' ? ['GetBatch', evidence.evidenceId] : ['GetSeal', await this.sealWrittenBy(source, evidence.sourceTxId)];
    const endorsed = await source.contract.newProposal(query[0]!, { arguments: query.slice(1) }).endorse();
    return envelopeOfPreparedTransaction(endorsed.getBytes());
  }

  /** A seal event names its transaction; the seal it wrote is read from that transaction in its block. */
  private async sealWrittenBy(source: FabricChannelConnection, txId: string): Promise<string> {
    const qscc = source.network.getContract('qscc');
    const block = decodeBlock(await qscc.evaluateTransaction('GetBlockByTxID', source.network.getName(), txId));
    for (const envelope of block.envelopes) {
      let tx;
      try {
        tx = decodeEndorsedTransaction(envelope);
      } catch {
        continue; // a configuration transaction
      }
      if (tx.txId !== txId) continue;
      const seal = tx.writes.map((w) => /^\u0000seal\u0000([^\u0000]+)\u0000$/.exec(w.key)?.[1]).find((id) => id !== undefined);
      if (seal !== undefined) return seal;
    }
    throw new Error(`transaction ${txId} wrote no seal record`);
  }
}
