import { clientTokenSetting } from '@platform/auth';
import { z, type SettingsProblem } from '@platform/settings';

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
  /**
   * Deprecated name of BACKEND_TOKEN, read (with a warning) only while BACKEND_TOKEN is unset, and
   * checked only then: an environment shared with servers (npm start's) may carry their list here.
   */
  BEARER: z.string().optional(),
} as const;

interface TokenSettings {
  readonly BACKEND_TOKEN?: string | undefined;
  readonly BEARER?: string | undefined;
}

/** The deprecated BEARER, when it is the token sent, must be a token as BACKEND_TOKEN is. */
export function frontendSettingsRules(settings: TokenSettings): SettingsProblem[] {
  if (settings.BACKEND_TOKEN !== undefined || settings.BEARER === undefined) return [];
  const result = clientTokenSetting.safeParse(settings.BEARER);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ name: 'BEARER', message: issue.message }));
}

/** The token to send, and the warning to log when there is none or it came from the deprecated BEARER. */
export function backendTokenFrom(settings: TokenSettings): { token: string | undefined; warning?: string } {
  const { BACKEND_TOKEN: token, BEARER: deprecated } = settings;
  if (token !== undefined) return { token };
  if (deprecated !== undefined) {
    return {
      token: deprecated,
      warning:
        'BEARER is deprecated in grpc-frontend: rename it to BACKEND_TOKEN (the token sent to the backend)',
    };
  }
  return { token: undefined, warning: 'BACKEND_TOKEN is not set: calls to the backend carry no token' };
}
