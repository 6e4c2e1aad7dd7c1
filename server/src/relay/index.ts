/** Court-chain relay records: the store the worker's relay runs on, operators' views and retries, metrics. */
export { relayModel, type RelayDoc } from './relay.model';
export { relayClaimModel, type RelayClaimDoc } from './relay-claim.model';
export { relayReceiptModel, relayConfirmationModel, type RelayReceiptDoc, type RelayConfirmationDoc } from './relay-facts.model';
export { relayGroupModel, type RelayGroupDoc } from './relay-group.model';
export { RelayFacts, currentRelay, countRelayStates } from './relay-state';
export { MongoRelayStore, type RelayFilter, type RelayView } from './relay-store';
export { createRelayMetrics, type RelayMetrics } from './relay-metrics';
export { getRelay, listRelays, retryRelay, MAX_RELAY_LIST, type RelayAdminDeps, type RelayRequeuePort } from './relay-admin';
