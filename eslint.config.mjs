// Lint: typescript-eslint's recommended rules plus the import boundaries that encode the layering
// (docs/ARCHITECTURE.md, "Who may import whom"). `npm test` runs it; `npm run lint` alone.
import tseslint from 'typescript-eslint';

const outsideCore = ['**/chaincode/**', '**/server/**', '**/worker/**', '**/scripts/**', '**/test/**'];
const drivers = ['mongoose', 'mongodb', 'bullmq', 'ioredis', 'express', '@hyperledger/*', 'fabric-*'];

/** One no-restricted-imports rule from lists of forbidden module names and path patterns. */
const forbid = (message, ...groups) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups.flat(), message }] }],
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/**', 'network/.run/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused names are already a compile error (noUnusedLocals/Parameters); `_` marks a deliberate one.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Decoders of DER, PDF and chaincode payloads narrow `unknown` by hand; `any` stays visible in review.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/**/*.test.ts', 'core/src/**/__tests__/**'],
    rules: forbid('core is pure: it imports nothing of ours and no network or database client', '@eseal/*', outsideCore, drivers),
  },
  {
    files: ['chaincode/src/**/*.ts'],
    ignores: ['chaincode/src/**/*.test.ts', 'chaincode/src/**/__tests__/**'],
    rules: forbid('the chaincode is deployed on its own: it imports nothing of ours', '@eseal/*', [
      '**/core/**',
      '**/server/**',
      '**/worker/**',
      '**/scripts/**',
      '**/test/**',
    ]),
  },
  {
    files: ['worker/src/**/*.ts'],
    ignores: ['worker/src/**/*.test.ts'],
    rules: forbid(
      'the worker talks to stores through its ports and never imports server internals',
      '@eseal/server',
      '@eseal/server/**',
      '**/server/src/**',
    ),
  },
  {
    files: ['server/src/usecases/**/*.ts', 'server/src/domain/**/*.ts'],
    ignores: ['server/src/**/*.test.ts'],
    rules: forbid(
      'use cases and domain rules reach HTTP, queues and drivers only through ports wired in composition/',
      'mongoose',
      'mongodb',
      'bullmq',
      'ioredis',
      'express',
      '**/api/**',
      '**/http/**',
      '../api',
      '../http',
      '../../api',
      '../../http',
    ),
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: forbid(
      'the pages run in the browser and reach the service only through its HTTP API',
      '@eseal/*',
      outsideCore,
      '**/core/**',
      drivers,
      'node:*',
    ),
  },
);
