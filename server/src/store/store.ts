import type { Connection, Model } from 'mongoose';
import { applicationModel, type ApplicationDoc } from './application.model';
import { auditRecordModel } from '../audit/audit.model';
import type { AuditRecord } from '../audit/audit-entry';
import { certificateModel, type CertificateDoc } from './certificate.model';
import { custodianModel, type CustodianDoc } from './custodian.model';
import { filingModel, type FilingDoc } from './filing.model';
import { identityNameModel, type IdentityNameDoc } from './identity-name.model';
import { personModel, type PersonDoc } from './person.model';
import { sealKeyModel, type SealKeyDoc } from './seal-key.model';
import { sealArtifactModel, type SealArtifactDoc } from './seal-artifact.model';
import { sealModel, type SealDoc } from './seal.model';
import { sealCodeModel, type SealCodeDoc } from './seal-code.model';
import { sealTransitionModel, type SealTransitionDoc } from './seal-transition.model';
import { unitModel, type UnitDoc } from './unit.model';

/** Every collection of the seal lifecycle, bound to one connection. */
export interface Store {
  readonly connection: Connection;
  readonly units: Model<UnitDoc>;
  readonly people: Model<PersonDoc>;
  readonly identityNames: Model<IdentityNameDoc>;
  readonly applications: Model<ApplicationDoc>;
  readonly seals: Model<SealDoc>;
  /** Seal code (esID, ledger key) to seal: one seal per code (seal-codes.ts). */
  readonly sealCodes: Model<SealCodeDoc>;
  readonly sealArtifacts: Model<SealArtifactDoc>;
  readonly sealTransitions: Model<SealTransitionDoc>;
  readonly sealKeys: Model<SealKeyDoc>;
  readonly certificates: Model<CertificateDoc>;
  readonly filings: Model<FilingDoc>;
  readonly custodians: Model<CustodianDoc>;
  /** The hash-chained audit log (server/src/audit): one model of the `audit` collection for writers and readers. */
  readonly audit: Model<AuditRecord>;
}

export function createStore(connection: Connection): Store {
  return {
    connection,
    units: unitModel(connection),
    people: personModel(connection),
    identityNames: identityNameModel(connection),
    applications: applicationModel(connection),
    seals: sealModel(connection),
    sealCodes: sealCodeModel(connection),
    sealArtifacts: sealArtifactModel(connection),
    sealTransitions: sealTransitionModel(connection),
    sealKeys: sealKeyModel(connection),
    certificates: certificateModel(connection),
    filings: filingModel(connection),
    custodians: custodianModel(connection),
    audit: auditRecordModel(connection),
  };
}

/** Builds the indexes (the unique ones carry rules: one USCC, one live legal-name seal per unit). */
export async function ensureIndexes(store: Store): Promise<void> {
  for (const model of [
    store.units,
    store.people,
    store.identityNames,
    store.applications,
    store.seals,
    store.sealCodes,
    store.sealArtifacts,
    store.sealTransitions,
    store.sealKeys,
    store.certificates,
    store.filings,
    store.custodians,
    store.audit,
  ]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}

/** Duplicate key on a unique index (E11000), however the driver wraps it. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
