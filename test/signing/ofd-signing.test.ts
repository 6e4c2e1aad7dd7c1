/**
 * OFD through the signing API, the verification API and `seal verify`: format told apart by
 * content, several parties in a row, anchoring, and hostile OFD answered with coded 4xx.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { OfdPackage, toPem } from '@eseal/core';
import { minimalOfd } from '../../core/src/ofd/__tests__/minimal-ofd';
import { crlOf } from '../../core/src/x509/__tests__/pki-fixture';
import { writeZip } from '../../core/src/ofd/zip-write';
import type { Caller } from '../../server/src/access';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { MongoAnchorOutbox } from '../../server/src/store/signing';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { runAnchoring } from '../../worker/src/anchor';
import { as, pdfOf, signBody } from './support/api';
import { createSigningWorld, holder, type SigningWorld, type TestSeal } from './support/signing-world';

const AUDITOR: Caller = { id: 'auditor', kind: 'person', roles: ['AUDITOR'] };
const failed = (report: { signatures: { checks: { status: string; id: string }[] }[] }) =>
  report.signatures.flatMap((s) => s.checks.filter((c) => c.status === 'fail').map((c) => c.id));

describe('OFD signing and verification over the API and the CLI', () => {
  let world: SigningWorld;
  let first: TestSeal;
  let second: TestSeal;
  let dir: string;

  beforeAll(async () => {
    world = await createSigningWorld();
    first = await world.addSeal({ unitId: 'unit_ofd_a', kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_ofd_a' });
    second = await world.addSeal({ unitId: 'unit_ofd_b', kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_ofd_b' });
    dir = mkdtempSync(join(tmpdir(), 'eseal-ofd-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  it('seals an OFD for two parties in a row; both stay valid, anchor, and the CLI agrees', async () => {
    const one = await as(world, holder('unit_ofd_a', 'person_ofd_a')).post(
      '/sign',
      signBody(first, minimalOfd({ pages: 2 }), { placement: { page: 2, xMm: 20, yMm: 30, corner: 'top-left' } }),
    );
    expect([one.status, one.body.error]).toEqual([201, undefined]);
    expect(one.body.record).toMatchObject({ fieldName: '/Doc_0/Signs/Sign_0/Signature.xml', pages: [2], byteRange: [] });
    const two = await as(world, holder('unit_ofd_b', 'person_ofd_b')).post(
      '/sign',
      signBody(second, pdfOf(one.body), { placement: { page: 1, xMm: 120, yMm: 20 } }),
    );
    expect(two.status).toBe(201);
    const signed = pdfOf(two.body);
    expect(OfdPackage.open(signed).paths).toEqual(
      expect.arrayContaining(['Doc_0/Signs/Sign_0/SignedValue.dat', 'Doc_0/Signs/Sign_1/SignedValue.dat']),
    );

    const report = await as(world, AUDITOR).verify(signed, 'application/ofd');
    expect(report.status).toBe(200);
    expect(failed(report.body)).toEqual([]);
    expect(report.body).toMatchObject({
      format: 'ofd',
      valid: true,
      modified: false,
      pageCount: 2,
      signatures: [
        { esID: first.sealCode, page: 2 },
        { esID: second.sealCode, page: 1 },
      ],
    });

    await runAnchoring({ outbox: new MongoAnchorOutbox(world.signing), ledger: anchorLedgerOf(world.ledger) }, 100);
    const anchored = await as(world, AUDITOR).verify(signed, 'application/ofd');
    expect(
      anchored.body.signatures.map(
        (s: { checks: { id: string; status: string }[] }) => s.checks.find((c) => c.id === 'ledger.anchor')!.status,
      ),
    ).toEqual(['pass', 'pass']);

    const files = {
      ca: join(dir, 'root.pem'),
      crl: join(dir, 'root.crl'),
      signed: join(dir, 'signed.ofd'),
      tampered: join(dir, 'tampered.ofd'),
      bomb: join(dir, 'bomb.ofd'),
    };
    writeFileSync(files.ca, toPem(world.root.cert.der));
    // The CA's CRL: without one, revocation is unknown and the verdict INDETERMINATE (exit 3).
    writeFileSync(files.crl, (await crlOf(world.root)).toPem());
    writeFileSync(files.signed, signed);
    const pkg = OfdPackage.open(signed);
    writeFileSync(
      files.tampered,
      writeZip(
        pkg.paths.map((p) => ({
          name: p,
          data: p.endsWith('Page_0/Content.xml')
            ? Buffer.from(Buffer.from(pkg.file(p)).toString().replace('Page 1', 'Page X'))
            : pkg.file(p),
          compress: true,
        })),
        new Date(),
      ),
    );
    writeFileSync(files.bomb, zipBomb());
    const run = async (file: string) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env: { LEDGER: 'embedded', LEDGER_DATA_DIR: world.ledgerDir, LEDGER_DURABLE: 'false', DATA_DIR: dir },
        cwd: '.',
      };
      const code = await runCli(['verify', file, '--ca', files.ca, '--crl', files.crl], io);
      return { code, stdout: out.join(''), stderr: err.join('') };
    };
    const ok = await run(files.signed);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toMatch(/\[ok {2}\] ofd\.references/);
    expect(ok.stdout).toMatch(/\[ok {2}\] ledger\.anchor/);
    const tampered = await run(files.tampered);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/\[FAIL\] ofd\.references.*DOCUMENT_MODIFIED/);
    const bomb = await run(files.bomb);
    expect(bomb.code).toBe(2);
    expect(bomb.stderr).toMatch(/OFD_TOO_LARGE/);
  });

  it('answers hostile or unusable OFD with coded 4xx on both endpoints', async () => {
    const signer = as(world, holder('unit_ofd_a', 'person_ofd_a'));
    const cases: [string, Uint8Array, string, number][] = [
      ['zip bomb', zipBomb(), 'OFD_TOO_LARGE', 413],
      ['path traversal', withEntry('../../etc/cron.d/evil', '* * * * * root true'), 'OFD_UNSAFE_CONTENT', 422],
      [
        'XML entities',
        withEntry(
          'OFD.xml',
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>&e;</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        ),
        'OFD_UNSAFE_CONTENT',
        422,
      ],
      ['not an OFD', writeZip([{ name: 'hello.txt', data: Buffer.from('hello'), compress: true }], new Date()), 'OFD_MALFORMED', 422],
    ];
    for (const [what, ofd, code, status] of cases) {
      const verified = await as(world, AUDITOR).verify(ofd, 'application/ofd');
      expect([what, verified.status, verified.body.error?.code]).toEqual([what, status, code]);
      const signed = await signer.post('/sign', signBody(first, ofd));
      expect([what, signed.status, signed.body.error?.code]).toEqual([what, status, code]);
    }
    const outOfRange = await signer.post('/sign', signBody(first, minimalOfd(), { placement: { page: 3, xMm: 20, yMm: 20 } }));
    expect([outOfRange.status, outOfRange.body.error.code]).toEqual([422, 'OFD_PAGE_OUT_OF_RANGE']);
    // A document without a page is malformed: no page number the caller could choose is right, and
    // without a signature either there is nothing to verify.
    const pageless = minimalOfd({ pages: 0 });
    const noPage = await signer.post('/sign', signBody(first, pageless, { placement: { page: 1, xMm: 20, yMm: 20 } }));
    expect([noPage.status, noPage.body.error.code]).toEqual([422, 'OFD_MALFORMED']);
    const noPageVerified = await as(world, AUDITOR).verify(pageless, 'application/ofd');
    expect([noPageVerified.status, noPageVerified.body.error?.code]).toEqual([422, 'OFD_MALFORMED']);
    const crossPage = await signer.post('/sign', signBody(first, minimalOfd(), { crossPage: true }));
    expect([crossPage.status, crossPage.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

/** A real document plus one entry of 20 MiB of zeros deflated to ~20 KiB. */
function zipBomb(): Uint8Array {
  const pkg = OfdPackage.open(minimalOfd());
  const bomb = Buffer.alloc(20 * 1024 * 1024);
  expect(deflateRawSync(bomb).length).toBeLessThan(bomb.length / 500);
  return writeZip(
    [...pkg.paths.map((p) => ({ name: p, data: pkg.file(p), compress: true })), { name: 'Doc_0/Res/bomb.bin', data: bomb, compress: true }],
    new Date(),
  );
}

/** The minimal document with one entry added, or replaced, written raw (names are not checked when writing). */
function withEntry(name: string, text: string): Uint8Array {
  const pkg = OfdPackage.open(minimalOfd());
  return writeZip(
    [
      ...pkg.paths.filter((p) => p !== name).map((p) => ({ name: p, data: pkg.file(p), compress: true })),
      { name, data: Buffer.from(text), compress: true },
    ],
    new Date(),
  );
}
