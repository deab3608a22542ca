#!/usr/bin/env node
// totp-code: prints the current code of TOTP_BASE32_SECRET each time it changes (Ctrl-C stops).
// The secret comes from the environment or env/<ENVIRONMENT>/.env, never from the command line,
// where other users could read it in the process list.
import { fileURLToPath } from 'node:url';
import { runJob } from '@platform/http';
import { z } from '@platform/settings';
import { printCodes } from './code-printer.js';
import { base32Decode } from './otp/base32.js';
import { isDigits } from './otp/otp-parameters.js';
import { totpSettingsShape } from './settings.js';

const { TOTP_BASE32_SECRET, TOTP_ALGORITHM, TOTP_DIGITS, TOTP_PERIOD } = totpSettingsShape;

await runJob({
  app: 'totp-code',
  root: fileURLToPath(new URL('..', import.meta.url)),
  shape: {
    TOTP_BASE32_SECRET: TOTP_BASE32_SECRET.unwrap(),
    TOTP_ALGORITHM,
    TOTP_DIGITS,
    TOTP_PERIOD,
    TOTP_ENCRYPTION_KEY: z.string().optional(),
  },
  run: async ({ settings, signal }) => {
    const digits = settings.TOTP_DIGITS;
    // The schema admits 6, 7 or 8 only; this narrows the type.
    if (!isDigits(digits)) throw new Error('TOTP_DIGITS must be 6, 7 or 8');
    await printCodes({
      secret: base32Decode(settings.TOTP_BASE32_SECRET),
      parameters: { algorithm: settings.TOTP_ALGORITHM, digits, period: settings.TOTP_PERIOD },
      write: (line) => process.stdout.write(`${line}\n`),
      signal,
    });
  },
});
