/** Public lookups by document SM3, court evidence number, ledger transaction or certificate number: `_id`-keyed index and resolvers. */
export * from './lookup-key.model';
export { LookupIndex, type LookupIndexSources } from './lookup-index';
export * from './lookup-resolvers';
export { lookupPublicly, LOOKUP_CODES, type PublicLookupAnswer, type PublicLookupInput } from './public-lookup';
