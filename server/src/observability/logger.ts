import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout, one per event, for a log shipper to parse.
 * Header values that carry credentials are redacted before they are written.
 */
/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(options: { level: string; name?: string; destination?: DestinationStream }): Logger {
  return pino({
    name: options.name ?? 'eseal-server',
    level: options.level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  }, options.destination);
}
