import { ApiClient } from '@platform/api-client';
import { Readiness } from '@platform/http';
import { startServer } from '@platform/http/testing';
import { captureLogger } from '@platform/logging/testing';
import { createApp } from '../../src/app.js';
import { BACKEND_TOKEN } from './backend-process.js';

export interface Frontend {
  url: string;
  stop: () => Promise<void>;
}

/** The frontend app on a free port, with a real gRPC client of `target`. */
export async function startFrontend(target: string, deadlineMs = 1_000): Promise<Frontend> {
  const api = new ApiClient({ target, token: BACKEND_TOKEN, deadlineMs });
  const readiness = new Readiness().register('backend', () => api.ready(500));
  const app = createApp({
    logger: captureLogger({ app: 'grpc-frontend' }).logger,
    readiness,
    api,
    backend: `grpc://${target}`,
    deadlineMs,
  });
  const server = await startServer(app);
  return {
    url: server.url,
    stop: async () => {
      await server.close();
      api.close();
    },
  };
}
