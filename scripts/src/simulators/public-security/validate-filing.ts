/**
 * The simulator's own check of a filing, written independently of our client so it catches what
 * the real service would refuse. Returns the problems found (empty when the record is acceptable).
 */
const ACTIONS = ['MADE', 'CHANGED', 'RENEWED', 'REVOKED'];
const KINDS = [
  'LEGAL_NAME',
  'INTERNAL_DEPARTMENT',
  'BRANCH',
  'CONTRACT',
  'FINANCE',
  'INVOICE',
  'AUDIT',
  'CUSTOMS',
  'LEGAL_REPRESENTATIVE',
  'OPERATOR',
  'PRINCIPAL',
  'FINANCE_PRINCIPAL',
  'AUTHORISED_REPRESENTATIVE',
];
const REVOCATION_REASONS = ['UNIT_DISSOLVED', 'PHYSICAL_SEAL_RETIRED', 'ESEAL_RETIRED', 'KEY_LEAKED', 'SEAL_LOST_OR_STOLEN'];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function usccValid(code: unknown): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(code[i]!);
    if (v < 0) return false;
    sum += v * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= max;
const isTime = (v: unknown): boolean => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v));
const isSm3 = (v: unknown): boolean => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

export function filingProblems(filingId: string, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['body must be a JSON object'];
  const r = body as Record<string, unknown>;
  const unit = (r.unit ?? {}) as Record<string, unknown>;
  const cert = (r.certificate ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  need(r.filingId === filingId, 'filingId must match the URL');
  need(ACTIONS.includes(r.action as string), 'action is not known');
  need(isText(r.sealId, 64), 'sealId is required');
  need(typeof r.sealCode === 'string' && /^\d{13}$/.test(r.sealCode), 'sealCode must be the 13-digit seal code');
  need(usccValid(unit.uscc), 'unit.uscc is not a valid unified social credit code');
  need(isText(unit.name, 100), 'unit.name is required');
  need(KINDS.includes(r.kind as string), 'kind is not known');
  need(isText(r.sealName, 40), 'sealName is required');
  need(isText(cert.serial, 64), 'certificate.serial is required');
  need(
    isTime(cert.notBefore) && isTime(cert.notAfter) && Date.parse(cert.notBefore as string) < Date.parse(cert.notAfter as string),
    'certificate validity is invalid',
  );
  need(isSm3(r.imprintSm3), 'imprintSm3 must be a lower-case SM3 hex digest');
  need(isTime(r.occurredAt), 'occurredAt must be an ISO-8601 time');
  need(isText(r.makerId, 64), 'makerId is required');
  if (r.action === 'REVOKED')
    need(REVOCATION_REASONS.includes(r.revocationReason as string), 'a revocation needs a known revocationReason');
  else need(r.revocationReason === undefined, 'revocationReason is only for REVOKED');
  return problems;
}
