import { SealError } from '@eseal/core';
import { readLedgerConfig } from './config';
import { createLedgerClient, ledgerHealthProbe } from './create-ledger-client';
import { sealFixture, tempDir } from './__tests__/support';

describe('createLedgerClient', () => {
  it('opens the embedded ledger by default and reports healthy', async () => {
    const dir = tempDir();
    try {
      const config = readLedgerConfig({ LEDGER_DURABLE: 'false' }, { dataDir: dir.path });
      const client = await createLedgerClient(config);
      const probe = ledgerHealthProbe(client);
      expect(probe.name).toBe('ledger');
      await expect(probe.check()).resolves.toBeUndefined();
      const issued = await client.issueSeal(
        sealFixture('S-1', {
          validFrom: new Date(Date.now() - 1000).toISOString(),
          validTo: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      );
      expect(issued.value.created).toBe(true);
      await client.close();
      await expect(probe.check()).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
    } finally {
      dir.remove();
    }
  });

  it('fails fast with CONFIG_INVALID when Fabric credentials cannot be read', async () => {
    const config = readLedgerConfig(
      {
        LEDGER: 'fabric',
        FABRIC_PEER_ENDPOINT: 'localhost:7051',
        FABRIC_TLS_CA_CERT: 'missing-ca.pem',
        FABRIC_MSP_ID: 'MakerMSP',
        FABRIC_CERT: 'missing-cert.pem',
        FABRIC_KEY: 'missing-key.pem',
      },
      { dataDir: 'unused' },
    );
    await expect(createLedgerClient(config)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('readLedgerConfig', () => {
  it('defaults to an embedded, durable ledger acting as the maker organisation', () => {
    expect(readLedgerConfig({}, { dataDir: 'data' })).toMatchObject({
      ledger: 'embedded',
      durable: true,
      identity: { mspId: 'MakerMSP', attributes: { 'eseal.role': 'seal.issuer,evidence.anchor' } },
    });
  });

  it('reads the Fabric settings with defaults for channel and chaincode', () => {
    expect(
      readLedgerConfig(
        {
          LEDGER: 'fabric',
          FABRIC_PEER_ENDPOINT: 'peer0.maker:7051',
          FABRIC_TLS_CA_CERT: 'ca.pem',
          FABRIC_MSP_ID: 'MakerMSP',
          FABRIC_CERT: 'c.pem',
          FABRIC_KEY: 'k.pem',
        },
        { dataDir: 'data' },
      ),
    ).toEqual({
      ledger: 'fabric',
      peerEndpoint: 'peer0.maker:7051',
      peerHostAlias: undefined,
      tlsCaCertPath: 'ca.pem',
      mspId: 'MakerMSP',
      certPath: 'c.pem',
      keyPath: 'k.pem',
      channel: 'eseal',
      chaincode: 'eseal',
    });
  });

  it.each([
    [{ LEDGER: 'couchdb' }, 'LEDGER'],
    [{ LEDGER_DURABLE: 'maybe' }, 'LEDGER_DURABLE'],
    [{ LEDGER: 'fabric' }, 'FABRIC_PEER_ENDPOINT'],
    [{ LEDGER: 'fabric', FABRIC_PEER_ENDPOINT: 'no-port' }, 'FABRIC_PEER_ENDPOINT'],
  ])('rejects %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      readLedgerConfig(env, { dataDir: 'data' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SealError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', details: { variable } });
  });
});
