import request from 'supertest';
import type { Express } from 'express';
import type { Caller } from '../../server/src/access';
import { callerHeader, MAKER } from './support/test-caller-guard';
import { materialsFor, newUscc, person } from './support/fixtures';

/** Small HTTP helpers over supertest, so tests read as the lifecycle they walk through. */
export function api(app: Express) {
  const send = (caller: Caller, method: 'get' | 'post', path: string, body?: unknown) => {
    const req = request(app)[method](`/api/v1${path}`).set(callerHeader(caller));
    return body === undefined ? req : req.send(body as object);
  };
  return {
    get: (caller: Caller, path: string) => send(caller, 'get', path),
    post: (caller: Caller, path: string, body: unknown) => send(caller, 'post', path, body),

    async registerUnit(name = '天津测试科技有限公司') {
      const res = await send(MAKER, 'post', '/units', {
        name,
        uscc: newUscc(),
        category: 'ENTERPRISE',
        legalRepresentative: person('张三'),
      });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { unitId: string; uscc: string; name: string };
    },

    async submit(caller: Caller, unitId: string, kind: string, extra: Record<string, unknown> = {}) {
      return send(caller, 'post', '/seal-applications', {
        unitId,
        kind,
        channel: 'IN_PERSON',
        materials: materialsFor(kind as never),
        ...(kind === 'LEGAL_REPRESENTATIVE' || kind === 'PRINCIPAL' ? {} : { custodian: person('李四') }),
        ...extra,
      });
    },

    /** Submit, approve and make; returns the made seal. */
    async makeSeal(unitId: string, kind: string, options: { validityDays?: number; pin?: string } = {}) {
      const submitted = await this.submit(MAKER, unitId, kind);
      if (submitted.status !== 201) throw new Error(`submit failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
      const approved = await send(MAKER, 'post', `/seal-applications/${submitted.body.applicationId}/review`, { decision: 'APPROVE' });
      if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
      const made = await send(MAKER, 'post', '/seals', {
        applicationId: submitted.body.applicationId,
        initialPin: options.pin ?? '123456',
        ...(options.validityDays ? { validityDays: options.validityDays } : {}),
      });
      if (made.status !== 201) throw new Error(`make failed: ${made.status} ${JSON.stringify(made.body)}`);
      return made.body as Record<string, any>;
    },
  };
}
