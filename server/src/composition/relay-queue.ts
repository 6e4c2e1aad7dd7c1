/** The relay queues' producer is the worker's: `seal relay retry` and the relay API requeue through the same one. */
export { BullRelayQueue } from '@eseal/worker';
