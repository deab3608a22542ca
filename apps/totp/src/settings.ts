import { acceptedTokensSetting } from '@platform/auth';
import { redisSettingsShape } from '@platform/redis';
import { envBoolean, envList, z, type Settings, type SettingsProblem } from '@platform/settings';
import { accountIdSchema } from './http/schemas.js';
import { base32Decode } from './otp/base32.js';

const hexKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, '32 bytes as 64 hexadecimal characters (openssl rand -hex 32)');

const base32Secret = z
  .string()
  .transform((value) => value.replace(/\s+/g, '').toUpperCase())
  .refine((value) => /^[A-Z2-7]+=*$/.test(value), 'a Base32 string (A-Z, 2-7)')
  .refine(
    (value) => decodedLength(value) >= 16,
    'at least 128 bits (26 Base32 characters); 160 bits (32 characters) recommended',
  );

function decodedLength(value: string): number {
  try {
    return base32Decode(value).length;
  } catch {
    return 0;
  }
}

/** The totp app's own settings, added to the platform's base settings: Redis (see @platform/redis) and its own. */
export const totpSettingsShape = {
  ...redisSettingsShape,
  /**
   * Accepted bearer tokens, comma-separated (old and new during a rotation), each `name:token` or a
   * bare token (named caller-1, caller-2… by position); 16+ characters each.
   */
  BEARER: acceptedTokensSetting.default([]),
  /** Prefix of every Redis key; wrap it in braces ({totp}:) to keep all keys in one Redis Cluster slot. */
  TOTP_REDIS_PREFIX: z.string().min(1).max(64).default('totp:'),
  /** Encrypts account secrets at rest (AES-256-GCM). */
  TOTP_ENCRYPTION_KEY: hexKey,
  /** Keys still accepted for decryption while secrets are rewrapped with the current key. */
  TOTP_ENCRYPTION_KEYS_PREVIOUS: envList.pipe(z.array(hexKey)).default([]),
  /** Seed-compatible mode: GET /check/:key verifies codes of this one shared secret. */
  TOTP_BASE32_SECRET: base32Secret.optional(),
  TOTP_ISSUER: z.string().min(1).max(64).default('TOTP Example'),
  /** The account name shown in authenticator apps for the seed-compatible secret. */
  TOTP_ACCOUNT: z.string().min(1).max(128).default('user@localhost'),
  TOTP_ALGORITHM: z.enum(['sha1', 'sha256', 'sha512']).default('sha1'),
  TOTP_DIGITS: z.coerce
    .number()
    .int()
    .refine((value) => value === 6 || value === 7 || value === 8, '6, 7 or 8')
    .default(6),
  TOTP_PERIOD: z.coerce.number().int().min(15).max(300).default(30),
  /** Serves GET /provisioning without a bearer token; refused outside ENVIRONMENT=local. */
  TOTP_ENROLLMENT_PAGE: envBoolean.default(false),
  /** Serves the browser client (GET /, POST /client/verify). */
  TOTP_BROWSER_CLIENT: envBoolean.default(false),
  /** The enrolled account the browser client checks codes of; the seed secret when unset in seed mode. */
  TOTP_CLIENT_ACCOUNT: z.string().optional(),
  /** Failures before an account is locked out, and before a client address is. */
  TOTP_THROTTLE_ACCOUNT_FAILURES: z.coerce.number().int().min(1).max(1_000_000).default(5),
  TOTP_THROTTLE_ADDRESS_FAILURES: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** First lockout; each further lockout doubles, up to the maximum. */
  TOTP_THROTTLE_LOCKOUT_S: z.coerce.number().int().min(1).max(86_400).default(30),
  TOTP_THROTTLE_MAX_LOCKOUT_S: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Failures older than this (since the last one) are forgotten. */
  TOTP_THROTTLE_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(900),
} as const;

/** Checks across totp's settings, reported with the others before anything starts. */
export function totpSettingsRules(settings: Settings<typeof totpSettingsShape>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (settings.TOTP_ENROLLMENT_PAGE && settings.ENVIRONMENT !== 'local') {
    problems.push({
      name: 'TOTP_ENROLLMENT_PAGE',
      message: 'may be true only with ENVIRONMENT=local; elsewhere the page needs the bearer token',
    });
  }
  if (
    settings.TOTP_CLIENT_ACCOUNT !== undefined &&
    !accountIdSchema.safeParse(settings.TOTP_CLIENT_ACCOUNT).success
  ) {
    problems.push({ name: 'TOTP_CLIENT_ACCOUNT', message: 'an account id (letters, digits and . _ @ + -)' });
  }
  if (settings.TOTP_BROWSER_CLIENT && !settings.TOTP_BASE32_SECRET && !settings.TOTP_CLIENT_ACCOUNT) {
    problems.push({
      name: 'TOTP_CLIENT_ACCOUNT',
      message: 'is required for the browser client unless TOTP_BASE32_SECRET is set',
    });
  }
  return problems;
}
