import type { UnitDoc } from '../../store';

/** A unit as callers see it: the legal representative masked, never the clear ID number. */
export interface UnitView {
  unitId: string;
  name: string;
  uscc: string;
  category: UnitDoc['category'];
  legalRepresentative: { personId: string; name: string; idNumberMasked: string; phoneMasked?: string };
  createdAt: string;
}

export function unitView(unit: UnitDoc): UnitView {
  return {
    unitId: unit._id,
    name: unit.name,
    uscc: unit.uscc,
    category: unit.category,
    legalRepresentative: {
      personId: unit.legalRepresentativePersonId,
      name: unit.legalRepresentative.nameMasked,
      idNumberMasked: unit.legalRepresentative.idNumberMasked,
      ...(unit.legalRepresentative.phoneMasked === undefined ? {} : { phoneMasked: unit.legalRepresentative.phoneMasked }),
    },
    createdAt: new Date(unit.createdAt).toISOString(),
  };
}
