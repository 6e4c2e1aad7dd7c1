import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Certificate, DevelopmentCertificateAuthority, LocalSm2Signer, Sm2PrivateKey, makeSeal, makeSesSignature, pdfPropertyInfo, renderImprint, saveDevelopmentCa, signPdf,
} from '@eseal/core';
import { samplePdf } from '@eseal/server';
import { REPO_ROOT } from '../local-services';
import type { BenchModule, BenchResult } from './result';

/**
 * cli.verify: wall time of `seal verify` on a small signed PDF (a new process each time, as a court
 * clerk or a script runs it), against `node -e 0` measured in the same run, interleaved. The ledger
 * is left out (--no-ledger): this measures what the command loads and checks, not a ledger's size.
 */
const RUNS = 15;
const SEAL_CLI = join(REPO_ROOT, 'server', 'dist', 'cli', 'seal.js');

/** A signed one-page PDF in `dir`, under a development CA kept where `seal verify` finds it (DATA_DIR/ca). */
export async function signedSample(dir: string): Promise<string> {
  return (await sampleDeployment(dir)).file;
}

/**
 * The same, with what made it: the CA (saved as the running service keeps it, with a current CRL) and
 * the seal holder's certificate, so a test can revoke it.
 */
export async function sampleDeployment(dir: string): Promise<{ file: string; ca: DevelopmentCertificateAuthority; holder: Certificate; caFile: string }> {
  const ca = await DevelopmentCertificateAuthority.create();
  const issue = async (commonName: string, profile: 'signer' | 'seal') => {
    const key = Sm2PrivateKey.generate();
    const certificate = await ca.issue({ subject: { country: 'CN', organization: '天津示例科技有限公司', commonName }, publicKey: key.publicKey, profile, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) });
    return { key, certificate };
  };
  const maker = await issue('电子印章制作（基准）', 'signer');
  const holder = await issue('天津示例科技有限公司合同专用章', 'seal');
  const imprint = renderImprint({ shape: 'ROUND', unitName: '天津示例科技有限公司', sealName: '合同专用章', sealCode: '1201160000001' }, { dpi: 150 });
  const now = new Date();
  const seseal = await makeSeal({
    esID: '1201160000001', vid: 'ESEAL', type: 1, name: '天津示例科技有限公司合同专用章', certs: [holder.certificate.der],
    createDate: now, validStart: holder.certificate.notBefore, validEnd: holder.certificate.notAfter,
    picture: { type: 'PNG', data: imprint.png, width: Math.round(imprint.widthMm), height: Math.round(imprint.heightMm) },
    makerCert: maker.certificate.der, makerSigner: new LocalSm2Signer(maker.key),
  });
  const signed = await signPdf(
    samplePdf(['Benchmark contract', 'One page, one seal.']),
    { page: 1, position: { xMm: 120, yMm: 40 }, imprint: { png: imprint.png, widthMm: imprint.widthMm, heightMm: imprint.heightMm }, signingTime: now, contentsSize: seseal.length + holder.certificate.der.length + 1024 },
    (input) => makeSesSignature({ eseal: seseal, timeInfo: now, dataHash: input.sm3, propertyInfo: pdfPropertyInfo(input.byteRange), signerCert: holder.certificate.der, signer: new LocalSm2Signer(holder.key) }),
  );
  mkdirSync(join(dir, 'ca'));
  await ca.currentCrl(); // the service signs one when it opens its CA and saves it with the state
  const caFile = join(dir, 'ca', 'development-ca.json');
  saveDevelopmentCa(caFile, ca);
  const file = join(dir, 'signed.pdf');
  writeFileSync(file, signed.pdf);
  return { file, ca, holder: holder.certificate, caFile };
}

function wallMs(args: string[], expectExit: number, env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== expectExit) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stdout}${run.stderr}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number) => Math.round(n * 100) / 100;

export const cliBench: BenchModule = {
  name: 'cli',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'eseal-bench-cli-'));
    try {
      const verifyArgs = [SEAL_CLI, 'verify', await signedSample(dir), '--no-ledger'];
      // Without the ledger every check runs but the seal's standing stays unknown: INDETERMINATE, exit 3.
      const verify = () => wallMs(verifyArgs, 3, { DATA_DIR: dir });
      verify(); // warm the file cache, and fail early if the sample does not verify as far as it can
      const ours: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        bare.push(wallMs(['-e', '0'], 0));
        ours.push(verify());
      }
      const value = median(ours);
      const baseline = median(bare);
      return [{
        name: 'cli.verify', value: round(value), unit: 'ms', baseline: { name: 'node -e 0', value: round(baseline) }, ratio: round(baseline / value),
        target: 0.4, note: `median of ${RUNS} interleaved runs; a one-page PDF with one seal, --no-ledger; target at most 2.5x node -e 0`,
      }];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
