import { isSealError } from '@eseal/core';
import { readTimeStampSettings } from './time-stamp-settings';

const codeOf = (env: Record<string, string>) => {
  try {
    readTimeStampSettings(env);
  } catch (error) {
    return isSealError(error) ? `${error.code}:${String(error.details?.variable)}` : 'other';
  }
  return 'ok';
};

describe('readTimeStampSettings', () => {
  it('no TSA unless TSA_URL names one; required by default; 5 s timeout', () => {
    expect(readTimeStampSettings({})).toEqual({ required: true, timeoutMs: 5000, caCertificates: [] });
    expect(readTimeStampSettings({ TSA_URL: 'http://127.0.0.1:9/', TSA_REQUIRED: 'false', TSA_TIMEOUT_MS: '800' })).toEqual({
      url: 'http://127.0.0.1:9/',
      required: false,
      timeoutMs: 800,
      caCertificates: [],
    });
  });

  it('CONFIG_INVALID naming the variable for a bad URL, flag or timeout', () => {
    expect(codeOf({ TSA_URL: 'ftp://tsa' })).toBe('CONFIG_INVALID:TSA_URL');
    expect(codeOf({ TSA_REQUIRED: 'yes' })).toBe('CONFIG_INVALID:TSA_REQUIRED');
    expect(codeOf({ TSA_TIMEOUT_MS: '0' })).toBe('CONFIG_INVALID:TSA_TIMEOUT_MS');
    expect(codeOf({ TSA_TIMEOUT_MS: 'soon' })).toBe('CONFIG_INVALID:TSA_TIMEOUT_MS');
    expect(codeOf({ TSA_CA_FILE: '/nonexistent/tsa-ca.pem' })).toBe('CONFIG_INVALID:TSA_CA_FILE');
  });
});
