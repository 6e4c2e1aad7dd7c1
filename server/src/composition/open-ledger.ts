import type { AppConfig } from '../config/app-config';
import { createLedgerClient, readLedgerConfig, type LedgerClient, type LedgerConfig } from '../ledger';

/**
 * The ledger client the configuration selects (LEDGER from AppConfig, the rest from the environment, see
 * ledger/config.ts). The launcher opens it once and hands the same client to every feature that needs
 * the ledger (lifecycle and signing through `ledgerClient`, audit anchoring through the security
 * options): the embedded ledger allows one holder per directory, and one Fabric gateway connection is enough.
 */
export function openConfiguredLedger(
  config: Pick<AppConfig, 'ledger' | 'dataDir'>,
  env: Record<string, string | undefined>,
  override?: LedgerConfig,
): Promise<LedgerClient> {
  return createLedgerClient(override ?? readLedgerConfig({ ...env, LEDGER: config.ledger }, { dataDir: config.dataDir }));
}
