import type { ClientClass, Role } from './caller';

/** Every role held by people (not API clients): used for operations on one's own account. */
const PERSON_ROLES = [
  'PUBLIC_SECURITY_ADMIN',
  'SEAL_MAKER_OPERATOR',
  'UNIT_ADMIN',
  'SEAL_CUSTODIAN',
  'APPROVER',
  'POSITION_SEAL_HOLDER',
  'AUDITOR',
  'COURT',
] as const satisfies readonly Role[];

/**
 * Every operation the service offers, with the roles that may perform it. This table is the
 * authorisation matrix: routes name an operation, use cases check it with `assertAllowed`, and the
 * matrix test calls every endpoint as every role against it.
 */
export const OPERATIONS = {
  'unit.register': ['SEAL_MAKER_OPERATOR', 'PUBLIC_SECURITY_ADMIN'],
  'unit.read': [
    'UNIT_ADMIN',
    'SEAL_CUSTODIAN',
    'APPROVER',
    'POSITION_SEAL_HOLDER',
    'SEAL_MAKER_OPERATOR',
    'PUBLIC_SECURITY_ADMIN',
    'AUDITOR',
  ],
  'application.submit': ['UNIT_ADMIN', 'SEAL_MAKER_OPERATOR'],
  'application.read': ['UNIT_ADMIN', 'SEAL_MAKER_OPERATOR', 'PUBLIC_SECURITY_ADMIN', 'AUDITOR'],
  'application.review': ['SEAL_MAKER_OPERATOR'],
  'seal.make': ['SEAL_MAKER_OPERATOR'],
  'seal.read': [
    'UNIT_ADMIN',
    'SEAL_CUSTODIAN',
    'APPROVER',
    'POSITION_SEAL_HOLDER',
    'SEAL_MAKER_OPERATOR',
    'PUBLIC_SECURITY_ADMIN',
    'AUDITOR',
    'API_CLIENT',
  ],
  'seal.change': ['UNIT_ADMIN', 'SEAL_MAKER_OPERATOR'],
  'seal.renew': ['SEAL_MAKER_OPERATOR'],
  'seal.revoke': ['SEAL_MAKER_OPERATOR', 'PUBLIC_SECURITY_ADMIN'],
  'seal.pin.change': ['SEAL_CUSTODIAN', 'POSITION_SEAL_HOLDER'],
  'use.request': ['SEAL_CUSTODIAN', 'UNIT_ADMIN', 'API_CLIENT'],
  'use.decide': ['APPROVER'],
  'use.read': ['UNIT_ADMIN', 'SEAL_CUSTODIAN', 'APPROVER', 'AUDITOR', 'PUBLIC_SECURITY_ADMIN'],
  'document.sign': ['SEAL_CUSTODIAN', 'POSITION_SEAL_HOLDER', 'API_CLIENT'],
  'document.verify': [
    'COURT',
    'UNIT_ADMIN',
    'SEAL_CUSTODIAN',
    'APPROVER',
    'POSITION_SEAL_HOLDER',
    'SEAL_MAKER_OPERATOR',
    'PUBLIC_SECURITY_ADMIN',
    'AUDITOR',
    'API_CLIENT',
  ],
  'signature.read': ['UNIT_ADMIN', 'SEAL_CUSTODIAN', 'APPROVER', 'POSITION_SEAL_HOLDER', 'PUBLIC_SECURITY_ADMIN', 'AUDITOR', 'API_CLIENT'],
  'evidence.read': ['UNIT_ADMIN', 'SEAL_CUSTODIAN', 'PUBLIC_SECURITY_ADMIN', 'AUDITOR', 'API_CLIENT'],
  /** 存证证书: request one for a document or a seal, follow it, download it (with its proof bundle). Courts join this list. */
  'evidence.certificate': ['UNIT_ADMIN', 'SEAL_CUSTODIAN', 'PUBLIC_SECURITY_ADMIN', 'AUDITOR', 'API_CLIENT'],
  /** 归档: hand a signed document back to be archived, follow and download its package. Courts read through court.evidence.read. */
  'archive.create': ['UNIT_ADMIN', 'SEAL_CUSTODIAN', 'API_CLIENT'],
  'archive.read': ['UNIT_ADMIN', 'SEAL_CUSTODIAN', 'PUBLIC_SECURITY_ADMIN', 'AUDITOR', 'API_CLIENT'],
  'stats.read': ['PUBLIC_SECURITY_ADMIN', 'AUDITOR'],
  'audit.read': ['AUDITOR', 'PUBLIC_SECURITY_ADMIN'],
  'apikey.manage': ['PUBLIC_SECURITY_ADMIN', 'UNIT_ADMIN'],
  'account.manage': ['PUBLIC_SECURITY_ADMIN', 'UNIT_ADMIN'],
  'audit.anchor': ['AUDITOR', 'PUBLIC_SECURITY_ADMIN'],
  'backup.run': ['PUBLIC_SECURITY_ADMIN'],
  /** Court-chain relays: operators watch them and retry dead letters. */
  'relay.read': ['PUBLIC_SECURITY_ADMIN', 'SEAL_MAKER_OPERATOR', 'AUDITOR'],
  'relay.retry': ['PUBLIC_SECURITY_ADMIN', 'SEAL_MAKER_OPERATOR'],
  /**
   * A court reads the records, evidence and proof bundle of a document it was handed, named by the
   * document's SM3 or a court-chain evidence number only (never by internal id or unit): each read is
   * recorded for the document's unit.
   */
  'court.evidence.read': ['COURT'],
  /** The unit (and supervisors) list who read its evidence through the court role. */
  'evidence.reads.list': ['UNIT_ADMIN', 'PUBLIC_SECURITY_ADMIN', 'AUDITOR'],
  /** Webhook subscriptions of a unit's API clients: the unit admin or the API client itself manages them. */
  'webhook.manage': ['UNIT_ADMIN', 'API_CLIENT'],
  /** A signed-in person acting on their own session: sign out, change password, register a second factor. */
  'session.self': PERSON_ROLES,
  /** Changing one's own password: the one thing a session signed in with a one-time password may do. */
  'session.password': PERSON_ROLES,
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof OPERATIONS;

export const OPERATION_NAMES = Object.keys(OPERATIONS) as Operation[];

export function isOperation(value: unknown): value is Operation {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(OPERATIONS, value);
}

/** 第十八条: state organs sign and verify; seal makers also issue; other organisations get basic sign and verify. */
export const CLIENT_CLASS_OPERATIONS: Readonly<Record<ClientClass, readonly Operation[]>> = {
  STATE_ORGAN: [
    'seal.read',
    'use.request',
    'document.sign',
    'document.verify',
    'signature.read',
    'evidence.read',
    'evidence.certificate',
    'archive.create',
    'archive.read',
    'webhook.manage',
  ],
  SEAL_MAKER: [
    'seal.read',
    'seal.make',
    'use.request',
    'document.sign',
    'document.verify',
    'signature.read',
    'evidence.read',
    'evidence.certificate',
    'archive.create',
    'archive.read',
    'webhook.manage',
  ],
  OTHER_ORGANISATION: ['document.sign', 'document.verify', 'signature.read', 'webhook.manage'],
};
