import { timeStepOf, totpCode } from './otp/totp-engine.js';
import type { OtpParameters } from './otp/otp-parameters.js';

export interface CodePrinterOptions {
  secret: Uint8Array;
  parameters: OtpParameters;
  write: (line: string) => void;
  signal: AbortSignal;
  clock?: () => number;
}

/**
 * Prints the current code, then sleeps until the next time step and prints the next one,
 * until the signal aborts: one wake-up per step, no polling.
 */
export async function printCodes(options: CodePrinterOptions): Promise<void> {
  const { secret, parameters, write, signal, clock = () => Date.now() } = options;
  const periodMs = parameters.period * 1000;
  while (!signal.aborted) {
    const nowMs = clock();
    const seconds = Math.floor(nowMs / 1000);
    const step = timeStepOf(seconds, parameters.period);
    const untilNext = (step + 1) * periodMs - nowMs;
    const time = new Date(nowMs).toISOString().slice(11, 19);
    write(`${time}  ${totpCode(secret, seconds, parameters)}  (${Math.ceil(untilNext / 1000)} s left)`);
    await sleep(untilNext, signal);
  }
}

/** Resolves after `ms`, or at once when the signal aborts (global timers, so tests can fake them). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
