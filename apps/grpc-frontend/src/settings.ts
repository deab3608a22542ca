import { clientTokenSetting } from '@platform/auth';
import { z } from '@platform/settings';

/** The frontend's own settings, on top of the platform's base settings. */
export const frontendSettingsShape = {
  PORT: z.coerce.number().int().min(0).max(65_535).default(8020),
  /** Where the gRPC backend listens. */
  BACKEND_HOST: z.string().min(1).default('localhost'),
  BACKEND_PORT: z.coerce.number().int().min(1).max(65_535).default(50051),
  /** The page answers within this bound: a 504 page when the backend is slower. */
  BACKEND_DEADLINE_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** The one token sent to the backend as `authorization` metadata (one of the backend's BEARER). */
  BACKEND_TOKEN: clientTokenSetting.optional(),
  /** Deprecated name of BACKEND_TOKEN, still read (with a warning at start) when BACKEND_TOKEN is unset. */
  BEARER: clientTokenSetting.optional(),
} as const;

/** The token to send, and the warning to log when it came from (or ignored) the deprecated BEARER. */
export function backendTokenFrom(settings: {
  BACKEND_TOKEN?: string | undefined;
  BEARER?: string | undefined;
}): {
  token: string | undefined;
  warning?: string;
} {
  const { BACKEND_TOKEN: token, BEARER: deprecated } = settings;
  if (deprecated === undefined) {
    return token === undefined
      ? { token, warning: 'BACKEND_TOKEN is not set: calls to the backend carry no token' }
      : { token };
  }
  if (token !== undefined) {
    return {
      token,
      warning: 'BEARER is deprecated in grpc-frontend and ignored: BACKEND_TOKEN is set; remove BEARER',
    };
  }
  return {
    token: deprecated,
    warning:
      'BEARER is deprecated in grpc-frontend: rename it to BACKEND_TOKEN (the token sent to the backend)',
  };
}
