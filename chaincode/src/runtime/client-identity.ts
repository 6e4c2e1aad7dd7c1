import type { ClientIdentity } from 'fabric-shim-api';

/** The caller as the chaincode sees it: organisation (MSP id), a unique id, and certificate attributes. */
export interface CallerIdentity {
  mspId: string;
  /** Fabric's form is `x509::<subject DN>::<issuer DN>`. */
  id: string;
  attributes?: Record<string, string>;
}

/** ctx.clientIdentity for the embedded runtime; Fabric builds the same facts from the signed proposal. */
export class StaticClientIdentity implements ClientIdentity {
  constructor(private readonly caller: CallerIdentity) {}

  getMSPID(): string {
    return this.caller.mspId;
  }

  getID(): string {
    return this.caller.id;
  }

  getIDBytes(): Uint8Array {
    return Buffer.from(this.caller.id, 'utf8');
  }

  getAttributeValue(attrName: string): string | null {
    return this.caller.attributes?.[attrName] ?? null;
  }

  assertAttributeValue(attrName: string, attrValue: string): boolean {
    return this.getAttributeValue(attrName) === attrValue;
  }
}
