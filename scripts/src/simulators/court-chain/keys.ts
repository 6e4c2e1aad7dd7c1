import fs from 'node:fs';
import path from 'node:path';
import { Sm2PrivateKey, Sm2PublicKey } from '@eseal/core';

/** The court's own SM2 key, made on first start and kept (owner-only) so receipts stay checkable across restarts. */
export function loadOrCreateCourtKey(dir: string): Sm2PrivateKey {
  const file = path.join(dir, 'court-key.hex');
  if (fs.existsSync(file)) return Sm2PrivateKey.fromBytes(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
  const key = Sm2PrivateKey.generate();
  fs.writeFileSync(file, `${Buffer.from(key.bytes()).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** Registered applications (app id -> SM2 public key), persisted so a restart keeps them. */
export class ClientRegistry {
  readonly keys = new Map<string, Sm2PublicKey>();
  private readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, 'clients.json');
    if (!fs.existsSync(this.file)) return;
    const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    for (const [appId, hex] of Object.entries(stored)) this.keys.set(appId, Sm2PublicKey.fromPoint(Buffer.from(hex, 'hex')));
  }

  register(appId: string, publicKeyHex: string): void {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(appId)) throw new Error('appId must be 1-64 of [A-Za-z0-9_.-]');
    this.keys.set(appId, Sm2PublicKey.fromPoint(Buffer.from(publicKeyHex, 'hex')));
    const out = Object.fromEntries([...this.keys].map(([id, key]) => [id, Buffer.from(key.point).toString('hex')]));
    fs.writeFileSync(this.file, `${JSON.stringify(out, null, 2)}\n`);
  }
}
