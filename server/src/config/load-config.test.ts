import { mkdtempSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SealError } from '@eseal/core';
import { loadConfig } from './load-config';
import { DEV_KEK_FILE_NAME } from './dev-kek';

const KEK = 'ab'.repeat(32);
const minimal = { MONGODB_URI: 'mongodb://127.0.0.1:27017/eseal', REDIS_URL: 'redis://127.0.0.1:6379', SERVER_KEK: KEK };

function configError(env: NodeJS.ProcessEnv): SealError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof SealError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '.data',
      ledger: 'embedded',
      logLevel: 'info',
      bodyLimitBytes: 20 * 1024 * 1024,
      queuePrefix: 'eseal',
    });
    expect(config.serverKek.reveal().toString('hex')).toBe(KEK);
  });

  it('reads every key', () => {
    const config = loadConfig({
      ...minimal,
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/eseal',
      LEDGER: 'fabric',
      LOG_LEVEL: 'debug',
      BODY_LIMIT: '512kb',
      QUEUE_PREFIX: 'prod-1',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/eseal',
      ledger: 'fabric',
      logLevel: 'debug',
      bodyLimitBytes: 512 * 1024,
      queuePrefix: 'prod-1',
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ ...minimal, PORT: '' }).port).toBe(8080);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['LEDGER', 'sqlite'],
    ['LOG_LEVEL', 'loud'],
    ['BODY_LIMIT', 'ten megabytes'],
    ['BODY_LIMIT', '0'],
    ['QUEUE_PREFIX', 'has:colon'],
    ['MONGODB_URI', 'http://127.0.0.1'],
    ['REDIS_URL', 'localhost:6379'],
    ['SERVER_KEK', 'abcd'],
  ])('fails fast naming %s when it is %p', (variable, value) => {
    const error = configError({ ...minimal, [variable]: value });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(variable);
    expect(error.details).toEqual({ problems: [expect.objectContaining({ variable })] });
  });

  it('names every missing required variable at once', () => {
    const error = configError({});
    expect(error.message).toContain('MONGODB_URI is required');
    expect(error.message).toContain('REDIS_URL is required');
    expect(error.message).toContain('SERVER_KEK is required');
  });

  it('never echoes a bad key value', () => {
    const badKey = 'zz'.repeat(32);
    const error = configError({ ...minimal, SERVER_KEK: badKey });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(badKey);
  });

  it('keeps the key out of logs and JSON', () => {
    const config = loadConfig(minimal);
    expect(JSON.stringify(config)).not.toContain(KEK);
    expect(inspect(config)).not.toContain(KEK);
  });

  describe('development key file', () => {
    const withoutKek = { MONGODB_URI: minimal.MONGODB_URI, REDIS_URL: minimal.REDIS_URL };

    it('creates a 0600 key file on first start and reuses it', () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'eseal-config-')), 'nested');
      const first = loadConfig({ ...withoutKek, DATA_DIR: dataDir }, { devKekFile: true });
      const file = join(dataDir, DEV_KEK_FILE_NAME);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.serverKek.reveal().toString('hex'));
      const second = loadConfig({ ...withoutKek, DATA_DIR: dataDir }, { devKekFile: true });
      expect(second.serverKek.reveal().equals(first.serverKek.reveal())).toBe(true);
      expect(first.serverKek.byteLength).toBe(32);
    });

    it('refuses a key file other users can read', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'eseal-config-'));
      const file = join(dataDir, DEV_KEK_FILE_NAME);
      writeFileSync(file, KEK);
      chmodSync(file, 0o644);
      expect(() => loadConfig({ ...withoutKek, DATA_DIR: dataDir }, { devKekFile: true })).toThrow(/SERVER_KEK.*chmod 600/);
    });

    it('refuses a corrupt key file', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'eseal-config-'));
      writeFileSync(join(dataDir, DEV_KEK_FILE_NAME), 'not a key', { mode: 0o600 });
      expect(() => loadConfig({ ...withoutKek, DATA_DIR: dataDir }, { devKekFile: true })).toThrow(/SERVER_KEK/);
    });

    it('prefers SERVER_KEK over the file', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'eseal-config-'));
      const config = loadConfig({ ...minimal, DATA_DIR: dataDir }, { devKekFile: true });
      expect(config.serverKek.reveal().toString('hex')).toBe(KEK);
      expect(() => statSync(join(dataDir, DEV_KEK_FILE_NAME))).toThrow();
    });
  });
});
