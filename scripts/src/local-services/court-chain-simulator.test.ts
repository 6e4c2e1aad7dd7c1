import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sm2PrivateKey } from '@eseal/core';
import { startLocalServices } from './index';

/** The court-chain simulator as npm start launches it: its own process, data and log, stopped with the rest. */
describe('local court-chain simulator', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eseal-court-local-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const clients = [{ appId: 'eseal-local', publicKeyHex: Buffer.from(Sm2PrivateKey.generate().publicKey.point).toString('hex') }];

  it('starts on a loopback port with its data and log under the data folder, keeps its key, and stops', async () => {
    const first = await startLocalServices({ dataDir, mongodb: false, redis: false, courtChain: { clients } });
    const url = first.courtChain!.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.courtChain!.publicKeyHex).toMatch(/^04[0-9a-f]{128}$/);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'court-chain', 'clients.json'), 'utf8'))).toEqual({
      'eseal-local': clients[0]!.publicKeyHex,
    });
    expect(fs.statSync(path.join(dataDir, 'court-chain', 'court-key.hex')).mode & 0o077).toBe(0);
    await first.stop();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(fs.existsSync(path.join(dataDir, 'logs', 'court-chain.log'))).toBe(true);

    const second = await startLocalServices({ dataDir, mongodb: false, redis: false, courtChain: { clients } });
    try {
      expect(second.courtChain!.publicKeyHex).toBe(first.courtChain!.publicKeyHex);
    } finally {
      await second.stop();
    }
  });
});
