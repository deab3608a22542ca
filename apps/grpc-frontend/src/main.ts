import path from 'node:path';
import { ApiClient } from '@platform/api-client';
import { runService } from '@platform/http';
import { createApp } from './app.js';
import { backendTokenFrom, frontendSettingsRules, frontendSettingsShape } from './settings.js';

await runService({
  app: 'grpc-frontend',
  root: path.resolve(import.meta.dirname, '..'),
  shape: frontendSettingsShape,
  rules: frontendSettingsRules,
  // It renders a page for browsers; COMPRESSION=false turns it off behind a compressing proxy.
  compression: true,
  start: ({ settings, logger, readiness }) => {
    const target = `${settings.BACKEND_HOST}:${settings.BACKEND_PORT}`;
    // One channel (one HTTP/2 connection) shared by every page request.
    const { token, warning } = backendTokenFrom(settings);
    if (warning) logger.warn(warning);
    const api = new ApiClient({ target, token, deadlineMs: settings.BACKEND_DEADLINE_MS });
    readiness.register('backend', () => api.ready(1_000));
    return {
      handler: createApp({
        logger,
        readiness,
        api,
        backend: `grpc://${target}`,
        deadlineMs: settings.BACKEND_DEADLINE_MS,
        trustProxy: settings.TRUST_PROXY,
      }),
      close: () => api.close(),
    };
  },
});
