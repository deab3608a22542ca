import { z } from '@platform/settings';

/** The demo's own settings, on top of the platform's. */
export const demoSettingsShape = {
  /** The container file; relative paths are from the working directory. Default: the app's container.yml. */
  CONTAINER_FILE: z.string().min(1).optional(),
  /** Bound on each health probe (the hello calls use their service's own timeouts). */
  CHECK_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(2_000),
  /** A token db-api accepts: with it the demo calls db-api's example/foo through the typed client. */
  DB_API_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
} as const;
