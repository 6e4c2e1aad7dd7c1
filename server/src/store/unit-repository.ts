import type { Model } from 'mongoose';
import { insertOnce } from './ferretdb';
import type { UnitDoc } from './unit.model';

export type NewUnit = Omit<UnitDoc, 'createdAt' | 'updatedAt'>;

/** The `units` collection. */
export interface UnitRepository {
  /** Stores a new unit; undefined when a unit with its USCC is already registered (unique index). */
  register(unit: NewUnit): Promise<UnitDoc | undefined>;
  byId(unitId: string): Promise<UnitDoc | null>;
}

export function unitRepository(units: Model<UnitDoc>): UnitRepository {
  return {
    register: (unit) => insertOnce(units, unit),
    byId: (unitId) => units.findById(unitId).lean<UnitDoc>().exec(),
  };
}
