import { ServiceUnavailableError } from '@platform/errors';
import { isTransientRedisError } from '@platform/redis';

/**
 * Runs a Redis call; a connection problem, timeout or passing condition (LOADING…) becomes
 * 503 SERVICE_UNAVAILABLE. Anything else (a catalogue error, a refusal such as WRONGTYPE) is
 * rethrown as it is.
 */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isTransientRedisError(error)) throw error;
    throw new ServiceUnavailableError('The TOTP store is unavailable', 1, { cause: error });
  }
}
