/** Evidence: the proof-bundle format and its pure check (leaf, Merkle path, root). */
export { anchorBatchRoot, anchorLeafData, parseProofBundle, type ProofBundle, type AnchorEntryFacts } from './proof-bundle';
export { checkProofBundle, type BundleCheck, type BundleProblem } from './check-bundle';
export * from './bundle-v2';
