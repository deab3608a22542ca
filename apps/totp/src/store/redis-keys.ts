/** Every Redis key the app uses, under one prefix (per deployment, or per test file). */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** An enrolled account: a hash of state, parameters and the sealed secret. */
  account(accountId: string): string {
    return `${this.prefix}account:${accountId}`;
  }

  /** The keyed hashes of an account's unspent recovery codes: a set. */
  recovery(accountId: string): string {
    return `${this.prefix}recovery:${accountId}`;
  }

  /** The last accepted time step of a subject ("seed" or "account:<id>"). */
  lastStep(subject: string): string {
    return `${this.prefix}last:${subject}`;
  }

  /** Failure counters and lockout of a subject. */
  subjectThrottle(subject: string): string {
    return `${this.prefix}throttle:subject:${subject}`;
  }

  /** Failure counters and lockout of a client address. */
  addressThrottle(address: string): string {
    return `${this.prefix}throttle:address:${address}`;
  }

  /** Pattern matching every account hash, for SCAN. */
  accountPattern(): string {
    return `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}account:*`;
  }
}
