import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority, saveDevelopmentCa, toPem } from '@eseal/core';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { HEAD_FILE_NAME } from '../../server/src/ledger/embedded/embedded-ledger';
import { MongoAnchorOutbox } from '../../server/src/store/signing';
import { anchorLedgerOf } from '../../server/src/usecases/signing';
import { runAnchoring } from '../../worker/src/anchor';
import { crlOf } from '../../core/src/x509/__tests__/pki-fixture';
import { createSigningWorld, holder, samplePdf, type SigningWorld } from './support/signing-world';
import { as, pdfOf, signBody } from './support/api';

const UNIT = 'unit_cli_a';

function captureIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: '.' };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('seal verify (CLI): exit 0 valid, 1 invalid or modified, 3 indeterminate, 2 unreadable', () => {
  let world: SigningWorld;
  let dir: string;
  let files: Record<'ca' | 'crl' | 'signed' | 'tampered' | 'unsigned' | 'garbage' | 'bundle' | 'badBundle', string>;

  beforeAll(async () => {
    world = await createSigningWorld();
    const seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_cli' });
    const unsigned = await samplePdf('for the court');
    const res = await as(world, holder(UNIT, 'person_cli')).post('/sign', signBody(seal, unsigned));
    expect(res.status).toBe(201);
    const signed = pdfOf(res.body);
    await runAnchoring({ outbox: new MongoAnchorOutbox(world.signing), ledger: anchorLedgerOf(world.ledger) }, 100);
    const proof = await as(world, { id: 'auditor', kind: 'person', roles: ['AUDITOR'] }).get(`/signatures/${res.body.record.id}/proof`);
    expect(proof.status).toBe(200);
    const tampered = Buffer.from(signed);
    tampered[tampered.indexOf('stream\n') + 12] ^= 0x01;
    dir = mkdtempSync(join(tmpdir(), 'eseal-verify-cli-'));
    files = {
      ca: join(dir, 'root.pem'),
      crl: join(dir, 'root.crl'),
      signed: join(dir, 'signed.pdf'),
      tampered: join(dir, 'tampered.pdf'),
      unsigned: join(dir, 'unsigned.pdf'),
      garbage: join(dir, 'garbage.pdf'),
      bundle: join(dir, 'proof.json'),
      badBundle: join(dir, 'bad-proof.json'),
    };
    writeFileSync(files.bundle, JSON.stringify(proof.body));
    const forged = structuredClone(proof.body);
    forged.merkle.root = 'f'.repeat(64);
    writeFileSync(files.badBundle, JSON.stringify(forged));
    writeFileSync(files.ca, toPem(world.root.cert.der));
    writeFileSync(files.crl, (await crlOf(world.root)).toPem());
    writeFileSync(files.signed, signed);
    writeFileSync(files.tampered, tampered);
    writeFileSync(files.unsigned, unsigned);
    writeFileSync(files.garbage, '%PDF-1.7\nnothing here');
    // The ledger stays open and locked, as a running server holds it: the CLI reads it read-only beside it.
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  const run = (args: string[], dataDir = dir) => {
    const capture = captureIo({ LEDGER: 'embedded', LEDGER_DATA_DIR: world.ledgerDir, LEDGER_DURABLE: 'false', DATA_DIR: dataDir });
    return runCli(['verify', ...args], capture.io).then((code) => ({ code, ...capture }));
  };

  it('exits 0 for a valid signed file, with the seal status and anchor from the ledger', async () => {
    const text = await run([files.signed, '--ca', files.ca, '--crl', files.crl]);
    expect(text.stderr()).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout()).toMatch(/VALID/);
    expect(text.stdout()).toMatch(/\[ok  \] ledger\.anchor/);

    const json = await run([files.signed, '--ca', files.ca, '--crl', files.crl, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout());
    expect(report.valid).toBe(true);
    expect(report.verdict).toBe('VALID');
    expect(report.signatures[0].checks.find((c: { id: string }) => c.id === 'signature.seal-ledger-status').status).toBe('pass');
  });

  it('checks a proof bundle offline and against the ledger root', async () => {
    const offline = await run([files.signed, '--ca', files.ca, '--crl', files.crl, '--bundle', files.bundle, '--no-ledger', '--json']);
    expect(offline.code).toBe(3); // no ledger: the seal's status at signing time is unknown
    expect(JSON.parse(offline.stdout()).signatures[0].checks.find((c: { id: string }) => c.id === 'evidence.bundle')).toMatchObject({
      status: 'pass',
      details: { rootCheckedOnLedger: false },
    });
    const online = await run([files.signed, '--ca', files.ca, '--bundle', files.bundle, '--json']);
    expect(
      JSON.parse(online.stdout()).signatures[0].checks.find((c: { id: string }) => c.id === 'evidence.bundle').details.rootCheckedOnLedger,
    ).toBe(true);
    expect((await run([files.signed, '--ca', files.ca, '--bundle', files.badBundle, '--no-ledger'])).code).toBe(1);
    expect((await run([files.signed, '--ca', files.ca, '--bundle', files.garbage])).code).toBe(2);
  });

  it('exits 1 for a tampered file, an unsigned one and an untrusted CA', async () => {
    const tampered = await run([files.tampered, '--ca', files.ca, '--json']);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout()).problems).toContain('DATA_HASH_MISMATCH');
    expect((await run([files.unsigned, '--ca', files.ca, '--no-ledger'])).code).toBe(1);
    const otherCa = join(dir, 'other.pem');
    writeFileSync(otherCa, toPem((await import('../../core/src/x509/__tests__/pki-fixture').then((m) => m.makeRoot())).cert.der));
    expect((await run([files.signed, '--ca', otherCa, '--no-ledger'])).code).toBe(1);
  });

  it('exits 3, saying so loudly, when revocation or the ledger cannot be consulted', async () => {
    const noCrl = await run([files.signed, '--ca', files.ca]);
    expect(noCrl.code).toBe(3);
    expect(noCrl.stdout()).toMatch(/INDETERMINATE/);
    expect(noCrl.stdout()).toMatch(/WARNING: revocation unknown/);
    const noLedger = await run([files.signed, '--ca', files.ca, '--crl', files.crl, '--no-ledger', '--json']);
    expect(noLedger.code).toBe(3);
    expect(
      JSON.parse(noLedger.stdout()).signatures[0].checks.find((c: { id: string }) => c.id === 'signature.seal-ledger-status'),
    ).toMatchObject({ status: 'indeterminate', code: 'REVOCATION_UNKNOWN' });

    // A ledger whose head record cannot be read (a disk fault): LEDGER_UNAVAILABLE when opened.
    const broken = join(dir, 'broken-ledger');
    mkdirSync(broken);
    writeFileSync(join(broken, HEAD_FILE_NAME), '{"numb');
    const unreachable = captureIo({ LEDGER: 'embedded', LEDGER_DATA_DIR: broken, LEDGER_DURABLE: 'false', DATA_DIR: dir });
    expect(await runCli(['verify', files.signed, '--ca', files.ca, '--crl', files.crl], unreachable.io)).toBe(3);
    expect(unreachable.stderr()).toMatch(/WARNING: the ledger cannot be read/);
    expect(unreachable.stdout()).toMatch(/INDETERMINATE/);
  });

  it('exits 2 for unreadable input and wrong usage', async () => {
    const garbage = await run([files.garbage, '--ca', files.ca, '--no-ledger']);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr()).toMatch(/PDF_MALFORMED/);
    expect((await run([join(dir, 'missing.pdf'), '--ca', files.ca])).code).toBe(2);
    expect((await run([files.signed])).code).toBe(2); // no trust anchors given, and no local development CA
    expect((await run([])).code).toBe(2);
  });

  it('verifies several files and folders: one line each, a summary, and the worst exit code', async () => {
    const folder = join(dir, 'case-folder');
    mkdirSync(join(folder, 'annex'), { recursive: true });
    writeFileSync(join(folder, 'a-contract.pdf'), readFileSync(files.signed));
    writeFileSync(join(folder, 'annex', 'b-copy.PDF'), readFileSync(files.signed));
    writeFileSync(join(folder, 'notes.txt'), 'not a PDF, not listed');

    const allValid = await run([folder, files.signed, '--ca', files.ca, '--crl', files.crl]);
    expect(allValid.code).toBe(0);
    expect(allValid.stdout().trimEnd().split('\n')).toEqual([
      `${join(folder, 'a-contract.pdf')}: VALID`,
      `${join(folder, 'annex', 'b-copy.PDF')}: VALID`,
      `${files.signed}: VALID`,
      '3 files: 3 valid',
    ]);

    const mixed = await run([files.signed, files.garbage, files.tampered, join(dir, 'missing.pdf'), '--ca', files.ca, '--crl', files.crl]);
    expect(mixed.code).toBe(1); // an invalid file outweighs unreadable ones
    const lines = mixed.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/garbage\.pdf: UNREADABLE: not a readable PDF: PDF_MALFORMED/);
    expect(lines[2]).toMatch(/tampered\.pdf: INVALID/);
    expect(lines[3]).toMatch(/missing\.pdf: UNREADABLE: cannot read it/);
    expect(lines[4]).toBe('4 files: 1 valid, 2 unreadable, 1 invalid');
    expect((await run([files.signed, files.garbage, '--ca', files.ca, '--crl', files.crl])).code).toBe(2);

    const json = await run([folder, files.garbage, '--ca', files.ca, '--crl', files.crl, '--json']);
    const parsed = JSON.parse(json.stdout());
    expect(parsed.summary).toEqual({ files: 3, verdicts: { valid: 2, unreadable: 1 } });
    expect(parsed.files.map((f: { verdict: string }) => f.verdict)).toEqual(['valid', 'valid', 'unreadable']);
    expect(parsed.files[0].report.valid).toBe(true);

    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    const none = await run([empty, '--ca', files.ca]);
    expect([none.code, none.stderr()]).toEqual([2, `seal verify: no .pdf or .ofd files in ${empty}\n`]);
  });

  it('falls back to the local development CA when no --ca is given, and says so', async () => {
    const dataDir = join(dir, 'deployment');
    mkdirSync(join(dataDir, 'ca'), { recursive: true });
    saveDevelopmentCa(join(dataDir, 'ca', 'development-ca.json'), await DevelopmentCertificateAuthority.create());
    const result = await run([files.signed, '--no-ledger'], dataDir);
    expect(result.stderr()).toMatch(/trusting the local development CA/);
    expect(result.code).toBe(1); // this file was sealed under another CA
  });
});
