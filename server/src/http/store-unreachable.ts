import mongoose from 'mongoose';

const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } = mongoose.mongo;

/** What ioredis throws when its connection is down (offline queue disabled, or its retries ran out). */
const REDIS_DOWN = /^(Stream isn't writeable|Connection is closed|Reached the max retries per request limit)/;

/** A socket the peer closed or refused: the driver sometimes lets these through unwrapped. */
const NETWORK_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A store could not be reached: the request may succeed later, so the caller is told 503
 * DEPENDENCY_UNAVAILABLE rather than 500. Which store when known ('network' when only the socket
 * says so), never how (no host, no port).
 */
export function unreachableStore(error: unknown): 'mongodb' | 'redis' | 'network' | undefined {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  )
    return 'mongodb';
  // Mongoose's own wait for a connection that never came.
  if (error instanceof mongoose.Error && /buffering timed out/.test(error.message)) return 'mongodb';
  // Duck-typed: errors made by Node itself (a socket's EPIPE) come from another realm under test runners.
  const { name, message, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
  };
  if (name === 'MaxRetriesPerRequestError' || (typeof message === 'string' && REDIS_DOWN.test(message))) return 'redis';
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'network';
  return undefined;
}
