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
import { identityNameRepository, type IdentityNameRepository } from './identity-name-repository';
import { sealCodeRepository, type SealCodeRepository } from './seal-code-repository';
import { sealArtifactRepository, type SealArtifactRepository } from './seal-artifact-repository';
import { personRepository, type PersonRepository } from './person-repository';
import { unitRepository, type UnitRepository } from './unit-repository';
import { sealRepository, type SealRepository } from './seal-repository';
import { filingRepository, type FilingRepository } from './filing-repository';
import { applicationRepository, type ApplicationRepository } from './application-repository';
import { sealTransitionRepository, type SealTransitionRepository } from './seal-transition-repository';
import { sealKeyRepository, type SealKeyRepository } from './seal-key-repository';
import { certificateRepository, type CertificateRepository } from './certificate-repository';
import { custodianRepository, type CustodianRepository } from './custodian-repository';

/** The mongoose models of the lifecycle collections: for the repositories in this folder, backup and tests. */
export interface StoreModels {
  readonly units: Model<UnitDoc>;
  readonly people: Model<PersonDoc>;
  readonly identityNames: Model<IdentityNameDoc>;
  readonly seals: Model<SealDoc>;
  readonly filings: Model<FilingDoc>;
  readonly applications: Model<ApplicationDoc>;
  readonly sealTransitions: Model<SealTransitionDoc>;
  readonly sealKeys: Model<SealKeyDoc>;
  readonly certificates: Model<CertificateDoc>;
  readonly custodians: Model<CustodianDoc>;
  readonly sealCodes: Model<SealCodeDoc>;
  readonly sealArtifacts: Model<SealArtifactDoc>;
}

/**
 * Every collection of the seal lifecycle, bound to one connection. Use cases call the repositories
 * (intention-named functions, FerretDB's caveats inside); the collections still given as models are
 * the ones not yet behind a repository (docs/ARCHITECTURE.md, "Known debt").
 */
export interface Store {
  readonly connection: Connection;
  readonly models: StoreModels;
  readonly units: UnitRepository;
  readonly people: PersonRepository;
  readonly identityNames: IdentityNameRepository;
  readonly seals: SealRepository;
  /** Seal code (esID, ledger key) to seal: one seal per code. */
  readonly sealCodes: SealCodeRepository;
  readonly applications: ApplicationRepository;
  /** Issued seal data (SESeal and imprint) by its SM3. */
  readonly sealArtifacts: SealArtifactRepository;
  readonly sealTransitions: SealTransitionRepository;
  readonly sealKeys: SealKeyRepository;
  readonly certificates: CertificateRepository;
  readonly filings: FilingRepository;
  readonly custodians: CustodianRepository;
  /** The hash-chained audit log (server/src/audit): one model of the `audit` collection for writers and readers. */
  readonly audit: Model<AuditRecord>;
}

export function createStore(connection: Connection): Store {
  const models: StoreModels = {
    units: unitModel(connection),
    people: personModel(connection),
    identityNames: identityNameModel(connection),
    seals: sealModel(connection),
    filings: filingModel(connection),
    applications: applicationModel(connection),
    sealTransitions: sealTransitionModel(connection),
    sealKeys: sealKeyModel(connection),
    certificates: certificateModel(connection),
    custodians: custodianModel(connection),
    sealCodes: sealCodeModel(connection),
    sealArtifacts: sealArtifactModel(connection),
  };
  return {
    connection,
    models,
    units: unitRepository(models.units),
    people: personRepository(models.people),
    identityNames: identityNameRepository(models.identityNames),
    seals: sealRepository(models.seals),
    sealCodes: sealCodeRepository(models.sealCodes),
    applications: applicationRepository(models.applications),
    sealArtifacts: sealArtifactRepository(models.sealArtifacts, models.seals),
    sealTransitions: sealTransitionRepository(models.sealTransitions),
    sealKeys: sealKeyRepository(models.sealKeys),
    certificates: certificateRepository(models.certificates),
    filings: filingRepository(models.filings),
    custodians: custodianRepository(models.custodians),
    audit: auditRecordModel(connection),
  };
}

/** Builds the indexes (the unique ones carry rules: one USCC, one live legal-name seal per unit). */
export async function ensureIndexes(store: Store): Promise<void> {
  for (const model of [...Object.values(store.models), store.audit]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
