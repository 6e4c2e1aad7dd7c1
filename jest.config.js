/** One jest run for every workspace: unit tests sit beside their code, cross-component tests in test/. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  },
];

const swcEsmDependency = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/core/src',
    '<rootDir>/chaincode/src',
    '<rootDir>/server/src',
    '<rootDir>/worker/src',
    '<rootDir>/scripts/src',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/@noble/.+\\.js$': swcEsmDependency },
  // @noble/* (fabric-gateway's signer curves) ship only as ES modules; Node 24 require()s them natively, but
  // jest's CommonJS runtime cannot without --experimental-vm-modules, so jest compiles just those to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  moduleNameMapper: {
    // The core's narrow entries (core/verifier.js, core/errors.js) map to their sources like the package itself.
    '^@eseal/core/(verifier|errors)$': '<rootDir>/core/src/$1.ts',
    '^@eseal/(core|chaincode|server|worker|scripts)$': '<rootDir>/$1/src/index.ts',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
