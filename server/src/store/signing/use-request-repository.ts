import type { Model } from 'mongoose';
import { pageById, type ListPage, type PageRequest } from '../list-page';
import { claimHolder, releaseClaim, takeClaim } from './claims';
import type { SigningClaimDoc } from './signing-claim.model';
import type { UseRequestDoc, UseRequestState } from './use-request.model';

export type NewUseRequest = Omit<UseRequestDoc, 'state' | 'createdAt' | 'updatedAt'>;

/** What a decision writes on the request. */
export interface UseDecisionFields {
  state: Extract<UseRequestState, 'APPROVED' | 'REJECTED'>;
  decidedBy: string;
  decidedAt: Date;
  decisionNote?: string;
  expiresAt?: Date;
}

/**
 * The outcome of claiming a request's decision: CLAIMED, this decider may write it (`resumed` when
 * it takes over from an attempt of its own that died before writing); IN_PROGRESS, an attempt of the
 * same decider may still be writing it; TAKEN, another decision (another approver, or the other
 * verdict) holds it.
 */
export type DecisionClaim = { outcome: 'CLAIMED'; resumed: boolean } | { outcome: 'IN_PROGRESS' | 'TAKEN' };

/** Attempts of one decider on one request before it is told to stop: each waited out `staleAfterMs`. */
const MAX_DECISION_TURNS = 50;
const decisionClaim = (requestId: string, turn: number) => (turn === 0 ? `decision:${requestId}` : `decision:${requestId}#${turn}`);
const useClaim = (requestId: string) => `use:${requestId}`;

/**
 * 用章审批 requests (`seal_use_requests`) and the claims that make their two moves happen once:
 * `decision:<requestId>` (one verdict by one approver) and `use:<requestId>` (one signing).
 * FerretDB v1 has no atomic filtered update, so "only while PENDING" cannot be a condition of the
 * write: the decision is the unique insert of its claim, and only its holder writes it.
 */
export interface UseRequestRepository {
  /** Stores a new request, PENDING. */
  open(request: NewUseRequest): Promise<UseRequestDoc>;
  byId(requestId: string): Promise<UseRequestDoc | null>;
  /**
   * Claims the one decision of the request for `decider` (the verdict and who gives it, e.g.
   * `APPROVED by acct_1`). The first claim wins for good. The same decider may take over only from
   * its own attempt claimed at least `staleAfterMs` ago (that attempt died between its claim and its
   * write); the caller then reads the request again before writing, as that attempt may have written.
   */
  claimDecision(requestId: string, decider: string, now: Date, staleAfterMs: number): Promise<DecisionClaim>;
  /** Writes the decision the caller holds the claim of. */
  writeDecision(requestId: string, decision: UseDecisionFields): Promise<void>;

  /** Takes the approval for one signing (`use:<requestId>`): true when taken now or already by this record. */
  claimUse(requestId: string, recordId: string, now: Date): Promise<boolean>;
  /** Marks the request used by the record that holds its use claim. */
  markUsed(requestId: string, recordId: string, at: Date): Promise<void>;
  /** Gives the approval back when the record's signature could not be made after all. */
  releaseUse(requestId: string, recordId: string): Promise<void>;

  /** Requests by unit, seal and state, in `_id` order. */
  page(filter: { unitId?: string; sealId?: string; state?: UseRequestState }, request: PageRequest): Promise<ListPage<UseRequestDoc>>;
}

export function useRequestRepository(useRequests: Model<UseRequestDoc>, claims: Model<SigningClaimDoc>): UseRequestRepository {
  return {
    async open(request) {
      return (await useRequests.create({ ...request, state: 'PENDING' })).toObject();
    },
    byId: (requestId) => useRequests.findById(requestId).lean<UseRequestDoc>().exec(),
    async claimDecision(requestId, decider, now, staleAfterMs) {
      for (let turn = 0; turn < MAX_DECISION_TURNS; turn++) {
        const id = decisionClaim(requestId, turn);
        if (await takeClaim(claims, id, decider, now)) return { outcome: 'CLAIMED', resumed: turn > 0 };
        const held = await claims.findById(id).lean<SigningClaimDoc>().exec();
        if (!held || held.holder !== decider) return { outcome: 'TAKEN' };
        if (now.getTime() - new Date(held.at).getTime() < staleAfterMs) return { outcome: 'IN_PROGRESS' };
      }
      return { outcome: 'IN_PROGRESS' };
    },
    async writeDecision(requestId, decision) {
      await useRequests.updateOne({ _id: requestId }, { $set: decision }).exec();
    },
    async claimUse(requestId, recordId, now) {
      return (await takeClaim(claims, useClaim(requestId), recordId, now)) || (await claimHolder(claims, useClaim(requestId))) === recordId;
    },
    async markUsed(requestId, recordId, at) {
      await useRequests.updateOne({ _id: requestId }, { $set: { state: 'USED', usedAt: at, usedByRecordId: recordId } }).exec();
    },
    async releaseUse(requestId, recordId) {
      await useRequests
        .updateOne({ _id: requestId, usedByRecordId: recordId }, { $set: { state: 'APPROVED' }, $unset: { usedAt: 1, usedByRecordId: 1 } })
        .exec();
      await releaseClaim(claims, useClaim(requestId), recordId);
    },
    page(filter, request) {
      const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
      return pageById(useRequests, given, request);
    },
  };
}
