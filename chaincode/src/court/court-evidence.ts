import { createHash } from 'node:crypto';
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson } from '../contract/canonical-json';
import { ChaincodeError } from '../contract/errors';
import { emit, readJson, writeJson } from '../contract/state';
import { txTimeIso, txTimeMs } from '../contract/tx-time';
import { checkSourceQuery, type CheckedSourceQuery } from './source-proof';
import { type SourceTrust, sourceTrustFromEnv } from './source-trust';

export const COURT_CONTRACT_NAME = 'CourtEvidence';

/** A source proof older or newer than this (against the court transaction's time) is refused: proofs are fresh. */
export const SOURCE_PROOF_WINDOW_MS = 10 * 60_000;

const PHASES = ['ISSUE', 'CHANGE', 'RENEW', 'REVOKE', 'SIGN'] as const;
const TIMELINE_EVENT: Record<string, string> = { ISSUE: 'ISSUED', CHANGE: 'CHANGED', RENEW: 'RENEWED', REVOKE: 'REVOKED' };

/** What the relay submits: the evidence fields of the court-chain protocol (worker/src/relay/court-chain/protocol.ts). */
interface Submission {
  evidenceId: string;
  digest: string;
  digestAlgorithm: 'SM3' | 'SHA256';
  partyId: string;
  txToken: string;
  phase: (typeof PHASES)[number];
  sourceTxId: string;
}

export interface CourtEvidenceRecord extends Submission {
  docType: 'court-evidence';
  /** The court's transaction that recorded it, and when. */
  txId: string;
  recordedAt: string;
  /** The source query the proof carried (its transaction id is used once) and who endorsed it. */
  sourceProofTxId: string;
  sourceEndorsedBy: string[];
}

const evidenceKey = (ctx: Context, id: string) => ctx.stub.createCompositeKey('evidence', [id]);
const courtTxKey = (ctx: Context, txId: string) => ctx.stub.createCompositeKey('court-tx', [txId]);
const proofKey = (ctx: Context, txId: string) => ctx.stub.createCompositeKey('source-proof', [txId]);

/**
 * A court's evidence chaincode on its own channel. It records our evidence only after checking the
 * source proof it is given: an endorsed query of our network (GetBatch for an anchored batch, GetSeal for a
 * seal event) whose endorsements hold against our organisations' CA certificates and the court's
 * verification policy, fresh, never used before, and answering with the record the evidence states (a
 * batch's digest is rebuilt from the endorsed batch record; a seal event's transaction is in the endorsed
 * seal's timeline). The same evidence id again returns the first record.
 */
@Info({ title: COURT_CONTRACT_NAME, description: 'Court evidence relayed from the e-seal ledger, checked against its endorsements' })
export class CourtEvidence extends Contract {
  private readonly _trust: SourceTrust | undefined;

  constructor(trust: SourceTrust | undefined = sourceTrustFromEnv(process.env)) {
    super(COURT_CONTRACT_NAME);
    this._trust = trust;
  }

  @Transaction()
  @Returns('string')
  async RecordEvidence(ctx: Context, submission: string, sourceProof: string): Promise<string> {
    const evidence = parseSubmission(submission);
    const existing = await readJson<CourtEvidenceRecord>(ctx, evidenceKey(ctx, evidence.evidenceId));
    if (existing !== undefined) {
      if (existing.digest === evidence.digest && existing.digestAlgorithm === evidence.digestAlgorithm) return canonicalJson(existing);
      throw new ChaincodeError('LEDGER_CONFLICT', `evidence ${evidence.evidenceId} is recorded with another digest`);
    }
    if (this._trust === undefined)
      throw new ChaincodeError('SOURCE_PROOF_INVALID', 'this court trusts no source network (COURT_SOURCE_TRUST_FILE)');
    const proof = checkSourceQuery(Buffer.from(sourceProof, 'base64'), this._trust);
    if (Math.abs(proof.timestampMs - txTimeMs(ctx)) > SOURCE_PROOF_WINDOW_MS)
      throw new ChaincodeError('SOURCE_PROOF_INVALID', 'source proof refused: not fresh');
    if ((await ctx.stub.getState(proofKey(ctx, proof.txId))).length > 0)
      throw new ChaincodeError('SOURCE_PROOF_INVALID', 'source proof refused: already used');
    assertProofStates(evidence, proof);

    const record: CourtEvidenceRecord = {
      docType: 'court-evidence',
      ...evidence,
      txId: ctx.stub.getTxID(),
      recordedAt: txTimeIso(ctx),
      sourceProofTxId: proof.txId,
      sourceEndorsedBy: proof.endorsedBy,
    };
    await writeJson(ctx, evidenceKey(ctx, evidence.evidenceId), record);
    await writeJson(ctx, courtTxKey(ctx, record.txId), { evidenceId: evidence.evidenceId });
    await writeJson(ctx, proofKey(ctx, proof.txId), { evidenceId: evidence.evidenceId });
    emit(ctx, 'EvidenceRecorded', { evidenceId: evidence.evidenceId, digest: evidence.digest, txId: record.txId });
    return canonicalJson(record);
  }

  @Transaction(false)
  @Returns('string')
  async GetEvidence(ctx: Context, evidenceId: string): Promise<string> {
    const record = await readJson<CourtEvidenceRecord>(ctx, evidenceKey(ctx, evidenceId));
    if (record === undefined) throw new ChaincodeError('NOT_FOUND', `evidence ${evidenceId} not found`);
    return canonicalJson(record);
  }

  /** MATCH / MISMATCH / NOT_FOUND, as court verification APIs answer. */
  @Transaction(false)
  @Returns('string')
  async VerifyByDigest(ctx: Context, evidenceId: string, digest: string): Promise<string> {
    const record = await readJson<CourtEvidenceRecord>(ctx, evidenceKey(ctx, evidenceId));
    return record === undefined ? 'NOT_FOUND' : record.digest === digest ? 'MATCH' : 'MISMATCH';
  }

  @Transaction(false)
  @Returns('string')
  async VerifyByTxId(ctx: Context, txId: string, digest: string): Promise<string> {
    const link = await readJson<{ evidenceId: string }>(ctx, courtTxKey(ctx, txId));
    return link === undefined ? 'NOT_FOUND' : this.VerifyByDigest(ctx, link.evidenceId, digest);
  }
}

/** The endorsed answer must be the source record the evidence is about, written by the evidence's source transaction. */
function assertProofStates(evidence: Submission, proof: CheckedSourceQuery): void {
  const refuse = (why: string) => new ChaincodeError('SOURCE_PROOF_INVALID', `source proof refused: ${why}`);
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(proof.response) as Record<string, unknown>;
  } catch {
    throw refuse('the endorsed answer is not a record');
  }
  if (evidence.phase === 'SIGN') {
    if (proof.fn !== 'GetBatch' || proof.args.length !== 1 || proof.args[0] !== evidence.evidenceId)
      throw refuse(`the query is not GetBatch of ${evidence.evidenceId}`);
    if (record.docType !== 'batch' || record.batchId !== evidence.evidenceId || record.txId !== evidence.sourceTxId)
      throw refuse('the endorsed batch was not anchored by the stated transaction');
    // The relay's statement of an anchored batch (worker/src/relay/evidence.ts batchEvidence), rebuilt from the endorsed record.
    const statement = JSON.stringify([
      'eseal.evidence.v1',
      'BATCH',
      record.batchId,
      record.root,
      record.entryCount,
      record.txId,
      record.anchoredAt,
    ]);
    const digest = createHash(evidence.digestAlgorithm === 'SM3' ? 'sm3' : 'sha256')
      .update(statement)
      .digest('hex');
    if (digest !== evidence.digest) throw refuse('the digest is not the endorsed batch statement');
    return;
  }
  if (proof.fn !== 'GetSeal' || proof.args.length !== 1) throw refuse('the query is not GetSeal');
  const timeline = Array.isArray(record.timeline) ? (record.timeline as Array<Record<string, unknown>>) : [];
  const entry = timeline.find((e) => e.txId === evidence.sourceTxId);
  if (record.docType !== 'seal' || record.sealId !== proof.args[0] || entry === undefined || entry.event !== TIMELINE_EVENT[evidence.phase])
    throw refuse(`the endorsed seal has no ${evidence.phase} by the stated transaction`);
}

function parseSubmission(text: string): Submission {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ChaincodeError('VALIDATION_FAILED', 'the submission is not JSON');
  }
  const bad = (field: string) => new ChaincodeError('VALIDATION_FAILED', `submission: ${field} is invalid`, { field });
  const str = (field: string, pattern: RegExp) => {
    const v = o[field];
    if (typeof v !== 'string' || !pattern.test(v)) throw bad(field);
    return v;
  };
  if (!(PHASES as readonly unknown[]).includes(o.phase)) throw bad('phase');
  if (o.digestAlgorithm !== 'SM3' && o.digestAlgorithm !== 'SHA256') throw bad('digestAlgorithm');
  return {
    evidenceId: str('evidenceId', /^[A-Za-z0-9_.@-]{8,128}$/),
    digest: str('digest', /^[0-9a-f]{64}$/),
    digestAlgorithm: o.digestAlgorithm,
    partyId: str('partyId', /^.{0,64}$/),
    txToken: str('txToken', /^.{1,128}$/),
    phase: o.phase as Submission['phase'],
    sourceTxId: str('sourceTxId', /^[0-9a-f]{64}$/),
  };
}
