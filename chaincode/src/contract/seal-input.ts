import type { ChangeSealInput, IssueSealInput, RenewSealInput, RevokeSealInput } from './model';
import { KEY_COMPROMISE_REASONS, REVOCATION_REASONS, SEAL_KINDS } from './model';
import { ChaincodeError } from './errors';
import { field, onlyFields, parseObject } from './validate';

/** Parses and checks each lifecycle transaction's argument; the result has only known, well-formed fields. */

export function parseIssueInput(raw: string): IssueSealInput {
  const o = parseObject(raw, 'seal');
  onlyFields(o, ['sealId', 'unitId', 'kind', 'imprintSm3', 'certSerial', 'certSm3', 'sesealSm3', 'validFrom', 'validTo'], 'seal');
  const input: IssueSealInput = {
    sealId: field.sealId(o, 'sealId'),
    unitId: field.unitId(o, 'unitId'),
    kind: field.oneOf(o, 'kind', SEAL_KINDS),
    imprintSm3: field.sm3(o, 'imprintSm3'),
    certSerial: field.certSerial(o, 'certSerial'),
    certSm3: field.sm3(o, 'certSm3'),
    sesealSm3: field.sm3(o, 'sesealSm3'),
    validFrom: field.time(o, 'validFrom'),
    validTo: field.time(o, 'validTo'),
  };
  assertWindow(input.validFrom, input.validTo);
  return input;
}

export function parseChangeInput(raw: string): ChangeSealInput {
  const o = parseObject(raw, 'change');
  onlyFields(o, ['sealId', 'reason', 'sesealSm3', 'certSerial', 'certSm3'], 'change');
  const input: ChangeSealInput = {
    sealId: field.sealId(o, 'sealId'),
    reason: field.reasonCode(o, 'reason'),
    sesealSm3: field.optional(o, 'sesealSm3', field.sm3),
    certSerial: field.optional(o, 'certSerial', field.certSerial),
    certSm3: field.optional(o, 'certSm3', field.sm3),
  };
  // A certificate is identified by serial and hash together; one without the other is ambiguous.
  if ((input.certSerial === undefined) !== (input.certSm3 === undefined)) {
    throw new ChaincodeError('VALIDATION_FAILED', 'certSerial and certSm3 must be given together', { field: 'certSerial' });
  }
  if (input.sesealSm3 === undefined && input.certSerial === undefined) {
    throw new ChaincodeError('VALIDATION_FAILED', 'a change needs sesealSm3 or a new certificate', { field: 'sesealSm3' });
  }
  return input;
}

export function parseRenewInput(raw: string): RenewSealInput {
  const o = parseObject(raw, 'renewal');
  onlyFields(o, ['sealId', 'certSerial', 'certSm3', 'sesealSm3', 'validFrom', 'validTo', 'imprintSm3'], 'renewal');
  const input: RenewSealInput = {
    sealId: field.sealId(o, 'sealId'),
    certSerial: field.certSerial(o, 'certSerial'),
    certSm3: field.sm3(o, 'certSm3'),
    sesealSm3: field.sm3(o, 'sesealSm3'),
    validFrom: field.time(o, 'validFrom'),
    validTo: field.time(o, 'validTo'),
    imprintSm3: field.optional(o, 'imprintSm3', field.sm3),
  };
  assertWindow(input.validFrom, input.validTo);
  return input;
}

export function parseRevokeInput(raw: string): RevokeSealInput {
  const o = parseObject(raw, 'revocation');
  onlyFields(o, ['sealId', 'reason', 'compromisedAt'], 'revocation');
  const sealId = field.sealId(o, 'sealId');
  if (typeof o.reason !== 'string' || !(REVOCATION_REASONS as readonly string[]).includes(o.reason)) {
    throw new ChaincodeError('INVALID_REVOCATION_REASON', `reason must be one of ${REVOCATION_REASONS.join(', ')}`, {
      field: 'reason',
    });
  }
  const compromisedAt = field.optional(o, 'compromisedAt', field.time);
  if (compromisedAt !== undefined && !KEY_COMPROMISE_REASONS.includes(o.reason as string)) {
    throw new ChaincodeError('VALIDATION_FAILED', 'compromisedAt is only for a key leak or loss', { field: 'compromisedAt' });
  }
  return { sealId, reason: o.reason as RevokeSealInput['reason'], ...(compromisedAt !== undefined ? { compromisedAt } : {}) };
}

function assertWindow(validFrom: string, validTo: string): void {
  if (Date.parse(validFrom) >= Date.parse(validTo)) {
    throw new ChaincodeError('VALIDATION_FAILED', 'validFrom must be before validTo', { field: 'validTo' });
  }
}
