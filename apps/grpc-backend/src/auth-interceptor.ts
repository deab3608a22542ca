import { ServerInterceptingCall, type ServerInterceptor } from '@grpc/grpc-js';
import { checkBearer, type TokenVerifier } from '@platform/auth';
import { toGrpcStatus } from './grpc-status.js';

export interface AuthInterceptorOptions {
  /** Checks the bearer token; undefined serves every call (ALLOW_ANONYMOUS). */
  verifier: TokenVerifier | undefined;
  /** Paths served without a token, such as the health service that probes call. */
  isPublic?: (path: string) => boolean;
}

const healthPaths = (path: string): boolean => path.startsWith('/grpc.health.v1.Health/');

/**
 * Requires `authorization: Bearer <token>` metadata (the same check as the HTTP
 * transport, from @platform/auth); a refusal is UNAUTHENTICATED before the handler runs.
 */
export function authInterceptor(options: AuthInterceptorOptions): ServerInterceptor {
  const { verifier, isPublic = healthPaths } = options;
  return (method, call) => {
    if (!verifier || isPublic(method.path)) return new ServerInterceptingCall(call);
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, proceed) => {
            const values = metadata.get('authorization').filter((value) => typeof value === 'string');
            const refusal = checkBearer(verifier, values);
            if (refusal) call.sendStatus(toGrpcStatus(refusal));
            else proceed(metadata);
          },
        }),
    });
  };
}
