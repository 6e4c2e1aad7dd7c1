/** The API's answers the maker's page reads (GET /seal-applications, POST /seals, GET /filings). */
export interface PersonRef {
  personId: string;
  name: string;
  idNumberMasked: string;
}

export interface Application {
  applicationId: string;
  sealId: string;
  unitId: string;
  kind: string;
  channel: 'IN_PERSON' | 'AGENT';
  status: string;
  sealCode: string;
  displayName: string;
  materials: Array<{ kind: string; sm3: string; fileName?: string }>;
  holder?: PersonRef;
  custodian?: PersonRef;
  agent?: PersonRef;
  rejectionReason?: string;
  createdAt: string;
}

export interface Filing {
  filingId: string;
  sealId: string;
  unitId: string;
  action: string;
  state: 'PENDING' | 'ACKED' | 'FAILED';
  attempts: number;
  ackId?: string;
  filedAt?: string;
  lastError?: string;
  createdAt: string;
}

export interface MadeSeal {
  sealId: string;
  sealCode: string;
  status: string;
  filings: Array<{ filingId: string; state: string }>;
}
