import { SealError } from '../../errors';
import type { EmbeddedAttestationStatement } from './bundle-types';
import { hex, isoTime, natural, objectWithKeys, text } from './strict-json';

/**
 * The statement inside a signed attestation. Read only after its signature held, so a failure here is the
 * signer's malformed output, reported as BUNDLE_ATTESTATION_INVALID rather than as a bad upload.
 */
export function readEmbeddedStatement(statementText: string, field: string): EmbeddedAttestationStatement {
  try {
    const o = objectWithKeys(JSON.parse(statementText), field, [
      'type',
      'version',
      'channel',
      'block',
      'head',
      'record',
      'current',
      'attestedAt',
    ]);
    if (o.type !== 'eseal.ledger-attestation' || o.version !== 1) throw new Error('type/version');
    const b = objectWithKeys(o.block, `${field}.block`, ['number', 'hash', 'previousHash', 'txId', 'timestamp', 'fn']);
    const h = objectWithKeys(o.head, `${field}.head`, ['number', 'hash']);
    if (typeof o.record !== 'object' || o.record === null || Array.isArray(o.record)) throw new Error('record');
    if (typeof o.current !== 'boolean') throw new Error('current');
    return {
      type: 'eseal.ledger-attestation',
      version: 1,
      channel: text(o.channel, `${field}.channel`, 128),
      block: {
        number: natural(b.number, `${field}.block.number`),
        hash: hex(b.hash, `${field}.block.hash`, 32),
        previousHash: hex(b.previousHash, `${field}.block.previousHash`, 32),
        txId: hex(b.txId, `${field}.block.txId`, 32),
        timestamp: isoTime(b.timestamp, `${field}.block.timestamp`),
        fn: text(b.fn, `${field}.block.fn`, 64),
      },
      head: { number: natural(h.number, `${field}.head.number`), hash: hex(h.hash, `${field}.head.hash`, 32) },
      record: o.record as Record<string, unknown>,
      current: o.current,
      attestedAt: isoTime(o.attestedAt, `${field}.attestedAt`),
    };
  } catch (cause) {
    throw new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: the signed statement is not an embedded-ledger attestation`, {
      cause,
      details: { field },
    });
  }
}
