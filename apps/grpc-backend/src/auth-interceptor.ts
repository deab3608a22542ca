import { ServerInterceptingCall, type Metadata, type ServerInterceptor } from '@grpc/grpc-js';
import { verifyBearer, type TokenVerifier } from '@platform/auth';
import { toGrpcStatus } from './grpc-status.js';

export interface AuthInterceptorOptions {
  /** Checks the bearer token; undefined serves every call (ALLOW_ANONYMOUS). */
  verifier: TokenVerifier | undefined;
  /** Paths served without a token, such as the health service that probes call. */
  isPublic?: (path: string) => boolean;
  /** Where the caller's name of an accepted call is recorded, by its metadata, for the call log line. */
  callers?: WeakMap<Metadata, string>;
}

const healthPaths = (path: string): boolean => path.startsWith('/grpc.health.v1.Health/');

/**
 * Requires `authorization: Bearer <token>` metadata (the same check as the HTTP
 * transport, from @platform/auth); a refusal is UNAUTHENTICATED before the handler runs.
 */
export function authInterceptor(options: AuthInterceptorOptions): ServerInterceptor {
  const { verifier, isPublic = healthPaths, callers } = options;
  return (method, call) => {
    if (!verifier || isPublic(method.path)) return new ServerInterceptingCall(call);
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, proceed) => {
            const values = metadata.get('authorization').filter((value) => typeof value === 'string');
            const verdict = verifyBearer(verifier, values);
            if (verdict.error) {
              call.sendStatus(toGrpcStatus(verdict.error));
              return;
            }
            callers?.set(metadata, verdict.caller);
            proceed(metadata);
          },
        }),
    });
  };
}
