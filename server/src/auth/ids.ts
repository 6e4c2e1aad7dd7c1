import { randomBytes } from 'node:crypto';

/** Account ids: prefixed so a reader of the audit log sees at once that the actor is a person's account. */
export function newAccountId(): string {
  return `acct_${randomBytes(12).toString('base64url')}`;
}
