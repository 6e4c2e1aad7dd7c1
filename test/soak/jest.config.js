/**
 * The soak-and-fault run: its own processes (FerretDB, the embedded ledger), killed and restarted on
 * purpose, so it never shares the test run's stores. `npm test` runs the short form; `npm run soak`
 * the long one (SOAK_WRITES, SOAK_KILLS).
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/soak'],
  rootDir: '../..',
  testMatch: ['<rootDir>/test/soak/**/*.soak-test.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 600_000,
  maxWorkers: 1,
};
