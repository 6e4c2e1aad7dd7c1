import { createHash } from 'node:crypto';
import { OfdPackage } from '../ofd';
import { minimalOfd } from '../ofd/__tests__/minimal-ofd';
import { writeZip, type ZipSource } from '../ofd/zip-write';
import { T, world } from '../seal/__tests__/fixtures';
import { sealOfd } from './__tests__/signed-ofd';
import { MemoryLedger, testSeal } from './__tests__/signed-pdf';
import type { OfdVerificationReport } from './verify-ofd';
import { verifyOfd } from './verify-ofd';

const statusOf = (report: OfdVerificationReport, index: number, id: string) =>
  report.signatures[index]!.checks.find((c) => c.id === id)?.status;
const codeOf = (report: OfdVerificationReport, index: number, id: string) =>
  report.signatures[index]!.checks.find((c) => c.id === id)?.code;
const later = (ms: number) => new Date(T.signing.getTime() + ms);

/** Rewrites a container with some files replaced, added or removed: what a tamperer does. */
function repack(
  ofd: Uint8Array,
  change: { replace?: Record<string, Uint8Array>; add?: Record<string, Uint8Array>; remove?: string[] },
): Uint8Array {
  const pkg = OfdPackage.open(ofd);
  const sources: ZipSource[] = pkg.paths
    .filter((p) => !change.remove?.includes(p))
    .map((p) => ({ name: p, data: change.replace?.[p] ?? pkg.file(p), compress: true }));
  for (const [name, data] of Object.entries(change.add ?? {})) sources.push({ name, data, compress: true });
  return writeZip(sources, new Date());
}

// Verified a minute after signing: later, an unanchored signature is INDETERMINATE (its anchoring window has passed).
const justAfterSigning = new Date(T.signing.getTime() + 60_000);

describe('verifyOfd', () => {
  const w = world();

  it('passes every check of a freshly sealed one-page OFD and reports the anchor once the ledger has it', async () => {
    const seal = await testSeal(w, '12010000009101');
    const signed = await sealOfd(minimalOfd(), seal, T.signing);
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd, seal.der);

    const before = await verifyOfd(signed.ofd, { trust: w.trust, ledger, now: justAfterSigning });
    expect(before.signatures[0]!.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(before).toMatchObject({ format: 'ofd', valid: true, modified: false, pageCount: 1 });
    expect(before.signatures[0]).toMatchObject({
      esID: seal.esID,
      page: 1,
      signingTime: T.signing.toISOString(),
      fieldName: '/Doc_0/Signs/Sign_0/Signature.xml',
    });
    for (const id of [
      'ofd.container',
      'ofd.references',
      'ofd.seal-match',
      'ofd.property-info',
      'signature.value',
      'signature.data-hash',
      'signature.seal-ledger-status',
      'ledger.seal-data',
      'ofd.changes-after',
    ]) {
      expect([id, statusOf(before, 0, id)]).toEqual([id, 'pass']);
    }
    expect(statusOf(before, 0, 'ledger.anchor')).toBe('skipped');

    // The ledger knows an OFD signature by its SES_Signature and the Signature.xml it signs.
    const signatureXml = OfdPackage.open(signed.ofd).file('Doc_0/Signs/Sign_0/Signature.xml');
    ledger.anchor(signed.container, signatureXml, seal.esID, T.signing);
    const after = await verifyOfd(signed.ofd, { trust: w.trust, ledger, now: justAfterSigning });
    expect(statusOf(after, 0, 'ledger.anchor')).toBe('pass');
    expect(after.valid).toBe(true);
  });

  it('lays the signature out as GB/T 33190 asks: OFD.xml names Signatures.xml, which lists Signature.xml with its seal, value and stamp', async () => {
    const seal = await testSeal(w, '12010000009102');
    const signed = await sealOfd(minimalOfd({ pages: 3 }), seal, T.signing, { page: 2, xMm: 30, yMm: 50 });
    const pkg = OfdPackage.open(signed.ofd);
    expect(pkg.signaturesPath).toBe('Doc_0/Signs/Signatures.xml');
    const list = Buffer.from(pkg.file('Doc_0/Signs/Signatures.xml')).toString('utf8');
    expect(list).toContain('<ofd:Signature ID="1" Type="Seal" BaseLoc="/Doc_0/Signs/Sign_0/Signature.xml"/>');
    expect(list).toContain('<ofd:MaxSignId>2</ofd:MaxSignId>');
    const xml = Buffer.from(pkg.file('Doc_0/Signs/Sign_0/Signature.xml')).toString('utf8');
    expect(xml).toContain('<ofd:References CheckMethod="SM3">');
    expect(xml).toContain('<ofd:Reference FileRef="/OFD.xml">');
    expect(xml).not.toContain('FileRef="/Doc_0/Signs/Signatures.xml"');
    // Page 2's ID in the fixture is 7; the stamp is 40 mm square, 30 mm from the left and 50 mm from the bottom of an A4 page.
    expect(xml).toMatch(/<ofd:StampAnnot ID="2" PageRef="\d+" Boundary="30 207 40 40"\/>/);
    expect(Buffer.from(pkg.file('Doc_0/Signs/Sign_0/Seal.esl')).equals(Buffer.from(seal.der))).toBe(true);
    expect(Buffer.from(pkg.file('Doc_0/Signs/Sign_0/SignedValue.dat')).equals(Buffer.from(signed.container))).toBe(true);
    expect(Buffer.from(signed.sm3).equals(createHash('sm3').update(pkg.file('Doc_0/Signs/Sign_0/Signature.xml')).digest())).toBe(true);
    const report = await verifyOfd(signed.ofd, { trust: w.trust, now: justAfterSigning });
    expect(report.signatures[0]!.page).toBe(2);
  });

  it('keeps earlier signatures valid across three parties', async () => {
    const a = await testSeal(w, '12010000009201');
    const b = await testSeal(w, '12010000009202', w.issue('Second OFD holder', 0x7001n));
    const c = await testSeal(w, '12010000009203', w.issue('Third OFD holder', 0x7002n));
    const one = await sealOfd(minimalOfd({ pages: 2 }), a, T.signing);
    const two = await sealOfd(one.ofd, b, later(1000), { page: 2 });
    const three = await sealOfd(two.ofd, c, later(2000), { xMm: 100 });

    // Seal status needs the ledger: without it each signature is INDETERMINATE, never VALID.
    const ledger = new MemoryLedger()
      .activate(a.esID, T.sealStart, T.sealStart, T.sealEnd, a.der)
      .activate(b.esID, T.sealStart, T.sealStart, T.sealEnd, b.der)
      .activate(c.esID, T.sealStart, T.sealStart, T.sealEnd, c.der);
    const report = await verifyOfd(three.ofd, { trust: w.trust, ledger, now: justAfterSigning });
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.esID)).toEqual([a.esID, b.esID, c.esID]);
    expect(report.signatures.map((s) => s.fieldName)).toEqual([
      '/Doc_0/Signs/Sign_0/Signature.xml',
      '/Doc_0/Signs/Sign_1/Signature.xml',
      '/Doc_0/Signs/Sign_2/Signature.xml',
    ]);
    expect(report.signatures.map((s) => s.changesAfter.verdict)).toEqual(['allowed', 'allowed', 'none']);
    expect(Buffer.from(OfdPackage.open(three.ofd).file('Doc_0/Signs/Signatures.xml')).toString()).toContain(
      '<ofd:MaxSignId>6</ofd:MaxSignId>',
    );
  });

  it('detects a page changed after signing, while the signature over Signature.xml still verifies', async () => {
    const seal = await testSeal(w, '12010000009301');
    const signed = await sealOfd(minimalOfd({ pages: 2 }), seal, T.signing);
    const page = 'Doc_0/Pages/Page_1/Content.xml';
    const original = Buffer.from(OfdPackage.open(signed.ofd).file(page)).toString();
    const tampered = repack(signed.ofd, { replace: { [page]: Buffer.from(original.replace('Page 2', 'Paid in full')) } });

    const report = await verifyOfd(tampered, { trust: w.trust, now: justAfterSigning });
    expect(report.valid).toBe(false);
    expect(report.modified).toBe(true);
    expect(codeOf(report, 0, 'ofd.references')).toBe('DOCUMENT_MODIFIED');
    expect(report.signatures[0]!.checks.find((c) => c.id === 'ofd.references')!.details).toMatchObject({ mismatched: [`/${page}`] });
    expect(statusOf(report, 0, 'signature.value')).toBe('pass');
  });

  it('detects a protected file removed and a file added outside any signature', async () => {
    const seal = await testSeal(w, '12010000009302');
    const signed = await sealOfd(minimalOfd({ pages: 2 }), seal, T.signing);
    const removed = await verifyOfd(repack(signed.ofd, { remove: ['Doc_0/PublicRes.xml'] }), { trust: w.trust, now: justAfterSigning });
    expect(removed.signatures[0]!.checks.find((c) => c.id === 'ofd.references')!.details).toMatchObject({
      missing: ['/Doc_0/PublicRes.xml'],
    });
    expect(removed.valid).toBe(false);

    const added = await verifyOfd(repack(signed.ofd, { add: { 'Doc_0/Pages/Page_2/Content.xml': Buffer.from('<x/>') } }), {
      trust: w.trust,
      now: justAfterSigning,
    });
    expect(codeOf(added, 0, 'ofd.changes-after')).toBe('DOCUMENT_MODIFIED');
    expect(added.signatures[0]!.changesAfter.verdict).toBe('disallowed');
    // A "later signature" outside the Signs folder does not make its files allowed.
    const list = Buffer.from(OfdPackage.open(signed.ofd).file('Doc_0/Signs/Signatures.xml')).toString();
    const sneaky = repack(signed.ofd, {
      replace: {
        'Doc_0/Signs/Signatures.xml': Buffer.from(
          list.replace('</ofd:Signatures>', '<ofd:Signature ID="9" BaseLoc="/Doc_0/Extra.xml"/></ofd:Signatures>'),
        ),
      },
      add: { 'Doc_0/Extra.xml': Buffer.from('<x/>') },
    });
    expect(codeOf(await verifyOfd(sneaky, { trust: w.trust, now: justAfterSigning }), 0, 'ofd.changes-after')).toBe('DOCUMENT_MODIFIED');
  });

  it('fails a Seal.esl that is not the seal in the signature, and a signed value moved to another signature', async () => {
    const a = await testSeal(w, '12010000009401');
    const b = await testSeal(w, '12010000009402');
    const signed = await sealOfd(minimalOfd(), a, T.signing);
    const swappedSeal = repack(signed.ofd, { replace: { 'Doc_0/Signs/Sign_0/Seal.esl': b.der } });
    const report = await verifyOfd(swappedSeal, { trust: w.trust, now: justAfterSigning });
    expect(codeOf(report, 0, 'ofd.seal-match')).toBe('SEAL_FORMAT_INVALID');
    expect(report.valid).toBe(false);

    // Two signatures; the second's Signature.xml and value are copied over the first's.
    const two = await sealOfd(signed.ofd, a, later(1000));
    const pkg = OfdPackage.open(two.ofd);
    const moved = repack(two.ofd, { replace: { 'Doc_0/Signs/Sign_0/SignedValue.dat': pkg.file('Doc_0/Signs/Sign_1/SignedValue.dat') } });
    const movedReport = await verifyOfd(moved, { trust: w.trust, now: justAfterSigning });
    expect(codeOf(movedReport, 0, 'ofd.property-info')).toBe('DATA_HASH_MISMATCH');
    expect(codeOf(movedReport, 0, 'signature.data-hash')).toBe('DATA_HASH_MISMATCH');
  });

  it('fails a Signature.xml edited after signing (the SES dataHash no longer matches)', async () => {
    const seal = await testSeal(w, '12010000009501');
    const signed = await sealOfd(minimalOfd(), seal, T.signing);
    const path = 'Doc_0/Signs/Sign_0/Signature.xml';
    const xml = Buffer.from(OfdPackage.open(signed.ofd).file(path)).toString();
    const report = await verifyOfd(
      repack(signed.ofd, { replace: { [path]: Buffer.from(xml.replace(/Boundary="[^"]+"/, 'Boundary="150 250 40 40"')) } }),
      { trust: w.trust, now: justAfterSigning },
    );
    expect(codeOf(report, 0, 'signature.data-hash')).toBe('DATA_HASH_MISMATCH');
    expect(report.valid).toBe(false);
  });

  it('reports a seal revoked before signing from the ledger', async () => {
    const seal = await testSeal(w, '12010000009601');
    const signed = await sealOfd(minimalOfd(), seal, T.signing);
    const ledger = new MemoryLedger().activate(seal.esID, T.sealStart, T.sealStart, T.sealEnd).revoke(seal.esID, later(-60_000));
    const report = await verifyOfd(signed.ofd, { trust: w.trust, ledger, now: justAfterSigning });
    expect(codeOf(report, 0, 'signature.seal-ledger-status')).toBe('SEAL_REVOKED');
    expect(report.valid).toBe(false);
  });

  it('treats a later signature that is not valid as an overlay: the earlier signature is modified', async () => {
    const a = await testSeal(w, '12010000009701');
    const b = await testSeal(w, '12010000009702', w.issue('Overlay OFD holder', 0x7003n));
    const one = await sealOfd(minimalOfd(), a, T.signing);
    const two = await sealOfd(one.ofd, b, later(1000), { xMm: 100 });
    // The second signature's value no longer verifies, but its stamp is still drawn over the page.
    const path = 'Doc_0/Signs/Sign_1/SignedValue.dat';
    const value = Buffer.from(OfdPackage.open(two.ofd).file(path));
    value[value.length - 5] ^= 0x01;
    const ledger = new MemoryLedger()
      .activate(a.esID, T.sealStart, T.sealStart, T.sealEnd, a.der)
      .activate(b.esID, T.sealStart, T.sealStart, T.sealEnd, b.der);
    const report = await verifyOfd(repack(two.ofd, { replace: { [path]: value } }), { trust: w.trust, ledger, now: justAfterSigning });
    expect(report.signatures.map((s) => s.verdict)).toEqual(['INVALID', 'INVALID']);
    expect(codeOf(report, 0, 'ofd.changes-after')).toBe('DOCUMENT_MODIFIED');
    expect(report).toMatchObject({ verdict: 'INVALID', modified: true });
  });

  it('reports an unsigned OFD as not valid, with no signatures', async () => {
    const report = await verifyOfd(minimalOfd(), { trust: w.trust, now: justAfterSigning });
    expect(report).toMatchObject({ valid: false, signatures: [], pageCount: 1 });
  });
});
