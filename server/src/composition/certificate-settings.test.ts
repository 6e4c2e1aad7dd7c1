import { readCertificateSettings } from './certificate-settings';

describe('certificate settings', () => {
  it('defaults the QR codes to this machine when PUBLIC_BASE_URL is unset, and says so', () => {
    expect(readCertificateSettings({}, { port: 8080 })).toMatchObject({
      publicBaseUrl: 'http://localhost:8080',
      publicBaseUrlDefaulted: true,
    });
    expect(readCertificateSettings({ PUBLIC_BASE_URL: 'https://verify.example/' }, { port: 8080 })).toMatchObject({
      publicBaseUrl: 'https://verify.example',
      publicBaseUrlDefaulted: false,
    });
    expect(() => readCertificateSettings({ PUBLIC_BASE_URL: 'verify.example' }, { port: 8080 })).toThrow(/PUBLIC_BASE_URL/);
  });
});
