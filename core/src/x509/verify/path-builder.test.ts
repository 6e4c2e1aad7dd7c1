import { encodeName } from '../name';
import { CA_USAGES } from '../profiles';
import { type TestCa, issueUnder, makeRoot } from '../__tests__/pki-fixture';
import { buildCandidatePaths } from './path-builder';
import { verifyCertificateChain } from './chain';
import { isSealError } from '../../errors';

describe('buildCandidatePaths on hostile certificate bags', () => {
  it('gives up quickly when many same-named CAs could each have issued the other and none reaches an anchor', async () => {
    // Twelve CAs all named "Loop CA", without key identifiers, so name chaining alone links every one
    // to every other: a depth-first search over simple paths would visit millions of them, far past
    // this test's timeout, which is what catches a missing bound (no wall-clock assertion: a loaded
    // machine must not fail it).
    const loopName = encodeName({ country: 'CN', commonName: 'Loop CA' });
    const seed = await makeRoot({ country: 'CN', commonName: 'Loop CA' });
    const cas: TestCa[] = [];
    for (let i = 0; i < 12; i++) {
      cas.push(
        await issueUnder(
          seed,
          { commonName: 'Loop CA' },
          { subject: loopName, issuer: loopName, ca: true, extensions: { basicConstraints: { cA: true }, keyUsage: CA_USAGES } },
        ),
      );
    }
    const leaf = await issueUnder(seed, { commonName: 'leaf' }, { issuer: loopName, extensions: { basicConstraints: { cA: false } } });
    const anchor = await makeRoot({ country: 'CN', commonName: 'Unrelated Root' });
    expect(
      buildCandidatePaths(
        leaf.cert,
        cas.map((c) => c.cert),
        [anchor.cert],
      ),
    ).toEqual([]);
    let code: string | undefined;
    try {
      verifyCertificateChain(leaf.cert, {
        trustAnchors: [anchor.cert],
        intermediates: cas.map((c) => c.cert),
        at: new Date('2026-06-01T00:00:00Z'),
      });
    } catch (error) {
      code = isSealError(error) ? error.code : 'UNEXPECTED';
    }
    expect(code).toBe('CERT_CHAIN_INVALID');
  }, 60_000);
});
