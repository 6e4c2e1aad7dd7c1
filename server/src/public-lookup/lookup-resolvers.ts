import type { Model } from 'mongoose';
import { findByIdRaw } from '../store/ferretdb';
import {
  lookupKeyId,
  txDocumentKeyId,
  type LookupKeyDoc,
  type ShownEvidence,
  type ShownSignature,
  type ShownTransaction,
} from './lookup-key.model';

export const LOOKUP_BY = ['sm3', 'evidenceNumber', 'txId', 'certificateNumber'] as const;
export type LookupBy = (typeof LOOKUP_BY)[number];

/** What an answer may carry beside its result: only what the document or the evidence itself shows. */
export interface PublicLookupFields {
  signatures?: ShownSignature[];
  transaction?: ShownTransaction;
  evidence?: ShownEvidence;
  certificate?: Record<string, string | number>;
}

export type LookupOutcome = { result: 'NOT_FOUND' } | { result: 'MATCH' | 'MISMATCH'; shown: PublicLookupFields };

/** One way to look something up; the lookup tries the resolver registered for the caller's `by`. */
export interface LookupResolver {
  readonly by: LookupBy;
  resolve(value: string, documentSm3: string | undefined): Promise<LookupOutcome>;
}

/**
 * What the evidence-certificate feature answers for a certificate number: the documents the
 * certificate is about (a supplied documentSm3 must be one of them) and the fields it prints that
 * the public may see.
 */
export interface CertificateForLookup {
  documentSm3s: readonly string[];
  shown: Record<string, string | number>;
}
export type FindCertificateForLookup = (certificateNumber: string) => Promise<CertificateForLookup | null>;

/** Signatures of one document seen from its last: each earlier one produced the document the next was applied to. */
const MAX_CHAIN = 50;

type Keys = Pick<Model<LookupKeyDoc>, 'collection'>;
const key = (keys: Keys, id: string) => findByIdRaw<LookupKeyDoc>(keys as Pick<Model<never>, 'collection'>, id);

async function signatureChain(keys: Keys, last: ShownSignature): Promise<ShownSignature[]> {
  const chain = [last];
  while (chain.length < MAX_CHAIN) {
    const earlier = await key(keys, lookupKeyId('signed', chain[0]!.originalSm3));
    if (!earlier) break;
    chain.unshift(earlier.shown as ShownSignature);
  }
  return chain;
}

/** By the document's SM3: the signed document, else the document as it was before our first signature of it. */
export function documentResolver(keys: Keys): LookupResolver {
  return {
    by: 'sm3',
    async resolve(value, documentSm3) {
      const found = (await key(keys, lookupKeyId('signed', value))) ?? (await key(keys, lookupKeyId('original', value)));
      if (!found) return { result: 'NOT_FOUND' };
      const shown = found.shown as ShownSignature;
      const matches = documentSm3 === undefined || documentSm3 === shown.documentSm3 || documentSm3 === shown.originalSm3;
      return { result: matches ? 'MATCH' : 'MISMATCH', shown: { signatures: await signatureChain(keys, shown) } };
    },
  };
}

/**
 * By the ledger transaction that anchored a batch, with the court chain's receipt of it once one is
 * confirmed; with documentSm3, whether that document is in it.
 */
export function transactionResolver(keys: Keys): LookupResolver {
  return {
    by: 'txId',
    async resolve(value, documentSm3) {
      const found = await key(keys, lookupKeyId('tx', value));
      if (!found) return { result: 'NOT_FOUND' };
      const receipt = await key(keys, lookupKeyId('txevidence', value));
      const shown: PublicLookupFields = {
        transaction: found.shown as ShownTransaction,
        ...(receipt ? { evidence: receipt.shown as ShownEvidence } : {}),
      };
      if (documentSm3 === undefined) return { result: 'MATCH', shown };
      const member = await key(keys, txDocumentKeyId(value, documentSm3));
      return member
        ? { result: 'MATCH', shown: { ...shown, signatures: [member.shown as ShownSignature] } }
        : { result: 'MISMATCH', shown };
    },
  };
}

/** By a court chain's evidence number (存证编号) from a confirmed receipt; with documentSm3, whether it covers that document. */
export function evidenceNumberResolver(keys: Keys): LookupResolver {
  return {
    by: 'evidenceNumber',
    async resolve(value, documentSm3) {
      const found = await key(keys, lookupKeyId('evidence', value));
      if (!found) return { result: 'NOT_FOUND' };
      const evidence = found.shown as ShownEvidence;
      if (documentSm3 === undefined) return { result: 'MATCH', shown: { evidence } };
      // A seal's lifecycle event covers no document; a batch covers the documents anchored in its transaction.
      const member = evidence.subject.kind === 'SIGNATURES' ? await key(keys, txDocumentKeyId(evidence.ledgerTxId, documentSm3)) : null;
      return member
        ? { result: 'MATCH', shown: { evidence, signatures: [member.shown as ShownSignature] } }
        : { result: 'MISMATCH', shown: { evidence } };
    },
  };
}

/** By an evidence certificate's number, through the certificate feature; NOT_FOUND while none is wired. */
export function certificateResolver(find?: FindCertificateForLookup): LookupResolver {
  return {
    by: 'certificateNumber',
    async resolve(value, documentSm3) {
      const found = find ? await find(value) : null;
      if (!found) return { result: 'NOT_FOUND' };
      const matches = documentSm3 === undefined || found.documentSm3s.includes(documentSm3);
      return { result: matches ? 'MATCH' : 'MISMATCH', shown: { certificate: { ...found.shown } } };
    },
  };
}

/** The resolvers of this service; the certificate feature passes its finder when it is wired. */
export function defaultLookupResolvers(keys: Keys, findCertificate?: FindCertificateForLookup): LookupResolver[] {
  return [documentResolver(keys), evidenceNumberResolver(keys), transactionResolver(keys), certificateResolver(findCertificate)];
}
