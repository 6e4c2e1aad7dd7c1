import type { ErrorCode } from '@eseal/core';

/**
 * The one mapping from error code to HTTP status. Exhaustive on purpose: a code added to the closed
 * list without a status here fails to compile.
 * Conventions: 400 malformed request, 422 well-formed but invalid content (a bad certificate, a broken
 * PDF), 409 a state conflict (revoked seal, used approval), 403 not permitted, 5xx our side or upstream.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  // request shape and routing
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_CONFLICT: 409,
  RATE_LIMITED: 429,
  REQUEST_TIMEOUT: 408,
  WEBHOOK_URL_REFUSED: 422,
  INVALID_CURSOR: 400,
  // identity and access
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REPLAYED: 401,
  FORBIDDEN: 403,
  API_KEY_REVOKED: 401,
  API_KEY_EXPIRED: 401,
  ACCOUNT_LOCKED: 423,
  INVALID_CREDENTIALS: 401,
  // a one-time password's session may only change the password
  PASSWORD_CHANGE_REQUIRED: 403,
  // 第十六条: keeping a seal and approving its use are different people's duties
  SEPARATION_OF_DUTIES: 403,
  // a cookie session's request without its CSRF token: what a cross-site form or script sends
  CSRF_TOKEN_INVALID: 403,
  // seal lifecycle rules
  INVALID_TRANSITION: 409,
  DUPLICATE_LEGAL_NAME_SEAL: 409,
  RENEWAL_WINDOW_CLOSED: 409,
  INVALID_REVOCATION_REASON: 422,
  SEAL_REVOKED: 409,
  SEAL_EXPIRED: 409,
  SEAL_NOT_ACTIVE: 409,
  SEAL_LOCKED: 423,
  APPLICATION_INCOMPLETE: 422,
  INVALID_USCC: 422,
  INVALID_RESIDENT_ID: 422,
  UNIT_ALREADY_REGISTERED: 409,
  IDENTITY_NAME_MISMATCH: 409,
  SEAL_CODE_TAKEN: 409,
  // signing
  APPROVAL_REQUIRED: 403,
  APPROVAL_USED: 409,
  APPROVAL_EXPIRED: 409,
  APPROVAL_MISMATCH: 403,
  WRONG_PIN: 403,
  NOT_AUTHORISED_FOR_SEAL: 403,
  // the seal's PIN was set by someone else (maker, administrator): its custodian must change it first
  PIN_CHANGE_REQUIRED: 403,
  // crypto and formats: the caller sent data that does not hold up
  BAD_ASN1: 422,
  BAD_SIGNATURE_ENCODING: 422,
  SIGNATURE_INVALID: 422,
  KEY_INVALID: 422,
  // our stored key failed to unwrap: a server fault, never the caller's
  KEY_UNWRAP_FAILED: 500,
  // Reaching HTTP unwrapped means our own stored ciphertext failed; code that decrypts caller data
  // rethrows a 4xx code at its boundary.
  DECRYPTION_FAILED: 500,
  CERT_INVALID: 422,
  CERT_EXPIRED: 422,
  CERT_NOT_YET_VALID: 422,
  CERT_REVOKED: 422,
  CERT_CHAIN_INVALID: 422,
  CERT_NOT_IN_SEAL: 422,
  SEAL_FORMAT_INVALID: 422,
  SEAL_MAKER_SIGNATURE_INVALID: 422,
  SEAL_OUT_OF_VALIDITY: 422,
  DATA_HASH_MISMATCH: 422,
  TIMESTAMP_INVALID: 422,
  UNSUPPORTED_VERSION: 422,
  TIMESTAMP_IMPRINT_MISMATCH: 422,
  TIMESTAMP_SIGNATURE_INVALID: 422,
  TIMESTAMP_CERT_INVALID: 422,
  TIMESTAMP_REQUEST_INVALID: 400,
  // documents
  PDF_MALFORMED: 422,
  PDF_ENCRYPTED: 422,
  PDF_TOO_LARGE: 413,
  PDF_TOO_COMPLEX: 422,
  PDF_PAGE_OUT_OF_RANGE: 422,
  PDF_ANCHOR_NOT_FOUND: 422,
  PDF_PAGE_TOO_SMALL: 422,
  PDF_UNVERIFIABLE: 422,
  DOCUMENT_MODIFIED: 422,
  SIGNING_TIME_IMPOSSIBLE: 422,
  // what a verdict needed could not be established (INDETERMINATE), not the caller's input
  REVOCATION_UNKNOWN: 422,
  EVIDENCE_MISSING: 422,
  OFD_MALFORMED: 422,
  OFD_TOO_LARGE: 413,
  OFD_UNSAFE_CONTENT: 422,
  OFD_PAGE_OUT_OF_RANGE: 422,
  // ledger and outside systems
  LEDGER_UNAVAILABLE: 503,
  LEDGER_ENDORSE_FAILED: 502,
  LEDGER_SUBMIT_FAILED: 502,
  LEDGER_COMMIT_FAILED: 502,
  // the evidence store disagrees with itself: never the caller's fault, and never retry blindly
  LEDGER_TAMPERED: 500,
  LEDGER_ACCESS_DENIED: 502,
  LEDGER_CONFLICT: 409,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_REJECTED: 502,
  DEPENDENCY_UNAVAILABLE: 503,
  CONFIG_INVALID: 500,
  BACKUP_CORRUPT: 422,
  // restore only rebuilds a fresh instance: it never merges into existing records or ledger files
  RESTORE_TARGET_NOT_EMPTY: 409,
  // the time-stamp authority could not be reached, or answered something unusable (TSA_REQUIRED=true)
  TSA_UNAVAILABLE: 503,
  TSA_RESPONSE_INVALID: 502,
  // the same request racing itself (a retry, two tabs): repeating it settles, so 409 and never 500
  CONCURRENT_WRITE: 409,
  // a court chain answered with a receipt its configured key does not verify: upstream's fault
  COURT_RECEIPT_INVALID: 502,
  // only a dead letter (DEAD) is retried by an operator; a CONFIRMED or REJECTED relay is final
  RELAY_NOT_RETRYABLE: 409,
  SOURCE_PROOF_INVALID: 422,
  // offline evidence: a bundle that is unreadable or does not hold is invalid content
  BUNDLE_MALFORMED: 422,
  BUNDLE_SUBJECT_MISMATCH: 422,
  BUNDLE_PROOF_INVALID: 422,
  BUNDLE_ATTESTATION_INVALID: 422,
  BUNDLE_ANCHOR_UNTRUSTED: 422,
  BUNDLE_RECORD_MISMATCH: 422,
  BUNDLE_HISTORY_INCOMPLETE: 422,
  BUNDLE_ENDORSEMENT_INVALID: 422,
  BUNDLE_ENDORSER_UNTRUSTED: 422,
  BUNDLE_ENDORSEMENT_POLICY_UNMET: 422,
  BUNDLE_TX_NOT_IN_BLOCK: 422,
  BUNDLE_ORDERER_SIGNATURE_INVALID: 422,
  BUNDLE_TX_INVALIDATED: 422,
  BUNDLE_COURT_RECEIPT_INVALID: 422,
  BUNDLE_COURT_RECEIPT_MISMATCH: 422,
  BUNDLE_TIMESTAMP_INVALID: 422,
  BUNDLE_TIMESTAMP_UNTRUSTED: 422,
  BUNDLE_TIMESTAMP_MISMATCH: 422,
  // an archive package that cannot be read as one
  ARCHIVE_MALFORMED: 422,
  ARCHIVE_NOT_READY: 409,
  ARCHIVE_EVIDENCE_INCOMPLETE: 409,
  CERTIFICATE_NOT_READY: 409,
  INTERNAL: 500,
};

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
