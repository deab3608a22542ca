import { z } from '@platform/settings';

/** The frontend's own settings, on top of the platform's base settings. */
export const frontendSettingsShape = {
  PORT: z.coerce.number().int().min(0).max(65_535).default(8020),
  /** Where the gRPC backend listens. */
  BACKEND_HOST: z.string().min(1).default('localhost'),
  BACKEND_PORT: z.coerce.number().int().min(1).max(65_535).default(50051),
  /** The page answers within this bound: a 504 page when the backend is slower. */
  BACKEND_DEADLINE_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** The bearer token the backend accepts; sent as `authorization` metadata. */
  BEARER: z.string().min(1).optional(),
} as const;
