/**
 * `seal archive create` and `seal archive check` on a data folder as `npm start` leaves it: the
 * development CA and the key-encryption key under DATA_DIR, a document sealed under that CA.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority } from '@eseal/core';
import { archiveWorld } from '../../core/src/archive/__tests__/archive-world';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { openDevelopmentCa } from '../../server/src/composition/certificate-authority';

describe('seal archive create | check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-archive-cli-'));
  const dataDir = join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { DATA_DIR: dataDir }, cwd: dir };
    const code = await runCli(argv, io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  it('packages a sealed PDF with the local CA and identity; the check passes all four; a changed byte fails integrity', async () => {
    const { ca } = await openDevelopmentCa(join(dataDir, 'ca'));
    const world = await archiveWorld(ca as DevelopmentCertificateAuthority);
    writeFileSync(join(dir, 'contract.pdf'), world.signedPdf);

    const created = await run('archive', 'create', 'contract.pdf', '--no-ledger', '--title', '采购合同', '--retention', '30Y');
    expect([created.code, created.stderr]).toEqual([0, '']);
    expect(created.stdout).toMatch(/Archive package written to .*contract\.pdf\.eep\.xml/);
    const pkg = readFileSync(join(dir, 'contract.pdf.eep.xml'), 'utf8');
    expect(pkg).toContain('<EEP xmlns="urn:eseal:archive:v1"');

    const checked = await run('archive', 'check', 'contract.pdf.eep.xml');
    expect(checked.code).toBe(0);
    expect(checked.stderr).toMatch(/trusting the local development CA/);
    for (const property of ['authenticity', 'integrity', 'usability', 'security'])
      expect(checked.stdout).toMatch(new RegExp(`\\[ok  \\] ${property}`));
    expect(checked.stdout).toMatch(/packaged .* by .*电子印章归档服务/);

    const doc = /(<Entity name="document.pdf"[^>]*>)([^<]+)</.exec(pkg)!;
    const b64 = doc[2]!;
    writeFileSync(join(dir, 'tampered.xml'), pkg.replace(b64, b64.slice(0, 300) + (b64[300] === 'A' ? 'B' : 'A') + b64.slice(301)));
    const tampered = await run('archive', 'check', 'tampered.xml', '--json');
    expect(tampered.code).toBe(1);
    const report = JSON.parse(tampered.stdout);
    expect(report.properties.integrity.ok).toBe(false);
    expect(report.properties.security.ok).toBe(true);

    // Another CA's anchors: the package's signer is not trusted.
    const other = await DevelopmentCertificateAuthority.create();
    writeFileSync(join(dir, 'other-root.der'), other.chain().at(-1)!.der);
    const foreign = await run('archive', 'check', 'contract.pdf.eep.xml', '--ca', 'other-root.der', '--json');
    expect(foreign.code).toBe(1);
    expect(JSON.parse(foreign.stdout).properties.authenticity.ok).toBe(false);
  });

  it('refuses a document that is not sealed, and a wrong retention, as usage errors', async () => {
    writeFileSync(join(dir, 'plain.txt'), 'not a pdf');
    expect((await run('archive', 'create', 'plain.txt', '--no-ledger')).code).toBe(2);
    expect((await run('archive', 'create', 'contract.pdf', '--retention', 'forever')).code).toBe(2);
  });
});
