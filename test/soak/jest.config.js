/**
 * The soak-and-fault run: its own processes (the service as `npm start` runs it, Redis, FerretDB),
 * killed and restarted on purpose, so it never shares the test run's stores. `npm test` runs the
 * short form; `npm run soak` the long one (SOAK_SIGNINGS, SOAK_KILLS, SOAK_CONCURRENCY).
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/soak'],
  rootDir: '../..',
  testMatch: ['<rootDir>/test/soak/**/*.soak-test.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  // The long form (thousands of signings) runs for tens of minutes on a loaded machine.
  testTimeout: 3 * 60 * 60_000,
  maxWorkers: 1,
};
