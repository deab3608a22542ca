import { TokenVerifier, type NamedToken } from '@platform/auth';
import { captureLogger, type CapturedLogger } from '@platform/logging/testing';
import { ApiClient, type ApiClientOptions } from '@platform/api-client';
import { bindGrpc } from '../../src/bind-grpc.js';
import { createGrpcServer, type GrpcService } from '../../src/grpc-server.js';
import type { ItemSource } from '../../src/items.js';

export const TOKEN = 'test-token-0123456789';

export interface StartedGrpc extends GrpcService, CapturedLogger {
  target: string;
  port: number;
  /** A client of this server (closed by stop); the token is TOKEN unless given. */
  client: (options?: Partial<ApiClientOptions>) => ApiClient;
  stop: () => void;
}

/** The real gRPC server on a free port, with the test's limits and item source. */
export async function startGrpc(
  options: { maxLength?: number; items?: ItemSource; tokens?: (string | NamedToken)[] | undefined } = {},
): Promise<StartedGrpc> {
  const { maxLength = 1_000, items } = options;
  const tokens = 'tokens' in options ? options.tokens : [TOKEN];
  const captured = captureLogger({ app: 'grpc-backend' });
  const service = createGrpcServer({
    logger: captured.logger,
    limits: { maxLength, maxNameLength: 64 },
    verifier: tokens ? new TokenVerifier(tokens) : undefined,
    ...(items ? { items } : {}),
  });
  const port = await bindGrpc(service.server, '127.0.0.1', 0);
  const target = `127.0.0.1:${port}`;
  const clients: ApiClient[] = [];
  return {
    ...service,
    ...captured,
    target,
    port,
    client: (clientOptions = {}) => {
      const client = new ApiClient({ target, token: TOKEN, deadlineMs: 5_000, ...clientOptions });
      clients.push(client);
      return client;
    },
    stop: () => {
      for (const client of clients) client.close();
      service.server.forceShutdown();
    },
  };
}
