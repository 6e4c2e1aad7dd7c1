/**
 * Personal data must never reach a log line in clear (ID numbers, phones), nor credentials. Two
 * layers: pino `redact` paths for the field names we know, and a line filter that masks 18-character
 * resident ID numbers and mainland mobile numbers wherever they appear, because a future log call
 * will not know this list.
 */
const SENSITIVE_FIELDS = [
  'idNumber',
  'residentId',
  'idCard',
  'phone',
  'mobile',
  'password',
  'newPassword',
  'oneTimePassword',
  'accessToken',
  'refreshToken',
  'apiKey',
  'secret',
  'pin',
  'signature',
  'passwordHash',
  'secretHash',
];

export const PERSONAL_DATA_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/** GB 11643 resident ID (17 digits + digit or X) and 11-digit mainland mobile numbers, not inside longer digit runs. */
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

export function maskPersonalText(text: string): string {
  return text
    .replace(RESIDENT_ID, (id) => `${id.slice(0, 3)}***********${id.slice(-4)}`)
    .replace(MOBILE, (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`);
}

/**
 * Wraps a log destination so every written line is masked: catches ID numbers in messages, error
 * texts and request URLs that no redact path names. Runs on the serialized line, never on live objects.
 */
export function maskingDestination(destination: { write(line: string): unknown }): { write(line: string): unknown } {
  return { write: (line: string) => destination.write(maskPersonalText(line)) };
}
