import { Server, type Metadata, type ServerOptions } from '@grpc/grpc-js';
import type { Context } from '@opentelemetry/api';
import { ReflectionService } from '@grpc/reflection';
import { loadSync } from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { apiPackageDefinition, apiServiceDefinition, apiServiceName } from '@platform/api-proto';
import type { TokenVerifier } from '@platform/auth';
import type { Logger } from '@platform/logging';
import { createApiHandlers } from './api-handlers.js';
import { authInterceptor } from './auth-interceptor.js';
import type { ItemSource } from './items.js';
import { loggingInterceptor } from './logging-interceptor.js';
import { observeInterceptor } from './observe-interceptor.js';
import type { RequestLimits } from './request-limits.js';

export interface GrpcServerOptions {
  logger: Logger;
  limits: RequestLimits;
  /** Checks bearer tokens; undefined serves without (ALLOW_ANONYMOUS). */
  verifier: TokenVerifier | undefined;
  items?: ItemSource;
  /** Bounds on each connection and message. */
  maxConcurrentStreams?: number;
  maxReceiveMessageBytes?: number;
  keepaliveTimeMs?: number;
  keepaliveTimeoutMs?: number;
}

export interface GrpcService {
  server: Server;
  /** grpc.health.v1 statuses: '' (the whole server) and api.Api. */
  setServing: (serving: boolean) => void;
}

/**
 * The Api service with the standard health service and server reflection, behind
 * the logging and bearer interceptors. Not bound: main.ts (or a test) binds it.
 */
export function createGrpcServer(options: GrpcServerOptions): GrpcService {
  const {
    logger,
    limits,
    verifier,
    items,
    maxConcurrentStreams = 1_000,
    maxReceiveMessageBytes = 64 * 1024,
    keepaliveTimeMs = 60_000,
    keepaliveTimeoutMs = 20_000,
  } = options;
  // The auth interceptor names each accepted call's caller; the logging one writes it on the call's line.
  const callers = new WeakMap<Metadata, string>();
  // The observe interceptor records each call's span; the handlers and the call log line run in it.
  const spans = new WeakMap<Metadata, Context>();
  const serverOptions: ServerOptions = {
    // Observe and logging first: they then see the status of calls the auth interceptor refuses.
    interceptors: [
      observeInterceptor({ spans }),
      loggingInterceptor({ logger, callers, spans }),
      authInterceptor({ verifier, callers }),
    ],
    'grpc.max_concurrent_streams': maxConcurrentStreams,
    'grpc.max_receive_message_length': maxReceiveMessageBytes,
    'grpc.keepalive_time_ms': keepaliveTimeMs,
    'grpc.keepalive_timeout_ms': keepaliveTimeoutMs,
  };
  const server = new Server(serverOptions);
  server.addService(apiServiceDefinition, createApiHandlers({ limits, spans, ...(items ? { items } : {}) }));

  const health = new HealthImplementation({ '': 'SERVING', [apiServiceName]: 'SERVING' });
  health.addToServer(server);

  const healthPackage = loadSync(healthProtoPath, { keepCase: true });
  new ReflectionService({ ...apiPackageDefinition, ...healthPackage }).addToServer(server);

  return {
    server,
    setServing: (serving) => {
      const state = serving ? 'SERVING' : 'NOT_SERVING';
      health.setStatus('', state);
      health.setStatus(apiServiceName, state);
    },
  };
}
