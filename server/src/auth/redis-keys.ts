/**
 * Key names of everything security keeps in Redis, under one prefix per deployment. Expiry lives in
 * Redis (FerretDB has no TTL indexes): every key below is written with a time to live.
 */
export class SecurityRedisKeys {
  constructor(private readonly prefix: string) {}

  revokedToken(jti: string): string {
    return `${this.prefix}:sec:revoked-jti:${jti}`;
  }
  revokedFamily(family: string): string {
    return `${this.prefix}:sec:revoked-family:${family}`;
  }
  /** Milliseconds since the epoch (seconds when written by older versions) before which every token of the account is void (password change). */
  accountEpoch(accountId: string): string {
    return `${this.prefix}:sec:account-epoch:${accountId}`;
  }
  usedRefresh(jti: string): string {
    return `${this.prefix}:sec:used-refresh:${jti}`;
  }
  loginFailures(username: string): string {
    return `${this.prefix}:sec:login-failures:${username}`;
  }
  challenge(id: string): string {
    return `${this.prefix}:sec:challenge:${id}`;
  }
  rateWindow(bucket: string, subject: string, window: number): string {
    return `${this.prefix}:sec:rate:${bucket}:${subject}:${window}`;
  }
}
