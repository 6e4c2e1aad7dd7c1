import { createHmac } from 'node:crypto';
import { sm4AeadDecrypt, sm4AeadEncrypt } from '@eseal/core';
import { lookupHash, maskPersonName, maskPhone, maskResidentId, parseResidentId } from '../domain';

/** Personal data as stored: SM4-AEAD ciphertext, keyed hash for lookups, masked form for display. */
export interface ProtectedIdentity {
  name: string;
  nameMasked: string;
  idNumberCipher: string;
  idNumberHash: string;
  idNumberMasked: string;
  phoneCipher?: string;
  phoneMasked?: string;
}

export interface IdentityInput {
  name: string;
  idNumber: string;
  phone?: string;
}

/**
 * Encrypts resident ID numbers and phones under keys derived from the server KEK (one label per
 * purpose, so the lookup key never doubles as an encryption key). The ciphertext is bound to the
 * field it belongs to through the AAD: a cipher copied into another field does not decrypt.
 */
export class IdentityProtector {
  readonly #encryptionKey: Buffer;
  readonly #lookupKey: Buffer;

  constructor(
    kek: Uint8Array,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.#encryptionKey = createHmac('sm3', kek).update('eseal/personal-data/v1/encrypt').digest();
    this.#lookupKey = createHmac('sm3', kek).update('eseal/personal-data/v1/lookup').digest();
  }

  /** Validates the resident ID (GB 11643 check digit) before anything is stored. */
  protect(input: IdentityInput): ProtectedIdentity {
    const { id } = parseResidentId(input.idNumber, this.clock());
    const name = input.name.trim();
    return {
      name,
      nameMasked: maskPersonName(name),
      idNumberCipher: this.#encrypt(id, 'resident-id'),
      idNumberHash: this.idNumberHash(id),
      idNumberMasked: maskResidentId(id),
      ...(input.phone === undefined
        ? {}
        : { phoneCipher: this.#encrypt(input.phone.trim(), 'phone'), phoneMasked: maskPhone(input.phone) }),
    };
  }

  idNumberHash(idNumber: string): string {
    return lookupHash(this.#lookupKey, 'resident-id', idNumber);
  }

  /** Keyed hash of a name, to compare names without storing them again. */
  nameHash(name: string): string {
    return lookupHash(this.#lookupKey, 'person-name', name);
  }

  revealIdNumber(identity: Pick<ProtectedIdentity, 'idNumberCipher'>): string {
    return this.#decrypt(identity.idNumberCipher, 'resident-id');
  }

  #encrypt(value: string, field: string): string {
    return Buffer.from(sm4AeadEncrypt(this.#encryptionKey, Buffer.from(value, 'utf8'), Buffer.from(field))).toString('base64');
  }

  #decrypt(cipher: string, field: string): string {
    return Buffer.from(sm4AeadDecrypt(this.#encryptionKey, Buffer.from(cipher, 'base64'), Buffer.from(field))).toString('utf8');
  }
}
