// `@eseal/core/verifier`: see src/verifier.ts.
export * from './dist/verifier';
