import { randomBytes } from 'node:crypto';
import { Certificate, DevelopmentCertificateAuthority, sm2KeyFromPublicKeyInfo, sm2Verify, verifyCertificateChain } from '@eseal/core';
import { loadOrCreateStatusResponder } from '../../server/src/composition/status-responder-identity';
import { signedSealStatus, type SealStatusStatement, type StatusResponder } from '../../server/src/usecases/evidence';
import { createSigningWorld, type SigningWorld, type TestSeal } from '../signing/support/signing-world';

describe('seal status at a time, signed by the service', () => {
  let world: SigningWorld;
  let seal: TestSeal;
  let ca: DevelopmentCertificateAuthority;
  let responder: StatusResponder;
  const clock = () => new Date();

  beforeAll(async () => {
    world = await createSigningWorld();
    seal = await world.addSeal({ unitId: 'unit_status', kind: 'CONTRACT', actingPersonId: 'person_status' });
    ca = await DevelopmentCertificateAuthority.create();
    responder = await loadOrCreateStatusResponder(ca, { kek: randomBytes(32) });
  });
  afterAll(async () => world?.close());

  const answer = async (at: Date) => {
    const signed = await signedSealStatus({ ledger: world.ledger, responder, clock }, seal.sealCode, at);
    const certificate = Certificate.fromDer(Buffer.from(signed.certificate, 'base64'));
    // Anyone holding the CA certificate checks the answer: the responder chains to it and signed these bytes.
    verifyCertificateChain(certificate, { trustAnchors: ca.chain().slice(-1), intermediates: ca.chain(), at: new Date() });
    expect(
      sm2Verify(
        sm2KeyFromPublicKeyInfo(certificate.publicKeyInfo),
        new Uint8Array(Buffer.from(signed.statement)),
        new Uint8Array(Buffer.from(signed.signature, 'hex')),
      ),
    ).toBe(true);
    return JSON.parse(signed.statement) as SealStatusStatement;
  };

  it('answers ACTIVE, then REVOKED with its reason after a revocation, and ACTIVE for a time before it', async () => {
    const before = new Date();
    expect(await answer(before)).toMatchObject({
      type: 'eseal.seal-status',
      sealId: seal.sealCode,
      status: 'ACTIVE',
      at: before.toISOString(),
    });
    await new Promise((done) => setTimeout(done, 5));
    await world.ledger.revokeSeal({ sealId: seal.sealCode, reason: 'KEY_LEAKED' });
    const now = await answer(new Date());
    expect(now).toMatchObject({ status: 'REVOKED', revocationReason: 'KEY_LEAKED' });
    expect(Date.parse(now.revokedAt!)).toBeGreaterThan(before.getTime());
    expect(await answer(before)).toMatchObject({ status: 'ACTIVE', revokedAt: now.revokedAt });
    expect(await answer(new Date(Date.now() - 400 * 86_400_000))).toMatchObject({ status: 'NOT_ACTIVE' });
  });

  it('shows nothing the seal data does not show, and NOT_FOUND for an unknown code', async () => {
    const statement = await answer(new Date());
    expect(Object.keys(statement).sort()).toEqual([
      'at',
      'ledgerTxId',
      'producedAt',
      'revocationReason',
      'revokedAt',
      'sealId',
      'status',
      'type',
      'version',
    ]);
    expect(JSON.stringify(statement)).not.toContain('unit_status');
    await expect(signedSealStatus({ ledger: world.ledger, responder, clock }, '9999999999999', new Date())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
