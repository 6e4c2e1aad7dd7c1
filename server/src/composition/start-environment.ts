import type { AppConfig } from '../config/app-config';
import { loadConfig, type LoadConfigOptions } from '../config/load-config';
import { readSecurityOptions } from '../api/security/security-config';
import { readLedgerConfig, type LedgerConfig } from '../ledger/config';
import { readLifecycleSettings, type LifecycleEnvSettings } from './lifecycle-settings';
import { readTimeStampSettings } from './time-stamp-settings';
import { readCertificateSettings, readReportFont } from './certificate-settings';

// Stand-ins that let loadConfig validate everything else before the local servers are started.
const PLACEHOLDER_MONGODB_URI = 'mongodb://127.0.0.1:27017/eseal';
const PLACEHOLDER_REDIS_URL = 'redis://127.0.0.1:6379';

/** What a start with this environment runs itself, because no outside system is configured for it. */
export interface LocalLaunches {
  readonly mongodb: boolean;
  readonly redis: boolean;
  /** Only on a one-machine start: a deployment with its own stores waits for the real filing system. */
  readonly publicSecurity: boolean;
  /** Likewise the court-chain simulator, when COURT_CHAINS names no court chain. */
  readonly courtChain: boolean;
  /** Likewise the local time-stamp authority, when TSA_URL names none. */
  readonly tsa: boolean;
}

export interface StartEnvironment {
  /** The server configuration, with placeholder store URIs where a local server will be launched. */
  readonly config: AppConfig;
  readonly configOptions: LoadConfigOptions;
  readonly launches: LocalLaunches;
  readonly ledger: LedgerConfig;
  readonly lifecycle: LifecycleEnvSettings;
}

/**
 * Every check `npm start` makes of its environment before it starts anything, in one place, so
 * `seal config check` accepts exactly what `npm start` accepts: the server configuration (a one-machine
 * start brings its own stores and the development key file), the security, lifecycle and ledger
 * settings. Throws CONFIG_INVALID naming what is wrong.
 */
export function checkStartEnvironment(env: NodeJS.ProcessEnv): StartEnvironment {
  const launches: LocalLaunches = {
    mongodb: !env.MONGODB_URI?.trim(),
    redis: !env.REDIS_URL?.trim(),
    publicSecurity: (!env.MONGODB_URI?.trim() || !env.REDIS_URL?.trim()) && !env.PUBLIC_SECURITY_FILING_URL?.trim(),
    courtChain: (!env.MONGODB_URI?.trim() || !env.REDIS_URL?.trim()) && !env.COURT_CHAINS?.trim(),
    tsa: (!env.MONGODB_URI?.trim() || !env.REDIS_URL?.trim()) && !env.TSA_URL?.trim(),
  };
  // The development key file only for a one-machine start: with both stores given, this is a
  // deployment and must bring its own key.
  const configOptions: LoadConfigOptions = { devKekFile: launches.mongodb || launches.redis };
  const config = loadConfig(
    { ...env, MONGODB_URI: env.MONGODB_URI?.trim() || PLACEHOLDER_MONGODB_URI, REDIS_URL: env.REDIS_URL?.trim() || PLACEHOLDER_REDIS_URL },
    configOptions,
  );
  readSecurityOptions(env);
  readTimeStampSettings(env);
  // Certificates need their font before the first job: a missing one is a start-up error, not a failing job.
  readReportFont(readCertificateSettings(env, config));
  return {
    config,
    configOptions,
    launches,
    ledger: readLedgerConfig(env, { dataDir: config.dataDir }),
    lifecycle: readLifecycleSettings(env, { dataDir: config.dataDir }),
  };
}
