import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevelopmentCa, saveDevelopmentCa } from './development-ca-file-store';

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

  test('a corrupt file is CONFIG_INVALID, not a fresh CA', async () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, '{"format": "eseal-development-ca/1"');
    await expect(loadOrCreateDevelopmentCa(file)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
