/**
 * Interoperability with the OpenSSL 3.0 command line, both directions.
 *
 * What OpenSSL 3.0 does with SM2 in X.509 (established by the tests below, see also openssl/openssl#23471):
 * - it signs and verifies certificates and CRLs with an EMPTY SM2 user ID unless told otherwise;
 * - `openssl verify -vfyopt distid:1234567812345678` applies the ID to the target certificate only,
 *   never to intermediates, and `-crl_check` always checks CRL signatures with the empty ID.
 * Our certificates and CRLs use the GM/T 0009 default ID, so OpenSSL verifies them link by link
 * (`-partial_chain` with the issuer as anchor) and CRL signatures with `openssl dgst -sigopt distid:`.
 * The full-chain and -crl_check commands are exercised on a hierarchy signed through our TbsSigner
 * seam with OpenSSL's empty ID, which checks everything else (names, key identifiers, constraints,
 * key usage, CRL entries) inside OpenSSL's own path validation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDer } from '../asn1';
import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { isSealError } from '../errors';
import { Certificate } from './certificate';
import { signCertificate } from './certificate-builder';
import { Crl } from './crl';
import { signCrl } from './crl-builder';
import { DevelopmentCertificateAuthority } from './development-ca';
import { keyIdentifier } from './fingerprint';
import { CA_USAGES } from './profiles';
import { randomSerialNumber } from './serial-number';
import { localTbsSigner } from './signer';
import { assertSm2Signature } from './verify/signed-object';
import { verifyCertificateChain } from './verify/chain';

const DISTID = 'distid:1234567812345678';
const EMPTY_ID = { userId: new Uint8Array(0) };

let dir: string;
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function opensslOk(...args: string[]): string {
  const r = openssl(...args);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eseal-x509-openssl-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('certificates and CRLs we issue, read by OpenSSL', () => {
  let ca: DevelopmentCertificateAuthority;
  let leaf: Certificate;
  let revoked: Certificate;
  beforeAll(async () => {
    ca = await DevelopmentCertificateAuthority.create({ crlDistributionPoints: ['http://pki.example/issuing.crl'] });
    const now = Date.now();
    const request = (cn: string) => ({
      subject: {
        country: 'CN',
        state: '天津市',
        locality: '和平区',
        organization: '天津某某科技有限公司',
        organizationalUnit: '财务部',
        commonName: cn,
        serialNumber: '91120000MA05ABCD1X',
      },
      publicKey: Sm2PrivateKey.generate().publicKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 365 * 86400_000),
      profile: 'seal' as const,
    });
    leaf = await ca.issue(request('合同专用章'));
    revoked = await ca.issue(request('已注销印章'));
    await ca.revoke(revoked.serialNumber, 'keyCompromise', new Date(now - 30_000));
    writeFileSync(file('root.pem'), ca.root.toPem());
    writeFileSync(file('issuing.pem'), ca.issuing.toPem());
    writeFileSync(file('leaf.pem'), leaf.toPem());
    writeFileSync(file('revoked.pem'), revoked.toPem());
    writeFileSync(file('crl.pem'), (await ca.currentCrl()).toPem());
  });

  test('openssl x509 -text parses every certificate and shows our fields', () => {
    const root = opensslOk('x509', '-in', 'root.pem', '-text', '-noout', '-nameopt', 'utf8');
    expect(root).toContain('Signature Algorithm: SM2-with-SM3');
    expect(root).toContain('ASN1 OID: SM2');
    expect(root).toContain('CN=电子印章开发根CA');
    expect(root).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(root).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    const issuing = opensslOk('x509', '-in', 'issuing.pem', '-text', '-noout', '-nameopt', 'utf8');
    expect(issuing).toMatch(/CA:TRUE, pathlen:1/);
    const text = opensslOk('x509', '-in', 'leaf.pem', '-text', '-noout', '-nameopt', 'utf8');
    expect(text).toContain('Version: 3 (0x2)');
    expect(text).toContain('C=CN, ST=天津市, L=和平区, O=天津某某科技有限公司, OU=财务部, CN=合同专用章, serialNumber=91120000MA05ABCD1X');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/X509v3 CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/pki.example\/issuing.crl/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    const serial = opensslOk('x509', '-in', 'leaf.pem', '-noout', '-serial').trim();
    expect(serial).toBe(`serial=${leaf.serialHex.toUpperCase()}`);
  });

  test('openssl verifies every link with the GM/T 0009 default ID', () => {
    expect(opensslOk('verify', '-vfyopt', DISTID, '-CAfile', 'root.pem', 'issuing.pem')).toContain('issuing.pem: OK');
    expect(opensslOk('verify', '-vfyopt', DISTID, '-partial_chain', '-CAfile', 'issuing.pem', 'leaf.pem')).toContain('leaf.pem: OK');
    // Control: with OpenSSL's own (empty) ID the same signature fails, so the check above was real.
    const withoutId = openssl('verify', '-partial_chain', '-CAfile', 'issuing.pem', 'leaf.pem');
    expect(withoutId.status).not.toBe(0);
    expect(withoutId.out).toContain('certificate signature failure');
  });

  test('full-chain openssl verify fails only where OpenSSL 3.0 drops the ID for intermediates', () => {
    const r = openssl('verify', '-vfyopt', DISTID, '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'leaf.pem');
    // openssl/openssl#23471: if a future OpenSSL passes the ID down the chain, this becomes a plain OK.
    if (r.status !== 0) expect(r.out).toMatch(/error 7 at 1 depth lookup: certificate signature failure/);
    else expect(r.out).toContain('leaf.pem: OK');
  });

  test('openssl crl -text parses our CRL; its signature verifies with openssl dgst and the default ID', () => {
    const text = opensslOk('crl', '-in', 'crl.pem', '-text', '-noout', '-nameopt', 'utf8');
    expect(text).toContain('Version 2 (0x1)');
    expect(text).toContain('Signature Algorithm: SM2-with-SM3');
    expect(text).toContain('CN=电子印章开发签发CA');
    expect(text).toMatch(/X509v3 CRL Number:\s+1\b/);
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toMatch(
      new RegExp(`Serial Number: ${revoked.serialHex.toUpperCase()}[\\s\\S]*?X509v3 CRL Reason Code:\\s+Key Compromise`),
    );
    expect(text).toContain('Next Update:');

    const crl = Crl.fromPem(readFileSync(file('crl.pem'), 'utf8'));
    writeFileSync(file('crl.tbs'), crl.tbsDer);
    writeFileSync(file('crl.sig'), crl.signatureValue);
    writeFileSync(file('issuing.pub.pem'), ca.issuing.sm2PublicKey().toPem());
    const verified = opensslOk('dgst', '-sm3', '-verify', 'issuing.pub.pem', '-sigopt', DISTID, '-signature', 'crl.sig', 'crl.tbs');
    expect(verified).toContain('Verified OK');
  });

  test("hierarchy signed with OpenSSL's empty ID: full chain verifies, -crl_check flags the revoked certificate", async () => {
    // Same CA keys and names, signatures made through the TbsSigner seam with the ID OpenSSL uses for chains and CRLs.
    const { issuingKeyPem, rootKeyPem } = ca.exportState();
    const rootSigner = localTbsSigner(Sm2PrivateKey.fromDer(pemBody(rootKeyPem)), EMPTY_ID);
    const issuingKey = Sm2PrivateKey.fromDer(pemBody(issuingKeyPem));
    const issuingForOpenssl = await signCertificate(
      {
        serialNumber: randomSerialNumber(),
        issuer: ca.root.subject,
        subject: ca.issuing.subject,
        notBefore: ca.issuing.notBefore,
        notAfter: ca.issuing.notAfter,
        publicKey: issuingKey.publicKey,
        extensions: {
          basicConstraints: { cA: true, pathLenConstraint: 1 },
          keyUsage: CA_USAGES,
          subjectKeyIdentifier: keyIdentifier(issuingKey.publicKey),
          authorityKeyIdentifier: ca.root.extensions.subjectKeyIdentifier,
        },
      },
      rootSigner,
    );
    const crl = await signCrl(
      {
        issuer: ca.issuing.subject,
        thisUpdate: new Date(Date.now() - 10_000),
        nextUpdate: new Date(Date.now() + 86400_000),
        crlNumber: 9n,
        authorityKeyIdentifier: keyIdentifier(issuingKey.publicKey),
        entries: ca.revoked,
      },
      localTbsSigner(issuingKey, EMPTY_ID),
    );
    writeFileSync(file('issuing-empty-id.pem'), issuingForOpenssl.toPem());
    writeFileSync(file('crl-empty-id.pem'), crl.toPem());
    const chain = ['-vfyopt', DISTID, '-CAfile', 'root.pem', '-untrusted', 'issuing-empty-id.pem'];
    expect(opensslOk('verify', ...chain, 'leaf.pem')).toContain('leaf.pem: OK');
    expect(opensslOk('verify', '-crl_check', '-CRLfile', 'crl-empty-id.pem', ...chain, 'leaf.pem')).toContain('leaf.pem: OK');
    const r = openssl('verify', '-crl_check', '-CRLfile', 'crl-empty-id.pem', ...chain, 'revoked.pem');
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('certificate revoked');
    // And our conformant CRL is exactly what OpenSSL 3.0's -crl_check cannot authenticate.
    const ours = openssl('verify', '-crl_check', '-CRLfile', 'crl.pem', ...chain, 'leaf.pem');
    if (ours.status !== 0) expect(ours.out).toContain('CRL signature failure');
    else expect(ours.out).toContain('leaf.pem: OK'); // a future OpenSSL that applies -vfyopt to CRLs
  });
});

describe('certificates and CRLs made by OpenSSL, read by us', () => {
  let root: Certificate;
  let leaf: Certificate;
  beforeAll(() => {
    opensslOk('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'o-root.key');
    opensslOk('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'o-leaf.key');
    writeFileSync(
      file('o-ca.ext'),
      'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
    );
    writeFileSync(
      file('o-leaf.ext'),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nextendedKeyUsage=emailProtection\n',
    );
    opensslOk(
      'req',
      '-x509',
      '-new',
      '-key',
      'o-root.key',
      '-sm3',
      '-sigopt',
      DISTID,
      '-utf8',
      '-subj',
      '/C=CN/O=开放根/CN=OpenSSL SM2 根',
      '-days',
      '30',
      '-extensions',
      'v3_ca_x',
      '-config',
      writeReqConfig(),
      '-out',
      'o-root.pem',
    );
    opensslOk(
      'req',
      '-new',
      '-key',
      'o-leaf.key',
      '-sm3',
      '-sigopt',
      DISTID,
      '-utf8',
      '-subj',
      '/C=CN/O=天津某单位/CN=OpenSSL 印章',
      '-out',
      'o-leaf.csr',
    );
    opensslOk(
      'x509',
      '-req',
      '-in',
      'o-leaf.csr',
      '-vfyopt',
      DISTID,
      '-CA',
      'o-root.pem',
      '-CAkey',
      'o-root.key',
      '-sm3',
      '-sigopt',
      DISTID,
      '-days',
      '10',
      '-extfile',
      'o-leaf.ext',
      '-out',
      'o-leaf.pem',
    );
    root = Certificate.fromPem(readFileSync(file('o-root.pem'), 'utf8'));
    leaf = Certificate.fromPem(readFileSync(file('o-leaf.pem'), 'utf8'));
  });

  function writeReqConfig(): string {
    writeFileSync(
      file('o-req.cnf'),
      '[req]\ndistinguished_name=dn\n[dn]\n[v3_ca_x]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
    );
    return 'o-req.cnf';
  }

  test('an OpenSSL root and leaf parse with all fields', () => {
    expect(root.subjectText).toBe('CN=OpenSSL SM2 根, O=开放根, C=CN');
    expect(root.extensions.basicConstraints).toEqual({ cA: true });
    expect(leaf.extensions.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(leaf.extensions.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.4']);
    expect(Buffer.from(leaf.extensions.authorityKeyIdentifier!)).toEqual(Buffer.from(root.extensions.subjectKeyIdentifier!));
    // Key identifiers are computed the same way on both sides.
    expect(Buffer.from(root.extensions.subjectKeyIdentifier!)).toEqual(Buffer.from(keyIdentifier(root.sm2PublicKey())));
    const pub = opensslOk('x509', '-in', 'o-leaf.pem', '-noout', '-pubkey');
    expect(Buffer.from(parseDer(pemBody(pub)).raw)).toEqual(Buffer.from(leaf.sm2PublicKey().toSpkiDer()));
  });

  test('the OpenSSL chain verifies with ours (self-signature included)', () => {
    assertSm2Signature(root, root.sm2PublicKey(), {});
    const result = verifyCertificateChain(leaf, { trustAnchors: [root], at: new Date(), requiredKeyUsage: ['nonRepudiation'] });
    expect(result.path).toHaveLength(2);
  });

  test('an OpenSSL signature made with the empty ID is rejected (SIGNATURE_INVALID)', () => {
    opensslOk(
      'x509',
      '-req',
      '-in',
      'o-leaf.csr',
      '-vfyopt',
      DISTID,
      '-CA',
      'o-root.pem',
      '-CAkey',
      'o-root.key',
      '-sm3',
      '-days',
      '10',
      '-extfile',
      'o-leaf.ext',
      '-out',
      'o-leaf-empty-id.pem',
    );
    const nonConformant = Certificate.fromPem(readFileSync(file('o-leaf-empty-id.pem'), 'utf8'));
    expect(() => verifyCertificateChain(nonConformant, { trustAnchors: [root], at: new Date() })).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_INVALID' }),
    );
  });

  test('an OpenSSL CRL (openssl ca -gencrl, default ID) parses and revokes the leaf in our verifier', () => {
    writeFileSync(file('index.txt'), '');
    writeFileSync(file('crlnumber'), '1000\n');
    writeFileSync(
      file('ca.cnf'),
      '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sm3\ndefault_crl_days=30\ncrl_extensions=crl_ext\n[crl_ext]\nauthorityKeyIdentifier=keyid:always\n',
    );
    opensslOk(
      'ca',
      '-config',
      'ca.cnf',
      '-revoke',
      'o-leaf.pem',
      '-crl_reason',
      'superseded',
      '-keyfile',
      'o-root.key',
      '-cert',
      'o-root.pem',
    );
    // `openssl ca` records "now" as the revocation time; move it an hour ahead in its database so both sides of it can be tested.
    const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
    const stamp = revokedAt.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
    writeFileSync(file('index.txt'), readFileSync(file('index.txt'), 'utf8').replace(/^(R\t\w+\t)\w+,/m, `$1${stamp},`));
    opensslOk(
      'ca',
      '-config',
      'ca.cnf',
      '-gencrl',
      '-keyfile',
      'o-root.key',
      '-cert',
      'o-root.pem',
      '-sigopt',
      DISTID,
      '-out',
      'o-crl.pem',
    );
    const crl = Crl.fromPem(readFileSync(file('o-crl.pem'), 'utf8'));
    expect(crl.crlNumber).toBe(0x1000n);
    expect(crl.entryFor(leaf.serialNumber)).toEqual({ serialNumber: leaf.serialNumber, revokedAt, reason: 'superseded' });
    const after = new Date(revokedAt.getTime() + 1000);
    expect(() => verifyCertificateChain(leaf, { trustAnchors: [root], at: after, crls: [crl] })).toThrow(
      expect.objectContaining({ code: 'CERT_REVOKED' }),
    );
    // Before the revocation the leaf is still good, with the later revocation reported.
    const result = verifyCertificateChain(leaf, { trustAnchors: [root], at: new Date(), crls: [crl] });
    expect(result.revokedAfter).toMatchObject({ revokedAt, reason: 'superseded' });
  });

  test('a non-SM2 certificate parses, but verifying it gives CERT_INVALID with a clear message', () => {
    opensslOk(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'p256.key',
      '-subj',
      '/CN=P-256 root',
      '-days',
      '5',
      '-sha256',
      '-out',
      'p256.pem',
    );
    const p256 = Certificate.fromPem(readFileSync(file('p256.pem'), 'utf8'));
    expect(p256.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.2');
    expect(p256.publicKeyInfo.algorithm.oid).toBe('1.2.840.10045.2.1');
    let error: unknown;
    try {
      p256.sm2PublicKey();
    } catch (e) {
      error = e;
    }
    expect(isSealError(error) && error.code === 'CERT_INVALID' && /not an SM2 key/.test(error.message)).toBe(true);
    expect(() => assertSm2Signature(p256, root.sm2PublicKey(), {})).toThrow(/1\.2\.840\.10045\.4\.3\.2 is not SM2-with-SM3/);
  });
});

function pemBody(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}
