import type { Server } from '@grpc/grpc-js';

/**
 * Stops taking calls and lets in-flight ones finish (tryShutdown); past `timeoutMs`
 * cancels what is left (forceShutdown). Resolves true when it drained in time.
 */
export function shutdownGrpc(server: Server, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve(false);
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve(true);
    });
  });
}
