export * from './audit-entry';
export * from './audit.model';
export * from './audit-log';
export * from './verify-chain';
export * from './audit-anchor';
export * from './audit-reader';
