import { SealError } from '@eseal/core';
import type { Logger } from 'pino';
import { handleLedgerEvent, type EventOutcome } from './handle-event';
import type { ChainEvent, CheckpointStorePort, LedgerEventCursor, LedgerEventPorts, LedgerEventSubscription } from './ports';

export interface LedgerEventConsumerOptions {
  checkpoints: CheckpointStorePort;
  logger: Logger;
  /**
   * Where to start when no checkpoint is stored. Default: the first block. Starting "now" instead
   * would skip whatever was committed while no consumer ran; the handlers make a full replay cheap.
   */
  initialCursor?: LedgerEventCursor;
  /** First delay before resubscribing after a failure; doubles up to 30 s. Default 1000 ms. */
  retryDelayMs?: number;
  /** Called after an event's effects and its checkpoint are stored (metrics, tests). */
  onHandled?: (event: ChainEvent, outcome: EventOutcome) => void;
}

export interface RunningLedgerEventConsumer {
  /** Stops after the event being handled (its checkpoint stored); idempotent. */
  close(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 30_000;

/** Internal: ends a subscription that delivers after close(); never leaves this module. */
class ConsumerClosed extends Error {}

/**
 * Follows the ledger's chaincode events from the stored checkpoint and hands each to the handler,
 * one at a time in ledger order. The checkpoint is written only after the event's effects, so a
 * crash repeats at most the event in flight (handlers are idempotent) and never skips one. Any
 * failure ends the subscription; the loop resubscribes from the last stored checkpoint.
 */
export function startLedgerEventConsumer(ports: LedgerEventPorts, options: LedgerEventConsumerOptions): RunningLedgerEventConsumer {
  const { checkpoints, logger } = options;
  const baseDelay = options.retryDelayMs ?? 1000;
  let closed = false;
  let subscription: LedgerEventSubscription | undefined;
  let wake: (() => void) | undefined;
  /** Consecutive failures, for the backoff; reset by every handled event. */
  let failures = 0;

  const listener = async (event: ChainEvent): Promise<void> => {
    // Thrown, not returned: an event delivered after close must not move the checkpoint.
    if (closed) throw new ConsumerClosed();
    const outcome = await handleLedgerEvent(ports, event);
    await checkpoints.save({ blockNumber: event.blockNumber, transactionId: event.transactionId });
    // Info only when something was repaired: a replay from block 0 would otherwise log every event.
    const acted = (outcome.kind === 'filing-jobs' && outcome.queued > 0) || outcome.kind === 'batch-stored';
    // A mismatch leaves records pinned to a batch the ledger holds differently: an operator must look.
    logger[outcome.kind === 'batch-mismatch' ? 'warn' : acted ? 'info' : 'debug'](
      { event: event.name, tx: event.transactionId, outcome },
      'ledger event handled',
    );
    failures = 0;
    options.onHandled?.(event, outcome);
  };

  const loop = (async () => {
    while (!closed) {
      try {
        const from = (await checkpoints.load()) ?? options.initialCursor ?? { blockNumber: 0 };
        subscription = await ports.source.subscribe(listener, { from });
        if (closed) subscription.close();
        await subscription.done;
        if (closed) break;
        throw new SealError('LEDGER_UNAVAILABLE', 'the ledger event stream ended');
      } catch (error) {
        if (closed) break;
        failures++;
        const delay = Math.min(baseDelay * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
        logger.warn({ err: error, retryInMs: delay }, 'ledger event consumer stopped; resubscribing from the checkpoint');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  })();

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        closed = true;
        subscription?.close();
        wake?.();
        await loop;
      })();
      return closing;
    },
  };
}
