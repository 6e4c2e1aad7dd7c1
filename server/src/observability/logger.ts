import pino, { type DestinationStream, type Logger } from 'pino';
import { PERSONAL_DATA_REDACT_PATHS, maskingDestination } from '../http/security/personal-data-redaction';

export type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout, one per event, for a log shipper to parse.
 * Header values that carry credentials are redacted before they are written.
 */
/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(options: { level: string; name?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      name: options.name ?? 'eseal-server',
      level: options.level,
      redact: {
        // Credential headers, and personal-data and secret fields by name (see personal-data-redaction.ts).
        paths: [...PERSONAL_DATA_REDACT_PATHS],
        censor: '[redacted]',
      },
    },
    maskingDestination(options.destination ?? pino.destination(1)) as DestinationStream,
  );
}
