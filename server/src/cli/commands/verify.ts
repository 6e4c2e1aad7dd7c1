import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SealError, isSealError, parseProofBundle, verifySignedDocument, type ProofBundle, type VerificationLedger, type Verdict } from '@eseal/core';
import type { LedgerClient } from '../../ledger';
import { verificationLedgerOf } from '../../usecases/signing/ledger-view';
import type { CliCommand, CliIo } from '../cli-command';
import { EXIT, type ExitCode } from '../exit-codes';
import { openCliLedger } from './cli-ledger';
import { formatVerificationReport } from './verify-format';
import { trustFromFiles } from './verify-trust';

/** Exit status per verdict; 2 (unreadable input) is decided before there is a verdict. */
const EXIT_FOR_VERDICT: Readonly<Record<Verdict, ExitCode>> = { VALID: EXIT.OK, INVALID: EXIT.FAILURE, INDETERMINATE: EXIT.INDETERMINATE };

/** Codes meaning "this input cannot be read as a PDF or OFD at all": exit 2, not a verdict on signatures. */
const UNREADABLE = new Set(['PDF_MALFORMED', 'PDF_ENCRYPTED', 'PDF_TOO_LARGE', 'PDF_TOO_COMPLEX', 'OFD_MALFORMED', 'OFD_TOO_LARGE', 'OFD_UNSAFE_CONTENT']);

/**
 * `seal verify <file.pdf|file.ofd>` (the format is read from the content): every signature of the file against the trust anchors and the ledger,
 * with no database. Exit 0 VALID, 1 INVALID (a check failed, modified, or not signed), 3 INDETERMINATE
 * (revocation status, the ledger or an anchor unknown), 2 unreadable.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Verify every signature of a sealed PDF or OFD',
  usage: '<file.pdf|file.ofd> [--ca FILE] [--crl FILE] [--bundle proof.json] [--json] [--no-ledger]',
  description:
    'Checks each signature revision: the SM2 signature, the seal data and its maker, the certificates at\n' +
    'signing time, the seal status at signing time and the anchor on the ledger, and what changed after it.\n' +
    'The ledger is the one configured by LEDGER (embedded: the block files under LEDGER_DATA_DIR or\n' +
    'DATA_DIR/ledger, read as committed so far, also while a server is running).\n' +
    'Exit status: 0 VALID, 1 INVALID (or modified, or not signed), 3 INDETERMINATE (revocation\n' +
    'status, ledger or anchor unknown), 2 unreadable input.',
  options: {
    json: { type: 'boolean', description: 'Print the report as JSON' },
    ca: { type: 'string', multiple: true, valueName: 'FILE', description: 'Trusted root CA certificate(s), PEM or DER (repeatable); default: the local development CA under DATA_DIR' },
    crl: { type: 'string', multiple: true, valueName: 'FILE', description: 'CRL(s) of the CAs, PEM or DER (repeatable); without one for a certificate its revocation is unknown (exit 3)' },
    'no-ledger': { type: 'boolean', description: 'Do not consult the ledger (seal status and anchor checks are skipped)' },
    bundle: { type: 'string', multiple: true, valueName: 'FILE', description: 'Proof bundle(s) from GET /signatures/{id}/proof, checked offline (repeatable)' },
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
    const crls = ((args.values.crl as string[] | undefined) ?? []).map(String);
    const trust = await trustFromFiles(((args.values.ca as string[] | undefined) ?? []).map(String), { dataDir: dataDirOf(io), note: (text) => io.stderr(text) }, crls);
    const bundles = ((args.values.bundle as string[] | undefined) ?? []).map((path) => readBundle(String(path)));
    const client = args.values['no-ledger'] ? undefined : await openLedger(io);
    try {
      const ledger: VerificationLedger | undefined = client ? verificationLedgerOf(client) : undefined;
      const report = await verifySignedDocument(pdf, { trust, ledger, bundles });
      io.stdout(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerificationReport(file, report));
      return EXIT_FOR_VERDICT[report.verdict];
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

/**
 * A ledger that cannot be reached is not a reason to stop, nor to pass: the report then says the
 * seal status and anchors are unknown (INDETERMINATE, exit 3), and this says why, loudly.
 */
async function openLedger(io: CliIo): Promise<LedgerClient | undefined> {
  try {
    return await openCliLedger(io, dataDirOf(io));
  } catch (error) {
    if (!isSealError(error) || !error.code.startsWith('LEDGER_')) throw error;
    io.stderr(`seal verify: WARNING: the ledger cannot be read (${error.code}: ${error.message}); seal status and anchors are unknown\n`);
    return undefined;
  }
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
