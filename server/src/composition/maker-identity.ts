import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate, LocalSm2Signer, SealError, Sm2PrivateKey, sm4AeadDecrypt, sm4AeadEncrypt, type CertificateAuthority } from '@eseal/core';
import type { MakerIdentity } from '../usecases/seals';

const FILE_NAME = 'maker-identity.json';
const MAKER_VALIDITY_YEARS = 5;

function fileKey(kek: Uint8Array): Buffer {
  return createHmac('sm3', kek).update('eseal/maker-key/v1').digest();
}

async function issueMaker(ca: CertificateAuthority, makerId: string): Promise<{ key: Sm2PrivateKey; certificate: Certificate }> {
  const key = Sm2PrivateKey.generate();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(now.getUTCFullYear() + MAKER_VALIDITY_YEARS);
  const certificate = await ca.issue({
    subject: { country: 'CN', organization: '电子印章制作机构（开发）', commonName: `电子印章制作 ${makerId}` },
    publicKey: key.publicKey,
    notBefore: now,
    notAfter,
    profile: 'signer',
  });
  return { key, certificate };
}

/**
 * The maker's signing key and certificate. With a directory they persist there, the key encrypted
 * under a KEK-derived key (a copied file alone signs nothing); without one they live in memory.
 */
export async function loadOrCreateMakerIdentity(
  ca: CertificateAuthority,
  options: { dir?: string; kek: Uint8Array; makerId: string },
): Promise<MakerIdentity> {
  let key: Sm2PrivateKey;
  let certificate: Certificate;
  const file = options.dir === undefined ? undefined : join(options.dir, FILE_NAME);
  if (file !== undefined && existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { keyCipher: string; certificateDer: string };
      key = Sm2PrivateKey.fromBytes(sm4AeadDecrypt(fileKey(options.kek), Buffer.from(stored.keyCipher, 'base64'), Buffer.from(FILE_NAME)));
      certificate = Certificate.fromDer(Buffer.from(stored.certificateDer, 'base64'));
    } catch (cause) {
      throw new SealError('CONFIG_INVALID', 'the maker identity file cannot be read with this SERVER_KEK', { cause });
    }
  } else {
    ({ key, certificate } = await issueMaker(ca, options.makerId));
    if (file !== undefined) {
      mkdirSync(options.dir!, { recursive: true, mode: 0o700 });
      const body = JSON.stringify({
        keyCipher: Buffer.from(sm4AeadEncrypt(fileKey(options.kek), key.bytes(), Buffer.from(FILE_NAME))).toString('base64'),
        certificateDer: Buffer.from(certificate.der).toString('base64'),
      });
      writeFileSync(`${file}.tmp`, body, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    }
  }
  return { makerId: options.makerId, certificateDer: certificate.der, signer: new LocalSm2Signer(key) };
}
