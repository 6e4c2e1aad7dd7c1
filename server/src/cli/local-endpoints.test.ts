import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_ENDPOINTS_FILE, withLocalEndpoints } from './local-endpoints';

function dataDirWith(record: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-endpoints-'));
  writeFileSync(join(dir, LOCAL_ENDPOINTS_FILE), JSON.stringify(record));
  return dir;
}

test('fills unset store URLs and the API address from a live launcher record', () => {
  const dir = dataDirWith({
    mongodbUri: 'mongodb://127.0.0.1:1234/eseal',
    redisUrl: 'redis://127.0.0.1:5678',
    apiUrl: 'http://127.0.0.1:8080',
    pid: process.pid,
  });
  // An absolute DATA_DIR must not be joined onto the working directory.
  const env = withLocalEndpoints({ DATA_DIR: dir }, tmpdir());
  expect(env.MONGODB_URI).toBe('mongodb://127.0.0.1:1234/eseal');
  expect(env.REDIS_URL).toBe('redis://127.0.0.1:5678');
  expect(env.ESEAL_API_URL).toBe('http://127.0.0.1:8080');
});

test('explicit environment values win', () => {
  const dir = dataDirWith({ mongodbUri: 'mongodb://127.0.0.1:1234/eseal', redisUrl: 'redis://127.0.0.1:5678', pid: process.pid });
  const env = withLocalEndpoints({ DATA_DIR: dir, MONGODB_URI: 'mongodb://db/x' }, '/');
  expect(env.MONGODB_URI).toBe('mongodb://db/x');
  expect(env.REDIS_URL).toBe('redis://127.0.0.1:5678');
});

test('a record of a launcher that is gone, or an unreadable one, is ignored', () => {
  const gone = dataDirWith({ mongodbUri: 'mongodb://127.0.0.1:1/eseal', pid: 2 ** 22 + 12345 });
  expect(withLocalEndpoints({ DATA_DIR: gone }, '/').MONGODB_URI).toBeUndefined();
  const broken = mkdtempSync(join(tmpdir(), 'eseal-endpoints-'));
  writeFileSync(join(broken, LOCAL_ENDPOINTS_FILE), '{not json');
  expect(withLocalEndpoints({ DATA_DIR: broken }, '/').MONGODB_URI).toBeUndefined();
});
