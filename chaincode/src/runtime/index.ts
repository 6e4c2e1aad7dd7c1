/** In-process runtime for the contract: the embedded ledger's peer and the unit tests' stub. */
export * from './client-identity';
export * from './composite-key';
export * from './execute-transaction';
export * from './key-order';
export * from './transaction-stub';
export * from './world-state';
