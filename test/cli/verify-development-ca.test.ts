/**
 * `seal verify` trusting the local development CA (no --ca): it reads the CA certificates and the CRL
 * the service saved in the CA file, without loading a private key or signing, and still honours every
 * revocation the file records. Paths are the command's, read relative to io.cwd.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevelopmentCertificateAuthority, developmentCaStateFromJson, developmentCaStateToJson, saveDevelopmentCa } from '@eseal/core';
import { sampleDeployment } from '../../scripts/src/bench/cli';
import { runCli } from '../../server/src/cli/run-cli';

describe('seal verify with the local development CA', () => {
  let dir: string;
  let sample: Awaited<ReturnType<typeof sampleDeployment>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eseal-verify-dev-ca-'));
    sample = await sampleDeployment(dir);
    mkdirSync(join(dir, 'case', 'annex'), { recursive: true });
    copyFileSync(sample.file, join(dir, 'case', 'annex', 'copy.pdf'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** In process, as `seal` run from `dir` (this test process's own directory is elsewhere). */
  async function verify(args: string[], dataDir = dir) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['verify', ...args, '--no-ledger'], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { DATA_DIR: dataDir },
      cwd: dir,
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  /** The signer certificate check's status: 'pass' only when its revocation status was known. */
  const signerCertificateCheck = (json: string): string =>
    (JSON.parse(json) as { signatures: { checks: { id: string; status: string }[] }[] }).signatures[0]!.checks.find(
      (check) => check.id === 'signature.signer-certificate',
    )!.status;

  /** A copy of the deployment's data folder whose CA file holds `state` (edited JSON). */
  function deploymentWith(name: string, edit: (json: Record<string, unknown>) => void): string {
    const dataDir = join(dir, name);
    mkdirSync(join(dataDir, 'ca'), { recursive: true });
    const json = JSON.parse(readFileSync(sample.caFile, 'utf8')) as Record<string, unknown>;
    edit(json);
    writeFileSync(join(dataDir, 'ca', 'development-ca.json'), JSON.stringify(json));
    return dataDir;
  }

  it('reads files relative to its working directory, and names them as given', async () => {
    const one = await verify(['signed.pdf']);
    expect([one.code, one.stdout.split('\n')[0]]).toEqual([3, 'signed.pdf: INDETERMINATE']);
    const several = await verify(['case', 'signed.pdf', '--json']);
    expect(JSON.parse(several.stdout).files.map((f: { file: string; verdict: string }) => `${f.file} ${f.verdict}`)).toEqual([
      `${join('case', 'annex', 'copy.pdf')} indeterminate`,
      'signed.pdf indeterminate',
    ]);
  });

  it('uses the CRL saved in the CA file without loading a key, and leaves the file as it was', async () => {
    const before = readFileSync(sample.caFile, 'utf8');
    expect(developmentCaStateFromJson(before).lastCrlDer).toBeDefined();
    // Keys that cannot be loaded: verification must not need them while the saved CRL is current.
    const keyless = deploymentWith('keyless', (json) => {
      json.rootKeyPem = 'not a key';
      json.issuingKeyPem = 'not a key';
    });
    const result = await verify(['signed.pdf'], keyless);
    expect(result.code).toBe(3);
    expect(signerCertificateCheck((await verify(['signed.pdf', '--json'], keyless)).stdout)).toBe('pass'); // revocation judged
    expect(readFileSync(sample.caFile, 'utf8')).toBe(before);
  });

  it('signs a new CRL from the keys when the saved one is past its next update, or absent', async () => {
    const state = developmentCaStateFromJson(readFileSync(sample.caFile, 'utf8'));
    const longAgo = new Date(Date.now() - 2 * state.crlValidityMs);
    const expired = await DevelopmentCertificateAuthority.fromState(state, { clock: () => longAgo }).currentCrl();
    expect(expired.nextUpdate!.getTime()).toBeLessThan(Date.now());
    for (const dataDir of [
      deploymentWith('stale', (json) => (json.lastCrl = Buffer.from(expired.der).toString('base64'))),
      deploymentWith('no-crl', (json) => delete json.lastCrl),
    ]) {
      const result = await verify(['signed.pdf', '--json'], dataDir);
      expect(result.code).toBe(3); // only the ledger (left out) is unknown: revocation was judged
      expect(signerCertificateCheck(result.stdout)).toBe('pass');
    }
  });

  it('fails a revoked seal, also when the file still holds a CRL signed before the revocation', async () => {
    const oldCrl = developmentCaStateFromJson(readFileSync(sample.caFile, 'utf8')).lastCrlDer!;
    // Compromised before the document was signed.
    await sample.ca.revoke(sample.holder.serialNumber, 'keyCompromise', sample.holder.notBefore);
    const revoked = join(dir, 'revoked');
    mkdirSync(join(revoked, 'ca'), { recursive: true });
    saveDevelopmentCa(join(revoked, 'ca', 'development-ca.json'), sample.ca);
    const result = await verify(['signed.pdf', '--json'], revoked);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).problems).toContain('CERT_REVOKED');

    // The CRL from before the revocation, still within its nextUpdate, put back beside the revocation record.
    const withOldCrl = join(dir, 'revoked-old-crl');
    mkdirSync(join(withOldCrl, 'ca'), { recursive: true });
    const state = { ...sample.ca.exportState(), lastCrlDer: oldCrl };
    writeFileSync(join(withOldCrl, 'ca', 'development-ca.json'), developmentCaStateToJson(state));
    const again = await verify(['signed.pdf', '--json'], withOldCrl);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).problems).toContain('CERT_REVOKED');
  });
});
