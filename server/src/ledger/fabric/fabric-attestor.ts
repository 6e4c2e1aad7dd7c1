import type { Contract, Network } from '@hyperledger/fabric-gateway';
import { envelopeOfPreparedTransaction, type FabricEndorsedQuery, type FabricTransactionAttestation, type FabricTrust } from '@eseal/core';
import type { BatchRecord, SealHistoryEntry } from '@eseal/chaincode';
import type { LedgerAttestor } from '../types';
import { mapFabricError } from './fabric-errors';

/**
 * Proof-bundle attestations from a Fabric network, for a court to check offline against the organisations'
 * CA certificates: each anchoring or seal transaction travels with the block that holds it (the peer's
 * qscc GetBlockByTxID: the endorsed transaction, the header and the orderer's signature), and a seal's
 * history ends with a GetSeal proposal endorsed by the policy's organisations and never submitted, whose
 * read set shows which transaction last wrote the seal.
 */
export class FabricAttestor implements LedgerAttestor {
  readonly ledgerKind = 'fabric' as const;
  private readonly qscc: Contract;

  constructor(
    network: Network,
    private readonly contract: Contract,
    readonly channel: string,
    /** What an offline verifier trusts of this network (FABRIC_TRUST_FILE), for the public bundle check. */
    readonly fabricTrust?: FabricTrust,
  ) {
    this.qscc = network.getContract('qscc');
  }

  async attestBatch(batchId: string): Promise<FabricTransactionAttestation> {
    const batch = JSON.parse(await this.evaluate('GetBatch', [batchId])) as BatchRecord;
    return this.transaction(batch.txId);
  }

  async attestSealHistory(sealId: string): Promise<{ history: FabricTransactionAttestation[]; current: FabricEndorsedQuery }> {
    // The query first: a change committed while the history is read then shows as a gap, never as a hidden revocation.
    const current = await this.endorsedQuery('GetSeal', [sealId]);
    const newestFirst = JSON.parse(await this.evaluate('GetSealHistory', [sealId])) as SealHistoryEntry[];
    const oldestFirst = newestFirst.filter((e) => !e.isDelete && e.seal !== null).reverse();
    return { history: await Promise.all(oldestFirst.map((e) => this.transaction(e.txId))), current };
  }

  private async transaction(txId: string): Promise<FabricTransactionAttestation> {
    try {
      const block = await this.qscc.evaluateTransaction('GetBlockByTxID', this.channel, txId);
      return { kind: 'fabric-transaction', txId, block: Buffer.from(block).toString('base64') };
    } catch (error) {
      throw mapFabricError(error, txId);
    }
  }

  private async endorsedQuery(fn: string, args: string[]): Promise<FabricEndorsedQuery> {
    try {
      const endorsed = await this.contract.newProposal(fn, { arguments: args }).endorse();
      return {
        kind: 'fabric-endorsed-query',
        envelope: Buffer.from(envelopeOfPreparedTransaction(endorsed.getBytes())).toString('base64'),
      };
    } catch (error) {
      throw mapFabricError(error);
    }
  }

  private async evaluate(fn: string, args: string[]): Promise<string> {
    try {
      return new TextDecoder().decode(await this.contract.evaluateTransaction(fn, ...args));
    } catch (error) {
      throw mapFabricError(error);
    }
  }
}
