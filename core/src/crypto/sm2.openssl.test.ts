import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { sm2Sign, sm2Verify } from './sm2';

// The OpenSSL CLI is the reference most outside verifiers use; distid sets the GM/T 0009 default ID.
const DISTID = 'distid:1234567812345678';

describe('interoperability with the OpenSSL CLI', () => {
  let dir: string;
  const key = Sm2PrivateKey.generate();
  const data = new Uint8Array(Buffer.from('电子印章 OpenSSL interop\n'.repeat(5)));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eseal-sm2-'));
    writeFileSync(file('key.pem'), key.toPem());
    writeFileSync(file('pub.pem'), key.publicKey.toPem());
    writeFileSync(file('data'), data);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('OpenSSL reads our key files', () => {
    const derived = openssl('pkey', '-in', file('key.pem'), '-pubout');
    expect(derived.replace(/\s/g, '')).toBe(key.publicKey.toPem().replace(/\s/g, ''));
  });

  test('our signatures verify with openssl dgst -sm3 -verify', () => {
    for (let i = 0; i < 3; i++) {
      writeFileSync(file('sig.der'), sm2Sign(key, data));
      expect(openssl('dgst', '-sm3', '-verify', file('pub.pem'), '-sigopt', DISTID, '-signature', file('sig.der'), file('data'))).toContain(
        'Verified OK',
      );
    }
  });

  test('OpenSSL signatures verify with ours; a changed byte does not', () => {
    for (let i = 0; i < 3; i++) {
      openssl('dgst', '-sm3', '-sign', file('key.pem'), '-sigopt', DISTID, '-out', file('theirs.der'), file('data'));
      const theirs = new Uint8Array(readFileSync(file('theirs.der')));
      expect(sm2Verify(key.publicKey, data, theirs)).toBe(true);
      const changed = new Uint8Array(data);
      changed[0] ^= 1;
      expect(sm2Verify(key.publicKey, changed, theirs)).toBe(false);
    }
  });

  test('an OpenSSL-generated key loads from PEM/DER and signs interoperably', () => {
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', file('gen.pem'));
    const pkcs8 = readFileSync(file('gen.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    const loaded = Sm2PrivateKey.fromDer(new Uint8Array(Buffer.from(pkcs8, 'base64')));
    openssl('pkey', '-in', file('gen.pem'), '-pubout', '-outform', 'DER', '-out', file('gen.pub.der'));
    const pub = Sm2PublicKey.fromSpkiDer(new Uint8Array(readFileSync(file('gen.pub.der'))));
    expect(pub.equals(loaded.publicKey)).toBe(true);
    writeFileSync(file('gen.pub.pem'), pub.toPem());
    writeFileSync(file('sig2.der'), sm2Sign(loaded, data));
    expect(
      openssl('dgst', '-sm3', '-verify', file('gen.pub.pem'), '-sigopt', DISTID, '-signature', file('sig2.der'), file('data')),
    ).toContain('Verified OK');
  });
});
