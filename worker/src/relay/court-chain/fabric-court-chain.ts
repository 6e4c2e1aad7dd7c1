import {
  SealError,
  checkEndorsements,
  decodeBlock,
  decodeEndorsedTransaction,
  describeError,
  envelopeOfPreparedTransaction,
  type FabricTrust,
} from '@eseal/core';
import type { CourtChainAdapter, SubmitOutcome } from './adapter';
import type { LazyFabricChannel } from './lazy-channel';
import type { CourtReceipt, DigestAlgorithm, EvidenceSubmission, VerifyResult } from './protocol';
import type { SourceProver } from './source-prover';

export interface FabricCourtChainOptions {
  readonly id: string;
  readonly digestAlgorithm: DigestAlgorithm;
  /** The court's channel and evidence chaincode (CourtEvidence), connected on first use. */
  readonly court: LazyFabricChannel;
  /** Builds the source proof from our ledger for each submission. */
  readonly prover: SourceProver;
  /** The court's organisation and CA, and its evidence chaincode: receipts are the court peers' endorsements. */
  readonly courtTrust: FabricTrust;
  /** Closes whatever else the adapter opened (the source channel). */
  readonly close?: () => void;
}

/** The record the court chaincode keeps (chaincode/src/court/court-evidence.ts CourtEvidenceRecord), as far as a receipt needs it. */
interface CourtRecord {
  evidenceId: string;
  digest: string;
  digestAlgorithm: DigestAlgorithm;
  txId: string;
  recordedAt: string;
}

const REFUSALS = /\[(SOURCE_PROOF_INVALID|LEDGER_CONFLICT|VALIDATION_FAILED)\]/;

/**
 * A court's own Fabric channel as a court chain. A submission carries our source proof (an endorsed query
 * of our ledger), which the court's evidence chaincode checks against our organisations' CA certificates
 * and its verification policy before recording; a refusal is final (UPSTREAM_REJECTED). The receipt is the
 * court peers' endorsement of GetEvidence for the recorded evidence (base64 envelope in `signature`), so
 * it is checked offline against the court's CA; `txHash` is the court transaction, `blockHeight` its block,
 * and `block` that block itself (orderer-signed), which proof bundles carry for a court's offline check.
 */
export class FabricCourtChain implements CourtChainAdapter {
  readonly id: string;
  readonly digestAlgorithm: DigestAlgorithm;

  constructor(private readonly options: FabricCourtChainOptions) {
    this.id = options.id;
    this.digestAlgorithm = options.digestAlgorithm;
  }

  async submit(evidence: EvidenceSubmission): Promise<CourtReceipt> {
    const known = await this.queryReceipt(evidence.evidenceId);
    if (known !== undefined) return this.sameEvidence(known, evidence);
    const proof = await this.call('build the source proof', () => this.options.prover.prove(evidence));
    await this.call('record the evidence', async () => {
      const fields = {
        evidenceId: evidence.evidenceId,
        digest: evidence.digest,
        digestAlgorithm: evidence.digestAlgorithm,
        partyId: evidence.partyId,
        txToken: evidence.txToken,
        phase: evidence.phase,
        sourceTxId: evidence.sourceTxId,
      };
      const { contract } = await this.options.court.get();
      const proposal = contract.newProposal('RecordEvidence', {
        arguments: [JSON.stringify(fields), Buffer.from(proof).toString('base64')],
      });
      const committed = await (await proposal.endorse()).submit();
      const status = await committed.getStatus();
      // An invalid commit (a concurrent record of the same evidence) is retried: the next attempt finds the first record.
      if (!status.successful) throw new Error(`court transaction ${status.transactionId} committed invalid (code ${status.code})`);
    });
    const receipt = await this.queryReceipt(evidence.evidenceId);
    if (receipt === undefined) throw new SealError('UPSTREAM_UNAVAILABLE', `${this.id} does not show the evidence it just recorded yet`);
    return this.sameEvidence(receipt, evidence);
  }

  async queryReceipt(evidenceId: string): Promise<CourtReceipt | undefined> {
    return this.call('read the receipt', async () => {
      const court = await this.options.court.get();
      let endorsed;
      try {
        endorsed = await court.contract.newProposal('GetEvidence', { arguments: [evidenceId] }).endorse();
      } catch (error) {
        if (/\[NOT_FOUND\]/.test(describeDetails(error))) return undefined;
        throw error;
      }
      const record = JSON.parse(new TextDecoder().decode(endorsed.getResult())) as CourtRecord;
      const qscc = court.network.getContract('qscc');
      const blockBytes = await qscc.evaluateTransaction('GetBlockByTxID', court.network.getName(), record.txId);
      const block = decodeBlock(blockBytes);
      const receipt: CourtReceipt = {
        evidenceId: record.evidenceId,
        evidenceNumber: record.txId,
        txHash: record.txId,
        blockHeight: Number(block.number),
        recordedAt: record.recordedAt,
        digest: record.digest,
        digestAlgorithm: record.digestAlgorithm,
        signature: Buffer.from(envelopeOfPreparedTransaction(endorsed.getBytes())).toString('base64'),
        // Kept whole: a court checks the transaction, its height and the orderer's signature offline (proof bundle v2).
        block: Buffer.from(blockBytes).toString('base64'),
      };
      if (!this.checkReceipt(receipt))
        throw new SealError('COURT_RECEIPT_INVALID', `${this.id} answered a receipt its peers did not endorse`);
      return receipt;
    });
  }

  /** One court transaction per submission, in order: the court's chaincode records one evidence per call. */
  async submitMany(evidence: readonly EvidenceSubmission[]): Promise<SubmitOutcome[]> {
    const outcomes: SubmitOutcome[] = [];
    for (const item of evidence)
      outcomes.push(
        await this.submit(item).then(
          (receipt) => ({ receipt }),
          (error: unknown) => ({ error }),
        ),
      );
    return outcomes;
  }

  async verifyManyByTxHash(checks: ReadonlyArray<{ readonly txHash: string; readonly digest: string }>): Promise<VerifyResult[]> {
    const verdicts: VerifyResult[] = [];
    for (const { txHash, digest } of checks) verdicts.push(await this.verifyByTxHash(txHash, digest));
    return verdicts;
  }

  verifyByDigest(evidenceId: string, digest: string): Promise<VerifyResult> {
    return this.verify('VerifyByDigest', evidenceId, digest);
  }

  verifyByTxHash(txHash: string, digest: string): Promise<VerifyResult> {
    return this.verify('VerifyByTxId', txHash, digest);
  }

  async close(): Promise<void> {
    this.options.court.close();
    this.options.close?.();
  }

  /** The court's endorsement of GetEvidence holds under its CA and answers exactly this receipt's record. */
  checkReceipt(receipt: CourtReceipt): boolean {
    try {
      const tx = decodeEndorsedTransaction(Buffer.from(receipt.signature, 'base64'));
      checkEndorsements(tx, this.options.courtTrust, 'receipt');
      const fn = tx.args[0]?.slice(tx.args[0].lastIndexOf(':') + 1);
      const record = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(tx.response.payload)) as CourtRecord;
      return (
        fn === 'GetEvidence' &&
        tx.args[1] === receipt.evidenceId &&
        record.evidenceId === receipt.evidenceId &&
        record.digest === receipt.digest &&
        record.digestAlgorithm === receipt.digestAlgorithm &&
        record.txId === receipt.txHash &&
        record.recordedAt === receipt.recordedAt
      );
    } catch {
      return false;
    }
  }

  private async verify(fn: string, key: string, digest: string): Promise<VerifyResult> {
    const answer = await this.call('verify', async () =>
      new TextDecoder().decode(await (await this.options.court.get()).contract.evaluateTransaction(fn, key, digest)),
    );
    if (answer !== 'MATCH' && answer !== 'MISMATCH' && answer !== 'NOT_FOUND')
      throw new SealError('UPSTREAM_UNAVAILABLE', `${this.id} answered ${answer}`);
    return answer;
  }

  private sameEvidence(receipt: CourtReceipt, evidence: EvidenceSubmission): CourtReceipt {
    if (receipt.digest !== evidence.digest || receipt.digestAlgorithm !== evidence.digestAlgorithm) {
      throw new SealError('UPSTREAM_REJECTED', `${this.id} holds evidence ${evidence.evidenceId} with another digest`, {
        details: { adapter: this.id, evidenceId: evidence.evidenceId },
      });
    }
    return receipt;
  }

  /** The court chaincode's coded refusal is final; anything else (peer down, timeout, invalid commit) is retried. */
  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SealError) throw error;
      const text = describeDetails(error);
      const refusal = REFUSALS.exec(text);
      if (refusal) {
        throw new SealError(
          'UPSTREAM_REJECTED',
          `${this.id} refused to ${what}: ${refusal[0]} ${text.slice(text.indexOf(refusal[0]) + refusal[0].length, text.indexOf(refusal[0]) + 300).trim()}`,
          {
            cause: error,
            details: { adapter: this.id },
          },
        );
      }
      throw new SealError('UPSTREAM_UNAVAILABLE', `${this.id} could not ${what}: ${describeError(error)}`, {
        cause: error,
        details: { adapter: this.id },
      });
    }
  }
}

/** fabric-gateway puts the chaincode's message in the endorsement error's details. */
function describeDetails(error: unknown): string {
  const details = (error as { details?: Array<{ message?: string }> } | null)?.details;
  return [describeError(error), ...(Array.isArray(details) ? details.map((d) => d.message ?? '') : [])].join(' ');
}
