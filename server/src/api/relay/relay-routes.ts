import type { ApiModule } from '../../app';
import { getCaller, type Caller } from '../../access';
import { z } from '../../openapi/zod';
import { mapPage } from '../../store';
import { getRelay, listRelays, retryRelay, type RelayAdminDeps, type RelayView } from '../../relay';
import { RelayListQuerySchema, RelayListSchema, RelayParams, RelaySchema } from './schemas';

/** Access checks that belong to other features: whether the caller may see this signature's or seal's evidence. */
export interface RelaySubjects {
  /** The batch the signing record was anchored in (undefined while not anchored); throws NOT_FOUND / FORBIDDEN. */
  signatureBatch(caller: Caller, recordId: string): Promise<string | undefined>;
  /**
   * The key the ledger and its relayed events name the seal by (its esID, the seal code); throws
   * NOT_FOUND / FORBIDDEN unless the caller may read the seal.
   */
  sealLedgerKey(caller: Caller, sealId: string): Promise<string>;
}

const view = ({ createdAt, submittedAt, confirmedAt, ...rest }: RelayView) => ({
  ...rest,
  createdAt: createdAt.toISOString(),
  ...(submittedAt ? { submittedAt: submittedAt.toISOString() } : {}),
  ...(confirmedAt ? { confirmedAt: confirmedAt.toISOString() } : {}),
});

/** Relays to court chains: status per record, seal and batch; dead letters and their retry. */
export const relayRoutes =
  (deps: RelayAdminDeps, subjects: RelaySubjects): ApiModule =>
  (api) => {
    api.route({
      operation: 'relay.read',
      method: 'get',
      path: '/relays',
      summary: 'List relays to court chains (dead letters: state=DEAD)',
      tags: ['evidence'],
      query: RelayListQuerySchema,
      response: { description: 'Relays, by relay id', schema: RelayListSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_CURSOR'],
      handler: async ({ query }) => mapPage(await listRelays(deps, query, query), (relays) => relays.map(view)),
    });
    api.route({
      operation: 'relay.read',
      method: 'get',
      path: '/relays/:relayId',
      summary: 'One relay: its state, last error and court receipt',
      tags: ['evidence'],
      params: RelayParams,
      response: { description: 'The relay', schema: RelaySchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: async ({ params }) => view(await getRelay(deps, params.relayId)),
    });
    api.route({
      operation: 'relay.retry',
      method: 'post',
      path: '/relays/:relayId/retry',
      summary: 'Retry a dead letter',
      tags: ['evidence'],
      params: RelayParams,
      response: { description: 'The relay, back in the queue', schema: RelaySchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'RELAY_NOT_RETRYABLE'],
      handler: async ({ params }) => view(await retryRelay(deps, params.relayId)),
    });
    api.route({
      operation: 'evidence.read',
      method: 'get',
      path: '/signatures/:recordId/court-receipts',
      summary: "The court-chain relays of a signature's anchored batch, with receipts",
      tags: ['evidence'],
      params: z.object({ recordId: z.string().min(1).max(64) }),
      response: { description: 'Relays of the batch (empty while the signature is not anchored)', schema: RelayListSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: async ({ params, req }) => {
        const batchId = await subjects.signatureBatch(getCaller(req), params.recordId);
        return batchId === undefined ? { items: [] } : mapPage(await listRelays(deps, { batchId }), (relays) => relays.map(view));
      },
    });
    api.route({
      operation: 'evidence.read',
      method: 'get',
      path: '/seals/:sealId/court-receipts',
      summary: "The court-chain relays of a seal's lifecycle events, with receipts",
      tags: ['evidence'],
      params: z.object({ sealId: z.string().min(1).max(64) }),
      response: { description: "Relays of the seal's events", schema: RelayListSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: async ({ params, req }) => {
        const ledgerKey = await subjects.sealLedgerKey(getCaller(req), params.sealId);
        return mapPage(await listRelays(deps, { sealId: ledgerKey }), (relays) => relays.map(view));
      },
    });
  };
