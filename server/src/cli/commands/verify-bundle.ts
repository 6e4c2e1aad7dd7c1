import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { verifyProofBundleV2 } from '@eseal/core';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { formatBundleVerification } from './bundle-format';
import { bundleTrustFrom } from './bundle-trust-file';

/**
 * `seal verify-bundle bundle.json [--trust trust.json]`: a v2 proof bundle checked offline, with no
 * ledger, database or network: only the trust anchors given.
 */
export const verifyBundleCommand: CliCommand = {
  name: 'verify-bundle',
  summary: 'Check a proof bundle (v2) offline against trust anchors',
  usage: '<bundle.json> [--trust trust.json] [--json]',
  description:
    "Checks each signature's Merkle proof, the ledger node's signed attestation of its batch root and the\n" +
    "seal's attested history (active at signing time), court-chain receipts (an SM2 court key, or a court\n" +
    "organisation's Fabric CA and orderer), and prints each check with the anchor it rests on.\n" +
    'Without --trust, the local development CA under DATA_DIR is trusted (and said so).\n' +
    'Exit status: 0 valid, 1 invalid or not fully checkable, 2 unreadable input.',
  options: {
    trust: {
      type: 'string',
      valueName: 'FILE',
      description: 'trust.json: CA certificates, ledger node certificates, court keys, Fabric and court Fabric organisations',
    },
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = args.positionals[0]!;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8'));
    } catch (error) {
      io.stderr(`seal verify-bundle: cannot read ${file} as JSON: ${(error as Error).message}\n`);
      return EXIT.USAGE;
    }
    const trustPath = args.values.trust === undefined ? undefined : resolve(io.cwd, String(args.values.trust));
    const trust = bundleTrustFrom(trustPath, {
      dataDir: resolve(io.cwd, io.env.DATA_DIR || '.data'),
      note: (text) => io.stderr(`seal verify-bundle: ${text}`),
    });
    const result = verifyProofBundleV2(value, trust);
    io.stdout(
      args.values.json
        ? `${JSON.stringify({ verdict: result.verdict, checks: result.checks }, null, 2)}\n`
        : formatBundleVerification(file, result),
    );
    return result.verdict === 'VALID' ? EXIT.OK : EXIT.FAILURE;
  },
};
