import type { AddressInfo } from 'node:net';
import { ApiClient } from '@platform/api-client';
import { listen, Readiness } from '@platform/http';
import { createApp } from '../../src/app.js';
import { BACKEND_TOKEN } from './backend-process.js';
import { captureLogger } from './capture-logger.js';

export interface Frontend {
  url: string;
  stop: () => Promise<void>;
}

/** The frontend app on a free port, with a real gRPC client of `target`. */
export async function startFrontend(target: string, deadlineMs = 1_000): Promise<Frontend> {
  const api = new ApiClient({ target, token: BACKEND_TOKEN, deadlineMs });
  const readiness = new Readiness().register('backend', () => api.ready(500));
  const app = createApp({
    logger: captureLogger().logger,
    readiness,
    api,
    backend: `grpc://${target}`,
    deadlineMs,
  });
  const listening = await listen({ handler: app, port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(listening.server.address() as AddressInfo).port}`,
    stop: async () => {
      await listening.close(100);
      api.close();
    },
  };
}
