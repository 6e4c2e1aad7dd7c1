import { z } from 'zod';
import { parseByteSize } from './byte-size';

/** pino's level names; "silent" turns logging off (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LEDGER_KINDS = ['embedded', 'fabric'] as const;

/** Empty strings count as unset: `PORT= npm start` should mean "default", not "invalid". */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

function withDefault(defaultValue: string) {
  return optionalText.transform((value) => value ?? defaultValue);
}

function uriWithScheme(schemes: readonly string[]) {
  return z
    .string({ required_error: 'is required' })
    .trim()
    .min(1, 'is required')
    .refine((value) => schemes.some((scheme) => value.startsWith(scheme)), {
      message: `must start with ${schemes.join(' or ')}`,
    });
}

/**
 * Every environment variable the server reads, in one place (documented in ./README.md).
 * Keys are the variable names so a failing issue path names the variable the operator must fix.
 */
export const envSchema = z.object({
  PORT: withDefault('8080').pipe(
    z.coerce
      .number({ invalid_type_error: 'must be an integer' })
      .int('must be an integer')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535'),
  ),
  HOST: withDefault('127.0.0.1'),
  MONGODB_URI: uriWithScheme(['mongodb://', 'mongodb+srv://']),
  REDIS_URL: uriWithScheme(['redis://', 'rediss://']),
  DATA_DIR: withDefault('.data'),
  LEDGER: withDefault('embedded').pipe(
    z.enum(LEDGER_KINDS, { errorMap: () => ({ message: `must be one of ${LEDGER_KINDS.join(', ')}` }) }),
  ),
  LOG_LEVEL: withDefault('info').pipe(z.enum(LOG_LEVELS, { errorMap: () => ({ message: `must be one of ${LOG_LEVELS.join(', ')}` }) })),
  BODY_LIMIT: withDefault('20mb').transform((value, ctx) => {
    const bytes = parseByteSize(value);
    if (bytes === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a positive size such as 512kb or 20mb' });
      return z.NEVER;
    }
    return bytes;
  }),
  // Never echoed in messages: the value is a key.
  SERVER_KEK: optionalText.refine((value) => value === undefined || /^[0-9a-fA-F]{64}$/.test(value), {
    message: 'must be 64 hex characters (a 32-byte key)',
  }),
  QUEUE_PREFIX: withDefault('eseal').pipe(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, "_" or "-"')),
});

export type ParsedEnv = z.output<typeof envSchema>;
