import { SealError } from '@eseal/core';
import type { AppConfig } from './app-config';
import { readOrCreateDevKek } from './dev-kek';
import { envSchema } from './env-schema';
import { Secret } from './secret';

export interface LoadConfigOptions {
  /**
   * When SERVER_KEK is unset, read (or create on first start) a key file under DATA_DIR.
   * Only the local launcher passes this; without it a missing SERVER_KEK is a configuration error.
   */
  devKekFile?: boolean;
}

/**
 * Reads the environment once into a validated AppConfig. Every problem is reported in one
 * CONFIG_INVALID error whose message names each wrong variable, so an operator fixes them in one go.
 * MONGODB_URI and REDIS_URL are required here: a launcher that starts local services fills them in first.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): AppConfig {
  const known = pickKnown(env);
  const parsed = envSchema.safeParse(known);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0]), problem: issue.message }));
  if ((known.SERVER_KEK ?? '').trim() === '' && !options.devKekFile) {
    problems.push({ variable: 'SERVER_KEK', problem: 'is required (64 hex characters)' });
  }
  if (!parsed.success || problems.length > 0) {
    throw new SealError('CONFIG_INVALID', `Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}`, {
      details: { problems },
    });
  }
  const values = parsed.data;
  const kek = values.SERVER_KEK !== undefined ? Buffer.from(values.SERVER_KEK, 'hex') : readOrCreateDevKek(values.DATA_DIR);
  return Object.freeze({
    port: values.PORT,
    host: values.HOST,
    mongodbUri: values.MONGODB_URI,
    redisUrl: values.REDIS_URL,
    dataDir: values.DATA_DIR,
    ledger: values.LEDGER,
    logLevel: values.LOG_LEVEL,
    bodyLimitBytes: values.BODY_LIMIT,
    serverKek: new Secret(kek),
    queuePrefix: values.QUEUE_PREFIX,
  });
}

/** Only our keys go to the schema, so an issue can never quote an unrelated (possibly secret) variable. */
function pickKnown(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(envSchema.shape).map((key) => [key, env[key]]));
}
