import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { matchBundleToPdf, verifyProofBundleV2, type PdfVerificationReport } from '@eseal/core/verifier';
import type { CliIo } from '../cli-command';
import { formatBundleVerification } from './bundle-format';
import { bundleTrustFrom } from './bundle-trust-file';

/** Whether a bundle file is v2 (checked here) rather than v1 (checked inside verifyPdf). Unreadable files go the v1 way, which reports them. */
export function isV2Bundle(path: string, cwd: string): boolean {
  try {
    return (JSON.parse(readFileSync(resolve(cwd, path), 'utf8')) as { version?: unknown } | null)?.version === 2;
  } catch {
    return false;
  }
}

/**
 * `seal verify doc.pdf --bundle bundle.json` with v2 bundles: each checked offline and matched to the
 * file's signatures; prints what was checked against which anchor. True when every bundle holds.
 */
export function checkV2BundlesWithPdf(
  paths: readonly string[],
  report: PdfVerificationReport,
  trustPath: string | undefined,
  io: CliIo,
  dataDir: string,
  json = false,
): boolean {
  if (paths.length === 0) return true;
  const trust = bundleTrustFrom(trustPath === undefined ? undefined : resolve(io.cwd, trustPath), {
    dataDir,
    note: (text) => io.stderr(`seal verify: ${text}`),
  });
  let allHold = true;
  for (const path of paths) {
    const result = matchBundleToPdf(verifyProofBundleV2(JSON.parse(readFileSync(resolve(io.cwd, path), 'utf8')), trust), report);
    // With --json, stdout holds only the PDF report; the bundle results go to stderr as JSON lines.
    if (json) io.stderr(`${JSON.stringify({ bundle: path, verdict: result.verdict, checks: result.checks })}\n`);
    else io.stdout(`\n${formatBundleVerification(path, result)}`);
    allHold &&= result.verdict === 'VALID';
  }
  return allHold;
}
