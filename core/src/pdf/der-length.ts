/**
 * Length of the DER SEQUENCE at the start of `bytes` (header + content), or undefined if it does not
 * start with a definite-length SEQUENCE header that fits. SES_Signature and CMS are both SEQUENCEs. Used to strip the zero padding after the container.
 */
export function derElementLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 2 || bytes[0] !== 0x30) return undefined;
  const first = bytes[1];
  if (first < 0x80) return 2 + first <= bytes.length ? 2 + first : undefined;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || bytes.length < 2 + octets) return undefined; // 0x80 is BER indefinite length
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + bytes[2 + i];
  const total = 2 + octets + length;
  return total <= bytes.length ? total : undefined;
}
