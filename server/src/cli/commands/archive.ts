import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  checkArchivePackage,
  createArchivePackage,
  isSealError,
  SealError,
  verifySignedDocument,
  type ArchiveCheckReport,
} from '@eseal/core';
import { openDevelopmentCa } from '../../composition/certificate-authority';
import { loadOrCreateArchiveSigner } from '../../composition/archive-signer-identity';
import { readLifecycleSettings } from '../../composition/lifecycle-settings';
import { loadConfig } from '../../config/load-config';
import { trustFromCertificateAuthority } from '../../usecases/signing/adapters/ca-trust';
import { cliAnchorLocator, verificationLedgerOf } from '../../usecases/signing/ledger-view';
import type { CliCommand, CliIo } from '../cli-command';
import { EXIT } from '../exit-codes';
import { openCliLedger } from './cli-ledger';
import { readTrustAnchors } from './verify-trust';

/** The archive command needs no stores: these let loadConfig validate the rest (the KEK, DATA_DIR). */
const UNUSED_STORES = { MONGODB_URI: 'mongodb://127.0.0.1:27017/unused', REDIS_URL: 'redis://127.0.0.1:6379' };
const RETENTIONS = ['PERMANENT', '30Y', '10Y'] as const;

function readInput(io: CliIo, file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(io.cwd, file)));
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', `cannot read ${what} ${file}`, { cause });
  }
}

/**
 * `seal archive create <signed.pdf|ofd>`: the archive package (归档封装包) of a sealed document, made
 * with the local service's CA, its current CRL, the verification report (with the ledger when it can
 * be read) and an optional proof bundle, signed by the service's archive identity.
 */
export const archiveCreateCommand: CliCommand = {
  name: 'archive create',
  summary: 'Package a sealed document for archiving (DA/T 48 XML, SM3 manifest, signed)',
  usage: '<signed.pdf|signed.ofd> [--out FILE] [--bundle proof.json] [--title TEXT] [--responsible TEXT] [--retention PERMANENT|30Y|10Y]',
  description:
    "Writes one XML package holding the document, each signature's seal data, certificates and time-stamp\n" +
    'token, the CA certificates and current CRL, the proof bundle and its court receipts (--bundle), the\n' +
    'verification report and DA/T 46-style metadata, with an SM3 manifest signed by the service.\n' +
    'Uses the development CA and key-encryption key of DATA_DIR. Default output: <input>.eep.xml',
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'Where to write the package' },
    bundle: { type: 'string', valueName: 'FILE', description: 'Proof bundle v2 (JSON) of the document' },
    title: { type: 'string', valueName: 'TEXT', description: 'Title (题名); default: the file name' },
    responsible: { type: 'string', valueName: 'TEXT', description: 'Responsible unit or person (责任者); default: the first seal name' },
    retention: { type: 'string', valueName: 'PERIOD', description: 'Retention (保管期限): PERMANENT (default), 30Y or 10Y' },
    'no-ledger': { type: 'boolean', description: 'Verify without the ledger for the report' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const input = args.positionals[0]!;
    const retention = String(args.values.retention ?? 'PERMANENT');
    if (!(RETENTIONS as readonly string[]).includes(retention)) {
      io.stderr(`seal archive create: --retention must be one of ${RETENTIONS.join(', ')}\n`);
      return EXIT.USAGE;
    }
    const document = readInput(io, input, 'document');
    const bundle = args.values.bundle === undefined ? undefined : parseJson(readInput(io, String(args.values.bundle), 'proof bundle'));
    const config = loadConfig({ ...io.env, ...UNUSED_STORES, DATA_DIR: resolve(io.cwd, io.env.DATA_DIR || '.data') }, { devKekFile: true });
    const caDir = readLifecycleSettings(io.env, { dataDir: config.dataDir }).caDir;
    const { ca } = await openDevelopmentCa(caDir);
    const kek = config.serverKek.reveal();
    const signer = await loadOrCreateArchiveSigner(ca, { dir: caDir, kek });
    kek.fill(0);
    const report = await verifyForArchive(io, document, ca, config.dataDir, args.values['no-ledger'] === true).catch((error: unknown) => {
      // A file that is no PDF or OFD at all is unreadable input (exit 2), like a missing file.
      if (isSealError(error) && /_(MALFORMED|TOO_LARGE|ENCRYPTED|UNSAFE_CONTENT)$/.test(error.code))
        throw new SealError('VALIDATION_FAILED', `${input} cannot be read as a sealed PDF or OFD: ${error.message}`, { cause: error });
      throw error;
    });
    const firstSeal = report.signatures.find((s) => s.sealName)?.sealName;
    const chain = ca.chain();
    const pkg = await createArchivePackage({
      document,
      metadata: {
        title: String(args.values.title ?? input.split('/').pop()),
        responsible: String(args.values.responsible ?? firstSeal ?? 'unknown'),
        retention: retention as (typeof RETENTIONS)[number],
      },
      caCertificates: chain.map((c) => c.der),
      crl: (await ca.currentCrl()).der,
      verificationReport: report,
      ...(bundle ? { proofBundle: bundle as Record<string, unknown> } : {}),
      createdAt: new Date(),
      signer,
    });
    const out = resolve(io.cwd, String(args.values.out ?? `${input}.eep.xml`));
    writeFileSync(out, pkg);
    io.stdout(`Archive package written to ${out} (${pkg.length} bytes; document ${report.verdict} at archiving)\n`);
    return EXIT.OK;
  },
};

async function verifyForArchive(
  io: CliIo,
  document: Uint8Array,
  ca: Parameters<typeof trustFromCertificateAuthority>[0],
  dataDir: string,
  noLedger: boolean,
) {
  const trust = trustFromCertificateAuthority(ca);
  if (noLedger) return verifySignedDocument(document, { trust });
  let ledger;
  try {
    ledger = await openCliLedger(io, dataDir);
  } catch {
    io.stderr('seal archive create: the ledger cannot be read; the report is made without it (INDETERMINATE)\n');
    return verifySignedDocument(document, { trust });
  }
  try {
    return await verifySignedDocument(document, { trust, ledger: verificationLedgerOf(ledger, cliAnchorLocator(ledger)) });
  } finally {
    await ledger.close();
  }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new SealError('VALIDATION_FAILED', 'the proof bundle is not JSON', { cause });
  }
}

/** `seal archive check <package>`: the four properties, each reported with what was found. */
export const archiveCheckCommand: CliCommand = {
  name: 'archive check',
  summary: 'Check an archive package: authenticity, integrity, usability, security',
  usage: '<package.xml> [--ca FILE]... [--json]',
  description:
    'Checks the package for the four properties (四性) and prints each with its findings:\n' +
    "authenticity (the service's signature over the manifest, its certificate, the document's seal signatures\n" +
    'verified offline), integrity (every entity against the SM3 manifest), usability (every entity reads as\n' +
    'what it claims to be), security (no DOCTYPE or entities, plain names, allowed types, SM2/SM3).\n' +
    'Without --ca, the local development CA under DATA_DIR is trusted (and said so).\n' +
    'Exit status: 0 all four hold, 1 some property fails, 2 unreadable input.',
  options: {
    ca: {
      type: 'string',
      multiple: true,
      valueName: 'FILE',
      description: 'Trusted CA certificate(s), PEM or DER, or a development CA file',
    },
    json: { type: 'boolean', description: 'Print the report as JSON' },
  },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const file = args.positionals[0]!;
    const pkg = readInput(io, file, 'archive package');
    const caFiles = ((args.values.ca as string[] | undefined) ?? []).map((p) => resolve(io.cwd, p));
    const { anchors } = readTrustAnchors(caFiles, {
      dataDir: resolve(io.cwd, io.env.DATA_DIR || '.data'),
      note: (text) => io.stderr(`seal archive check: ${text}`),
    });
    const report = await checkArchivePackage(pkg, { trustAnchors: anchors });
    io.stdout(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatArchiveCheck(file, report));
    return report.ok ? EXIT.OK : EXIT.FAILURE;
  },
};

function formatArchiveCheck(file: string, report: ArchiveCheckReport): string {
  const names: Record<string, string> = { authenticity: '真实性', integrity: '完整性', usability: '可用性', security: '安全性' };
  const lines = [`${file}: ${report.ok ? 'all four properties hold' : 'NOT all four properties hold'}`];
  if (report.createdAt)
    lines.push(`  packaged ${report.createdAt} by ${report.signer ?? 'unknown'}; document ${report.documentVerdict ?? 'not verified'}`);
  for (const [name, result] of Object.entries(report.properties)) {
    lines.push(
      `  [${result.ok ? 'ok  ' : 'FAIL'}] ${name} (${names[name]})${result.codes.length > 0 ? `: ${result.codes.join(', ')}` : ''}`,
    );
    for (const finding of result.findings) lines.push(`         ${finding}`);
  }
  return `${lines.join('\n')}\n`;
}
