import { accessPolicyFromEnv } from './access-policy';
import type { SealRecord } from './model';
import {
  ContractHarness,
  MAKER,
  MAKER_ANCHOR_ONLY,
  MAKER_NO_ROLE,
  OUTSIDER,
  POLICE,
  POLICE_NO_ROLE,
  failure,
  hex,
  sealInput,
} from '../__tests__/harness';
import type { CallerIdentity } from '../runtime/client-identity';
import { batchRoot } from './batch-root';

/** Each write, tried by each kind of caller; the expectation is the whole access table. */
const WRITES: Record<string, { fcn: string; arg: (id: string) => unknown; at?: string }> = {
  issue: { fcn: 'IssueSeal', arg: (id) => sealInput(id) },
  change: { fcn: 'ChangeSeal', arg: (id) => ({ sealId: id, reason: 'UNIT_INFO_CHANGED', sesealSm3: hex('changed') }) },
  renew: {
    fcn: 'RenewSeal',
    at: '2026-12-20T00:00:00.000Z',
    arg: (id) => ({
      sealId: id,
      certSerial: 'aa',
      certSm3: hex('c2'),
      sesealSm3: hex('s2'),
      validFrom: '2026-12-20T00:00:00.000Z',
      validTo: '2028-01-01T00:00:00.000Z',
    }),
  },
  revoke: { fcn: 'RevokeSeal', arg: (id) => ({ sealId: id, reason: 'ESEAL_RETIRED' }) },
  anchor: {
    fcn: 'AnchorBatch',
    arg: (id) => {
      const entries = [
        {
          recordId: `r-${id}`,
          sealId: 'EXISTING',
          signedAt: '2026-01-09T00:00:00.000Z',
          signatureSm3: hex(`sig-${id}`),
          documentSm3: hex('doc'),
        },
      ];
      return { batchId: `b-${id}`, root: batchRoot(entries), entries };
    },
  },
};

const CALLERS: Record<string, CallerIdentity> = { MAKER, MAKER_NO_ROLE, MAKER_ANCHOR_ONLY, POLICE, POLICE_NO_ROLE, OUTSIDER };

const ALLOWED: Record<string, string[]> = {
  MAKER: ['issue', 'change', 'renew', 'revoke', 'anchor'],
  MAKER_NO_ROLE: [],
  MAKER_ANCHOR_ONLY: ['anchor'],
  POLICE: ['revoke'],
  POLICE_NO_ROLE: [],
  OUTSIDER: [],
};

async function harnessWithSeal(): Promise<ContractHarness> {
  const h = new ContractHarness();
  await h.submit('IssueSeal', [sealInput('EXISTING')], { at: '2026-01-05T00:00:00.000Z' });
  await h.submit('IssueSeal', [sealInput('TARGET')], { at: '2026-01-05T00:00:00.000Z' });
  return h;
}

describe('access control', () => {
  const cases = Object.keys(CALLERS).flatMap((caller) => Object.keys(WRITES).map((action) => [caller, action] as const));

  it.each(cases)('%s / %s', async (caller, action) => {
    const h = await harnessWithSeal();
    const write = WRITES[action]!;
    const target = action === 'issue' ? 'NEW-SEAL' : 'TARGET';
    const call = h.submit(write.fcn, [write.arg(target)], { as: CALLERS[caller], at: write.at });
    if (ALLOWED[caller]!.includes(action)) {
      await expect(call).resolves.toBeDefined();
    } else {
      const err = await failure(call);
      expect(err.code).toBe('LEDGER_ACCESS_DENIED');
    }
  });

  it('opens reads to any channel member', async () => {
    const h = await harnessWithSeal();
    const seal = await h.evaluate<SealRecord>('GetSeal', ['TARGET'], { as: OUTSIDER });
    expect(seal.sealId).toBe('TARGET');
  });

  it('can trust whole organisations when no role attribute is configured', async () => {
    const h = new ContractHarness({ makerMspIds: ['MakerMSP'], regulatorMspIds: ['PublicSecurityMSP'], roleAttribute: null });
    await h.submit('IssueSeal', [sealInput('S-1')], { as: MAKER_NO_ROLE });
    await h.submit('RevokeSeal', [{ sealId: 'S-1', reason: 'KEY_LEAKED' }], { as: POLICE_NO_ROLE });
    expect((await failure(h.submit('IssueSeal', [sealInput('S-2')], { as: POLICE_NO_ROLE }))).code).toBe('LEDGER_ACCESS_DENIED');
  });

  it('reads the policy from the chaincode environment', () => {
    expect(accessPolicyFromEnv({})).toEqual({
      makerMspIds: ['MakerMSP'],
      regulatorMspIds: ['PublicSecurityMSP'],
      roleAttribute: 'eseal.role',
    });
    expect(accessPolicyFromEnv({ ESEAL_MAKER_MSPS: 'M1MSP, M2MSP', ESEAL_REGULATOR_MSPS: '', ESEAL_ROLE_ATTRIBUTE: 'none' })).toEqual({
      makerMspIds: ['M1MSP', 'M2MSP'],
      regulatorMspIds: [],
      roleAttribute: null,
    });
  });
});

describe('access control between making institutions', () => {
  const OTHER_MAKER: CallerIdentity = {
    mspId: 'Maker2MSP',
    id: 'x509::CN=issuer::CN=maker2-ca',
    attributes: { 'eseal.role': 'seal.issuer,evidence.anchor' },
  };
  const policy = { makerMspIds: ['MakerMSP', 'Maker2MSP'], regulatorMspIds: ['PublicSecurityMSP'], roleAttribute: 'eseal.role' };

  it('lets only the issuing institution change, renew or revoke a seal; a regulator may revoke any', async () => {
    const h = new ContractHarness(policy);
    await h.submit('IssueSeal', [sealInput('OWNED')], { at: '2026-01-05T00:00:00.000Z' });
    for (const action of ['change', 'renew', 'revoke']) {
      const write = WRITES[action]!;
      const err = await failure(h.submit(write.fcn, [write.arg('OWNED')], { as: OTHER_MAKER, at: write.at }));
      expect(err.code).toBe('LEDGER_ACCESS_DENIED');
      expect(err.details).toMatchObject({ mspId: 'Maker2MSP', sealId: 'OWNED', issuedBy: 'MakerMSP' });
    }
    await h.submit('ChangeSeal', [WRITES.change!.arg('OWNED')], { as: MAKER });
    await h.submit('RevokeSeal', [WRITES.revoke!.arg('OWNED')], { as: POLICE });
    expect((await h.evaluate<SealRecord>('GetSeal', ['OWNED'])).revocation?.byMsp).toBe('PublicSecurityMSP');
  });
});
