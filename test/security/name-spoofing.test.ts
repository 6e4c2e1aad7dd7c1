/**
 * Attack: a name that reads as another. Unit, person and seal names go into certificate subjects,
 * seal data and imprints; a right-to-left override, an isolate or a zero-width character would make a
 * stored name display as something it is not. Every way a name enters is refused with a coded 400.
 */
import type { Caller } from '../../server/src/access';
import { api } from '../lifecycle/api-helpers';
import { materialsFor, newUscc, person } from '../lifecycle/support/fixtures';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { MAKER, unitAdmin } from '../lifecycle/support/test-caller-guard';
import { makeUsableSeal } from '../signing/support/lifecycle-signing';

let h: Harness;
let http: ReturnType<typeof api>;
beforeAll(async () => {
  h = await startHarness();
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

// Each one makes "天津测试公司" display differently from how it is stored, or not at all.
const SPOOFS: Array<[codePoint: string, character: string]> = [
  ['U+202E', '\u202E'], // right-to-left override
  ['U+2067', '\u2067'], // right-to-left isolate
  ['U+200B', '\u200B'], // zero-width space
  ['U+200D', '\u200D'], // zero-width joiner
  ['U+0007', '\u0007'], // control (bell)
  ['U+FEFF', '\uFEFF'], // byte order mark
];
const spoofed = (character: string) => `天津${character}测试公司`;

function expectRefused(res: { status: number; body: any }, field: string, character: string): void {
  expect([res.status, res.body.error?.code, res.body.error?.details?.field, res.body.error?.details?.character]).toEqual([
    400,
    'VALIDATION_FAILED',
    field,
    character,
  ]);
}

describe('names with control, direction or invisible characters', () => {
  it.each(SPOOFS)('refuses a unit named with %s, and stores nothing', async (codePoint, character) => {
    const before = await h.services.store.models.units.countDocuments({});
    const res = await http.post(MAKER, '/units', {
      name: spoofed(character),
      uscc: newUscc(),
      category: 'ENTERPRISE',
      legalRepresentative: person('张三'),
    });
    expectRefused(res, 'name', codePoint);
    expect(await h.services.store.models.units.countDocuments({})).toBe(before);
  });

  it.each(SPOOFS)('refuses a legal representative named with %s', async (codePoint, character) => {
    const res = await http.post(MAKER, '/units', {
      name: '天津测试公司',
      uscc: newUscc(),
      category: 'ENTERPRISE',
      legalRepresentative: person(`张${character}三`),
    });
    expectRefused(res, 'legalRepresentative.name', codePoint);
  });

  it.each(SPOOFS)('refuses a custodian named with %s on a seal application', async (codePoint, character) => {
    const unit = await http.registerUnit();
    const res = await http.post(MAKER, '/seal-applications', {
      unitId: unit.unitId,
      kind: 'CONTRACT',
      channel: 'IN_PERSON',
      materials: materialsFor('CONTRACT'),
      custodian: person(`李${character}四`),
    });
    expectRefused(res, 'name', codePoint);
  });

  it('refuses a spoofed new seal name and a spoofed incoming custodian', async () => {
    const seal = await makeUsableSeal(h);
    const admin: Caller = unitAdmin(seal.unitId);
    const renamed = await http.post(admin, `/seals/${seal.sealId}/rename`, {
      newName: spoofed('\u202E'),
      channel: 'IN_PERSON',
      materials: [],
    });
    expectRefused(renamed, 'newName', 'U+202E');
    const handover = await http.post(MAKER, `/seals/${seal.sealId}/custodian`, {
      custodian: person('王\u200B五'),
      currentPin: seal.pin,
      newPin: '24681357',
    });
    expectRefused(handover, 'name', 'U+200B');
  });

  it('accepts names with the middle dot and full-width spaces real names use', async () => {
    const res = await http.post(MAKER, '/units', {
      name: '天津　测试公司',
      uscc: newUscc(),
      category: 'ENTERPRISE',
      legalRepresentative: person('阿依古丽·买买提'),
    });
    expect(res.status).toBe(201);
  });
});
