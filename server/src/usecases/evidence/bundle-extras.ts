import { courtReceiptSignedBytes, decodeSesSignature, type BundleSignature, type CourtReceipt } from '@eseal/core';
import type { RelayDoc } from '../../relay';
import type { SigningRecordDoc } from '../../store/signing';

/** The relays of an anchored batch, one per court chain (the relay store's index on subject.batchId serves it). */
export type RelaysOfBatch = (batchId: string) => Promise<readonly RelayDoc[]>;

/**
 * The court chains' receipts of a batch, as a bundle carries them: the receipt's bytes and the court's
 * signature (an SM2 court chain) or its peers' endorsement and the block of its transaction (a court's
 * Fabric channel), so `seal verify-bundle` checks them against trust.json's court keys or court Fabric
 * organisations. Only confirmed relays have a receipt.
 */
export function bundleCourtReceipts(relays: readonly RelayDoc[]): CourtReceipt[] {
  return relays.flatMap((relay) => {
    const r = relay.receipt;
    if (relay.state !== 'CONFIRMED' || r === undefined) return [];
    return [
      {
        chain: relay.adapterId,
        evidenceId: r.evidenceId,
        txHash: r.txHash,
        blockHeight: r.blockHeight,
        receipt: Buffer.from(courtReceiptSignedBytes(r)).toString('base64'),
        signature: r.signature,
        ...(r.batch !== undefined ? { batch: r.batch } : {}),
        ...(r.block !== undefined ? { block: r.block } : {}),
      },
    ];
  });
}

/** A time-stamped signature's token, with the SES_Signature that holds it (the record keeps the latter only when stamped). */
export function bundleTimeStamp(record: Pick<SigningRecordDoc, 'sesSignature'>): Pick<BundleSignature, 'timeStampToken' | 'sesSignature'> {
  if (record.sesSignature === undefined) return {};
  const token = decodeSesSignature(new Uint8Array(Buffer.from(record.sesSignature, 'base64'))).timeStamp;
  return token === undefined ? {} : { timeStampToken: Buffer.from(token).toString('base64'), sesSignature: record.sesSignature };
}
