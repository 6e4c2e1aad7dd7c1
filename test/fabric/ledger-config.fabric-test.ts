/**
 * The server's own start-up path for LEDGER=fabric: the variables `npm run fabric:up` writes to
 * network/.run/fabric.env, read by readLedgerConfig and opened by createLedgerClient.
 */
import { createLedgerClient, readLedgerConfig, type LedgerClient } from '../../server/src/ledger';
import { fabricEnv, requireNetwork } from './network';

describe('LEDGER=fabric configuration', () => {
  let client: LedgerClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('connects with the generated fabric.env and serves reads and writes as the maker', async () => {
    const network = requireNetwork();
    const config = readLedgerConfig(fabricEnv(), { dataDir: '/nonexistent' });
    expect(config).toMatchObject({ ledger: 'fabric', mspId: 'MakerMSP', channel: network.channel, chaincode: network.chaincode });
    client = await createLedgerClient(config);
    await client.health();
    await expect(client.getSeal('never-issued')).rejects.toMatchObject({ code: 'NOT_FOUND', phase: 'evaluate' });
  });

  it('reports an unreachable peer as LEDGER_UNAVAILABLE, not a crash or a hang', async () => {
    // Port 9 (discard) on loopback: nothing listens there on a test machine.
    const config = readLedgerConfig({ ...fabricEnv(), FABRIC_PEER_ENDPOINT: 'localhost:9' }, { dataDir: '/nonexistent' });
    client = await createLedgerClient(config);
    await expect(client.health()).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
  });
});
