import type { EvidenceEvents } from '../../events';
import type { BusinessMetrics } from '../../observability/business-metrics';
import type { CertificateAuthority, Sm2Signer } from '@eseal/core';
import type { EngravingSystem } from '../../adapters/public-security';
import type { LedgerClient } from '../../ledger';
import type { Logger } from '../../observability/logger';
import type { IdentityProtector, Store } from '../../store';
import type { PinDeps } from '../signing/pin-guard';
import type { KeyVault } from './key-vault';

/** The seal maker's own signing identity: signs every SESeal it makes (GB/T 38540 maker signature). */
export interface MakerIdentity {
  /** The maker's registration id with public security, sent with every filing. */
  readonly makerId: string;
  readonly certificateDer: Uint8Array;
  readonly signer: Sm2Signer;
}

/** Hands a filing to the filing queue; the job id is the filing id, so duplicates collapse. */
export interface FilingQueuePort {
  enqueue(filingId: string): Promise<void>;
}

/** A CA plus where its state goes after a change (the development CA keeps it in a file). */
export interface SealCertificateAuthority {
  readonly ca: CertificateAuthority;
  persist(): Promise<void>;
}

export interface LifecycleSettings {
  /** Default seal (= certificate) validity when the maker does not choose one. */
  readonly sealValidityDays: number;
  /** GB/T 38540 vendor id written into SESeal headers. */
  readonly vendorId: string;
}

/** Everything the lifecycle use cases need, built once by the composition root. */
export interface LifecycleDeps {
  readonly store: Store;
  readonly ledger: LedgerClient;
  readonly certificates: SealCertificateAuthority;
  readonly maker: MakerIdentity;
  readonly keyVault: KeyVault;
  /** The PIN guard signing uses: every use of a custodian's PIN is counted against the same lock. */
  readonly pins: PinDeps;
  readonly identities: IdentityProtector;
  /** When configured, imprints come from the public-security engraving system; else they are rendered. */
  readonly engraving?: EngravingSystem;
  readonly filingQueue: FilingQueuePort;
  readonly settings: LifecycleSettings;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Business counters of /metrics (filings answered); absent in tests that do not look. */
  readonly metrics?: BusinessMetrics;
  /** Told when a revocation commits (webhooks). */
  readonly events?: Pick<EvidenceEvents, 'sealRevoked'>;
}
