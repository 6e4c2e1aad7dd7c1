import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevelopmentCa, saveDevelopmentCa } from './development-ca-file-store';
import { developmentCaStateFromJson } from './development-ca-state';

describe('development CA file store', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eseal-dev-ca-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('creates once, reloads the same CA, persists revocations; the file is owner-only', async () => {
    const file = join(dir, 'ca.json');
    const first = await loadOrCreateDevelopmentCa(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await first.revoke(77n, 'keyCompromise', new Date());
    await first.currentCrl();
    saveDevelopmentCa(file, first);
    const again = await loadOrCreateDevelopmentCa(file);
    expect(again.root.equals(first.root)).toBe(true);
    expect(again.revoked.map((r) => r.serialNumber)).toEqual([77n]);
    expect((await again.currentCrl()).crlNumber).toBe(2n);
    expect(readFileSync(file, 'utf8')).toContain('EC PRIVATE KEY');
  });

  test('the owner saves every CRL it signs, and signs one at open when the saved one is not current', async () => {
    const file = join(dir, 'owned.json');
    const savedCrl = () => developmentCaStateFromJson(readFileSync(file, 'utf8')).lastCrlDer;
    const owner = await loadOrCreateDevelopmentCa(file, { keepCrlCurrent: true });
    expect(savedCrl()).toEqual(owner.lastCrl!.der);
    await owner.revoke(99n, 'keyCompromise', new Date());
    saveDevelopmentCa(file, owner); // as the service persists a revocation
    expect(savedCrl()).toBeUndefined(); // the list signed before it no longer tells the whole truth
    const crl = await owner.currentCrl();
    expect(crl.entryFor(99n)).toBeDefined();
    expect(savedCrl()).toEqual(crl.der);

    saveDevelopmentCa(file, await loadOrCreateDevelopmentCa(file)); // a reader's copy changes nothing
    expect(savedCrl()).toEqual(crl.der);
    const later = new Date(Date.now() + 2 * owner.crlValidityMs);
    const reopened = await loadOrCreateDevelopmentCa(file, { keepCrlCurrent: true, clock: () => later });
    expect(reopened.lastCrl!.thisUpdate.getTime()).toBe(Math.floor(later.getTime() / 1000) * 1000);
    expect(savedCrl()).toEqual(reopened.lastCrl!.der);
  });

  test('a corrupt file is CONFIG_INVALID, not a fresh CA', async () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, '{"format": "eseal-development-ca/1"');
    await expect(loadOrCreateDevelopmentCa(file)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
