import { createArchivePackage, LocalSm2Signer, SealError, sm3Hex, type ArchiveSigner } from '@eseal/core';
import { auditActor, SYSTEM_CALLER } from '../../access';
import type { ArchiveDoc, ArchivePackageDoc } from '../../store/archive';
import { recordAudit } from '../../store/record-audit';
import { bundleOfChain, signingChainOf } from '../evidence/document-bundle';
import type { ArchiveDeps } from './archive-deps';
import { completeEvidence } from './evidence-completeness';

export type ArchiveOutcome =
  | { outcome: 'PACKAGED' | 'ALREADY_PACKAGED'; archiveId: string; unitId: string; packageSm3: string }
  | { outcome: 'MISSING'; archiveId: string };

/**
 * Packages one archived document; safe to run again at any point. Its steps: the evidence must be
 * complete (else ARCHIVE_EVIDENCE_INCOMPLETE, retried); verify the document with this deployment's
 * trust and ledger (the package's report); gather the CA certificates and current CRL, the proof
 * bundle and the court chains' receipts; write the package signed by the service seal; store it once
 * under the archive id (a unique insert: the first run's package stands); mark the archive READY.
 */
export async function produceArchive(deps: ArchiveDeps, archiveId: string): Promise<ArchiveOutcome> {
  const archive = await deps.archives.load(archiveId);
  if (archive === null) return { outcome: 'MISSING', archiveId };
  const done = await deps.archives.loadPackage(archiveId);
  if (done !== undefined) {
    if (archive.state !== 'READY') await deps.archives.markReady(archiveId, done);
    await auditPackaged(deps, archive, done); // a run that died after storing the package audits it here
    return { outcome: 'ALREADY_PACKAGED', archiveId, unitId: archive.unitId, packageSm3: done.packageSm3 };
  }
  const document = await deps.archives.loadDocument(archiveId);
  if (document === undefined || sm3Hex(document) !== archiveId) {
    throw new SealError('INTERNAL', 'the archived document is not stored under its SM3', { details: { archiveId } });
  }
  const chain = await signingChainOf(deps, archiveId);
  const relays = await completeEvidence(
    deps,
    chain.map((r) => r._id),
  );
  // Whole seconds: the manifest and the signature block carry the same time.
  const createdAt = new Date(Math.floor(deps.clock().getTime() / 1000) * 1000);
  const report = await deps.verify(document);
  // A package keeps its report for good: one made while the ledger was away would say INDETERMINATE forever.
  if (report.ledgerUnavailable !== undefined) {
    throw new SealError('LEDGER_UNAVAILABLE', `the ledger cannot be read to verify the document: ${report.ledgerUnavailable}`);
  }
  const bundle = deps.attestor ? await bundleOfChain(deps.attestor, deps, archiveId, chain) : undefined;
  const unit = await deps.store.units.byId(archive.unitId);
  const caCertificates = deps.ca.chain().map((c) => c.der);
  const receipts = relays.filter((r) => r.state === 'CONFIRMED' && r.receipt).map((r) => ({ courtChain: r.adapterId, ...r.receipt }));
  const pkg = await createArchivePackage({
    document,
    metadata: { title: archive.title, responsible: unit?.name ?? archive.unitId, retention: archive.retention },
    caCertificates,
    crl: (await deps.ca.currentCrl()).der,
    verificationReport: report,
    ...(bundle ? { proofBundle: JSON.parse(JSON.stringify(bundle)) as Record<string, unknown> } : {}),
    courtReceipts: receipts,
    createdAt,
    signer: serviceSealSigner(deps, caCertificates),
  });
  const file: ArchivePackageDoc = {
    _id: archiveId,
    package: Buffer.from(pkg),
    packageSm3: sm3Hex(pkg),
    verdict: report.verdict,
    createdAt,
  };
  const stored = await deps.archives.savePackageOnce(file);
  await deps.archives.markReady(archiveId, stored);
  await auditPackaged(deps, archive, stored);
  return { outcome: 'PACKAGED', archiveId, unitId: archive.unitId, packageSm3: stored.packageSm3 };
}

/** 第二十四条: the archiving is in the hash-chained audit log, once per package (the entry id is the archive's). */
async function auditPackaged(deps: Pick<ArchiveDeps, 'store'>, archive: ArchiveDoc, file: ArchivePackageDoc): Promise<void> {
  await recordAudit(
    deps.store.audit,
    {
      action: 'ARCHIVE_PACKAGED',
      actor: auditActor(SYSTEM_CALLER),
      unitId: archive.unitId,
      at: file.createdAt,
      details: { archiveId: archive._id, recordIds: archive.recordIds, packageSm3: file.packageSm3, verdict: file.verdict },
    },
    `audit_archive_${archive._id}`,
  );
}

/** The package is signed by the platform's official seal: its key, its certificate, then the CA's. */
function serviceSealSigner(deps: Pick<ArchiveDeps, 'serviceSeal'>, caCertificates: readonly Uint8Array[]): ArchiveSigner {
  return { signer: new LocalSm2Signer(deps.serviceSeal.key), certificates: [deps.serviceSeal.certificateDer, ...caCertificates] };
}
