import { isAppError, ServiceUnavailableError } from '@platform/errors';

/** Runs a Redis call; a connection problem or timeout becomes 503 SERVICE_UNAVAILABLE. */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new ServiceUnavailableError('The TOTP store is unavailable', 1, { cause: error });
  }
}
