/**
 * One resident ID number, one name: registering a known number under another name (a typing error
 * or an impersonation) is a coded 409, in the same unit or in another, and two registrations racing
 * under two names cannot both win.
 */
import { api } from './api-helpers';
import { newResidentId, newUscc } from './support/fixtures';
import { MAKER } from './support/test-caller-guard';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness();
  http = api(h.app);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const registerWith = (legalRepresentative: { name: string; idNumber: string }) =>
  http.post(MAKER, '/units', { name: '天津身份测试有限公司', uscc: newUscc(), category: 'ENTERPRISE', legalRepresentative });

describe('same resident ID number, another name', () => {
  it('is 409 IDENTITY_NAME_MISMATCH in another unit, naming neither the person nor the number', async () => {
    const idNumber = newResidentId();
    expect((await registerWith({ name: '周一', idNumber })).status).toBe(201);
    const refused = await registerWith({ name: '周二', idNumber });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'IDENTITY_NAME_MISMATCH']);
    expect(JSON.stringify(refused.body)).not.toContain(idNumber);
    expect(JSON.stringify(refused.body)).not.toContain('周');
    // The same person under the same name is welcome in another unit.
    expect((await registerWith({ name: ' 周一 ', idNumber })).status).toBe(201);
  });

  it('is 409 for a custodian in the unit that already knows the number under another name', async () => {
    const unit = await http.registerUnit();
    const idNumber = newResidentId();
    const first = await http.submit(MAKER, unit.unitId, 'CONTRACT', { custodian: { name: '吴保管', idNumber } });
    expect(first.status).toBe(201);
    const second = await http.submit(MAKER, unit.unitId, 'FINANCE', { custodian: { name: '郑保管', idNumber } });
    expect([second.status, second.body.error?.code]).toEqual([409, 'IDENTITY_NAME_MISMATCH']);
  });

  it('lets exactly one name win when registrations race', async () => {
    const idNumber = newResidentId();
    const names = ['陈甲', '陈乙', '陈丙', '陈丁'];
    const answers = await Promise.all(names.map((name) => registerWith({ name, idNumber })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(Array(3).fill('IDENTITY_NAME_MISMATCH'));
  });
});
