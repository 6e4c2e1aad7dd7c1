/**
 * The Fabric integration suite: a second jest run because it needs one real network shared in sequence.
 * `npm test` runs it after the main suite; `npm run test:fabric` runs it alone (setup builds the binaries).
 * Its global setup runs `npm run fabric:up` when the network is not up, and takes it down again afterwards
 * unless it was already running (or ESEAL_FABRIC_KEEP=1).
 */
const path = require('node:path');
const base = require('../../jest.config.js');

const root = path.resolve(__dirname, '../..');
module.exports = {
  ...base,
  rootDir: root,
  roots: ['<rootDir>/test/fabric'],
  // Not *.test.ts, so the default jest run (which includes test/) never picks these up.
  testMatch: ['**/*.fabric-test.ts'],
  globalSetup: '<rootDir>/test/fabric/global-setup.ts',
  globalTeardown: '<rootDir>/test/fabric/global-teardown.ts',
  testTimeout: 120000,
  // One Fabric network: suites share it, and running them in sequence keeps block order readable.
  maxWorkers: 1,
  testSequencer: '<rootDir>/test/fabric/sequencer.js',
};
