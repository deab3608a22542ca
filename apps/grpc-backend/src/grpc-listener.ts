import type { ServiceListener } from '@platform/http';
import type { Logger } from '@platform/logging';
import { bindGrpc, hostPort } from './bind-grpc.js';
import type { GrpcService } from './grpc-server.js';
import { shutdownGrpc } from './shutdown-grpc.js';

export interface GrpcListenerOptions {
  grpc: GrpcService;
  host: string;
  port: number;
  logger: Logger;
}

/**
 * The gRPC server as one of runService's listeners: bound before HTTP, reported NOT_SERVING
 * by its health service while draining, closed within the shutdown bound.
 */
export function grpcListener(options: GrpcListenerOptions): ServiceListener {
  const { grpc, host, port, logger } = options;
  return {
    name: 'grpc',
    listen: async () => `grpc://${hostPort(host, await bindGrpc(grpc.server, host, port))}`,
    drain: () => grpc.setServing(false),
    close: async (timeoutMs) => {
      const drained = await shutdownGrpc(grpc.server, timeoutMs);
      if (!drained) logger.warn({ timeoutMs }, 'gRPC calls still open after the bound were cancelled');
    },
  };
}
