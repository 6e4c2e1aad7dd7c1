/**
 * The one closed list of error codes used across core, server, worker and CLI.
 * Each code has one meaning; the HTTP status for it lives in server/src/http/error-status.ts.
 * Add a code here (with its status there) rather than reusing one whose meaning is close.
 */
export const ERROR_CODES = [
  // request shape and routing
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'IDEMPOTENCY_CONFLICT',
  'RATE_LIMITED',
  'REQUEST_TIMEOUT',
  'WEBHOOK_URL_REFUSED',
  'INVALID_CURSOR',
  // identity and access
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'TOKEN_REPLAYED',
  'FORBIDDEN',
  'API_KEY_REVOKED',
  'API_KEY_EXPIRED',
  'ACCOUNT_LOCKED',
  'INVALID_CREDENTIALS',
  'PASSWORD_CHANGE_REQUIRED',
  'SEPARATION_OF_DUTIES',
  'CSRF_TOKEN_INVALID',
  // seal lifecycle rules (seed regulation)
  'INVALID_TRANSITION',
  'DUPLICATE_LEGAL_NAME_SEAL',
  'RENEWAL_WINDOW_CLOSED',
  'INVALID_REVOCATION_REASON',
  'SEAL_REVOKED',
  'SEAL_EXPIRED',
  'SEAL_NOT_ACTIVE',
  'SEAL_LOCKED',
  'APPLICATION_INCOMPLETE',
  'INVALID_USCC',
  'INVALID_RESIDENT_ID',
  'UNIT_ALREADY_REGISTERED',
  'IDENTITY_NAME_MISMATCH',
  'SEAL_CODE_TAKEN',
  // signing
  'APPROVAL_REQUIRED',
  'APPROVAL_USED',
  'APPROVAL_EXPIRED',
  'APPROVAL_MISMATCH',
  'WRONG_PIN',
  'NOT_AUTHORISED_FOR_SEAL',
  'PIN_CHANGE_REQUIRED',
  // crypto and formats
  'BAD_ASN1',
  'BAD_SIGNATURE_ENCODING',
  'SIGNATURE_INVALID',
  'KEY_INVALID',
  'KEY_UNWRAP_FAILED',
  'DECRYPTION_FAILED',
  'CERT_INVALID',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_CHAIN_INVALID',
  'CERT_NOT_IN_SEAL',
  'SEAL_FORMAT_INVALID',
  'SEAL_MAKER_SIGNATURE_INVALID',
  'SEAL_OUT_OF_VALIDITY',
  'DATA_HASH_MISMATCH',
  'TIMESTAMP_INVALID',
  'UNSUPPORTED_VERSION',
  'TIMESTAMP_IMPRINT_MISMATCH',
  'TIMESTAMP_SIGNATURE_INVALID',
  'TIMESTAMP_CERT_INVALID',
  'TIMESTAMP_REQUEST_INVALID',
  // documents
  'PDF_MALFORMED',
  'PDF_ENCRYPTED',
  'PDF_TOO_LARGE',
  'PDF_TOO_COMPLEX',
  'PDF_PAGE_OUT_OF_RANGE',
  'PDF_ANCHOR_NOT_FOUND',
  'PDF_PAGE_TOO_SMALL',
  'PDF_UNVERIFIABLE',
  'DOCUMENT_MODIFIED',
  'OFD_MALFORMED',
  'OFD_TOO_LARGE',
  'OFD_UNSAFE_CONTENT',
  'OFD_PAGE_OUT_OF_RANGE',
  // verification: a claimed time that cannot be true; evidence a verdict needs but cannot get
  'SIGNING_TIME_IMPOSSIBLE',
  'REVOCATION_UNKNOWN',
  'EVIDENCE_MISSING',
  // ledger and outside systems
  'LEDGER_UNAVAILABLE',
  'LEDGER_ENDORSE_FAILED',
  'LEDGER_SUBMIT_FAILED',
  'LEDGER_COMMIT_FAILED',
  'LEDGER_TAMPERED',
  'LEDGER_ACCESS_DENIED',
  'LEDGER_CONFLICT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_REJECTED',
  'DEPENDENCY_UNAVAILABLE',
  'CONFIG_INVALID',
  'BACKUP_CORRUPT',
  'RESTORE_TARGET_NOT_EMPTY',
  'TSA_UNAVAILABLE',
  'TSA_RESPONSE_INVALID',
  // a concurrent request stored the same record first
  'CONCURRENT_WRITE',
  // court-chain relay
  'COURT_RECEIPT_INVALID',
  'RELAY_NOT_RETRYABLE',
  // a court chaincode refused the source proof of relayed evidence
  'SOURCE_PROOF_INVALID',
  // offline evidence (proof bundles)
  'BUNDLE_MALFORMED',
  'BUNDLE_SUBJECT_MISMATCH',
  'BUNDLE_PROOF_INVALID',
  'BUNDLE_ATTESTATION_INVALID',
  'BUNDLE_ANCHOR_UNTRUSTED',
  'BUNDLE_RECORD_MISMATCH',
  'BUNDLE_HISTORY_INCOMPLETE',
  'BUNDLE_ENDORSEMENT_INVALID',
  'BUNDLE_ENDORSER_UNTRUSTED',
  'BUNDLE_ENDORSEMENT_POLICY_UNMET',
  'BUNDLE_TX_NOT_IN_BLOCK',
  'BUNDLE_ORDERER_SIGNATURE_INVALID',
  'BUNDLE_TX_INVALIDATED',
  'BUNDLE_COURT_RECEIPT_INVALID',
  'BUNDLE_COURT_RECEIPT_MISMATCH',
  'BUNDLE_TIMESTAMP_INVALID',
  'BUNDLE_TIMESTAMP_UNTRUSTED',
  'BUNDLE_TIMESTAMP_MISMATCH',
  // archive packages (归档)
  'ARCHIVE_MALFORMED',
  // archiving as a job: the package is not made yet; the document's evidence is not complete yet (a job's retry reason)
  'ARCHIVE_NOT_READY',
  'ARCHIVE_EVIDENCE_INCOMPLETE',
  // evidence certificates (存证证书): asked for before the worker issued it
  'CERTIFICATE_NOT_READY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Base error: a code from the closed list, a message safe to show, optional details and cause. */
export class SealError extends Error {
  override readonly name: string = 'SealError';
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

export function isSealError(error: unknown): error is SealError {
  return error instanceof SealError;
}

/**
 * One line for logs and job failure reasons: `CODE: message` when the error carries a string code
 * (a SealError, or a system error such as ECONNREFUSED), else its message.
 */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
