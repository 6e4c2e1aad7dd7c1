import fs from 'node:fs';
import path from 'node:path';
import { Certificate, Sm2PrivateKey, TspOid, fromPemAll, toPem } from '@eseal/core';

/** The TSA's SM2 key (made on first start, owner-only) and the certificate chain a CA issued for it. */
export class TsaIdentity {
  readonly key: Sm2PrivateKey;
  private chain: Certificate[] = [];
  private readonly certFile: string;

  constructor(dir: string) {
    const keyFile = path.join(dir, 'tsa-key.hex');
    if (!fs.existsSync(keyFile)) {
      fs.writeFileSync(keyFile, `${Buffer.from(Sm2PrivateKey.generate().bytes()).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    }
    this.key = Sm2PrivateKey.fromBytes(Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex'));
    this.certFile = path.join(dir, 'tsa-certificate.pem');
    if (fs.existsSync(this.certFile)) this.chain = readChain(fs.readFileSync(this.certFile, 'utf8'), this.key);
  }

  /** The TSA certificate first, then the CA certificates above it; empty until enrolled. */
  get certificates(): readonly Certificate[] {
    return this.chain;
  }

  /** Take a certificate chain for this key; refuses one for another key or without the time-stamping purpose. */
  enrol(pem: string): Certificate {
    const chain = readChain(pem, this.key);
    const temp = `${this.certFile}.tmp`;
    fs.writeFileSync(temp, chain.map((c) => toPem(c.der)).join(''));
    fs.renameSync(temp, this.certFile);
    this.chain = chain;
    return chain[0]!;
  }
}

function readChain(pem: string, key: Sm2PrivateKey): Certificate[] {
  const chain = fromPemAll(pem)
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b) => Certificate.fromDer(b.der));
  const leaf = chain[0];
  if (leaf === undefined) throw new Error('no certificate in the PEM');
  if (!leaf.sm2PublicKey().equals(key.publicKey)) throw new Error('the certificate is not for this TSA key');
  if (leaf.extensions.extendedKeyUsage?.join() !== TspOid.TIME_STAMPING)
    throw new Error('the certificate is not a time-stamping certificate');
  return chain;
}
