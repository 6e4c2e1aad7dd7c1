import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Certificate,
  SealError,
  Sm2PrivateKey,
  sm4AeadDecrypt,
  sm4AeadEncrypt,
  type CertificateAuthority,
  type NameInput,
} from '@eseal/core';

export interface SigningIdentityFile {
  /** File name under the directory; also the AEAD associated data, so files cannot be swapped. */
  fileName: string;
  /** Label of the file key derived from the KEK, one per purpose. */
  keyLabel: string;
  subject: NameInput;
  validityYears: number;
  /** What the identity is, for the error when the file cannot be read. */
  what: string;
}

/**
 * A service signing identity (an SM2 key and its certificate from the CA). With a directory it persists
 * there, the key encrypted under a KEK-derived key (a copied file alone signs nothing); without one it
 * lives in memory.
 */
export async function loadOrCreateSigningIdentity(
  ca: CertificateAuthority,
  spec: SigningIdentityFile,
  options: { dir?: string; kek: Uint8Array },
): Promise<{ key: Sm2PrivateKey; certificate: Certificate }> {
  const fileKey = createHmac('sm3', options.kek).update(spec.keyLabel).digest();
  const file = options.dir === undefined ? undefined : join(options.dir, spec.fileName);
  if (file !== undefined && existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { keyCipher: string; certificateDer: string };
      return {
        key: Sm2PrivateKey.fromBytes(sm4AeadDecrypt(fileKey, Buffer.from(stored.keyCipher, 'base64'), Buffer.from(spec.fileName))),
        certificate: Certificate.fromDer(Buffer.from(stored.certificateDer, 'base64')),
      };
    } catch (cause) {
      throw new SealError('CONFIG_INVALID', `the ${spec.what} file cannot be read with this SERVER_KEK`, { cause });
    }
  }
  const key = Sm2PrivateKey.generate();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(now.getUTCFullYear() + spec.validityYears);
  const certificate = await ca.issue({ subject: spec.subject, publicKey: key.publicKey, notBefore: now, notAfter, profile: 'signer' });
  if (file !== undefined) {
    mkdirSync(options.dir!, { recursive: true, mode: 0o700 });
    const body = JSON.stringify({
      keyCipher: Buffer.from(sm4AeadEncrypt(fileKey, key.bytes(), Buffer.from(spec.fileName))).toString('base64'),
      certificateDer: Buffer.from(certificate.der).toString('base64'),
    });
    writeFileSync(`${file}.tmp`, body, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  return { key, certificate };
}
