/** Relay to court chains: evidence -> one job per (evidence, court chain) -> signed submission -> checked receipt. */
export * from './court-chain/protocol';
export type { CourtChainAdapter, SubmitOutcome } from './court-chain/adapter';
export { HttpCourtChain, type HttpCourtChainOptions } from './court-chain/http-court-chain';
export { FabricCourtChain, type FabricCourtChainOptions } from './court-chain/fabric-court-chain';
export type { FabricChannelConnection, FabricEndpoint, FabricIdentityFiles } from './court-chain/fabric-connection';
export type { LazyFabricChannel } from './court-chain/lazy-channel';
export { EndorsedQueryProver, type SourceProver } from './court-chain/source-prover';
export * from './ports';
export { batchEvidence, relayIdFor, sealEventEvidence, submissionFor, type EvidenceItem } from './evidence';
export * from './relay-job';
export {
  processRelay,
  processRelays,
  settleRelayJob,
  ReceiptNotConfirmedError,
  SubmissionInFlightError,
  type RelayGroupResult,
  type RelayOutcome,
  type RelayRunDeps,
} from './relay-handler';
export { relayProcessors, type RelayLimits } from './relay-processor';
export { BullRelayQueue } from './relay-queue';
export { RelayDispatcher, type RelayTarget } from './dispatch';
export { buildFabricCourtChain, type FabricCourtChainSettings } from './fabric-court-config';
export { buildCourtChain, parseCourtChains, parseRelayClientKey, DEFAULT_RELAY_CONCURRENCY, type CourtChainConfig } from './relay-config';
