import type { CertificateAuthority, PdfVerificationReport } from '@eseal/core';
import type { LedgerAttestor } from '../../ledger';
import type { RelayDoc } from '../../relay';
import type { Store } from '../../store';
import type { ArchiveStore } from '../../store/archive';
import type { SigningStore } from '../../store/signing';
import type { ServiceSeal } from '../evidence/certificates';

/** Producer side of the worker's archive queue (composition/archive-queue.ts). */
export interface ArchiveQueuePort {
  enqueue(archiveId: string): Promise<void>;
}

/**
 * The largest document archived: the package holds it base64 (4/3 of its size) with its evidence, and
 * is stored as one record, which MongoDB caps at 16 MiB. 10 MiB leaves room for the rest.
 */
export const MAX_ARCHIVED_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface ArchiveDeps {
  /** Units (the responsible 责任者 in the metadata) and the audit log (each package made is recorded). */
  readonly store: Pick<Store, 'units' | 'audit'>;
  readonly signing: Pick<SigningStore, 'signingRecordRepository' | 'anchorResults'>;
  readonly archives: ArchiveStore;
  /** The court-chain relays of an anchored batch (their receipts), read only. */
  relaysOf(subject: { batchId: string }): Promise<readonly RelayDoc[]>;
  /** The court chains evidence is relayed to (COURT_CHAINS): each must have answered before a package is made. */
  readonly courtChains: readonly string[];
  /** Absent on a ledger that cannot attest offline (Fabric in this version): packages then carry no proof bundle. */
  readonly attestor?: LedgerAttestor;
  /** The CA: its certificates and its CRL at archiving time go into the package. */
  readonly ca: Pick<CertificateAuthority, 'chain' | 'currentCrl'>;
  /** Signs the package: the platform's own official seal (its key and certificate). */
  readonly serviceSeal: Pick<ServiceSeal, 'key' | 'certificateDer'>;
  /** The document's verification with this deployment's trust and ledger: the package's verification report. */
  verify(document: Uint8Array): Promise<PdfVerificationReport>;
  readonly queue: ArchiveQueuePort;
  readonly clock: () => Date;
}
