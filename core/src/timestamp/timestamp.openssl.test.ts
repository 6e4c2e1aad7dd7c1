/**
 * Our RFC 3161 messages read by the OpenSSL 3.0 command line, and OpenSSL's requests read by us.
 * OpenSSL's `ts` cannot sign or verify with SM2 under the GM/T 0009 user ID, so the TSA signature is
 * checked with `openssl dgst -sm3 -sigopt distid:...` over the signed attributes, which is exactly
 * what RFC 5652 5.4 says the signature covers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm3 } from '../crypto/sm3';
import { toPem } from '../x509/pem';
import { tsaFixture, type TsaFixture } from './__tests__/tsa-fixture';
import { TspOid } from './oids';
import { decodeTimeStampRequest } from './request';
import { encodeTimeStampResponse } from './response';
import { readTimeStampToken } from './token-read';

let dir: string;
let tsa: TsaFixture;
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eseal-ts-openssl-'));
  tsa = await tsaFixture();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RFC 3161 interop with OpenSSL', () => {
  const data = new Uint8Array(Buffer.from('an SM2 signature value'));

  it('openssl ts -reply -text reads our response: granted, our policy, serial, SM3 imprint, genTime, nonce', async () => {
    const token = await tsa.stamp(data, { serial: 0x2a01n });
    writeFileSync(file('resp.der'), encodeTimeStampResponse({ status: 0, token }));
    const { status, out } = openssl('ts', '-reply', '-in', 'resp.der', '-text');
    expect({ status, out }).toMatchObject({ status: 0 });
    expect(out).toContain('Status: Granted.');
    expect(out).toMatch(/Policy OID: 2\.25\.68434957719401758748984217207851605755/);
    expect(out).toContain('Serial number: 0x2A01');
    expect(out).toMatch(/Hash Algorithm: sm3/i);
    // Message data is a hex dump: "0000 - 4e cb 52 18 e9 a8 82 fd-59 de ...".
    const first8 = [...sm3(data).subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(out).toContain(`0000 - ${first8}`);
    expect(out).toMatch(/Nonce: 0x1234567890/);
  });

  it('openssl ts -reply -text reads a rejection with its failure info', () => {
    writeFileSync(file('reject.der'), encodeTimeStampResponse({ status: 2, statusText: 'system failure', failure: 'systemFailure' }));
    const { status, out } = openssl('ts', '-reply', '-in', 'reject.der', '-text');
    expect(status).toBe(0);
    expect(out).toContain('Status: Rejected.');
    expect(out).toContain('system failure');
    expect(out).toMatch(/Failure info:\s*unspecified|Failure info:\s*.*system/i);
  });

  it('openssl cms and asn1parse read the token; the TSA signature verifies with openssl dgst over the signed attributes', async () => {
    const token = await tsa.stamp(data);
    writeFileSync(file('token.der'), token);
    const cms = openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'token.der');
    expect(cms.status).toBe(0);
    expect(cms.out).toContain('id-smime-ct-TSTInfo');
    expect(cms.out).toMatch(/signerInfos/);
    expect(openssl('asn1parse', '-inform', 'DER', '-in', 'token.der').status).toBe(0);

    const { signerInfo } = readTimeStampToken(token);
    writeFileSync(file('attrs.der'), signerInfo.signedAttrsDer);
    writeFileSync(file('sig.der'), signerInfo.signature);
    writeFileSync(file('tsa.pem'), toPem(tsa.certificate.der));
    expect(openssl('x509', '-in', 'tsa.pem', '-pubkey', '-noout', '-out', 'tsa-pub.pem').status).toBe(0);
    const verify = openssl(
      'dgst',
      '-sm3',
      '-verify',
      'tsa-pub.pem',
      '-sigopt',
      'distid:1234567812345678',
      '-signature',
      'sig.der',
      'attrs.der',
    );
    expect(verify.out).toContain('Verified OK');
    // The same bytes with one attribute byte changed do not verify: the check above is not vacuous.
    const changed = new Uint8Array(signerInfo.signedAttrsDer);
    changed[changed.length - 1] ^= 1;
    writeFileSync(file('attrs-changed.der'), changed);
    expect(
      openssl('dgst', '-sm3', '-verify', 'tsa-pub.pem', '-sigopt', 'distid:1234567812345678', '-signature', 'sig.der', 'attrs-changed.der')
        .out,
    ).not.toContain('Verified OK');
  });

  it('the TSA certificate carries extendedKeyUsage timeStamping as a critical extension, as OpenSSL reads it', () => {
    writeFileSync(file('tsa.pem'), toPem(tsa.certificate.der));
    const { out } = openssl('x509', '-in', 'tsa.pem', '-noout', '-text');
    expect(out).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
  });

  it('we read the request openssl ts -query makes with SM3', () => {
    writeFileSync(file('data.bin'), data);
    const made = openssl('ts', '-query', '-data', 'data.bin', '-sm3', '-cert', '-out', 'req.der');
    expect(made.status).toBe(0);
    const request = decodeTimeStampRequest(readFileSync(file('req.der')));
    expect(request.hashAlgorithm).toBe(TspOid.SM3);
    expect(Buffer.from(request.hashedMessage)).toEqual(Buffer.from(sm3(data)));
    expect(request.certReq).toBe(true);
    expect(request.nonce).toBeDefined();
  });
});
