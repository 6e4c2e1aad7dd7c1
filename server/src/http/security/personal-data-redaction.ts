/**
 * Personal data must never reach a log line in clear (ID numbers, phones), nor credentials. Two
 * layers: pino `redact` paths for the field names we know, and a value scrubber for 18-character
 * resident ID numbers and mainland mobile numbers wherever they appear in a logged object, because a
 * future log call will not know this list.
 */
const SENSITIVE_FIELDS = [
  'idNumber', 'residentId', 'idCard', 'phone', 'mobile', 'password', 'newPassword', 'oneTimePassword',
  'accessToken', 'refreshToken', 'apiKey', 'secret', 'pin', 'signature', 'passwordHash', 'secretHash',
];

export const PERSONAL_DATA_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]',
  ...SENSITIVE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/** GB 11643 resident ID (17 digits + digit or X) and 11-digit mainland mobile numbers, not inside longer digit runs. */
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function maskPersonalText(text: string): string {
  return text
    .replace(RESIDENT_ID, (id) => `${id.slice(0, 3)}***********${id.slice(-4)}`)
    .replace(MOBILE, (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`);
}

/** Deep copy with every string masked; depth-limited so a cyclic or huge object cannot stall logging. */
export function scrubPersonalData<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskPersonalText(value) as T;
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrubPersonalData(v, depth + 1)) as T;
  if (Buffer.isBuffer(value) || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubPersonalData(v, depth + 1);
  return out as T;
}
