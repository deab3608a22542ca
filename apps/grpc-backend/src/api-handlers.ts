import type { Metadata } from '@grpc/grpc-js';
import type { Context } from '@opentelemetry/api';
import type { ApiHandlers, ApiRequestOutput, HelloRequestOutput, Item } from '@platform/api-proto';
import { inCallSpan } from './in-call-span.js';
import { generatedItems, type ItemSource } from './items.js';
import { checkLength, checkName, type RequestLimits } from './request-limits.js';
import { streamHandler } from './stream-handler.js';
import { unaryHandler } from './unary-handler.js';

export interface ApiHandlersOptions {
  limits: RequestLimits;
  items?: ItemSource;
  /** Each call's trace context by its metadata (see observeInterceptor); the handlers run in it. */
  spans?: WeakMap<Metadata, Context>;
}

/** The Api service as the original: sayHello, getAll and getStream, with bounded inputs. */
export function createApiHandlers(options: ApiHandlersOptions): ApiHandlers {
  const { limits, items = generatedItems, spans } = options;
  return {
    sayHello: inCallSpan(
      spans,
      unaryHandler((request: HelloRequestOutput) => ({
        message: `Hello ${checkName(request.name, limits)}!`,
      })),
    ),
    getAll: inCallSpan(
      spans,
      unaryHandler((request: ApiRequestOutput) => {
        const all = items.all(checkLength(request.length, limits));
        return Array.isArray(all) ? { items: all } : all.then((list) => ({ items: list }));
      }),
    ),
    getStream: inCallSpan(
      spans,
      streamHandler<ApiRequestOutput, Item>((request) => items.stream(checkLength(request.length, limits))),
    ),
  };
}
