// Lint: typescript-eslint's recommended rules plus the import boundaries that encode the layering
// (docs/ARCHITECTURE.md, "Who may import whom"). `npm test` runs it; `npm run lint` alone.
import tseslint from 'typescript-eslint';

const outsideCore = ['**/chaincode/**', '**/server/**', '**/worker/**', '**/scripts/**', '**/test/**'];
const drivers = ['mongoose', 'mongodb', 'bullmq', 'ioredis', 'express', '@hyperledger/*', 'fabric-*'];
/** The worker package: only the server's composition root binds it, and only through its public entry. */
const workerInternals = ['@eseal/worker/**', '**/worker/src/**'];
const theWorker = ['@eseal/worker', ...workerInternals];

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
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/**/*.test.ts', 'server/src/composition/**', 'server/src/usecases/**', 'server/src/domain/**'],
    rules: forbid('only the composition root (server/src/composition/) binds server services to worker processors', theWorker),
  },
  {
    files: ['server/src/composition/**/*.ts'],
    ignores: ['server/src/**/*.test.ts'],
    rules: forbid('the composition root uses the worker through its public entry, @eseal/worker', workerInternals),
  },
  {
    files: ['server/src/usecases/**/*.ts', 'server/src/domain/**/*.ts'],
    ignores: ['server/src/**/*.test.ts'],
    rules: {
      ...forbid(
        'use cases and domain rules reach HTTP, queues and drivers only through ports wired in composition/, and the records through the repositories of store/',
        'mongoose',
        'mongoose/**',
        'mongodb',
        'mongodb/**',
        'bson',
        '**/*.model',
        '**/store/ferretdb',
        '**/store/ferretdb/**',
        'bullmq',
        'ioredis',
        'express',
        '**/api/**',
        '**/http/**',
        '../api',
        '../http',
        '../../api',
        '../../http',
        theWorker,
      ),
      // A model reached through a repository's store type (`store.models`, `signing.records.collection`,
      // `.lean()`) is mongoose or the driver all the same: use cases call the repositories of store/.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name=/^(models|collection|lean|countDocuments|findById|findOne|findOneAndUpdate|updateOne|updateMany|insertOne|insertMany|deleteOne|deleteMany|bulkWrite|aggregate)$/]',
          message: 'use cases read and write through the repositories of store/, not mongoose models or driver collections',
        },
      ],
    },
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
