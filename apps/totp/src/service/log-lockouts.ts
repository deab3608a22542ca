import type { Logger } from '@platform/logging';

/** One warn line per lockout a failed attempt started (`event: "totp.lockout"`), of the subject and of the address. */
export function logLockouts(
  logger: Logger,
  subject: string,
  address: string | undefined,
  subjectMs: number,
  addressMs: number,
): void {
  if (subjectMs > 0) {
    logger.warn(
      {
        event: 'totp.lockout',
        scope: 'subject',
        subject,
        ...(address === undefined ? {} : { 'client.address': address }),
        lockout_s: subjectMs / 1000,
      },
      `TOTP lockout of ${subject} for ${subjectMs / 1000} s after repeated failures`,
    );
  }
  if (addressMs > 0) {
    logger.warn(
      {
        event: 'totp.lockout',
        scope: 'address',
        subject,
        'client.address': address,
        lockout_s: addressMs / 1000,
      },
      `TOTP lockout of client ${address} for ${addressMs / 1000} s after repeated failures`,
    );
  }
}
