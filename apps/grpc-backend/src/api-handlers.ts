import type { ApiHandlers, ApiRequestOutput, HelloRequestOutput, Item } from '@platform/api-proto';
import { generatedItems, type ItemSource } from './items.js';
import { checkLength, checkName, type RequestLimits } from './request-limits.js';
import { streamHandler } from './stream-handler.js';
import { unaryHandler } from './unary-handler.js';

export interface ApiHandlersOptions {
  limits: RequestLimits;
  items?: ItemSource;
}

/** The Api service as the original: sayHello, getAll and getStream, with bounded inputs. */
export function createApiHandlers(options: ApiHandlersOptions): ApiHandlers {
  const { limits, items = generatedItems } = options;
  return {
    sayHello: unaryHandler((request: HelloRequestOutput) => ({
      message: `Hello ${checkName(request.name, limits)}!`,
    })),
    getAll: unaryHandler((request: ApiRequestOutput) => {
      const all = items.all(checkLength(request.length, limits));
      return Array.isArray(all) ? { items: all } : all.then((list) => ({ items: list }));
    }),
    getStream: streamHandler<ApiRequestOutput, Item>((request) =>
      items.stream(checkLength(request.length, limits)),
    ),
  };
}
