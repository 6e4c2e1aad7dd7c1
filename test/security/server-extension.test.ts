import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { readSecurityOptions } from '../../server/src/api/security';
import { securityServerExtension } from '../../server/src/composition/security';
import { loadConfig } from '../../server/src/config/load-config';
import { startServer, type RunningServer } from '../../server/src/start-server';
import { testEnv } from '../http/services';
import { suiteDatabaseUri, connectSuiteMongoose } from '../support/env';

/** The extension as the launcher plugs it in: real server, real stores, real sign-in. */
let running: RunningServer;
beforeAll(async () => {
  const env = testEnv({ MONGODB_URI: suiteDatabaseUri(), QUEUE_PREFIX: `sec_${randomBytes(4).toString('hex')}` });
  running = await startServer(loadConfig(env), { extend: securityServerExtension({ ...readSecurityOptions({}), anchorIntervalMs: 0 }) });
});
afterAll(async () => {
  await running.close();
  const mongo = await connectSuiteMongoose();
  await mongo.cleanup();
});

describe('securityServerExtension', () => {
  it('guards the routes and serves sign-in and the audit API', async () => {
    const denied = await request(running.url).get('/api/v1/audit/verify');
    expect([denied.status, denied.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const signIn = await request(running.url).post('/api/v1/auth/sign-in').send({ username: 'nobody.here', password: 'not the password' });
    expect([signIn.status, signIn.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const doc = await request(running.url).get('/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/sign-in', '/api/v1/api-keys', '/api/v1/audit/verify']),
    );
  });
});
