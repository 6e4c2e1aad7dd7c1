import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  SealError,
  configureSm2VerifyCache,
  isSealError,
  parseProofBundle,
  verifySignedDocument,
  type PdfVerificationReport,
  type ProofBundle,
  type VerificationLedger,
  type Verdict,
} from '@eseal/core/verifier';
import type { LedgerClient } from '../../ledger';
import type { CliCommand, CliIo } from '../cli-command';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatVerificationReport } from './verify-format';
import { expandVerifyInputs, VERDICT_OF_EXIT, worstExitCode } from './verify-inputs';
import { trustFromFiles } from './verify-trust';

/** Up to this many files, verification is tuned for a short process (see run). */
const FEW_FILES = 10;

/** Exit status per verdict; 2 (unreadable input) is decided before there is a verdict. */
const EXIT_FOR_VERDICT: Readonly<Record<Verdict, ExitCode>> = { VALID: EXIT.OK, INVALID: EXIT.FAILURE, INDETERMINATE: EXIT.INDETERMINATE };

/** Codes meaning "this input cannot be read as a PDF or OFD at all": exit 2, not a verdict on signatures. */
const UNREADABLE = new Set([
  'PDF_MALFORMED',
  'PDF_ENCRYPTED',
  'PDF_TOO_LARGE',
  'PDF_TOO_COMPLEX',
  'OFD_MALFORMED',
  'OFD_TOO_LARGE',
  'OFD_UNSAFE_CONTENT',
]);

/** One file's outcome: its exit code, and the report, or why it could not be read. */
interface FileOutcome {
  file: string;
  exitCode: ExitCode;
  report?: PdfVerificationReport;
  unreadable?: string;
}

/**
 * `seal verify <file|folder>...`: every signature of each PDF or OFD (the format is read from the
 * content) against the trust anchors and the ledger, with no database. One file prints its full
 * report; several (or a folder) print one line each and a summary. Exit 0 VALID, 1 INVALID (a check
 * failed, modified, or not signed), 3 INDETERMINATE (revocation status, the ledger or an anchor
 * unknown), 2 unreadable; for several files, the worst of theirs.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Verify every signature of sealed PDF and OFD documents',
  usage: '<file.pdf|file.ofd|folder>... [--ca FILE] [--crl FILE] [--bundle proof.json] [--trust trust.json] [--json] [--no-ledger]',
  description:
    'Checks each signature revision: the SM2 signature, the seal data and its maker, the certificates at\n' +
    'signing time, the seal status at signing time and the anchor on the ledger, and what changed after it.\n' +
    'The ledger is the one configured by LEDGER (embedded: the block files under LEDGER_DATA_DIR or\n' +
    'DATA_DIR/ledger, read as committed so far, also while a server is running).\n' +
    'A folder stands for every .pdf and .ofd under it. One file prints its full report; several print one\n' +
    'line each and a summary (--json: { files, summary }).\n' +
    'Exit status: 0 VALID, 1 INVALID (or modified, or not signed), 3 INDETERMINATE (revocation\n' +
    'status, ledger or anchor unknown), 2 unreadable input; for several files, the worst of theirs.',
  options: {
    json: { type: 'boolean', description: 'Print the report as JSON' },
    ca: {
      type: 'string',
      multiple: true,
      valueName: 'FILE',
      description:
        'Trusted root CA certificate(s), PEM or DER, or the development CA file (repeatable); default: the local development CA under DATA_DIR',
    },
    crl: {
      type: 'string',
      multiple: true,
      valueName: 'FILE',
      description: 'CRL(s) of the CAs, PEM or DER (repeatable); without one for a certificate its revocation is unknown (exit 3)',
    },
    'no-ledger': { type: 'boolean', description: 'Do not consult the ledger (seal status and anchor checks are skipped)' },
    bundle: {
      type: 'string',
      multiple: true,
      valueName: 'FILE',
      description:
        'Proof bundle(s): v1 from GET /signatures/{id}/proof, v2 from GET /evidence/documents/{sm3}/bundle, checked offline (repeatable)',
    },
    trust: {
      type: 'string',
      valueName: 'FILE',
      description: 'trust.json for v2 proof bundles (default: the local development CA under DATA_DIR)',
    },
  },
  positionals: { min: 1, max: 10_000 },
  async run(args, io) {
    // Paths are the command's, relative to io.cwd (the process's own directory only when run as a process).
    const files = expandVerifyInputs(args.positionals, io.cwd);
    if (files.length === 0) {
      io.stderr(`seal verify: no .pdf or .ofd files in ${args.positionals.join(', ')}\n`);
      return EXIT.USAGE;
    }
    const onlyOne = args.positionals.length === 1 && files.length === 1 && files[0] === args.positionals[0];
    const crls = ((args.values.crl as string[] | undefined) ?? []).map(String);
    // A few files: building the server's verification tables (G's large comb, per-key combs) would cost
    // more than they save before the process exits. A folder of many files keeps them.
    if (files.length <= FEW_FILES) configureSm2VerifyCache({ maxKeys: 0, generatorTable: 'small' });
    const trust = await trustFromFiles(
      ((args.values.ca as string[] | undefined) ?? []).map(String),
      { dataDir: dataDirOf(io), note: (text) => io.stderr(text) },
      crls,
      io.cwd,
    );
    const bundleFiles = ((args.values.bundle as string[] | undefined) ?? []).map(String);
    // The proof-bundle v2 checker loads only when bundles are given.
    const withBundles = bundleFiles.length > 0 ? await import('./verify-with-bundle') : undefined;
    const v2Files = withBundles ? bundleFiles.filter((path) => withBundles.isV2Bundle(path, io.cwd)) : [];
    const bundles = bundleFiles.filter((path) => !v2Files.includes(path)).map((path) => readBundle(path, io.cwd));
    const client = args.values['no-ledger'] ? undefined : await openLedger(io);
    try {
      // Loaded with the ledger only: the ledger view brings the ledger's types and error mapping.
      // Without the service's records a signature's batch comes from a proof bundle given or the ledger's own index.
      const named = new Map(bundles.map((b) => [b.entry.signatureSm3, b.merkle.batchId]));
      const view = client ? await import('../../usecases/signing/ledger-view') : undefined;
      const ledger: VerificationLedger | undefined =
        client && view ? view.verificationLedgerOf(client, view.cliAnchorLocator(client, named)) : undefined;
      const check = (file: string) => verifyFile(file, io.cwd, { trust, ledger, bundles });
      if (onlyOne) {
        const outcome = await check(files[0]!);
        if (!outcome.report) {
          io.stderr(`seal verify: ${outcome.file} cannot be read: ${outcome.unreadable}\n`);
          return outcome.exitCode;
        }
        io.stdout(
          args.values.json ? `${JSON.stringify(outcome.report, null, 2)}\n` : formatVerificationReport(outcome.file, outcome.report),
        );
        if (v2Files.length === 0) return outcome.exitCode;
        // A v2 bundle that does not hold for this file makes the answer INVALID whatever the file says.
        const bundlesHold = withBundles!.checkV2BundlesWithPdf(
          v2Files,
          outcome.report,
          args.values.trust === undefined ? undefined : String(args.values.trust),
          io,
          dataDirOf(io),
          Boolean(args.values.json),
        );
        return bundlesHold ? outcome.exitCode : EXIT.FAILURE;
      }
      const outcomes: FileOutcome[] = [];
      for (const file of files) {
        const outcome = await check(file);
        outcomes.push(outcome);
        if (!args.values.json)
          io.stdout(
            `${outcome.report ? formatVerificationReport(file, outcome.report).split('\n')[0] : `${file}: UNREADABLE: ${outcome.unreadable}`}\n`,
          );
      }
      const summary = summarise(outcomes);
      if (args.values.json) {
        const listed = outcomes.map(({ file, exitCode, report, unreadable }) => ({
          file,
          exitCode,
          verdict: VERDICT_OF_EXIT[exitCode],
          ...(report ? { report } : { unreadable }),
        }));
        io.stdout(`${JSON.stringify({ files: listed, summary }, null, 2)}\n`);
      } else {
        io.stdout(
          `${summary.files} files: ${Object.entries(summary.verdicts)
            .map(([verdict, count]) => `${count} ${verdict}`)
            .join(', ')}\n`,
        );
      }
      return worstExitCode(outcomes.map((o) => o.exitCode)) as ExitCode;
    } finally {
      await client?.close();
    }
  },
};

async function verifyFile(file: string, cwd: string, options: Parameters<typeof verifySignedDocument>[1]): Promise<FileOutcome> {
  let document: Uint8Array;
  try {
    document = new Uint8Array(readFileSync(resolve(cwd, file)));
  } catch (error) {
    return { file, exitCode: EXIT.USAGE, unreadable: `cannot read it: ${(error as Error).message}` };
  }
  try {
    const report = await verifySignedDocument(document, options);
    return { file, exitCode: EXIT_FOR_VERDICT[report.verdict], report };
  } catch (error) {
    if (isSealError(error) && UNREADABLE.has(error.code)) {
      return {
        file,
        exitCode: EXIT.USAGE,
        unreadable: `not a readable ${error.code.startsWith('OFD_') ? 'OFD' : 'PDF'}: ${error.code}: ${error.message}`,
      };
    }
    throw error;
  }
}

function summarise(outcomes: readonly FileOutcome[]): { files: number; verdicts: Record<string, number> } {
  const verdicts: Record<string, number> = {};
  for (const { exitCode } of outcomes) {
    const verdict = VERDICT_OF_EXIT[exitCode] ?? `exit ${exitCode}`;
    verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
  }
  return { files: outcomes.length, verdicts };
}

/**
 * A ledger that cannot be reached is not a reason to stop, nor to pass: the report then says the
 * seal status and anchors are unknown (INDETERMINATE, exit 3), and this says why, loudly. The ledger
 * module loads only when a check needs it (`--no-ledger` skips it and its start-up cost).
 */
async function openLedger(io: CliIo): Promise<LedgerClient | undefined> {
  try {
    const { openCliLedger } = await import('./cli-ledger');
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
function readBundle(path: string, cwd: string): ProofBundle {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `cannot read proof bundle ${path}`, { cause });
  }
  try {
    return parseProofBundle(JSON.parse(text));
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `${path} is not a proof bundle: ${(cause as Error).message}`, { cause });
  }
}
