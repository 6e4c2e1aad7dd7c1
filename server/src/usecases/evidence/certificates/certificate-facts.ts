/** What a certificate states, gathered from the records, the ledger and the relays before anything is drawn. */

export interface LedgerPlace {
  readonly txId: string;
  /** Absent when the ledger does not report it (a Fabric anchor without an attestation). */
  readonly blockNumber?: number;
}

export interface CourtChainReceiptFacts {
  readonly chain: string;
  readonly evidenceNumber: string;
  readonly txHash: string;
  readonly blockHeight: number;
  readonly recordedAt: string;
}

export interface SignatureFacts {
  readonly sealName: string;
  /** The 13-digit seal code (印章编码). */
  readonly sealCode: string;
  readonly unitName: string;
  readonly signer: string;
  readonly signedAt: Date;
  readonly signatureSm3: string;
  readonly anchor?: LedgerPlace & { readonly batchId: string; readonly merkleRoot: string };
  readonly courtChains: readonly CourtChainReceiptFacts[];
  /** When an RFC 3161 time-stamp token came with the signature. */
  readonly timeStampAt?: string;
}

export interface SealEventFacts {
  readonly event: string;
  readonly at: string;
  readonly status: string;
  readonly place: LedgerPlace;
  readonly reason?: string;
  readonly compromisedAt?: string;
}

/** The offline check of the proof bundle the certificate summarises. */
export interface VerificationSummary {
  readonly verdict: string;
  readonly passed: number;
  readonly total: number;
  /** Codes of the checks that did not pass. */
  readonly problems: readonly string[];
}

interface CommonFacts {
  readonly certificateNumber: string;
  readonly issuedAt: Date;
  readonly verifyUrl: string;
  readonly issuer: { readonly name: string; readonly sealCode: string };
  readonly verification: VerificationSummary;
  readonly ledgerKind: string;
}

export interface DocumentCertificateFacts extends CommonFacts {
  readonly kind: 'document';
  readonly documentName?: string;
  readonly sm3Before: string;
  readonly sm3After: string;
  readonly signatures: readonly SignatureFacts[];
}

export interface SealCertificateFacts extends CommonFacts {
  readonly kind: 'seal';
  readonly sealName: string;
  readonly sealCode: string;
  readonly unitName: string;
  readonly status: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly history: readonly SealEventFacts[];
  readonly courtChains: readonly CourtChainReceiptFacts[];
}

export type CertificateFacts = DocumentCertificateFacts | SealCertificateFacts;
