import { Redis } from 'ioredis';
import { BullRelayQueue } from '../../composition/relay-queue';
import { listRelays, MongoRelayStore, relayModel, retryRelay, type RelayView } from '../../relay';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { openCliStores } from './backup-stores';

const STATES = ['PENDING', 'SUBMITTED', 'CONFIRMED', 'REJECTED', 'DEAD'] as const;

function line(r: RelayView): string {
  const receipt = r.receipt ? ` receipt ${r.receipt.evidenceNumber} tx ${r.receipt.txHash.slice(0, 16)}…` : '';
  const error = r.lastError ? ` error: ${r.lastError}` : '';
  return `${r.relayId}  ${r.state}  attempts ${r.attempts}${receipt}${error}`;
}

/** `seal relay list`: the relays to court chains, dead letters first of all (`--state DEAD`). */
export const relayListCommand: CliCommand = {
  name: 'relay list',
  summary: 'List relays to court chains (dead letters: --state DEAD)',
  usage: '[--state STATE] [--seal ID] [--batch ID] [--json]',
  description: 'Reads the relay records in the database of MONGODB_URI. STATE is one of PENDING, SUBMITTED, CONFIRMED, REJECTED, DEAD.',
  options: {
    state: { type: 'string', valueName: 'STATE', description: 'Only relays in this state' },
    seal: { type: 'string', valueName: 'ID', description: "Only this seal's lifecycle events" },
    batch: { type: 'string', valueName: 'ID', description: 'Only this anchored batch' },
    json: { type: 'boolean', description: 'Print the relays as JSON' },
  },
  async run(args, io) {
    const state = args.values.state as string | undefined;
    if (state !== undefined && !(STATES as readonly string[]).includes(state)) {
      io.stderr(`--state must be one of ${STATES.join(', ')}\n`);
      return EXIT.USAGE;
    }
    const stores = await openCliStores(io);
    try {
      const store = new MongoRelayStore(relayModel(stores.mongo));
      const { items: relays } = await listRelays(
        { store },
        {
          ...(state ? { state: state as (typeof STATES)[number] } : {}),
          ...(typeof args.values.seal === 'string' ? { sealId: args.values.seal } : {}),
          ...(typeof args.values.batch === 'string' ? { batchId: args.values.batch } : {}),
        },
        { limit: 500 },
      );
      io.stdout(
        args.values.json
          ? `${JSON.stringify(relays, null, 2)}\n`
          : `${relays.map(line).join('\n')}${relays.length ? '\n' : ''}${relays.length} relay(s)\n`,
      );
      return EXIT.OK;
    } finally {
      await stores.close();
    }
  },
};

/** `seal relay retry <relayId>`: sends a dead letter back to its court chain's queue. */
export const relayRetryCommand: CliCommand = {
  name: 'relay retry',
  summary: 'Retry a dead letter (a DEAD relay)',
  usage: '<relayId>',
  description:
    'Puts the relay back in PENDING (or SUBMITTED when the court already answered) and its job back on the queue in REDIS_URL. Only DEAD relays are retried.',
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const stores = await openCliStores(io);
    const redis = new Redis(stores.config.redisUrl, { maxRetriesPerRequest: null });
    try {
      const store = new MongoRelayStore(relayModel(stores.mongo));
      const queue = new BullRelayQueue(redis, stores.config.queuePrefix);
      try {
        const relay = await retryRelay({ store, queue }, args.positionals[0]!);
        io.stdout(`${line(relay)}\n`);
        return EXIT.OK;
      } finally {
        await queue.close();
      }
    } finally {
      await redis.quit().catch(() => redis.disconnect());
      await stores.close();
    }
  },
};
