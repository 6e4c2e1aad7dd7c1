import { generateOneTimePassword, hashPassword, verifyPassword } from './password-hash';

const CHEAP = { log2N: 10, r: 8, p: 1 };

describe('password hashing (scrypt, per-user salt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts each hash, so equal passwords do not give equal hashes', async () => {
    expect(await hashPassword('same password!', CHEAP)).not.toBe(await hashPassword('same password!', CHEAP));
  });

  it('treats composed and decomposed Unicode the same (NFC)', async () => {
    const stored = await hashPassword('密码\u00e9', CHEAP);
    expect(await verifyPassword('密码e\u0301', stored)).toBe(true);
  });

  it.each([
    '',
    'plain',
    'scrypt$10$8$1$salt',
    'bcrypt$10$8$1$c2FsdA==$aGFzaA==',
    'scrypt$40$8$1$c2FsdA==$aGFzaA==',
    'scrypt$x$8$1$c2FsdA==$aGFzaA==',
  ])('never matches a malformed stored hash %p (and does not throw)', async (stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });

  it('makes one-time passwords of 20 unambiguous characters, all different', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateOneTimePassword()));
    expect(seen.size).toBe(200);
    for (const p of seen) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  });
});
