import { acceptedTokensSetting, type NamedToken } from '@platform/auth';
import { envBoolean, z } from '@platform/settings';

const port = z.coerce.number().int().min(0).max(65_535);

/** The backend's own settings, on top of the platform's base settings. */
export const backendSettingsShape = {
  /** The gRPC port (the Api, health, reflection). */
  BACKEND_PORT: port.default(50051),
  /** The HTTP port: /healthz, /readyz and the REST/JSON twin of getAll. */
  PORT: port.default(8021),
  /** Largest `length` of getAll/getStream; getAll of it must fit a client's 4 MiB message limit. */
  MAX_LENGTH: z.coerce.number().int().min(0).max(200_000).default(100_000),
  /**
   * Accepted bearer tokens, comma-separated (old,new during a rotation), each `name:token` or a bare
   * token (named caller-1, caller-2… by position); 16+ characters each. Call lines name the caller.
   */
  BEARER: acceptedTokensSetting.optional(),
  /** Serve without a bearer token; refused unless set explicitly, so the service is never open by accident. */
  ALLOW_ANONYMOUS: envBoolean.default(false),
} as const;

interface RuleInput {
  readonly BEARER?: readonly NamedToken[] | undefined;
  readonly ALLOW_ANONYMOUS: boolean;
  readonly WEB_CONCURRENCY: number;
}

/** Checks across the backend's settings: never open by accident, one process per replica. */
export const backendSettingsRules = [
  (settings: RuleInput) =>
    settings.BEARER?.length || settings.ALLOW_ANONYMOUS
      ? []
      : [
          {
            name: 'BEARER',
            message:
              'is not set: set the accepted token(s), or ALLOW_ANONYMOUS=true to serve without authentication',
          },
        ],
  (settings: RuleInput) =>
    settings.WEB_CONCURRENCY > 1
      ? [
          {
            name: 'WEB_CONCURRENCY',
            message:
              'must be 1: each gRPC client keeps one connection to one process, so run replicas instead',
          },
        ]
      : [],
];
