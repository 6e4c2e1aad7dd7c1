import { signMessage, type Sm2Signer } from '../../crypto/signer';
import { sm2Verify } from '../../crypto/sm2';
import type { Sm2PublicKey } from '../../crypto/sm2-keys';
import type { EmbeddedAttestationStatement, EmbeddedBlockAttestation } from './bundle-types';

/** The ledger node's side: sign a statement as the exact JSON text that travels in the bundle. */
export async function signEmbeddedStatement(signer: Sm2Signer, statement: EmbeddedAttestationStatement): Promise<EmbeddedBlockAttestation> {
  const text = JSON.stringify(statement);
  const signature = await signMessage(signer, new Uint8Array(Buffer.from(text, 'utf8')));
  return { kind: 'embedded-block', statement: text, signature: Buffer.from(signature).toString('hex') };
}

export function embeddedSignatureHolds(attestation: EmbeddedBlockAttestation, nodeKey: Sm2PublicKey): boolean {
  return sm2Verify(
    nodeKey,
    new Uint8Array(Buffer.from(attestation.statement, 'utf8')),
    new Uint8Array(Buffer.from(attestation.signature, 'hex')),
  );
}
