/** Ledger port of the server: typed client, embedded and Fabric implementations, factory and health probe. */
export * from './types';
export * from './ledger-error';
export * from './config';
export type { LedgerTransport, RawLedgerEvent, SubmitOutcome } from './ledger-transport';
export { createContractLedgerClient } from './contract-ledger-client';
export { createLedgerClient, ledgerHealthProbe } from './create-ledger-client';
export { EmbeddedLedger, type EmbeddedLedgerOptions, BLOCK_FILE_NAME, HEAD_FILE_NAME } from './embedded/embedded-ledger';
export type { LedgerBlock } from './embedded/block';
export { connectFabricLedger, type FabricLedgerSettings } from './fabric/fabric-transport';
export { mapFabricError } from './fabric/fabric-errors';
export { measureAnchorThroughput, type AnchorThroughput } from './embedded/anchor-throughput';
