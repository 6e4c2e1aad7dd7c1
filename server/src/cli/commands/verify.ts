import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SealError, isSealError, parseProofBundle, verifyPdf, type ProofBundle, type VerificationLedger } from '@eseal/core';
import { checkV2BundlesWithPdf, isV2Bundle } from './verify-with-bundle';
import type { LedgerClient } from '../../ledger';
import { verificationLedgerOf } from '../../usecases/signing/ledger-view';
import type { CliCommand, CliIo } from '../cli-command';
import { EXIT } from '../exit-codes';
import { openCliLedger } from './cli-ledger';
import { formatVerificationReport } from './verify-format';
import { trustFromFiles } from './verify-trust';

/** Codes meaning "this input cannot be read as a PDF at all": exit 2, not a verdict on signatures. */
const UNREADABLE = new Set(['PDF_MALFORMED', 'PDF_ENCRYPTED', 'PDF_TOO_LARGE', 'PDF_TOO_COMPLEX']);

/**
 * `seal verify <file.pdf>`: every signature of the file against the trust anchors and the ledger,
 * with no database. Exit 0 all valid and unmodified, 1 invalid or modified (or not signed), 2 unreadable.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Verify every signature of a sealed PDF',
  usage: '<file.pdf> [--ca FILE] [--bundle proof.json] [--json] [--no-ledger]',
  description:
    'Checks each signature revision: the SM2 signature, the seal data and its maker, the certificates at\n' +
    'signing time, the seal status at signing time and the anchor on the ledger, and what changed after it.\n' +
    'The ledger is the one configured by LEDGER (embedded: the block files under LEDGER_DATA_DIR or\n' +
    'DATA_DIR/ledger, read as committed so far, also while a server is running).\n' +
    'Exit status: 0 valid, 1 invalid or modified, 2 unreadable input.',
  options: {
    json: { type: 'boolean', description: 'Print the report as JSON' },
    ca: { type: 'string', multiple: true, valueName: 'FILE', description: 'Trusted root CA certificate(s), PEM or DER (repeatable); default: the local development CA under DATA_DIR' },
    'no-ledger': { type: 'boolean', description: 'Do not consult the ledger (seal status and anchor checks are skipped)' },
    bundle: { type: 'string', multiple: true, valueName: 'FILE', description: 'Proof bundle(s): v1 from GET /signatures/{id}/proof, v2 from GET /evidence/documents/{sm3}/bundle, checked offline (repeatable)' },
    trust: { type: 'string', valueName: 'FILE', description: 'trust.json for v2 proof bundles (default: the local development CA under DATA_DIR)' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = args.positionals[0]!;
    let pdf: Uint8Array;
    try {
      pdf = new Uint8Array(readFileSync(file));
    } catch (error) {
      io.stderr(`seal verify: cannot read ${file}: ${(error as Error).message}\n`);
      return EXIT.USAGE;
    }
    const trust = trustFromFiles(((args.values.ca as string[] | undefined) ?? []).map(String), { dataDir: dataDirOf(io), note: (text) => io.stderr(text) });
    const bundleFiles = ((args.values.bundle as string[] | undefined) ?? []).map(String);
    const v2Files = bundleFiles.filter((path) => isV2Bundle(path));
    const bundles = bundleFiles.filter((path) => !v2Files.includes(path)).map((path) => readBundle(path));
    const client = args.values['no-ledger'] ? undefined : await openLedger(io);
    try {
      const ledger: VerificationLedger | undefined = client ? verificationLedgerOf(client) : undefined;
      const report = await verifyPdf(pdf, { trust, ledger, bundles });
      io.stdout(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerificationReport(file, report));
      const bundlesHold = checkV2BundlesWithPdf(v2Files, report, args.values.trust === undefined ? undefined : String(args.values.trust), io, dataDirOf(io), Boolean(args.values.json));
      return report.valid && bundlesHold ? EXIT.OK : EXIT.FAILURE;
    } catch (error) {
      if (isSealError(error) && UNREADABLE.has(error.code)) {
        io.stderr(`seal verify: ${file} cannot be read: ${error.code}: ${error.message}\n`);
        return EXIT.USAGE;
      }
      throw error;
    } finally {
      await client?.close();
    }
  },
};

async function openLedger(io: CliIo): Promise<LedgerClient> {
  return openCliLedger(io, dataDirOf(io));
}

/** DATA_DIR as the server reads it (default .data under the working directory). */
function dataDirOf(io: CliIo): string {
  return resolve(io.cwd, io.env.DATA_DIR || '.data');
}

/** A bundle that cannot be read is a usage error (exit 2), not a verdict on the document. */
function readBundle(path: string): ProofBundle {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `cannot read proof bundle ${path}`, { cause });
  }
  try {
    return parseProofBundle(JSON.parse(text));
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `${path} is not a proof bundle: ${(cause as Error).message}`, { cause });
  }
}
