/**
 * `seal verify-bundle` on a bundle recorded from the local Fabric network whose batch was relayed to the
 * court's own Fabric channel (core's fixture): the court receipt's line names the anchor it rests on, the
 * court organisation's peers and the orderer with their CAs, as a court reads it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../cli-command';
import { runCli } from '../run-cli';

const fixtures = join(__dirname, '../../../../core/src/evidence/bundle-v2/fabric/__fixtures__');
const bundleFile = join(fixtures, 'fabric-court-bundle.json');
const trustFile = join(fixtures, 'fabric-court-trust.json');

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: () => undefined, env: {}, cwd: '.' };
  const code = await runCli(argv, io);
  return { code, stdout: out.join('') };
}

describe('seal verify-bundle with a Fabric court channel receipt', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eseal-court-bundle-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the receipt with the court peers and the orderer it was checked against', async () => {
    const result = await cli(['verify-bundle', bundleFile, '--trust', trustFile]);
    expect(result.stdout).toContain(`${bundleFile}: VALID`);
    expect(result.stdout).toMatch(
      /\[ok {2}\] signatures\[0\]\.courtReceipts\[0\]: court chain court-fabric recorded batch \S+ as evidence [0-9a-f]{64} \(tx [0-9a-f]{64}, height \d+\) at \S+\n {9}against court chain court-fabric: endorsed by CourtMSP peer peer0\.court\.eseal\.local, certified by ca\.court\.eseal\.local; block \d+ signed by OrdererMSP orderer orderer0\.orderer\.eseal\.local, certified by ca\.orderer\.eseal\.local\n/,
    );
    expect(result.code).toBe(0);
  });

  it('says when the trust file names no court organisation for the chain, and when a receipt is tampered with', async () => {
    const trust = JSON.parse(readFileSync(trustFile, 'utf8'));
    delete trust.courtFabric;
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(trust));
    const unnamed = await cli(['verify-bundle', bundleFile, '--trust', join(dir, 'trust.json')]);
    expect(unnamed.stdout).toMatch(
      /\[skip\] signatures\[0\]\.courtReceipts\[0\]: .*names no key or Fabric organisation for court chain court-fabric/,
    );

    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
    bundle.signatures[0].courtReceipts[0].blockHeight += 1;
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
    const tampered = await cli(['verify-bundle', join(dir, 'bundle.json'), '--trust', trustFile]);
    expect(tampered.stdout).toMatch(/\[FAIL\] signatures\[0\]\.courtReceipts\[0\]: .*\(BUNDLE_COURT_RECEIPT_MISMATCH\)/);
    expect(tampered.code).toBe(1);
  });
});
