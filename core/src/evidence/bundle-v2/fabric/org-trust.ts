import { type KeyObject, X509Certificate, verify } from 'node:crypto';
import { type ErrorCode, SealError } from '../../../errors';
import { fromPemAll } from '../../../x509/pem';
import { array, malformed, objectWithKeys, text } from '../strict-json';
import type { SerializedIdentity } from './block-messages';

/**
 * What a court trusts of a Fabric network, from trust.json's `fabric` section: each organisation's CA
 * certificates by MSP id, which organisations must have endorsed a transaction (the endorsement policy the
 * network runs, stated by the verifier, not read from the bundle), which organisations order blocks, and
 * the chaincode whose records count.
 */
export interface FabricTrust {
  chaincode: string;
  organisations: Array<{ mspId: string; caCertificates: X509Certificate[] }>;
  endorsement: { allOf: string[] };
  orderers: string[];
}

/** `field` names the section in errors: `trust.fabric`, or a `trust.courtFabric` entry. */
export function parseFabricTrust(value: unknown, field = 'trust.fabric'): FabricTrust {
  const o = objectWithKeys(value, field, ['chaincode', 'organisations', 'endorsement', 'orderers']);
  const organisations = array(o.organisations, `${field}.organisations`, 32, (org, f) => {
    const x = objectWithKeys(org, f, ['mspId', 'caCertificates']);
    return {
      mspId: text(x.mspId, `${f}.mspId`, 128),
      caCertificates: array(x.caCertificates, `${f}.caCertificates`, 16, (pem, g) => x509FromPem(text(pem, g, 65536), g), 1),
    };
  });
  const known = new Set(organisations.map((org) => org.mspId));
  const mspList = (v: unknown, at: string) =>
    array(
      v,
      at,
      32,
      (id, f) => {
        const mspId = text(id, f, 128);
        if (!known.has(mspId)) throw malformed(f, `${mspId} is not one of the trusted organisations`);
        return mspId;
      },
      1,
    );
  const endorsement = objectWithKeys(o.endorsement, `${field}.endorsement`, ['allOf']);
  return {
    chaincode: text(o.chaincode, `${field}.chaincode`, 128),
    organisations,
    endorsement: { allOf: mspList(endorsement.allOf, `${field}.endorsement.allOf`) },
    orderers: mspList(o.orderers, `${field}.orderers`),
  };
}

function x509FromPem(pem: string, field: string): X509Certificate {
  const blocks = fromPemAll(pem).filter((b) => b.label === 'CERTIFICATE');
  if (blocks.length !== 1) throw malformed(field, 'expected one PEM certificate');
  try {
    return new X509Certificate(Buffer.from(blocks[0]!.der));
  } catch {
    throw malformed(field, 'unreadable certificate');
  }
}

export interface TrustedFabricIdentity {
  mspId: string;
  certificate: X509Certificate;
  /** For the report: who the identity is and which trusted CA certified it. */
  anchor: string;
}

/**
 * A Fabric identity (MSP id + certificate) is trusted when its certificate was issued and signed by one of
 * that organisation's trusted CA certificates, was valid at `at`, and carries the node role the check needs
 * (NodeOUs: OU=peer for endorsers, OU=orderer for block signers). Throws `code` otherwise.
 */
export function trustedFabricIdentity(
  identity: SerializedIdentity,
  role: 'peer' | 'orderer',
  trust: FabricTrust,
  at: Date,
  code: ErrorCode,
): TrustedFabricIdentity {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(fromPemAll(identity.certificatePem).find((b) => b.label === 'CERTIFICATE')!.der));
  } catch (cause) {
    throw new SealError(code, `the ${role} certificate of ${identity.mspId} cannot be read`, { cause });
  }
  const name = commonName(certificate);
  const organisation = trust.organisations.find((org) => org.mspId === identity.mspId);
  if (organisation === undefined) throw new SealError(code, `${name} belongs to ${identity.mspId}, which is not a trusted organisation`);
  const issuer = organisation.caCertificates.find((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
  if (issuer === undefined) throw new SealError(code, `${name} is not certified by a trusted CA of ${identity.mspId}`);
  if (
    at < new Date(certificate.validFrom) ||
    at > new Date(certificate.validTo) ||
    at < new Date(issuer.validFrom) ||
    at > new Date(issuer.validTo)
  )
    throw new SealError(code, `${name} (${identity.mspId}) was not valid at ${at.toISOString()}`);
  if (!certificate.subject.split('\n').includes(`OU=${role}`)) throw new SealError(code, `${name} of ${identity.mspId} is not a ${role}`);
  return { mspId: identity.mspId, certificate, anchor: `${identity.mspId} ${role} ${name}, certified by ${commonName(issuer)}` };
}

function commonName(certificate: X509Certificate): string {
  return (
    certificate.subject
      .split('\n')
      .find((line) => line.startsWith('CN='))
      ?.slice(3) ?? certificate.subject
  );
}

/** ECDSA with SHA-256 over `data`, DER signature as Fabric writes it; a signature that is not even DER does not hold. */
export function ecdsaSha256Holds(key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}
