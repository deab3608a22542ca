import path from 'node:path';
import { TokenVerifier } from '@platform/auth';
import { runService } from '@platform/http';
import { createApp } from './app.js';
import { grpcListener } from './grpc-listener.js';
import { createGrpcServer } from './grpc-server.js';
import { backendSettingsRules, backendSettingsShape } from './settings.js';

// gRPC on BACKEND_PORT, bound first; HTTP on PORT, whose "listening on http://" line the
// launcher (scripts/start-platform.mjs) takes as ready.
await runService({
  app: 'grpc-backend',
  root: path.resolve(import.meta.dirname, '..'),
  shape: backendSettingsShape,
  rules: backendSettingsRules,
  start: ({ settings, logger, readiness }) => {
    const tokens = settings.BEARER?.length ? settings.BEARER : undefined;
    if (!tokens) {
      logger.warn('ALLOW_ANONYMOUS=true and no BEARER: every call is served without authentication');
    }
    const limits = { maxLength: settings.MAX_LENGTH, maxNameLength: 256 };
    const grpc = createGrpcServer({
      logger,
      limits,
      verifier: tokens ? new TokenVerifier(tokens) : undefined,
    });
    return {
      handler: createApp({ logger, readiness, limits, tokens, trustProxy: settings.TRUST_PROXY }),
      listeners: [grpcListener({ grpc, host: settings.HOST, port: settings.BACKEND_PORT, logger })],
    };
  },
});
