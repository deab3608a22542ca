import type { Socket } from 'node:net';
import { createHttpApp } from '@platform/http';
import { captureLogger } from '@platform/logging/testing';

/**
 * The client address an app built on createHttpApp counts for a request (express' `req.ip`: what
 * its throttle and its logs use) under a TRUST_PROXY setting, when the TCP peer is `peer` and the
 * request carries `X-Forwarded-For: forwardedFor`. Express' own request object answers, on a
 * socket that stands in for the container network this machine does not have.
 */
export function clientAddressSeenByApp(trustProxy: string, peer: string, forwardedFor: string): string {
  const app = createHttpApp({ logger: captureLogger().logger, routes: () => undefined, trustProxy });
  const socket = { remoteAddress: peer } as Socket;
  const request = Object.create(app.request as object, {
    headers: { value: { 'x-forwarded-for': forwardedFor } },
    socket: { value: socket },
    connection: { value: socket },
  }) as { ip?: string };
  return request.ip ?? '';
}
