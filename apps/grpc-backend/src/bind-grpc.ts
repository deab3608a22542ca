import { ServerCredentials, type Server } from '@grpc/grpc-js';
import { AppError } from '@platform/errors';

/** The host:port form gRPC binds to; IPv6 literals in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Binds plaintext (TLS ends at the proxy or mesh) and returns the port; a taken port is PORT_IN_USE. */
export async function bindGrpc(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(hostPort(host, port), ServerCredentials.createInsecure(), (error, boundPort) => {
      if (!error) {
        resolve(boundPort);
        return;
      }
      reject(
        /EADDRINUSE|address already in use/i.test(error.message)
          ? new AppError('PORT_IN_USE', `Port ${port} on ${host} is already in use`, { cause: error })
          : new AppError('GRPC_BIND_FAILED', `Cannot listen for gRPC on ${host}:${port}`, { cause: error }),
      );
    });
  });
}
