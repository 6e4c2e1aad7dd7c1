/** TEST-ONLY: real seals, real SM2 signatures and real incremental PDF updates for the pipeline tests. */
import { LocalSm2Signer } from '../../crypto/signer';
import { sm3 } from '../../crypto/sm3';
import { signPdf } from '../../pdf';
import { sealImprint } from '../../pdf/__tests__/helpers';
import { makeSeal, makeSesSignature } from '../../seal';
import { type Party, type World, sealInput } from '../../seal/__tests__/fixtures';
import type { LedgerSealView, LedgerSignatureView, VerificationLedger } from '../ledger-port';
import { pdfPropertyInfo } from '../property-info';

export interface TestSeal {
  esID: string;
  der: Uint8Array;
  holder: Party;
}

export async function testSeal(w: World, esID: string, holder: Party = w.holder): Promise<TestSeal> {
  return { esID, der: await makeSeal(sealInput(w, { esID, certs: [holder.cert] })), holder };
}

export async function sealPdf(
  pdf: Uint8Array,
  seal: TestSeal,
  at: Date,
  options: { page?: number; xMm?: number; crossPage?: boolean } = {},
) {
  return signPdf(
    pdf,
    {
      page: options.page ?? 1,
      position: { xMm: options.xMm ?? 20, yMm: 20 },
      imprint: { png: sealImprint(40), widthMm: 30, heightMm: 30 },
      signingTime: at,
      crossPage: options.crossPage,
    },
    (input) =>
      makeSesSignature({
        eseal: seal.der,
        timeInfo: at,
        dataHash: input.sm3,
        propertyInfo: pdfPropertyInfo(input.byteRange),
        signerCert: seal.holder.cert,
        signer: new LocalSm2Signer(seal.holder.key),
      }),
  );
}

/** An in-memory ledger view: the port's real contract, filled by the test as the chaincode would be. */
export class MemoryLedger implements VerificationLedger {
  readonly seals = new Map<string, LedgerSealView>();
  readonly signatures = new Map<string, LedgerSignatureView>();

  activate(esID: string, at: Date, validFrom: Date, validTo: Date, sesealDer?: Uint8Array): this {
    const sesealSm3 = sesealDer ? Buffer.from(sm3(sesealDer)).toString('hex') : undefined;
    this.seals.set(esID, { sealCode: esID, timeline: [{ at, status: 'ACTIVE', validFrom, validTo, txId: 'tx-issue', sesealSm3 }] });
    return this;
  }

  revoke(esID: string, at: Date): this {
    const seal = this.seals.get(esID)!;
    const last = seal.timeline[seal.timeline.length - 1]!;
    this.seals.set(esID, { ...seal, timeline: [...seal.timeline, { ...last, at, status: 'REVOKED', txId: 'tx-revoke' }] });
    return this;
  }

  anchor(container: Uint8Array, revision: Uint8Array, esID: string, signedAt: Date): this {
    const signatureSm3 = Buffer.from(sm3(container)).toString('hex');
    this.signatures.set(signatureSm3, {
      signatureSm3,
      recordId: 'sig_1',
      sealCode: esID,
      signedAt,
      documentSm3: Buffer.from(sm3(revision)).toString('hex'),
      batchId: 'batch_1',
      anchoredAt: new Date(signedAt.getTime() + 60_000),
      txId: 'tx-anchor',
    });
    return this;
  }

  async findSeal(code: string) {
    return this.seals.get(code);
  }

  async findSignature(hash: string) {
    return this.signatures.get(hash);
  }
}
