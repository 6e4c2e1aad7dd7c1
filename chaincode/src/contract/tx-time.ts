import type { Context } from 'fabric-contract-api';

/**
 * The transaction time as chosen by the client and signed into the proposal. All peers see the same
 * value, unlike their own clocks, so every time rule (expiry, renewal window) is judged with it.
 */
export function txTimeMs(ctx: Context): number {
  const ts = ctx.stub.getTxTimestamp();
  return Number(ts.seconds.toString()) * 1000 + Math.floor(ts.nanos / 1_000_000);
}

export function txTimeIso(ctx: Context): string {
  return new Date(txTimeMs(ctx)).toISOString();
}

export const DAY_MS = 24 * 60 * 60 * 1000;
