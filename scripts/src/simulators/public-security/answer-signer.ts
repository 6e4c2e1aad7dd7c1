import fs from 'node:fs';
import path from 'node:path';
import { Sm2PrivateKey, sm2Sign } from '@eseal/core';
import { canonicalJson } from './stores';

/**
 * The simulator signs its acknowledgements with its own SM2 key (SM3, default user ID
 * 1234567812345678), as the real filing system does, so a client can keep proof of what was acknowledged.
 * The key is created on first start and kept owner-only beside the journal.
 */
export class AnswerSigner {
  private readonly key: Sm2PrivateKey;

  constructor(dir: string) {
    const file = path.join(dir, 'signing-key.der');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) fs.writeFileSync(file, Sm2PrivateKey.generate().toSec1Der(), { mode: 0o600, flag: 'wx' });
    this.key = Sm2PrivateKey.fromDer(fs.readFileSync(file));
  }

  get publicKeyHex(): string {
    return Buffer.from(this.key.publicKey.point).toString('hex');
  }

  /** Base64 DER SM2 signature over the sorted-key JSON of `fields`. */
  sign(fields: Record<string, unknown>): string {
    return Buffer.from(sm2Sign(this.key, Buffer.from(canonicalJson(fields), 'utf8'))).toString('base64');
  }
}
