/** The API's answers the unit administrator's page reads. */
export interface SealRow {
  sealId: string;
  kind: string;
  status: string;
  sealCode: string;
  sealName: string;
  custodian?: { personId: string; name: string; idNumberMasked: string };
  certificate?: { notAfter: string };
}

export interface AccountRow {
  accountId: string;
  username: string;
  roles: string[];
  personId?: string;
  mustChangePassword: boolean;
  disabled: boolean;
}

export interface ApiKeyRow {
  keyId: string;
  name: string;
  clientClass: string;
  scopes: string[];
  status: 'ACTIVE' | 'REVOKED';
  expiresAt: string;
}

export interface RecordRow {
  recordId: string;
  sealCode: string;
  sealKind: string;
  signerId: string;
  signedAt: string;
  pages: number[];
  documentSm3After: string;
  anchor: { state: string; txId?: string };
}

export interface Person {
  personId: string;
  name: string;
  idNumberMasked: string;
}
