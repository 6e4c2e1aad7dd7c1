import { SealError } from '../errors';

/** PEM armour (RFC 7468) for certificates and CRLs: base64 lines of 64 characters. */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block in the text, in order, with its label. Text outside blocks (openssl -text output) is ignored. */
export function fromPemAll(text: string): { label: string; der: Uint8Array }[] {
  const out: { label: string; der: Uint8Array }[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const body = m[2].replace(/\s+/g, '');
    // Buffer.from(base64) silently skips junk; a strict check keeps a corrupted file from decoding to garbage.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) {
      throw new SealError('BAD_ASN1', `PEM block "${m[1]}" is not valid base64`);
    }
    out.push({ label: m[1], der: new Uint8Array(Buffer.from(body, 'base64')) });
  }
  return out;
}

/** The DER of the first PEM block with the label (default CERTIFICATE). */
export function fromPem(text: string, label = 'CERTIFICATE'): Uint8Array {
  const block = fromPemAll(text).find((b) => b.label === label);
  if (!block) throw new SealError('BAD_ASN1', `no "${label}" PEM block found`);
  return block.der;
}
