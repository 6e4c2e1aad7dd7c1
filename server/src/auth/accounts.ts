import { SealError } from '@eseal/core';
import type { Model } from 'mongoose';
import { assertAllowed, hasRole, type Caller, type Role } from '../access';
import type { AccountDoc } from './account.model';
import { newAccountId } from './ids';
import { PASSWORD_MIN_LENGTH, generateOneTimePassword, hashPassword } from './password-hash';
import type { PersonDoc } from '../store/person.model';
import type { PersonBindingDoc } from './person-binding.model';
import { parseSm2PublicKeyHex } from './second-factor';
import { assertSeparatedRoles } from '../access/separation-of-duties';
import { bindPerson, unbindPerson } from './person-binding';
import { mapPage, pageById, type ListPage, type PageRequest } from '../store/list-page';

/** Roles that live inside one unit: the account must name the unit. */
export const UNIT_ROLES: readonly Role[] = ['UNIT_ADMIN', 'SEAL_CUSTODIAN', 'APPROVER', 'POSITION_SEAL_HOLDER'];

export interface NewAccount {
  username: string;
  roles: Role[];
  unitId?: string;
  personId?: string;
}

export interface CreatedAccount {
  accountId: string;
  username: string;
  /** Shown once: only its scrypt hash is stored. The holder must change it at first sign-in. */
  oneTimePassword: string;
}

/** An account as lists show it: never a password hash or a second-factor key. */
export interface AccountView {
  accountId: string;
  username: string;
  roles: Role[];
  unitId?: string;
  personId?: string;
  secondFactor: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  createdBy: string;
  createdAt: string;
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Creating, and keeping the credentials of, people's accounts. */
export class AccountService {
  constructor(
    private readonly accounts: Model<AccountDoc>,
    private readonly people: Model<PersonDoc>,
    private readonly bindings: Model<PersonBindingDoc>,
  ) {}

  /**
   * Public security creates any account; a unit admin only unit roles in their own unit (so no one
   * can mint an account more powerful than their own). The bootstrap CLI passes the system caller.
   */
  async create(caller: Caller, input: NewAccount): Promise<CreatedAccount> {
    assertAllowed(caller, 'account.manage', input.unitId === undefined ? {} : { unitId: input.unitId });
    const roles = [...new Set(input.roles)];
    if (roles.length === 0) throw new SealError('VALIDATION_FAILED', 'an account needs at least one role');
    if (roles.includes('API_CLIENT')) throw new SealError('VALIDATION_FAILED', 'API clients use API keys, not accounts');
    const unitScoped = roles.some((r) => UNIT_ROLES.includes(r));
    if (unitScoped && input.unitId === undefined) throw new SealError('VALIDATION_FAILED', 'unit roles need a unitId');
    // A court reads any unit's handed evidence: it belongs to no unit and holds no other role.
    if (roles.includes('COURT') && (roles.length > 1 || input.unitId !== undefined)) {
      throw new SealError('VALIDATION_FAILED', 'a court account holds the COURT role alone and names no unit');
    }
    if (caller.kind !== 'system' && !hasRole(caller, 'PUBLIC_SECURITY_ADMIN')) {
      if (!roles.every((r) => UNIT_ROLES.includes(r)) || input.unitId !== caller.unitId) {
        throw new SealError('FORBIDDEN', 'a unit administrator creates unit roles in their own unit only', {
          details: { operation: 'account.manage' },
        });
      }
    }
    assertSeparatedRoles(roles, input.personId);
    const accountId = newAccountId();
    if (input.personId !== undefined) {
      await bindPerson(
        { people: this.people, bindings: this.bindings, accounts: this.accounts },
        { personId: input.personId, unitId: input.unitId, accountId, at: new Date() },
      );
    }
    const oneTimePassword = generateOneTimePassword();
    const doc = {
      _id: accountId,
      username: normaliseUsername(input.username),
      passwordHash: await hashPassword(oneTimePassword),
      roles,
      ...(input.unitId === undefined ? {} : { unitId: input.unitId }),
      ...(input.personId === undefined ? {} : { personId: input.personId }),
      mustChangePassword: true,
      disabled: false,
      createdBy: caller.id,
    };
    try {
      await this.accounts.create(doc);
    } catch (error) {
      if (input.personId !== undefined) await unbindPerson(this.bindings, input.personId, accountId);
      if ((error as { code?: unknown }).code === 11000) {
        throw new SealError('IDEMPOTENCY_CONFLICT', 'that username is taken', { details: { username: doc.username } });
      }
      throw error;
    }
    return { accountId: doc._id, username: doc.username, oneTimePassword };
  }

  /**
   * Accounts by unit and role, in id order. Public security sees every account; a unit administrator
   * the accounts of their own unit.
   */
  async list(caller: Caller, query: PageRequest & { unitId?: string; role?: Role }): Promise<ListPage<AccountView>> {
    const cityWide = caller.kind === 'system' || hasRole(caller, 'PUBLIC_SECURITY_ADMIN');
    const unitId = cityWide ? query.unitId : (query.unitId ?? caller.unitId);
    assertAllowed(caller, 'account.manage', unitId === undefined ? {} : { unitId });
    const filter: Record<string, unknown> = {};
    if (unitId !== undefined) filter.unitId = { $eq: unitId };
    if (query.role !== undefined) filter.roles = { $eq: query.role };
    return mapPage(await pageById(this.accounts, filter, query), (docs) => docs.map(accountView));
  }

  async setPassword(accountId: string, newPassword: string): Promise<void> {
    if (newPassword.length < PASSWORD_MIN_LENGTH) {
      throw new SealError('VALIDATION_FAILED', `passwords need at least ${PASSWORD_MIN_LENGTH} characters`);
    }
    await this.accounts.updateOne(
      { _id: { $eq: accountId } },
      { $set: { passwordHash: await hashPassword(newPassword), mustChangePassword: false } },
    );
  }

  async registerSecondFactor(accountId: string, publicKeyHex: string): Promise<void> {
    await this.accounts.updateOne({ _id: { $eq: accountId } }, { $set: { sm2PublicKeyHex: parseSm2PublicKeyHex(publicKeyHex) } });
  }

  async findActive(accountId: string): Promise<AccountDoc | undefined> {
    const account = await this.accounts.findOne({ _id: { $eq: accountId } }).lean<AccountDoc>();
    return account && !account.disabled ? account : undefined;
  }

  async findByUsername(username: string): Promise<AccountDoc | undefined> {
    return (await this.accounts.findOne({ username: { $eq: normaliseUsername(username) } }).lean<AccountDoc>()) ?? undefined;
  }
}

function accountView(doc: AccountDoc): AccountView {
  return {
    accountId: doc._id,
    username: doc.username,
    roles: doc.roles,
    ...(doc.unitId === undefined ? {} : { unitId: doc.unitId }),
    ...(doc.personId === undefined ? {} : { personId: doc.personId }),
    secondFactor: doc.sm2PublicKeyHex !== undefined,
    mustChangePassword: doc.mustChangePassword,
    disabled: doc.disabled,
    createdBy: doc.createdBy,
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}
