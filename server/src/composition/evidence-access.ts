import type { Connection } from 'mongoose';
import type { ApiModule } from '../app';
import { courtApi } from '../api/court/court-routes';
import { publicLookupApi } from '../api/evidence/lookup-routes';
import { evidenceReadModel } from '../court';
import type { EvidenceEvents } from '../events';
import type { LedgerAttestor } from '../ledger';
import { defaultLookupResolvers, LookupIndex, lookupKeyModel, type FindCertificateForLookup } from '../public-lookup';
import { relaysOfBatchReader } from './relay-reader';
import type { Store } from '../store';
import { signingRecordsReader, type ReadSigningRecords, type SigningStore } from '../store/signing';
import type { RelaysOfBatch } from '../usecases/evidence';

/**
 * Public lookups and the court role: the `_id`-keyed lookup index (fed by the event hub when
 * signatures are anchored and court receipts confirmed), the court's reads and the record of them.
 */
export async function createEvidenceAccess(input: {
  mongo: Connection;
  store: Store;
  signing: SigningStore;
  events: EvidenceEvents;
  attestor?: LedgerAttestor;
  clock: () => Date;
  /** The court-chain relays of a batch, whose receipts go into the court's proof bundles. */
  relaysOfBatch?: RelaysOfBatch;
  /** Shared with the webhook publisher so an anchored batch's records are read once; default: a reader of its own. */
  readRecords?: ReadSigningRecords;
  /** The evidence-certificate feature's finder; certificate numbers answer NOT_FOUND without it. */
  findCertificateForLookup?: FindCertificateForLookup;
}): Promise<{ apiModules: ApiModule[] }> {
  const lookupKeys = lookupKeyModel(input.mongo);
  const reads = evidenceReadModel(input.mongo);
  for (const model of [lookupKeys, reads]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
  input.events.listen(
    new LookupIndex({
      keys: lookupKeys,
      readRecords: input.readRecords ?? signingRecordsReader(input.signing.records),
      seals: input.store.models.seals,
    }),
  );
  const court = {
    signing: input.signing,
    units: input.store.models.units,
    seals: input.store.models.seals,
    relaysOfBatch: input.relaysOfBatch ?? relaysOfBatchReader(input.mongo),
    lookupKeys,
    reads,
    clock: input.clock,
    ...(input.attestor ? { attestor: input.attestor } : {}),
  };
  return { apiModules: [publicLookupApi(defaultLookupResolvers(lookupKeys, input.findCertificateForLookup)), courtApi(court)] };
}
