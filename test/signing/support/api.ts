/** TEST-ONLY: small request helpers over supertest for the signing API. */
import request from 'supertest';
import type { Caller } from '../../../server/src/access';
import { CALLER_HEADER, callerHeader, sm3Hex, type SigningWorld, type TestSeal } from './signing-world';

export const BASE = '/api/v1';

export function as(world: SigningWorld, caller: Caller) {
  const auth = callerHeader(caller);
  return {
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(world.app)
        .post(`${BASE}${path}`)
        .set(CALLER_HEADER, auth)
        .set(headers)
        .send(body as object),
    get: (path: string) => request(world.app).get(`${BASE}${path}`).set(CALLER_HEADER, auth),
    verify: (pdf: Uint8Array, contentType = 'application/pdf') =>
      request(world.app).post(`${BASE}/verify`).set(CALLER_HEADER, auth).set('content-type', contentType).send(Buffer.from(pdf)),
  };
}

export function signBody(seal: TestSeal, pdf: Uint8Array, extra: Record<string, unknown> = {}) {
  return {
    sealId: seal.sealId,
    pin: seal.pin,
    document: Buffer.from(pdf).toString('base64'),
    placement: { page: 1, xMm: 20, yMm: 20 },
    ...extra,
  };
}

/** Request and approve the use of `seal` on `pdf`; returns the approval id. */
export async function approvedUse(
  world: SigningWorld,
  requester: Caller,
  approverCaller: Caller,
  seal: TestSeal,
  pdf: Uint8Array,
): Promise<string> {
  const created = await as(world, requester).post('/seal-use-requests', {
    sealId: seal.sealId,
    documentSm3: sm3Hex(pdf),
    purpose: 'contract with supplier',
  });
  if (created.status !== 201) throw new Error(`use request failed: ${created.status} ${JSON.stringify(created.body)}`);
  const approved = await as(world, approverCaller).post(`/seal-use-requests/${created.body.id}/approve`, {});
  if (approved.status !== 200) throw new Error(`approval failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return created.body.id as string;
}

export const pdfOf = (body: { signedPdf: string }) => new Uint8Array(Buffer.from(body.signedPdf, 'base64'));
