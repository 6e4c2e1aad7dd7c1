import { SealError } from '../errors';

/**
 * What to draw. ROUND is the official (unit) seal: unit name along the upper arc, a star, the seal's
 * name below it, the seal code at the bottom. RECTANGLE and OVAL are personal (position) seals that
 * carry a person's name.
 */
export interface RoundImprintSpec {
  readonly shape: 'ROUND';
  /** e.g. 天津某某科技有限公司, drawn clockwise along the upper arc. */
  readonly unitName: string;
  /** e.g. 合同专用章; empty for a legal-name seal, which shows only the star. */
  readonly sealName?: string;
  /** The public-security seal code (印章编码), small at the bottom. */
  readonly sealCode?: string;
  /** Outer diameter; 42 mm is the usual size of a unit's official seal. */
  readonly diameterMm?: number;
}

export interface PersonalImprintSpec {
  readonly shape: 'RECTANGLE' | 'OVAL';
  readonly personName: string;
  /** Appended to the name, as on engraved personal seals (张三印). Empty string for none. */
  readonly suffix?: string;
  readonly widthMm?: number;
  readonly heightMm?: number;
}

export type ImprintSpec = RoundImprintSpec | PersonalImprintSpec;

export const DEFAULT_ROUND_DIAMETER_MM = 42;
const MAX_NAME_CHARS = 40;

function invalid(field: string, message: string): SealError {
  return new SealError('VALIDATION_FAILED', `imprint ${field} ${message}`, { details: { field } });
}

function checkText(value: string, field: string, max: number, allowEmpty = false): void {
  const length = [...value.trim()].length;
  if (!allowEmpty && length === 0) throw invalid(field, 'is required');
  if (length > max) throw invalid(field, `is longer than ${max} characters`);
  // Control characters would vanish or break the drawing; a seal must show exactly what was approved.
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(field, 'contains control characters');
}

function checkSize(value: number | undefined, field: string, min: number, max: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min && value <= max)) {
    throw invalid(field, `must be between ${min} and ${max} mm`);
  }
}

/** Refuses specs that would draw something other than what was asked for. */
export function validateImprintSpec(spec: ImprintSpec): void {
  if (spec.shape === 'ROUND') {
    checkText(spec.unitName, 'unitName', MAX_NAME_CHARS);
    checkText(spec.sealName ?? '', 'sealName', 12, true);
    if (spec.sealCode !== undefined && !/^[0-9A-Za-z-]{1,24}$/.test(spec.sealCode)) {
      throw invalid('sealCode', 'must be 1-24 letters, digits or hyphens');
    }
    checkSize(spec.diameterMm, 'diameterMm', 20, 80);
    return;
  }
  if (spec.shape !== 'RECTANGLE' && spec.shape !== 'OVAL') throw invalid('shape', 'must be ROUND, RECTANGLE or OVAL');
  checkText(spec.personName, 'personName', 12);
  checkText(spec.suffix ?? '', 'suffix', 3, true);
  checkSize(spec.widthMm, 'widthMm', 8, 80);
  checkSize(spec.heightMm, 'heightMm', 5, 80);
}
