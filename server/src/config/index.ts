export type { AppConfig, LedgerKind, LogLevel } from './app-config';
export { loadConfig, type LoadConfigOptions } from './load-config';
export { readOrCreateDevKek, DEV_KEK_FILE_NAME } from './dev-kek';
export { Secret } from './secret';
