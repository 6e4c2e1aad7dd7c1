import { readLedgerConfig } from '../../server/src/ledger';
import type { LedgerBackend } from '../lifecycle/support/ledger-backend';
import { fabricEnv, fabricLedgerClient, requireNetwork } from './network';

/** LEDGER=fabric as the server starts with it (fabric.env: the maker's identity); checks read through the court's peer. */
export const fabricBackend: LedgerBackend = {
  name: 'Fabric',
  services: () => ({ ledger: readLedgerConfig(fabricEnv(), { dataDir: '/nonexistent' }) }),
  reader: () => {
    const client = fabricLedgerClient(requireNetwork(), 'courtReader');
    return { client, close: () => client.close() };
  },
};
