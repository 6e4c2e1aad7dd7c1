import type { BundleTrust } from '@eseal/core';
import type { LedgerAttestor, LedgerClient } from '../../../ledger';
import type { RelayDoc } from '../../../relay';
import type { Store } from '../../../store';
import type { EvidenceCertificateStore } from '../../../store/evidence';
import type { SigningStore } from '../../../store/signing';
import type { ServiceSeal } from './service-seal';

/** Producer side of the worker's certificate queue (composition/certificate-queue.ts). */
export interface CertificateQueuePort {
  enqueue(certificateNumber: string): Promise<void>;
}

export interface CertificateDeps {
  readonly store: Store;
  readonly signing: Pick<SigningStore, 'signingRecordRepository' | 'anchorResults'>;
  readonly certificates: EvidenceCertificateStore;
  /** The court-chain relays of an anchored batch or of a seal's events (their receipts), read only. */
  relaysOf(subject: { batchId: string } | { sealId: string }): Promise<readonly RelayDoc[]>;
  readonly ledger: Pick<LedgerClient, 'getSealHistory' | 'getSeal'>;
  /** Absent on a ledger that cannot attest offline (Fabric in this version): certificates then carry no bundle. */
  readonly attestor?: LedgerAttestor;
  /** Trust anchors of the offline bundle check printed on the certificate: the service's own (composition/service-trust.ts). */
  bundleTrust(): BundleTrust;
  readonly serviceSeal: ServiceSeal;
  /** Registers the service seal on the ledger (once; idempotent). */
  registerServiceSeal(): Promise<void>;
  /** The CJK TrueType font (collection) the certificate is typeset in. */
  readonly font: Uint8Array;
  /** The public base URL the certificate's QR code opens: `<it>/verify/c/<number>`. */
  readonly publicBaseUrl: string;
  readonly queue: CertificateQueuePort;
  readonly clock: () => Date;
}

/** The public verification page of a certificate (the portal serves it). */
export function certificateVerifyUrl(publicBaseUrl: string, certificateNumber: string): string {
  return `${publicBaseUrl}/verify/c/${certificateNumber}`;
}
