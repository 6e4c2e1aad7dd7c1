/**
 * Trusted time-stamps through the signing and verification APIs, against the local TSA as its own
 * process: the token over the signature value goes into SES_Signature.timeStamp for PDF and OFD, and
 * verification uses the TSA's time; a TSA that is down fails the signing or is skipped, by
 * configuration; tokens the client would never embed are refused at signing and, swapped into a
 * signed file, fail verification with their own codes.
 */
import { decodeSesSignature, encodeSesSignature, parseDer, readTimeStampToken } from '@eseal/core';
import { minimalOfd } from '../../core/src/ofd/__tests__/minimal-ofd';
import { makeRoot, type TestCa } from '../../core/src/x509/__tests__/pki-fixture';
import type { Caller } from '../../server/src/access';
import { HttpTimeStampAuthority } from '../../server/src/adapters/tsa';
import { as, pdfOf, signBody } from './support/api';
import { createSigningWorld, holder, samplePdf, type SigningWorld, type TestSeal } from './support/signing-world';
import { startTestTsa, type TestTsa } from './support/test-tsa';

const AUDITOR: Caller = { id: 'auditor', kind: 'person', roles: ['AUDITOR'] };
type Check = { id: string; status: string; code?: string; details?: Record<string, unknown> };
type Signature = { checks: Check[]; signingTime: string; signingTimeSource: string };
const checkOf = (signature: Signature, id: string) => signature.checks.find((c) => c.id === id)!;

/** The last signature's /Contents: its SES_Signature, and a way to write another one of at most the same size in its place. */
function lastSignature(pdf: Uint8Array) {
  const text = Buffer.from(pdf).toString('latin1');
  const matches = [...text.matchAll(/\/Contents\s*<([0-9A-Fa-f]+)>/g)];
  const last = matches[matches.length - 1]!;
  const hexStart = last.index! + last[0].indexOf('<') + 1;
  const hexLength = last[1]!.length;
  const der = parseDer(new Uint8Array(Buffer.from(last[1]!, 'hex')), { allowTrailing: true }).raw;
  return {
    decoded: decodeSesSignature(new Uint8Array(der)),
    replaceWith(ses: Uint8Array): Uint8Array {
      const hex = Buffer.from(ses).toString('hex').toUpperCase().padEnd(hexLength, '0');
      if (hex.length !== hexLength) throw new Error('the new SES_Signature does not fit the reserved /Contents');
      const out = Buffer.from(pdf);
      out.write(hex, hexStart, 'latin1');
      return new Uint8Array(out);
    },
  };
}

/** The same SES_Signature with another token: the SM2 signature covers TBS_Sign only, so this is what an attacker can do. */
function withToken(decoded: ReturnType<typeof decodeSesSignature>, token: Uint8Array): Uint8Array {
  return encodeSesSignature({
    tbsSign: decoded.signedBytes,
    signerCert: decoded.signerCert,
    signatureAlgorithm: decoded.signatureAlgorithm,
    signatureValue: decoded.signatureValue,
    timeStamp: token,
  });
}

describe('time-stamped signing (RFC 3161, GM/T 0033) against the local TSA', () => {
  let root: TestCa;
  let tsa: TestTsa;
  let world: SigningWorld;
  let seal: TestSeal;
  const policy = { authority: undefined as unknown as HttpTimeStampAuthority, required: true };

  beforeAll(async () => {
    root = await makeRoot();
    tsa = await startTestTsa(root);
    policy.authority = new HttpTimeStampAuthority({ url: tsa.url, timeoutMs: 3000, trust: { trustAnchors: [root.cert] } });
    world = await createSigningWorld({}, { root, timeStamping: policy });
    seal = await world.addSeal({ unitId: 'unit_ts', kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_ts' });
  });
  afterAll(async () => {
    await tsa?.stop();
    await world?.close();
  });
  beforeEach(() => {
    policy.required = true;
  });

  const sign = (document: Uint8Array) => as(world, holder('unit_ts', 'person_ts')).post('/sign', signBody(seal, document));

  it('a signed PDF carries a TSA token over its signature value, and verification judges it at the TSA time', async () => {
    const signed = await sign(await samplePdf('time-stamped'));
    expect([signed.status, signed.body.error]).toEqual([201, undefined]);
    const { decoded } = lastSignature(pdfOf(signed.body));
    expect(decoded.timeStamp).toBeDefined();
    const token = readTimeStampToken(decoded.timeStamp!);
    expect(Math.abs(token.info.genTime.getTime() - decoded.timeInfo.getTime())).toBeLessThan(5000);

    const report = await as(world, AUDITOR).verify(pdfOf(signed.body));
    expect(report.status).toBe(200);
    const [signature] = report.body.signatures as Signature[];
    expect(checkOf(signature!, 'signature.timestamp')).toMatchObject({ status: 'pass', details: { tsaSignatureChecked: true } });
    expect(signature!.signingTimeSource).toBe('timestamp');
    expect(signature!.signingTime).toBe(token.info.genTime.toISOString());
    expect(report.body.problems).toEqual([]);
  });

  it('a sealed OFD carries the token too and reports the TSA time as its signing time', async () => {
    const signed = await sign(minimalOfd({ pages: 1 }));
    expect([signed.status, signed.body.error]).toEqual([201, undefined]);
    const report = await as(world, AUDITOR).verify(pdfOf(signed.body), 'application/ofd');
    const [signature] = report.body.signatures as Signature[];
    expect(checkOf(signature!, 'signature.timestamp').status).toBe('pass');
    expect(signature!.signingTimeSource).toBe('timestamp');
  });

  it('a TSA answering a token with a bad signature or a wrong imprint fails the signing with TSA_RESPONSE_INVALID', async () => {
    for (const mode of ['bad-token-signature', 'wrong-imprint']) {
      await tsa.arm({ mode });
      const signed = await sign(await samplePdf(`fault ${mode}`));
      expect([mode, signed.status, signed.body.error?.code]).toEqual([mode, 502, 'TSA_RESPONSE_INVALID']);
    }
  });

  it('a token with a bad signature swapped into a signed PDF fails verification with TIMESTAMP_SIGNATURE_INVALID', async () => {
    const signed = pdfOf((await sign(await samplePdf('swap bad signature'))).body);
    const target = lastSignature(signed);
    await tsa.arm({ mode: 'bad-token-signature' });
    const forged = target.replaceWith(withToken(target.decoded, await tsa.rawToken(target.decoded.signatureValue)));
    const report = await as(world, AUDITOR).verify(forged);
    const [signature] = report.body.signatures as Signature[];
    expect(checkOf(signature!, 'signature.timestamp')).toMatchObject({ status: 'fail', code: 'TIMESTAMP_SIGNATURE_INVALID' });
    expect(report.body.verdict).toBe('INVALID');
    // Without a trusted token the signer's own time is what remains, and the report says so.
    expect(signature!.signingTimeSource).toBe('timeInfo');
  });

  it('a token over something else swapped into a signed PDF fails verification with TIMESTAMP_IMPRINT_MISMATCH', async () => {
    const signed = pdfOf((await sign(await samplePdf('swap wrong imprint'))).body);
    const target = lastSignature(signed);
    await tsa.arm({ mode: 'wrong-imprint' });
    const forged = target.replaceWith(withToken(target.decoded, await tsa.rawToken(target.decoded.signatureValue)));
    const report = await as(world, AUDITOR).verify(forged);
    const [signature] = report.body.signatures as Signature[];
    expect(checkOf(signature!, 'signature.timestamp')).toMatchObject({ status: 'fail', code: 'TIMESTAMP_IMPRINT_MISMATCH' });
    expect(report.body.verdict).toBe('INVALID');
  });

  it('a token of another signing swapped in (a genuine token, another imprint) also fails with TIMESTAMP_IMPRINT_MISMATCH', async () => {
    const one = lastSignature(pdfOf((await sign(await samplePdf('donor'))).body));
    const two = lastSignature(pdfOf((await sign(await samplePdf('recipient'))).body));
    const report = await as(world, AUDITOR).verify(two.replaceWith(withToken(two.decoded, one.decoded.timeStamp!)));
    expect(checkOf((report.body.signatures as Signature[])[0]!, 'signature.timestamp').code).toBe('TIMESTAMP_IMPRINT_MISMATCH');
  });

  it('a TSA answering 5xx or too slowly: TSA_UNAVAILABLE when required', async () => {
    await tsa.arm({ mode: '5xx', status: 503 });
    const failed = await sign(await samplePdf('tsa 5xx'));
    expect([failed.status, failed.body.error?.code]).toEqual([503, 'TSA_UNAVAILABLE']);
    await tsa.arm({ mode: 'slow', delayMs: 6000 });
    const slow = await sign(await samplePdf('tsa slow'));
    expect([slow.status, slow.body.error?.code]).toEqual([503, 'TSA_UNAVAILABLE']);
  });

  it('TSA down: the signing fails with TSA_UNAVAILABLE when required, and goes on without a token (verified at the signer time) when not', async () => {
    await tsa.arm({ mode: 'down', durationMs: 600_000 });
    // The control answer comes before the TSA stops listening: wait until connections are refused.
    for (let i = 0; i < 200; i++) {
      const refused = await fetch(`${tsa.url}/health`).then(
        () => false,
        () => true,
      );
      if (refused) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const refused = await sign(await samplePdf('tsa down, required'));
    expect([refused.status, refused.body.error?.code]).toEqual([503, 'TSA_UNAVAILABLE']);

    policy.required = false;
    const signed = await sign(await samplePdf('tsa down, optional'));
    expect([signed.status, signed.body.error]).toEqual([201, undefined]);
    expect(lastSignature(pdfOf(signed.body)).decoded.timeStamp).toBeUndefined();
    const report = await as(world, AUDITOR).verify(pdfOf(signed.body));
    const [signature] = report.body.signatures as Signature[];
    expect(checkOf(signature!, 'signature.timestamp').status).toBe('skipped');
    expect(signature!.signingTimeSource).toBe('timeInfo');
  });
});
