import { SealError } from '@eseal/core';
import type { AccountDoc } from './account.model';
import { normaliseUsername, type AccountService } from './accounts';
import type { LoginLockout } from './login-lockout';
import { decoyPasswordHash, verifyPassword } from './password-hash';
import type { SecondFactorChallenge, Sm2SecondFactor } from './second-factor';
import type { SessionTokens, TokenPair } from './session-token';

export type SignInResult =
  | { status: 'SIGNED_IN'; tokens: TokenPair; mustChangePassword: boolean }
  | { status: 'SECOND_FACTOR_REQUIRED'; challenge: SecondFactorChallenge };

/**
 * Password sign-in with lockout, then (when registered) the SM2 second factor. Every failure is the
 * same INVALID_CREDENTIALS, whether the name is unknown, the password wrong or the account disabled,
 * so the answer does not reveal which accounts exist.
 */
export class SignIn {
  constructor(
    private readonly accounts: AccountService,
    private readonly lockout: LoginLockout,
    private readonly tokens: SessionTokens,
    private readonly secondFactor: Sm2SecondFactor,
  ) {}

  async withPassword(username: string, password: string): Promise<SignInResult & { accountId?: string }> {
    const name = normaliseUsername(username);
    let account: AccountDoc | undefined;
    const right = await this.lockout.attempt(name, async () => {
      account = await this.accounts.findByUsername(name);
      const matches = await verifyPassword(password, account?.passwordHash ?? (await decoyPasswordHash()));
      return account !== undefined && matches && !account.disabled;
    });
    if (!right || !account) throw new SealError('INVALID_CREDENTIALS', 'wrong username or password');
    if (account.sm2PublicKeyHex) {
      return { status: 'SECOND_FACTOR_REQUIRED', challenge: await this.secondFactor.challenge(account._id), accountId: account._id };
    }
    return { ...this.signedIn(account), accountId: account._id };
  }

  async withSecondFactor(challengeId: string, signature: Uint8Array): Promise<SignInResult & { accountId: string }> {
    const accountId = await this.secondFactor.answer(
      challengeId,
      signature,
      async (id) => (await this.accounts.findActive(id))?.sm2PublicKeyHex,
    );
    const account = await this.accounts.findActive(accountId);
    if (!account) throw new SealError('INVALID_CREDENTIALS', 'wrong username or password');
    return { ...this.signedIn(account), accountId };
  }

  /**
   * Changes one's own password. The current password is counted against the same lockout as
   * sign-in: a borrowed, unlocked session must not become an unlimited password oracle.
   */
  async changePassword(accountId: string, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.accounts.findActive(accountId);
    if (!account) throw new SealError('UNAUTHENTICATED', 'the account is disabled or gone');
    const right = await this.lockout.attempt(account.username, () => verifyPassword(currentPassword, account.passwordHash));
    if (!right) throw new SealError('INVALID_CREDENTIALS', 'the current password is wrong');
    await this.accounts.setPassword(accountId, newPassword);
    // Whoever else holds a session of this account (the reason to change a password) loses it now.
    await this.tokens.revokeAllFor(accountId);
  }

  /** A refresh re-reads the account: a disabled account or changed roles take effect at the next refresh. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.refresh(refreshToken, async (accountId) => {
      const account = await this.accounts.findActive(accountId);
      if (!account) throw new SealError('UNAUTHENTICATED', 'the account is disabled or gone');
      return subjectOf(account);
    });
  }

  private signedIn(account: AccountDoc): SignInResult {
    return {
      status: 'SIGNED_IN',
      tokens: this.tokens.issuePair({ accountId: account._id, ...subjectOf(account) }),
      mustChangePassword: account.mustChangePassword,
    };
  }
}

function subjectOf(account: AccountDoc) {
  return {
    roles: account.roles,
    ...(account.unitId ? { unitId: account.unitId } : {}),
    ...(account.personId ? { personId: account.personId } : {}),
    mustChangePassword: account.mustChangePassword,
  };
}
