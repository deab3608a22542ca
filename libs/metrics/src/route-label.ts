import type { IncomingMessage } from 'node:http';
import { UNMATCHED_ROUTE } from './http-metrics.js';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * The route label of an express request: the matched route's pattern with its router's mount
 * path (`/users/:id`), or UNMATCHED_ROUTE when no route matched. Never the URL: that would
 * make a series per user id.
 */
export function routeLabel(req: IncomingMessage): string {
  const route = (req as RoutedRequest).route;
  if (route === undefined) return UNMATCHED_ROUTE;
  const path = route.path;
  const pattern = typeof path === 'string' ? path : String(path);
  const base = (req as RoutedRequest).baseUrl;
  return base ? `${base}${pattern}` : pattern;
}
