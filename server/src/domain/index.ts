/** Pure rules of the seal lifecycle: no I/O. Use cases load records, call these, and store the results. */
export * from './identifiers/uscc';
export * from './identifiers/resident-id';
export * from './identifiers/masking';
export * from './identifiers/keyed-hash';
export * from './names/safe-name';
export * from './identifiers/synthetic';
export * from './documents';
export * from './seals/seal-kinds';
export * from './seals/seal-status';
export * from './seals/revocation-reasons';
export * from './seals/renewal-window';
export * from './seals/legal-name-rule';
export * from './seals/name-change';
export * from './seals/audit-entry';
export * from './seals/filing-events';
export * from './seals/lifecycle';
export * from './applications/application-materials';
