import { availableParallelism } from 'node:os';
import { readLifecycleSettings } from './lifecycle-settings';

describe('readLifecycleSettings', () => {
  it('has development defaults', () => {
    expect(readLifecycleSettings({}, { dataDir: 'd' })).toEqual({
      upstreamTimeoutMs: 10_000,
      makerId: 'DEV-MAKER',
      sealValidityDays: 730,
      caDir: 'd/ca',
      engravingUrl: undefined,
      filingUrl: undefined,
      verificationThreads: Math.min(8, availableParallelism() - 1),
    });
  });

  it('reads every key', () => {
    const settings = readLifecycleSettings(
      {
        PUBLIC_SECURITY_ENGRAVING_URL: 'http://ps.example/',
        PUBLIC_SECURITY_FILING_URL: 'https://ps.example',
        PUBLIC_SECURITY_TIMEOUT_MS: '500',
        SEAL_MAKER_ID: 'M-1',
        SEAL_VALIDITY_DAYS: '365',
        VERIFY_THREADS: '0',
      },
      { dataDir: 'd' },
    );
    expect(settings).toMatchObject({
      engravingUrl: 'http://ps.example',
      filingUrl: 'https://ps.example',
      upstreamTimeoutMs: 500,
      makerId: 'M-1',
      sealValidityDays: 365,
      verificationThreads: 0,
    });
  });

  it.each([
    ['SEAL_VALIDITY_DAYS', '0'],
    ['SEAL_VALIDITY_DAYS', '12.5'],
    ['PUBLIC_SECURITY_TIMEOUT_MS', 'soon'],
    ['PUBLIC_SECURITY_FILING_URL', 'ftp://x'],
    ['VERIFY_THREADS', '-1'],
    ['VERIFY_THREADS', 'many'],
  ])('refuses %s=%s with CONFIG_INVALID naming it', (name, value) => {
    expect(() => readLifecycleSettings({ [name]: value }, { dataDir: 'd' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: { variable: name } }),
    );
  });
});
