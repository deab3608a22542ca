/**
 * Paths pino removes from every line. pino's wildcards match one level,
 * so each secret name is listed at the depths it is logged at.
 */
const secretKeys = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'passwd',
  'token',
  'accessToken',
  'refreshToken',
  'bearer',
  'secret',
  'totpSecret',
  'otpauth',
  'otpauthUri',
  'encryptionKey',
] as const;

export const redactPaths: readonly string[] = [
  ...secretKeys.flatMap((key) => [`["${key}"]`, `*["${key}"]`, `*.*["${key}"]`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];
