import { residentIdCheckCharacter } from '../domain';
import { IdentityProtector } from './identity-protector';

const body = '12010419850307123';
const id = body + residentIdCheckCharacter(body)!;
const kek = Buffer.alloc(32, 3);

describe('IdentityProtector', () => {
  it('stores no clear ID or phone, and reveals the ID with the right KEK', () => {
    const protector = new IdentityProtector(kek);
    const stored = protector.protect({ name: '张三丰', idNumber: id, phone: '13812345678' });
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    expect(stored).toMatchObject({ nameMasked: '张**', idNumberMasked: `1201**********${id.slice(-4)}`, phoneMasked: '138****5678' });
    expect(protector.revealIdNumber(stored)).toBe(id);
  });

  it('gives a stable keyed hash per KEK, different under another KEK', () => {
    const a = new IdentityProtector(kek);
    expect(a.protect({ name: 'x', idNumber: id }).idNumberHash).toBe(a.idNumberHash(id.toLowerCase()));
    expect(new IdentityProtector(Buffer.alloc(32, 4)).idNumberHash(id)).not.toBe(a.idNumberHash(id));
  });

  it('encrypts with a fresh nonce each time and fails under another KEK', () => {
    const a = new IdentityProtector(kek);
    const one = a.protect({ name: 'x', idNumber: id });
    expect(a.protect({ name: 'x', idNumber: id }).idNumberCipher).not.toBe(one.idNumberCipher);
    expect(() => new IdentityProtector(Buffer.alloc(32, 4)).revealIdNumber(one)).toThrow(
      expect.objectContaining({ code: 'DECRYPTION_FAILED' }),
    );
  });

  it('refuses an invalid resident ID before storing anything', () => {
    const bad = body + (id.endsWith('1') ? '2' : '1');
    expect(() => new IdentityProtector(kek).protect({ name: 'x', idNumber: bad })).toThrow(
      expect.objectContaining({ code: 'INVALID_RESIDENT_ID' }),
    );
  });
});
