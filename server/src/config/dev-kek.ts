import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealError } from '@eseal/core';

export const DEV_KEK_FILE_NAME = 'server-kek.hex';

/**
 * Local development only: reads the key-encryption key from DATA_DIR, creating it on first start.
 * The file is created with mode 0600 and refused if others can read it, because whoever reads it can
 * unwrap every stored seal key. Production sets SERVER_KEK from a secret store instead.
 */
export function readOrCreateDevKek(dataDir: string): Buffer {
  const path = join(dataDir, DEV_KEK_FILE_NAME);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails when the file exists, so two processes starting together cannot overwrite each other's key.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new SealError('CONFIG_INVALID', `SERVER_KEK: cannot create the development key file ${path}`, { cause: error });
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new SealError('CONFIG_INVALID', `SERVER_KEK: development key file ${path} is readable by other users; chmod 600 it`, {
      details: { variable: 'SERVER_KEK', path },
    });
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new SealError('CONFIG_INVALID', `SERVER_KEK: development key file ${path} does not hold 64 hex characters`, {
      details: { variable: 'SERVER_KEK', path },
    });
  }
  return Buffer.from(hex, 'hex');
}
