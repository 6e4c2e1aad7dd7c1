import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2 as ref } from 'sm-crypto';
import { sm2KeyFromPublicKeyInfo } from '../../x509/public-key-info';
import { documentBundle, fixtureNode } from './__tests__/bundle-fixture';
import type { EmbeddedBlockAttestation } from './bundle-types';

// A court's own tools must be able to check the ledger node's signatures: OpenSSL and sm-crypto,
// with the GM/T 0009 default user ID, the key taken from the node certificate by OpenSSL itself.
describe('ledger node attestations verify with independent SM2 implementations', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eseal-attestation-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('OpenSSL (key from the certificate) and sm-crypto accept the signature; a changed statement is refused', async () => {
    const node = await fixtureNode();
    const bundle = await documentBundle(node, { signatures: 1 });
    const attestation = bundle.signatures[0]!.anchor as EmbeddedBlockAttestation;
    writeFileSync(file('node.pem'), node.nodeCertificatePem);
    writeFileSync(file('node.pub.pem'), openssl('x509', '-in', file('node.pem'), '-pubkey', '-noout'));
    writeFileSync(file('statement.json'), attestation.statement);
    writeFileSync(file('statement.changed.json'), attestation.statement.replace('"AnchorBatch"', '"AnchorBatcH"'));
    writeFileSync(file('sig.der'), Buffer.from(attestation.signature, 'hex'));
    const verify = (data: string) =>
      openssl(
        'dgst',
        '-sm3',
        '-verify',
        file('node.pub.pem'),
        '-sigopt',
        'distid:1234567812345678',
        '-signature',
        file('sig.der'),
        file(data),
      );
    expect(verify('statement.json')).toContain('Verified OK');
    expect(() => verify('statement.changed.json')).toThrow();

    const pubHex = Buffer.from(sm2KeyFromPublicKeyInfo(node.certificate.publicKeyInfo).point).toString('hex');
    const message = Array.from(Buffer.from(attestation.statement, 'utf8'));
    expect(ref.doVerifySignature(message as never, attestation.signature, pubHex, { der: true, hash: true } as never)).toBe(true);
  });
});
