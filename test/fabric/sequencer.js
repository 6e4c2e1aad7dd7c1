/**
 * Runs the Fabric suite's files in name order, with offline-bundle last: it stops the network to show that
 * a bundle checks without it, and every other file needs the network running.
 */
const Sequencer = require('@jest/test-sequencer').default;

const LAST = 'offline-bundle.fabric-test.ts';

class FabricSequencer extends Sequencer {
  sort(tests) {
    const rank = (t) => (t.path.endsWith(LAST) ? 1 : 0);
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = FabricSequencer;
