/**
 * TEST-ONLY: the production security stack (accounts, cookie sessions, CSRF, audit) and services
 * behind a real HTTP port for the browser, with helpers to make accounts past their one-time
 * password and seals through the lifecycle API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../../server/src/access';
import { materialsFor, newUscc, person } from '../../lifecycle/support/fixtures';
import { SYSTEM, request, startHarness, tokenFor, type SecureHarness } from '../../security/support';

export interface SecureWorld {
  readonly h: SecureHarness;
  readonly baseUrl: string;
  /** An account that has replaced its one-time password with `password`. */
  account(username: string, password: string, roles: Role[], scope?: { unitId?: string; personId?: string }): Promise<void>;
  /** A unit registered by the maker. */
  unit(name: string): Promise<{ unitId: string; uscc: string }>;
  /** A seal of `kind` made for the unit (custodian 李四); `active` acknowledges its filing so it can be used. */
  seal(unitId: string, kind: string, active?: boolean): Promise<{ sealId: string; sealCode: string; custodianPersonId?: string }>;
  close(): Promise<void>;
}

export async function startSecureWorld(): Promise<SecureWorld> {
  const h = await startHarness({ production: true });
  const server: Server = createServer(h.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const maker = () => ({ Authorization: `Bearer ${tokenFor(h, 'SEAL_MAKER_OPERATOR')}` });
  return {
    h,
    baseUrl,
    async account(username, password, roles, scope = {}) {
      const { oneTimePassword } = await h.security.auth.accounts.create(SYSTEM, { username, roles, ...scope });
      const first = await request(h.app).post('/api/v1/auth/sign-in').send({ username, password: oneTimePassword });
      const changed = await request(h.app)
        .post('/api/v1/auth/password')
        .set('Authorization', `Bearer ${first.body.tokens.accessToken}`)
        .send({ currentPassword: oneTimePassword, newPassword: password });
      if (changed.status !== 200) throw new Error(`password: ${changed.status} ${JSON.stringify(changed.body)}`);
    },
    async unit(name) {
      const res = await request(h.app)
        .post('/api/v1/units')
        .set(maker())
        .send({ name, uscc: newUscc(), category: 'ENTERPRISE', legalRepresentative: person('张三') });
      if (res.status !== 201) throw new Error(`unit: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { unitId: string; uscc: string };
    },
    async seal(unitId, kind, active = false) {
      const submitted = await request(h.app)
        .post('/api/v1/seal-applications')
        .set(maker())
        .send({ unitId, kind, channel: 'IN_PERSON', materials: materialsFor(kind as never), custodian: person('李四') });
      if (submitted.status !== 201) throw new Error(`apply: ${submitted.status} ${JSON.stringify(submitted.body)}`);
      await request(h.app)
        .post(`/api/v1/seal-applications/${submitted.body.applicationId}/review`)
        .set(maker())
        .send({ decision: 'APPROVE' });
      const made = await request(h.app)
        .post('/api/v1/seals')
        .set(maker())
        .send({ applicationId: submitted.body.applicationId, initialPin: '135790' });
      if (made.status !== 201) throw new Error(`make: ${made.status} ${JSON.stringify(made.body)}`);
      if (active) {
        const filing = made.body.filings[0];
        await h.services!.filingPorts.store.markAcknowledged(filing.filingId, {
          ackId: `ack-${filing.filingId}`,
          filedAt: new Date().toISOString(),
        });
      }
      const custody = await h.services!.store.models.custodians.findOne({ sealId: made.body.sealId }).lean();
      return {
        sealId: made.body.sealId as string,
        sealCode: made.body.sealCode as string,
        ...(custody ? { custodianPersonId: custody.personId } : {}),
      };
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await h.close();
    },
  };
}
