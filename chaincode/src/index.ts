import { SealRegistry } from './contract/seal-registry';

export { SealRegistry, CONTRACT_NAME } from './contract/seal-registry';
export * from './contract/model';
export * from './contract/errors';
export { canonicalJson } from './contract/canonical-json';
export { type AccessPolicy, type LedgerAction, DEFAULT_ACCESS_POLICY, accessPolicyFromEnv } from './contract/access-policy';
export { MAX_BATCH_ENTRIES, SIGNING_CLOCK_SKEW_MS, entriesDigest } from './contract/evidence';
export { MAX_PAGE_SIZE } from './contract/queries';
export {
  MAX_AUDIT_ANCHOR_PAGE,
  type AuditAnchorEventPayload,
  type AuditAnchorPage,
  type AuditAnchorQuery,
  type AuditAnchorRecord,
  type AuditAnchorResult,
  type AuditCheckpointInput,
} from './contract/audit-anchors';
export { RENEWAL_WINDOW_DAYS } from './contract/seal-lifecycle';
/** The same "was this seal active at time t" rule AnchorBatch applies, for verifiers reading GetSeal. */
export { standingAt as sealStandingAt, type SealUnusableCode } from './contract/seal-timeline';
export * from './runtime';
export { CourtEvidence, COURT_CONTRACT_NAME, SOURCE_PROOF_WINDOW_MS, type CourtEvidenceRecord } from './court/court-evidence';

/** The contracts Fabric's chaincode runtime loads from this package's main module. */
export const contracts = [SealRegistry];
