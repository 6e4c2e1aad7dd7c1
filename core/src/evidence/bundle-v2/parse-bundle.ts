import type { AnchorEntryFacts } from '../proof-bundle';
import type {
  BundleLedger,
  BundleSealHistory,
  BundleSignature,
  BundleSubject,
  CourtReceipt,
  LedgerAttestation,
  ProofBundleV2,
} from './bundle-types';
import { array, base64, hex, isoTime, malformed, natural, objectWithKeys, text } from './strict-json';

/** Generous bounds that keep a hostile bundle from costing more than a large real one. */
const MAX_SIGNATURES = 1000;
const MAX_HISTORY = 1000;
/** A Fabric block as base64: 12 MB of block, far above the orderer's preferred block size (512 KB locally). */
const MAX_BLOCK_BASE64 = 1 << 24;
/** An endorsed GetEvidence envelope: the record and a few endorsers' certificates, far below 64 KB. */
const MAX_COURT_ENDORSEMENT_BASE64 = 1 << 16;
/** An SES_Signature holds the seal and its picture: 1 MB of base64 is far above a real one. */
const MAX_SES_SIGNATURE_BASE64 = 1 << 20;

/** Reads an uploaded (JSON-parsed) value as a v2 bundle; BUNDLE_MALFORMED names the first bad field. */
export function parseProofBundleV2(value: unknown): ProofBundleV2 {
  const o = objectWithKeys(value, 'bundle', ['format', 'version', 'subject', 'ledger', 'signatures', 'seals']);
  if (o.format !== 'eseal.proof-bundle') throw malformed('format', 'expected "eseal.proof-bundle"');
  if (o.version !== 2) throw malformed('version', 'expected 2');
  return {
    format: 'eseal.proof-bundle',
    version: 2,
    subject: subject(o.subject),
    ledger: ledger(o.ledger),
    signatures: array(o.signatures, 'signatures', MAX_SIGNATURES, signature),
    seals: array(o.seals, 'seals', MAX_SIGNATURES, sealHistory),
  };
}

function subject(value: unknown): BundleSubject {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'document')
    return { kind, documentSm3: hex(objectWithKeys(value, 'subject', ['kind', 'documentSm3']).documentSm3, 'subject.documentSm3', 32) };
  if (kind === 'seal') return { kind, sealId: text(objectWithKeys(value, 'subject', ['kind', 'sealId']).sealId, 'subject.sealId', 128) };
  throw malformed('subject.kind', 'expected "document" or "seal"');
}

function ledger(value: unknown): BundleLedger {
  const o = objectWithKeys(value, 'ledger', ['kind', 'channel'], ['nodeCertificate']);
  if (o.kind !== 'embedded' && o.kind !== 'fabric') throw malformed('ledger.kind', 'expected "embedded" or "fabric"');
  const out: BundleLedger = { kind: o.kind, channel: text(o.channel, 'ledger.channel', 128) };
  if (o.kind === 'embedded') out.nodeCertificate = base64(o.nodeCertificate, 'ledger.nodeCertificate', 16384);
  else if (o.nodeCertificate !== undefined) throw malformed('ledger.nodeCertificate', 'only for the embedded ledger');
  return out;
}

function entry(value: unknown, field: string): AnchorEntryFacts {
  const o = objectWithKeys(value, field, ['recordId', 'sealId', 'signedAt', 'signatureSm3', 'documentSm3']);
  return {
    recordId: text(o.recordId, `${field}.recordId`, 128),
    sealId: text(o.sealId, `${field}.sealId`, 128),
    signedAt: isoTime(o.signedAt, `${field}.signedAt`),
    signatureSm3: hex(o.signatureSm3, `${field}.signatureSm3`, 32),
    documentSm3: hex(o.documentSm3, `${field}.documentSm3`, 32),
  };
}

function signature(value: unknown, field: string): BundleSignature {
  const o = objectWithKeys(value, field, ['entry', 'merkle', 'anchor'], ['courtReceipts', 'timeStampToken', 'sesSignature']);
  const m = objectWithKeys(o.merkle, `${field}.merkle`, ['batchId', 'leafIndex', 'treeSize', 'path', 'root']);
  const out: BundleSignature = {
    entry: entry(o.entry, `${field}.entry`),
    merkle: {
      batchId: text(m.batchId, `${field}.merkle.batchId`, 128),
      leafIndex: natural(m.leafIndex, `${field}.merkle.leafIndex`),
      treeSize: natural(m.treeSize, `${field}.merkle.treeSize`),
      path: array(m.path, `${field}.merkle.path`, 64, (h, f) => hex(h, f, 32)),
      root: hex(m.root, `${field}.merkle.root`, 32),
    },
    anchor: attestation(o.anchor, `${field}.anchor`),
  };
  if (o.courtReceipts !== undefined) out.courtReceipts = array(o.courtReceipts, `${field}.courtReceipts`, 16, courtReceipt, 1);
  if (o.timeStampToken !== undefined) out.timeStampToken = base64(o.timeStampToken, `${field}.timeStampToken`, 65536);
  if (o.sesSignature !== undefined) out.sesSignature = base64(o.sesSignature, `${field}.sesSignature`, MAX_SES_SIGNATURE_BASE64);
  // The token alone proves nothing about this entry: it comes with the signature that holds it.
  if ((out.timeStampToken === undefined) !== (out.sesSignature === undefined))
    throw malformed(`${field}.sesSignature`, 'carried exactly when timeStampToken is');
  return out;
}

function sealHistory(value: unknown, field: string): BundleSealHistory {
  const o = objectWithKeys(value, field, ['sealId', 'history'], ['current']);
  const out: BundleSealHistory = {
    sealId: text(o.sealId, `${field}.sealId`, 128),
    history: array(o.history, `${field}.history`, MAX_HISTORY, attestation, 1),
  };
  if (o.current !== undefined) {
    const c = objectWithKeys(o.current, `${field}.current`, ['kind', 'envelope']);
    if (c.kind !== 'fabric-endorsed-query') throw malformed(`${field}.current.kind`, 'expected "fabric-endorsed-query"');
    out.current = { kind: c.kind, envelope: base64(c.envelope, `${field}.current.envelope`, MAX_BLOCK_BASE64) };
  }
  return out;
}

export function attestation(value: unknown, field: string): LedgerAttestation {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'embedded-block') {
    const o = objectWithKeys(value, field, ['kind', 'statement', 'signature']);
    return { kind, statement: text(o.statement, `${field}.statement`, 1 << 20), signature: hex(o.signature, `${field}.signature`) };
  }
  if (kind === 'fabric-transaction') {
    const o = objectWithKeys(value, field, ['kind', 'txId', 'block']);
    return { kind, txId: hex(o.txId, `${field}.txId`, 32), block: base64(o.block, `${field}.block`, MAX_BLOCK_BASE64) };
  }
  throw malformed(`${field}.kind`, 'expected "embedded-block" or "fabric-transaction"');
}

function courtReceipt(value: unknown, field: string): CourtReceipt {
  const o = objectWithKeys(value, field, ['chain', 'evidenceId', 'receipt'], ['txHash', 'blockHeight', 'signature', 'batch', 'block']);
  const out: CourtReceipt = {
    chain: text(o.chain, `${field}.chain`, 64),
    evidenceId: text(o.evidenceId, `${field}.evidenceId`, 256),
    receipt: base64(o.receipt, `${field}.receipt`, 65536),
  };
  if (o.txHash !== undefined) out.txHash = text(o.txHash, `${field}.txHash`, 256);
  if (o.blockHeight !== undefined) out.blockHeight = natural(o.blockHeight, `${field}.blockHeight`);
  // An SM2 signature is short; a Fabric court's endorsed query carries its peers' certificates.
  if (o.signature !== undefined) out.signature = base64(o.signature, `${field}.signature`, MAX_COURT_ENDORSEMENT_BASE64);
  if (o.batch !== undefined) {
    const b = objectWithKeys(o.batch, `${field}.batch`, ['root', 'leafIndex', 'treeSize', 'path']);
    out.batch = {
      root: hex(b.root, `${field}.batch.root`, 32),
      leafIndex: natural(b.leafIndex, `${field}.batch.leafIndex`),
      treeSize: natural(b.treeSize, `${field}.batch.treeSize`),
      path: array(b.path, `${field}.batch.path`, 64, (h, f) => hex(h, f, 32)),
    };
  }
  if (o.block !== undefined) out.block = base64(o.block, `${field}.block`, MAX_BLOCK_BASE64);
  return out;
}
