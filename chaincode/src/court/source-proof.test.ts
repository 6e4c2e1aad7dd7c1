/**
 * The court chaincode's check of a source proof, on an endorsed GetSeal query recorded from the local
 * network (core's Fabric bundle fixture) against the trust file fabric:up wrote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSourceQuery } from './source-proof';
import { parseSourceTrust } from './source-trust';

const fixtures = join(__dirname, '../../../core/src/evidence/bundle-v2/fabric/__fixtures__');
const bundle = JSON.parse(readFileSync(join(fixtures, 'fabric-bundle.json'), 'utf8'));
const trustText = readFileSync(join(fixtures, 'fabric-trust.json'), 'utf8');
const envelope = () => Buffer.from(bundle.seals[0].current.envelope, 'base64');
const trust = parseSourceTrust(trustText, 'eseal');

describe('source proof checked by the court chaincode', () => {
  it('accepts a query endorsed by both organisations and returns what they answered', () => {
    const proof = checkSourceQuery(envelope(), trust);
    expect(proof).toMatchObject({ fn: 'GetSeal', args: [bundle.seals[0].sealId], endorsedBy: ['MakerMSP', 'PublicSecurityMSP'] });
    expect(JSON.parse(proof.response)).toMatchObject({ docType: 'seal', sealId: bundle.seals[0].sealId });
  });

  it.each([
    ['a byte of the endorsed answer', (b: Buffer) => (b[b.length - 200]! ^= 1)],
    ['a byte early in the envelope', (b: Buffer) => (b[40]! ^= 1)],
  ])('refuses the proof when %s changes', (_, tamper) => {
    const b = envelope();
    tamper(b);
    expect(() => checkSourceQuery(b, trust)).toThrow(/\[SOURCE_PROOF_INVALID\]/);
  });

  it('refuses a proof from another channel, or short of the policy the court requires', () => {
    expect(() => checkSourceQuery(envelope(), parseSourceTrust(trustText, 'other'))).toThrow(/from channel eseal/);
    const stricter = JSON.parse(trustText);
    stricter.fabric.endorsement.allOf.push('CourtMSP');
    expect(() => checkSourceQuery(envelope(), parseSourceTrust(JSON.stringify(stricter), 'eseal'))).toThrow(/not endorsed by CourtMSP/);
    const otherCa = JSON.parse(trustText);
    const org = (id: string) => otherCa.fabric.organisations.find((o: { mspId: string }) => o.mspId === id);
    org('MakerMSP').caCertificates = org('CourtMSP').caCertificates;
    expect(() => checkSourceQuery(envelope(), parseSourceTrust(JSON.stringify(otherCa), 'eseal'))).toThrow(
      /not certified by a trusted CA of MakerMSP/,
    );
  });
});
