#!/usr/bin/env node
// The image's HEALTHCHECK (the runtime image has no shell or curl): exits 0 when
// the app in this container answers its liveness check, 1 otherwise.
//   HEALTHCHECK_URL  http://127.0.0.1:$PORT/healthz (default) or
//                    grpc://127.0.0.1:<port> for grpc.health.v1.Health/Check
//   HEALTHCHECK_TIMEOUT_MS  2000
import http2 from 'node:http2';
import { pathToFileURL } from 'node:url';

/** grpc.health.v1.HealthCheckResponse { status: SERVING } as one length-prefixed message. */
const SERVING = Buffer.from([0, 0, 0, 0, 2, 0x08, 0x01]);
/** HealthCheckRequest { service: "" }: an empty message. */
const EMPTY_REQUEST = Buffer.from([0, 0, 0, 0, 0]);

/**
 * @param {string} url
 * @param {number} timeoutMs
 */
async function checkHttp(url, timeoutMs) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return response.ok;
}

/**
 * @param {URL} url
 * @param {number} timeoutMs
 * @returns {Promise<boolean>}
 */
function checkGrpc(url, timeoutMs) {
  return new Promise((resolve) => {
    const session = http2.connect(`http://${url.host}`);
    const done = (/** @type {boolean} */ healthy) => {
      clearTimeout(timer);
      session.destroy();
      resolve(healthy);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    session.on('error', () => done(false));
    const stream = session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    /** @type {Buffer[]} */
    const chunks = [];
    let grpcStatus = '';
    stream.on('data', (chunk) => chunks.push(chunk));
    // A failure may come as trailers-only: grpc-status in the response headers.
    stream.on('response', (headers) => {
      if (headers['grpc-status'] !== undefined) grpcStatus = String(headers['grpc-status']);
    });
    stream.on('trailers', (trailers) => {
      grpcStatus = String(trailers['grpc-status'] ?? '');
    });
    stream.on('error', () => done(false));
    stream.on('end', () => done(grpcStatus === '0' && Buffer.concat(chunks).equals(SERVING)));
    stream.end(EMPTY_REQUEST);
  });
}

/**
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<boolean>}
 */
export async function healthy(env) {
  const target = env['HEALTHCHECK_URL'] || `http://127.0.0.1:${env['PORT'] || '8080'}/healthz`;
  const timeoutMs = Number(env['HEALTHCHECK_TIMEOUT_MS'] || 2_000);
  try {
    const url = new URL(target);
    return url.protocol === 'grpc:' ? await checkGrpc(url, timeoutMs) : await checkHttp(target, timeoutMs);
  } catch {
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await healthy(process.env)) ? 0 : 1;
}
