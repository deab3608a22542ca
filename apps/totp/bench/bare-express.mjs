// The floor: an idiomatic express 5 route doing the work of GET /check/:key and nothing else — the
// app's own TOTP check (dist/otp/totp-engine.js) and its Redis attempt script
// (dist/store/attempt-script.js, defined on ioredis as the app does, with the same keys and
// arguments as src/store/attempt-ledger.ts) — without the platform's layers (no request log,
// security headers, bearer check or error envelope; etag and x-powered-by off).
// Settings: PORT, REDIS_URL, TOTP_BASE32_SECRET, TOTP_REDIS_PREFIX, TOTP_THROTTLE_ACCOUNT_FAILURES,
// TOTP_THROTTLE_ADDRESS_FAILURES (the benchmark lifts both, as it does for the app).
import express from 'express';
import { Redis } from 'ioredis';
import { base32Decode } from '../dist/otp/base32.js';
import { checkTotp } from '../dist/otp/totp-engine.js';
import { attemptScript } from '../dist/store/attempt-script.js';

const parameters = { algorithm: 'sha1', digits: 6, period: 30 };
const secret = base32Decode(process.env.TOTP_BASE32_SECRET ?? '');
const prefix = process.env.TOTP_REDIS_PREFIX ?? 'totp:';
const subjectFailures = Number(process.env.TOTP_THROTTLE_ACCOUNT_FAILURES ?? 5);
const addressFailures = Number(process.env.TOTP_THROTTLE_ADDRESS_FAILURES ?? 20);
const lockoutMs = 30_000;
const maxLockoutMs = 900_000;
const windowMs = 900_000;

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
redis.defineCommand('totpAttempt', { lua: attemptScript });

const app = express();
app.set('etag', false);
app.set('x-powered-by', false);
app.get('/check/:key', async (req, res) => {
  const nowMs = Date.now();
  const check = checkTotp(secret, req.params.key, Math.floor(nowMs / 1000), parameters);
  const keys = [
    `${prefix}last:seed`,
    `${prefix}throttle:subject:seed`,
    `${prefix}throttle:address:${req.ip}`,
  ];
  const [outcome, retryAfterMs] = await redis.totpAttempt(
    keys.length,
    ...keys,
    nowMs,
    check.valid ? check.step : -1,
    parameters.period * 1000 * 4,
    subjectFailures,
    addressFailures,
    lockoutMs,
    maxLockoutMs,
    windowMs,
  );
  if (outcome === 'locked') {
    res.status(429).set('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  }
  res.json({ status: outcome === 'accepted' });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
});
