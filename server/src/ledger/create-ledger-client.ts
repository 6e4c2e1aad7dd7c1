import { createContractLedgerClient } from './contract-ledger-client';
import { DEFAULT_EMBEDDED_IDENTITY, type LedgerConfig } from './config';
import { EmbeddedBlockAttestor } from './embedded/block-attestor';
import { EmbeddedLedger } from './embedded/embedded-ledger';
import type { HealthProbe, LedgerClient } from './types';

/**
 * The ledger selected by configuration. The embedded ledger opens (and verifies) its block file here,
 * so a damaged file fails start-up with LEDGER_TAMPERED instead of serving.
 */
export async function createLedgerClient(config: LedgerConfig): Promise<LedgerClient> {
  if (config.ledger === 'embedded' && config.readOnly) {
    const ledger = await EmbeddedLedger.openReadOnly({ dataDir: config.dataDir, accessPolicy: config.accessPolicy, clock: config.clock });
    const anchors = ledger.anchoredBatches!;
    return {
      ...createContractLedgerClient(ledger.transport(config.identity ?? DEFAULT_EMBEDDED_IDENTITY, true)),
      batchOfSignature: async (signatureSm3) => anchors.batchOf(signatureSm3),
    };
  }
  if (config.ledger === 'embedded') {
    const ledger = EmbeddedLedger.open({
      dataDir: config.dataDir,
      durable: config.durable,
      accessPolicy: config.accessPolicy,
      clock: config.clock,
    });
    const transport = ledger.transport(config.identity ?? DEFAULT_EMBEDDED_IDENTITY, true);
    return {
      ...createContractLedgerClient(transport),
      withNodeIdentity: (identity) => new EmbeddedBlockAttestor(ledger, transport.evaluate, identity, ledger.channel),
    };
  }
  // Loaded only for Fabric: the gRPC client costs every embedded start (and every CLI call) time.
  const { connectFabricLedger } = await import('./fabric/fabric-transport');
  const transport = connectFabricLedger(config);
  return { ...createContractLedgerClient(transport), attestor: transport.attestor };
}

/** The ledger's entry in /health. */
export function ledgerHealthProbe(client: Pick<LedgerClient, 'health'>): HealthProbe {
  return { name: 'ledger', check: () => client.health() };
}
