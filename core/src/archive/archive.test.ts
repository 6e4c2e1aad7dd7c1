import { LocalSm2Signer } from '../crypto/signer';
import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { DevelopmentCertificateAuthority } from '../x509/development-ca';
import { type ArchiveWorld, archiveWorld } from './__tests__/archive-world';
import { type ArchiveCheckReport, checkArchivePackage } from './check-package';
import { readArchivePackage } from './read-package';
import { readManifest, writeManifest } from './manifest';
import { writeArchivePackage } from './write-package';

let w: ArchiveWorld;
let pkg: Uint8Array;
beforeAll(async () => {
  w = await archiveWorld();
  pkg = await w.packageOf();
});

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const failing = (report: ArchiveCheckReport) =>
  Object.entries(report.properties)
    .filter(([, p]) => !p.ok)
    .map(([name]) => name)
    .sort();

/** Re-sign a package whose entities were changed, as an insider with the service's key would: integrity and authenticity then hold. */
async function repackaged(change: (entities: ReturnType<typeof readArchivePackage>['entities']) => void): Promise<Uint8Array> {
  const read = readArchivePackage(pkg);
  change(read.entities);
  return writeArchivePackage({
    entities: read.entities.map((e) => ({ name: e.name, role: e.role, mediaType: e.mediaType, bytes: e.bytes })),
    createdAt: readManifest(read.manifestBytes).createdAt,
    signer: w.archiver,
  });
}

describe('archive packages: the four properties (四性)', () => {
  it('a package of a sealed, time-stamped PDF holds all four properties', async () => {
    const read = readArchivePackage(pkg);
    expect(read.entities.map((e) => e.role).sort()).toEqual(
      ['certificate', 'certificate', 'crl', 'document', 'metadata', 'seal-data', 'time-stamp-token', 'verification-report'].sort(),
    );
    const report = await checkArchivePackage(pkg, { trustAnchors: w.anchors });
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.documentVerdict).toBe('INDETERMINATE'); // no ledger offline: the ledger checks cannot pass
    expect(report.signer).toContain('Archive service');
    const metadata = text(read.entities.find((e) => e.role === 'metadata')!.bytes);
    expect(metadata).toContain('<Title>采购合同</Title>');
    expect(metadata).toMatch(/<Signature esID="12010000009901"[^>]*signingTimeSource="timestamp"/);
  });

  it('integrity: a changed byte of the document, a dropped entity or an entity the manifest does not list', async () => {
    const xml = text(pkg);
    const doc = /(<Entity name="document.pdf"[^>]*>)([^<]+)</.exec(xml)!;
    const b64 = doc[2]!;
    const flipped = b64.slice(0, 200) + (b64[200] === 'A' ? 'B' : 'A') + b64.slice(201);
    const changed = await checkArchivePackage(bytesOf(xml.replace(b64, flipped)), { trustAnchors: w.anchors });
    expect(changed.properties.integrity.ok).toBe(false);
    expect(changed.properties.integrity.findings.join('\n')).toMatch(/document\.pdf: SM3/);
    expect(changed.properties.integrity.codes).toContain('ENTITY_SM3_MISMATCH');

    const dropped = await checkArchivePackage(bytesOf(xml.replace(/\s*<Entity name="ca\.crl"[^>]*>[^<]*<\/Entity>/, '')), {
      trustAnchors: w.anchors,
    });
    expect(dropped.properties.integrity.findings.join('\n')).toMatch(/ca\.crl is in the manifest but not in the package/);

    const extra = xml.replace(
      '<Manifest',
      '<Entity name="extra.json" role="verification-report" mediaType="application/json" sm3="00" size="2">e30=</Entity>\n    <Manifest',
    );
    expect((await checkArchivePackage(bytesOf(extra), { trustAnchors: w.anchors })).properties.integrity.findings.join('\n')).toMatch(
      /extra\.json is in the package but not in the manifest/,
    );
  });

  it('authenticity: a manifest re-made after a change without the key, a signer from another CA, a document whose seal signature was altered', async () => {
    const read = readArchivePackage(pkg);
    const xml = text(pkg);
    // The attacker changes the document and rewrites the manifest to match, but cannot sign it.
    const manifest = readManifest(read.manifestBytes);
    const forgedManifest = writeManifest(
      manifest.createdAt,
      read.entities.map((e) => ({ ...e, bytes: e.role === 'metadata' ? bytesOf(text(e.bytes).replace('采购合同', '借款合同')) : e.bytes })),
    );
    const forged = xml
      .replace(/(<Entity name="metadata.xml"[^>]*>)([^<]+)</, (_, open: string, b64: string) => {
        const changed = Buffer.from(text(Buffer.from(b64, 'base64')).replace('采购合同', '借款合同')).toString('base64');
        return `${open.replace(/sm3="[0-9a-f]+"/, `sm3="${readManifest(forgedManifest).lines.find((l) => l.name === 'metadata.xml')!.sm3}"`).replace(/size="\d+"/, `size="${Buffer.from(changed, 'base64').length}"`)}${changed}<`;
      })
      .replace(/<Manifest algorithm="SM3">[^<]+</, `<Manifest algorithm="SM3">${Buffer.from(forgedManifest).toString('base64')}<`);
    const report = await checkArchivePackage(bytesOf(forged), { trustAnchors: w.anchors });
    expect(report.properties.integrity.ok).toBe(true);
    expect(report.properties.authenticity.ok).toBe(false);
    expect(report.properties.authenticity.findings.join('\n')).toMatch(/does not verify over the manifest/);
    expect(report.properties.authenticity.codes).toEqual(['PACKAGE_SIGNATURE_INVALID']);

    const otherCa = await DevelopmentCertificateAuthority.create();
    const key = Sm2PrivateKey.generate();
    const now = Date.now();
    const outsider = await otherCa.issue({
      subject: { commonName: 'Not the service' },
      publicKey: key.publicKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 86_400_000),
      profile: 'signer',
    });
    const signedByOutsider = await w.packageOf(undefined, {
      signer: new LocalSm2Signer(key),
      certificates: [outsider.der, ...otherCa.chain().map((c) => c.der)],
    });
    const outsiderReport = await checkArchivePackage(signedByOutsider, { trustAnchors: w.anchors });
    expect(failing(outsiderReport)).toEqual(['authenticity']);
    expect(outsiderReport.properties.authenticity.findings.join('\n')).toMatch(/not trusted/);

    // An insider with the service key re-packages a document whose seal signature no longer holds.
    const alteredDocument = await repackaged((entities) => {
      const doc = entities.find((e) => e.role === 'document')!;
      const at = Buffer.from(doc.bytes).indexOf('/Contents <') + 40;
      doc.bytes = new Uint8Array(doc.bytes);
      // Another hex digit, whatever the case of this one: 'a' -> 'A' would change nothing.
      const digit = parseInt(String.fromCharCode(doc.bytes[at]!), 16);
      doc.bytes[at] = '0123456789abcdef'.charCodeAt((digit + 1) % 16);
    });
    const altered = await checkArchivePackage(alteredDocument, { trustAnchors: w.anchors });
    expect(altered.properties.integrity.ok).toBe(true);
    expect(altered.properties.authenticity.ok).toBe(false);
    expect(altered.properties.authenticity.findings.join('\n')).toMatch(/seal signatures do not hold/);
  });

  it('usability: metadata without its required fields, a CRL that is not one', async () => {
    const broken = await repackaged((entities) => {
      const metadata = entities.find((e) => e.role === 'metadata')!;
      metadata.bytes = bytesOf(text(metadata.bytes).replace(/\s*<Title>[^<]*<\/Title>/, ''));
      entities.find((e) => e.role === 'crl')!.bytes = bytesOf('not a CRL');
    });
    const report = await checkArchivePackage(broken, { trustAnchors: w.anchors });
    expect(report.properties.integrity.ok).toBe(true);
    expect(report.properties.usability.ok).toBe(false);
    expect(report.properties.usability.findings.join('\n')).toMatch(/metadata lacks Title/);
    expect(report.properties.usability.findings.join('\n')).toMatch(/ca\.crl \(crl\)/);
  });

  it('security: an XML entity declaration, a path in an entity name, an executable media type, an unknown element', async () => {
    const xml = text(pkg);
    const bomb = xml.replace('<EEP', '<!DOCTYPE EEP [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n<EEP');
    const bombReport = await checkArchivePackage(bytesOf(bomb), { trustAnchors: w.anchors });
    expect(bombReport.properties.security.ok).toBe(false);
    expect(bombReport.ok).toBe(false);

    const traversal = await checkArchivePackage(bytesOf(xml.replace('name="ca.crl"', 'name="../../ca.crl"')), { trustAnchors: w.anchors });
    expect(traversal.properties.security.findings.join('\n')).toMatch(/not a plain file name/);

    const executable = await checkArchivePackage(
      bytesOf(
        xml.replace(
          'name="verification-report.json" role="verification-report" mediaType="application/json"',
          'name="verification-report.json" role="verification-report" mediaType="application/x-msdownload"',
        ),
      ),
      { trustAnchors: w.anchors },
    );
    expect(executable.properties.security.findings.join('\n')).toMatch(/media type application\/x-msdownload is not allowed/);

    const smuggled = await checkArchivePackage(bytesOf(xml.replace('</SignedObject>', '  <Script>run()</Script>\n  </SignedObject>')), {
      trustAnchors: w.anchors,
    });
    expect(smuggled.properties.security.findings.join('\n')).toMatch(/unexpected content SignedObject\/Script/);
  });

  it('refuses to package names or media types its checker would refuse', async () => {
    await expect(
      writeArchivePackage({
        entities: [{ name: '../x', role: 'document', mediaType: 'application/pdf', bytes: new Uint8Array(1) }],
        createdAt: new Date(),
        signer: w.archiver,
      }),
    ).rejects.toMatchObject({ code: 'ARCHIVE_MALFORMED' });
  });
});
