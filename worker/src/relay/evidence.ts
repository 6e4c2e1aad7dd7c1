import { createHash } from 'node:crypto';
import type { DigestAlgorithm, EvidencePhase, EvidenceSubmission } from './court-chain/protocol';
import type { RelaySubject } from './ports';

/** Evidence as our ledger states it, before a court chain's digest algorithm is applied. */
export interface EvidenceItem {
  readonly evidenceId: string;
  readonly subject: RelaySubject;
  readonly phase: EvidencePhase;
  readonly txToken: string;
  readonly partyId: string;
  readonly sourceTxId: string;
  /** The exact bytes the digest covers (canonical JSON, fixed order): anyone can rebuild them from the ledger. */
  readonly statement: Uint8Array;
}

const SEAL_EVENT_PHASES: Record<string, EvidencePhase> = {
  SealIssued: 'ISSUE',
  SealChanged: 'CHANGE',
  SealRenewed: 'RENEW',
  SealRevoked: 'REVOKE',
};

function hex(algorithm: 'sm3' | 'sha256', ...parts: string[]): string {
  return createHash(algorithm).update(parts.join('\n')).digest('hex');
}

/** A seal's lifecycle event as evidence. The token links every event of one seal into one chain. */
export function sealEventEvidence(input: {
  event: string;
  sealId: string;
  transactionId: string;
  payload: unknown;
}): EvidenceItem | undefined {
  const phase = SEAL_EVENT_PHASES[input.event];
  if (phase === undefined) return undefined;
  const payload = (typeof input.payload === 'object' && input.payload !== null ? input.payload : {}) as Record<string, unknown>;
  const partyId = typeof payload.unitUscc === 'string' ? payload.unitUscc : typeof payload.unitId === 'string' ? payload.unitId : '';
  return {
    evidenceId: `sev_${hex('sm3', input.transactionId, input.event, input.sealId).slice(0, 40)}`,
    subject: { kind: 'SEAL_EVENT', sealId: input.sealId, event: input.event },
    phase,
    txToken: `seal_${hex('sm3', input.sealId).slice(0, 40)}`,
    partyId: partyId.slice(0, 64),
    sourceTxId: input.transactionId,
    statement: Buffer.from(
      JSON.stringify(['eseal.evidence.v1', 'SEAL_EVENT', input.event, input.sealId, input.transactionId, input.payload ?? null]),
      'utf8',
    ),
  };
}

/** An anchored batch of signatures as evidence: the statement carries the Merkle root, so each signature's inclusion proof reaches it. */
export function batchEvidence(input: { batchId: string; root: string; entryCount: number; transactionId: string; at: Date }): EvidenceItem {
  return {
    evidenceId: input.batchId,
    subject: { kind: 'BATCH', batchId: input.batchId },
    phase: 'SIGN',
    txToken: input.batchId,
    partyId: '',
    sourceTxId: input.transactionId,
    statement: Buffer.from(
      JSON.stringify([
        'eseal.evidence.v1',
        'BATCH',
        input.batchId,
        input.root,
        input.entryCount,
        input.transactionId,
        input.at.toISOString(),
      ]),
      'utf8',
    ),
  };
}

export function submissionFor(item: EvidenceItem, algorithm: DigestAlgorithm): EvidenceSubmission {
  return {
    evidenceId: item.evidenceId,
    digest: createHash(algorithm === 'SM3' ? 'sm3' : 'sha256')
      .update(item.statement)
      .digest('hex'),
    digestAlgorithm: algorithm,
    partyId: item.partyId,
    txToken: item.txToken,
    phase: item.phase,
    sourceTxId: item.sourceTxId,
  };
}

export function relayIdFor(evidenceId: string, adapterId: string): string {
  return `${evidenceId}@${adapterId}`;
}
